"""Valid, unique test data: people with real-looking ID numbers, phones and e-mails."""

from __future__ import annotations

import itertools
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.cn import ric

_counter = itertools.count(1)
_random = random.Random()


_issued: set[str] = set()  # numbers handed out by this test process: never twice


def id_number(region: str = "410105", birth: date | None = None, male: bool | None = None) -> str:
    """A valid resident ID number (random birth date and sequence unless given), new to this
    test process even when region, birth date and sex are fixed (500 numbers each)."""
    for _ in range(10_000):
        day = birth or date(1970, 1, 1) + timedelta(days=_random.randrange(0, 365 * 35))
        sequence = _random.randrange(0, 500) * 2 + (1 if male else 0 if male is not None
                                                    else _random.randrange(2))
        first17 = f"{region}{day:%Y%m%d}{sequence:03d}"
        number = first17 + ric.calc_check_digit(first17 + "0")
        if number not in _issued:
            _issued.add(number)
            return number
    raise RuntimeError(f"no unused ID number left for {region} {birth}")


def reserve_id_number(number: str) -> None:
    """Keep ``id_number`` from handing out a number a test uses as it is (a sample's)."""
    _issued.add(number)


def mobile() -> str:
    return f"139{_random.randrange(0, 10**8):08d}"


@dataclass
class Person:
    """Everything a registration form asks for."""

    real_name: str = "张三"
    username: str = field(default_factory=lambda: f"user{next(_counter)}{uuid.uuid4().hex[:6]}")
    email: str = ""
    id_number: str = field(default_factory=id_number)
    phone: str = field(default_factory=mobile)
    password: str = "黄河之水天上来 2026"

    def __post_init__(self) -> None:
        if not self.email:
            self.email = f"{self.username}@example.cn"
