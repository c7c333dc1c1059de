"""What the personal-data check of publications needs from the database: what is known about
the person a text may be about, and the numbers offices publish on purpose."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from sqlmodel import Session, select

from convenience_center.domain.personal_data import KnownPerson
from convenience_center.domain.services import registry
from convenience_center.models import ApplicationDraft, Case, User

MAX_ANSWER_SETS = 50


def known_person(db: Session, *, user_id: int) -> KnownPerson:
    """The citizen's name, and every address they gave in their applications and drafts."""
    user = db.get(User, user_id)
    if user is None:
        return KnownPerson()
    answer_sets = [*db.exec(select(Case.answers).where(Case.applicant_id == user_id)
                            .limit(MAX_ANSWER_SETS)).all(),
                   *db.exec(select(ApplicationDraft.answers)
                            .where(ApplicationDraft.user_id == user_id)
                            .limit(MAX_ANSWER_SETS)).all()]
    addresses = {value.strip() for answers in answer_sets if isinstance(answers, dict)
                 for key, value in answers.items()
                 if key.endswith("address") and isinstance(value, str) and value.strip()}
    return KnownPerson(names=(user.real_name,), addresses=tuple(sorted(addresses)))


@lru_cache(maxsize=1)
def public_numbers() -> frozenset[str]:
    """The consultation numbers the service guides publish (E.164), which may be published."""
    numbers = set()
    for service in registry().values():
        try:
            number = phonenumbers.parse(service.consultation_phone, "CN")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            numbers.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return frozenset(numbers)
