"""Case numbers as people type them."""

from __future__ import annotations

import pytest

from convenience_center.domain.cases import normalise_case_no

CASE_NO = "410105-20261126-0007"


@pytest.mark.parametrize("typed", [
    CASE_NO,
    "410105202611260007",                # no dashes
    "410105 20261126 0007",              # spaces
    "410105 202611260007",               # grouped by the region only
    "41010520261126-0007",               # one dash
    "４１０１０５－２０２６１１２６－０００７",  # full-width
    "410105—20261126—0007",              # dashes of another kind
    " 410105-20261126-7 ",               # the sequence without its zeros
])
def test_a_case_number_is_read_however_it_is_typed(typed: str):
    assert normalise_case_no(typed) == CASE_NO


@pytest.mark.parametrize(("typed", "kept"), [
    ("410105-20261126-12345", "410105-20261126-12345"),  # a long sequence stays as it is
    ("4101052026112612345", "410105-20261126-12345"),
    ("410105 2026", "410105-2026"),  # a part of a number, for searches
    ("刘", "刘"),
    ("", ""),
])
def test_other_input_is_only_tidied(typed: str, kept: str):
    assert normalise_case_no(typed) == kept
