"""Roles and office levels."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What an account may do. Staff roles match the level of their office."""

    CITIZEN = "citizen"
    ADMIN = "admin"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"

    @property
    def is_staff(self) -> bool:
        """Province, city, county and township officers (administrators are not case staff)."""
        return self in STAFF_ROLES


class OfficeLevel(StrEnum):
    """The four levels of the population and family planning departments."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


STAFF_ROLES = frozenset({Role.PROVINCE, Role.CITY, Role.COUNTY, Role.TOWNSHIP})
STAFF_ASSIGNABLE_ROLES = (Role.ADMIN, Role.PROVINCE, Role.CITY, Role.COUNTY, Role.TOWNSHIP)

IDLE_MINUTES = {"citizen": 30, "staff": 15}
ABSOLUTE_HOURS = 12


def idle_minutes_for(role: str) -> int:
    """Idle timeout of a session: 30 minutes for citizens, 15 for staff and administrators."""
    return IDLE_MINUTES["citizen"] if role == Role.CITIZEN else IDLE_MINUTES["staff"]
