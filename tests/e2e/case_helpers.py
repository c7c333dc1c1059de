"""Cases made through the services on the running app's database, for browser tests of what
staff see (the wizard itself is driven in the browser by the applying tests)."""

from __future__ import annotations

from sqlmodel import select

from convenience_center.domain.services import get_matter
from convenience_center.domain.wizard import required_uploads
from convenience_center.models import Case, User
from convenience_center.services import applications, attachments, drafts, workflow
from convenience_center.services.common import CurrentUser
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen
from tests.e2e.wizard_helpers import person_like
from tests.factories import Person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SERVICE, MATTER = "one-child-resident", "apply"


def user_of(app: RunningApp, person: Person) -> CurrentUser:
    """The account of ``person`` as the services see a caller."""
    with app.db() as db:
        user = db.exec(select(User).where(User.username == person.username)).one()
    assert user.id is not None
    return CurrentUser(id=user.id, username=user.username, real_name=user.real_name,
                       role=user.role, office_code=user.office_code, lang=user.lang,
                       session_id=0)


def submitted_case(app: RunningApp, name: str, office: str,
                   person: Person | None = None) -> str:
    """A new citizen called ``name`` (or ``person``) applies for the one-child certificate at
    ``office`` (a township); the case number."""
    _, matter = get_matter(SERVICE, MATTER)
    answers = dict(matter.samples.valid)
    person = person or create_citizen(app, person_like(answers["applicant_id_number"], name))
    citizen = user_of(app, person)
    with app.db() as db:
        draft = drafts.start_draft(db, user_id=citizen.id, service_code=SERVICE,
                                         matter_code=MATTER)
        for step in matter.steps:
            result = drafts.save_step(db, user_id=citizen.id, public_id=draft,
                                            step_name=step.name,
                                            submitted={f.name: answers.get(f.name, "")
                                                       for f in step.fields})
            assert result.errors == {}, (step.name, result.errors)
        assert drafts.save_office(db, user_id=citizen.id, public_id=draft,
                                        office_code=office) is None
        for material in required_uploads(matter, answers):
            attachments.add_attachment(db, user_id=citizen.id, public_id=draft,
                                       material_code=material.code,
                                       filename=f"{material.code}.pdf", data=PDF)
        return applications.submit(db, user_id=citizen.id, public_id=draft).case_no


def act(app: RunningApp, officer: CurrentUser, case_no: str, action: str,
        reason: str = "") -> None:
    """An officer takes a workflow action on a case."""
    with app.db() as db:
        version = db.exec(select(Case.version).where(Case.case_no == case_no)).one()
        workflow.take_action(db, user=officer, case_no=case_no, action_name=action,
                             version=version, reason=reason)
