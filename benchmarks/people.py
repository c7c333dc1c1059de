"""The people of a benchmark: citizens created through the services, signed in the way a
browser is (a handoff code exchanged at ``/auth/establish`` for the session cookie), each with
a draft of the one-child birth certificate and the answers of its sample."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from sqlmodel import Session
from stdnum.cn import ric

from convenience_center.db import make_engine
from convenience_center.domain.services import get_service
from convenience_center.domain.services.base import FieldKind, Matter, Step
from convenience_center.domain.wizard import visible_fields
from convenience_center.services import applications, drafts, registration, sessions

SERVICE, MATTER = "one-child-resident", "apply"
PASSWORD = "benchmark 黄河之水天上来 2026"
WIZARD_ROUTE = "/applications/[draft_id]/[step_id]"


def matter() -> Matter:
    definition = get_service(SERVICE)
    assert definition is not None
    return definition.matter(MATTER)


def sample_answers() -> dict[str, Any]:
    samples = matter().samples
    assert samples is not None
    return dict(samples.valid)


def question_steps() -> list[Step]:
    """The steps whose forms the benchmark submits (all apply to the sample answers)."""
    answers = sample_answers()
    return [s for s in matter().steps if s.show_if is None or s.show_if.holds(answers)]


def form_of(step: Step, answers: dict[str, Any]) -> dict[str, Any]:
    """The form a browser submits for ``step`` with ``answers`` (as Reflex encodes it)."""
    pairs: list[list[str]] = []
    for field in visible_fields(step, answers):
        if field.prefill is not None:
            continue
        value = answers.get(field.name, "")
        if field.kind == FieldKind.CHECKBOXES:
            pairs.extend([field.name, v] for v in value or [])
        elif field.kind in (FieldKind.RADIO, FieldKind.YES_NO, FieldKind.DECLARATION):
            if value:
                pairs.append([field.name, str(value)])
        else:
            pairs.append([field.name, str(value or "")])
    return {"__reflex_form_data__": pairs}


class IdNumbers:
    """Unique valid resident ID numbers like the sample applicant's (a woman born in 1992 in
    Jinshui District), so that the sample's cross-checks hold for every citizen."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._used: set[str] = set()

    def next(self) -> str:
        while True:
            birth = date(1992, 1, 1) + timedelta(days=self._rng.randrange(360))
            sequence = self._rng.randrange(0, 999, 2)  # even: a woman
            body = f"410105{birth:%Y%m%d}{sequence:03d}"
            number = body + ric.calc_check_digit(body + "0")  # the last digit is ignored
            if number not in self._used:
                self._used.add(number)
                return number


@dataclass
class Citizen:
    user_id: int
    username: str
    cookie: str
    draft: str


@contextmanager
def database(url: str) -> Iterator[Session]:
    engine = make_engine(url, immediate=url.startswith("sqlite"))
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def create_citizens(db_url: str, base_url: str, count: int, *, ids: IdNumbers,
                    prefix: str) -> list[Citizen]:
    """``count`` citizens, registered, signed in and each with a new draft."""
    citizens = []
    with database(db_url) as db, httpx.Client(base_url=base_url, timeout=30) as http:
        for index in range(count):
            username = f"{prefix}{index:04d}"
            user = registration.register_user(db, data=registration.Registration(
                real_name="李娜", username=username, email=f"{username}@example.cn",
                id_number=ids.next(), phone=f"139{random.randrange(10**8):08d}",
                password=PASSWORD, password_confirm=PASSWORD, agree_terms=True,
                agree_privacy=True))
            assert user.id is not None
            draft = drafts.start_draft(db, user_id=user.id, service_code=SERVICE,
                                             matter_code=MATTER)
            citizens.append(Citizen(user.id, username, sign_in(db, http, user.id), draft))
    return citizens


def sign_in(db: Session, http: httpx.Client, user_id: int) -> str:
    """The session cookie a browser gets for this user, through ``/auth/establish`` (with the
    binding cookie of the browser the code was made for, as a browser has it)."""
    browser = secrets.token_urlsafe(32)
    code = sessions.start_handoff(db, user_id=user_id, next_path="/account", ip="127.0.0.1",
                                  browser_nonce=browser)
    response = http.get(f"/auth/establish?code={code}", follow_redirects=False,
                        headers={"Cookie": f"cc_browser={browser}"})
    token = response.cookies.get("cc_session")
    if response.status_code != 303 or not token:
        raise RuntimeError(f"sign-in through /auth/establish failed: {response.status_code}")
    return f"cc_session={token}"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TOWNSHIP = "410105001"  # a demo township of Jinshui District (the sample's county)


def complete_draft(db: Session, citizen: Citizen, public_id: str | None = None) -> str:
    """Answer every step of a draft with the sample, choose the township, upload the
    documents: ready to submit. Returns the draft's id."""
    from convenience_center.domain.wizard import required_uploads
    from convenience_center.services import attachments, wizard_pages

    public_id = public_id or drafts.start_draft(
        db, user_id=citizen.user_id, service_code=SERVICE, matter_code=MATTER)
    answers = sample_answers()
    form = {k: (list(v) if isinstance(v, list) else [str(v)]) for k, v in answers.items()}
    for step in question_steps():
        outcome = wizard_pages.save_and_continue(db, user_id=citizen.user_id,
                                                 public_id=public_id, step=step.name,
                                                 submitted=form, returning=False)
        if isinstance(outcome, wizard_pages.StepRefused):
            raise RuntimeError(f"the sample fails at {step.name}: {outcome.errors}")
    drafts.save_office(db, user_id=citizen.user_id, public_id=public_id,
                             office_code=TOWNSHIP)  # Refused if the sample's office is not
    for material in required_uploads(matter(), answers):
        attachments.add_attachment(db, user_id=citizen.user_id, public_id=public_id,
                                   material_code=material.code,
                                   filename=f"{material.code}.pdf", data=PDF)
    return public_id


def submitted_case(db: Session, citizen: Citizen) -> str:
    """A new case of ``citizen`` at the township; its number."""
    public_id = complete_draft(db, citizen)
    return applications.submit(db, user_id=citizen.user_id, public_id=public_id).case_no


def create_officer(db: Session, http: httpx.Client, *, office: str = TOWNSHIP,
                   role: str = "township", prefix: str = "o") -> Citizen:
    """An officer of ``office``, signed in (``draft`` is empty)."""
    from convenience_center.services.admin_users import create_staff

    username = f"{prefix}{random.randrange(10**8):08d}"
    user = create_staff(db, username=username, real_name="王敏", email=f"{username}@example.cn",
                        role=role, office_code=office, password=PASSWORD)
    assert user.id is not None
    return Citizen(user.id, username, sign_in(db, http, user.id), "")
