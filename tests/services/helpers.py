"""Shortcuts for service tests."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from convenience_center.models import AuditEntry, OutboundMail, User
from convenience_center.services import (
    applications,
    case_views,
    registration,
    staff_cases,
)
from convenience_center.services.common import CurrentUser
from convenience_center.services.offices import seed_offices
from convenience_center.state.application_rows import draft_view, my_applications_view
from convenience_center.state.case_view import citizen_case_view, staff_case_view
from convenience_center.state.staff_rows import dashboard_view
from tests.factories import Person


def register(db: Session, person: Person | None = None, **overrides) -> tuple[User, Person]:
    person = person or Person(**overrides)
    user = registration.register_user(db, data=registration.Registration(
        real_name=person.real_name, username=person.username, email=person.email,
        id_number=person.id_number, phone=person.phone, password=person.password,
        password_confirm=person.password, agree_terms=True, agree_privacy=True,
    ), ip="10.0.0.1")
    return user, person


def current(user: User, session_id: int = 0) -> CurrentUser:
    assert user.id is not None
    return CurrentUser(id=user.id, username=user.username, real_name=user.real_name,
                       role=user.role, office_code=user.office_code, lang=user.lang,
                       session_id=session_id)


def make_admin(db: Session) -> User:
    from convenience_center.services.admin_users import create_staff

    seed_offices(db)
    person = Person()
    return create_staff(db, username=person.username, real_name="管理员", email=person.email,
                        role="admin", office_code="410000", password=person.password)


def actions(db: Session) -> list[str]:
    return list(db.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all())


def mails_to(db: Session, address: str) -> list[OutboundMail]:
    return list(db.exec(select(OutboundMail).where(OutboundMail.to_address == address)
                        .order_by(OutboundMail.id)).all())


def citizen_case_page(db: Session, **kwargs: Any) -> dict[str, Any]:
    """The applicant's case page as its state shows it (the service's case, presented)."""
    return citizen_case_view(case_views.case_page(db, **kwargs))


def staff_case_page(db: Session, **kwargs: Any) -> dict[str, Any]:
    """An officer's case page as its state shows it (the service's case, presented)."""
    return staff_case_view(staff_cases.case_for_staff(db, **kwargs))


def my_applications_page(db: Session, **kwargs: Any) -> dict[str, list[dict[str, Any]]]:
    """"My applications" as its state shows it (the service's rows, presented)."""
    return my_applications_view(*applications.my_applications(db, **kwargs))


def drafts_of_matter_page(db: Session, **kwargs: Any) -> list[dict[str, str]]:
    """The drafts a matter's start page offers to continue, as its state shows them."""
    return [draft_view(d) for d in case_views.drafts_for(db, **kwargs)]


def dashboard_page(db: Session, **kwargs: Any) -> dict[str, Any]:
    """The staff dashboard as its state shows it (the service's dashboard, presented)."""
    return dashboard_view(staff_cases.dashboard(db, **kwargs))
