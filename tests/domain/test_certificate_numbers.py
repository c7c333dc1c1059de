"""Numbers of the certificates this platform issues."""

from __future__ import annotations

import pytest

from convenience_center.domain.cases import (
    format_certificate_no,
    issued_online,
    normalise_certificate_no,
)


def test_a_certificate_number_names_service_office_year_and_sequence():
    assert format_certificate_no("YHS", "410105", 2026, 123) == "YHS-410105-2026-000123"
    for bad in (("yh", "410105", 2026, 1), ("YHS", "4101", 2026, 1), ("YHS", "410105", 2026, 0)):
        with pytest.raises(ValueError):
            format_certificate_no(*bad)


@pytest.mark.parametrize("typed", [
    "YHS-410105-2026-000123", " yhs-410105-2026-000123 ", "YHS - 410105 - 2026 - 000123",
    "ＹＨＳ－４１０１０５－２０２６－０００１２３", "YHS_410105_2026_000123",
])
def test_numbers_are_read_as_people_type_them(typed: str):
    assert normalise_certificate_no(typed) == "YHS-410105-2026-000123"
    assert issued_online(typed)


@pytest.mark.parametrize("other", ["豫一孩2024-000321", "豫计服执字（2024）第 0102 号", "",
                                   "YHS-410105-2026-123", "YHS410105-2026-000123"])
def test_paper_and_malformed_numbers_are_not_this_platforms(other: str):
    assert not issued_online(other)
