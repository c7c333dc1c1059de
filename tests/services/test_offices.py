"""The office hierarchy and staff accounts."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from convenience_center.domain.errors import ValidationFailed
from convenience_center.services import offices
from convenience_center.services.admin_users import create_staff
from convenience_center.services.audit import Actor
from tests.factories import Person


def test_seeding_is_idempotent_and_builds_the_chain(db: Session):
    added = offices.seed_offices(db)
    assert added > 180
    assert offices.seed_offices(db) == 0
    chain = offices.office_chain(db, "410105001")
    assert [o.level for o in chain] == ["province", "city", "county", "township"]
    assert [o.code for o in chain] == ["410000", "410100", "410105", "410105001"]
    assert len(offices.list_offices(db, level="city")) == 18


def test_townships_are_added_under_a_county(db: Session):
    offices.seed_offices(db)
    actor = Actor(username="cc-admin")
    offices.add_township(db, code="410102001", name_zh="林山寨街道", name_en="Linshanzhai",
                         county_code="410102", actor=actor)
    assert [o.code for o in offices.list_offices(db, parent_code="410102")] == ["410102001"]
    with pytest.raises(ValidationFailed) as info:
        offices.add_township(db, code="410103001", name_zh="x", name_en="", county_code="410102",
                             actor=actor)
    assert info.value.as_dict() == {"code": "office.township_code"}


def test_staff_role_must_match_the_office_level(db: Session):
    offices.seed_offices(db)
    person = Person()
    with pytest.raises(ValidationFailed) as info:
        create_staff(db, username=person.username, real_name="赵六", email=person.email,
                     role="city", office_code="410105", password=person.password)
    assert info.value.as_dict() == {"office": "staff.office_level_mismatch"}
    user = create_staff(db, username=person.username, real_name="赵六", email=person.email,
                        role="county", office_code="410105", password=person.password)
    assert user.role == "county" and user.id_number_enc is None


def test_office_lists_see_a_change_made_in_this_process_at_once(db: Session):
    """Office lists are read from memory (services/offices.py); a write forgets them."""
    from convenience_center.models import Office

    offices.seed_offices(db)
    assert offices.list_offices(db, parent_code="410102") == []  # now in memory
    offices.add_township(db, code="410102002", name_zh="某街道", name_en="Mou",
                         county_code="410102", actor=Actor(username="cc-admin"))
    assert [o.code for o in offices.list_offices(db, parent_code="410102")] == ["410102002"]
    office = db.get(Office, "410102002")
    assert office is not None
    office.active = False  # written straight through the session, not through the service
    db.add(office)
    db.commit()
    assert offices.list_offices(db, parent_code="410102") == []
    # the chain of an inactive office still names it (cases there still get live updates)
    assert [o.code for o in offices.office_chain(db, "410102002")][-1] == "410102002"
