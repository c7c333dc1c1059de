"""Free text without invisible format characters (issue 12, item 46)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convenience_center.domain.text import without_invisible
from convenience_center.services.private_files import display_name


@pytest.mark.parametrize(("raw", "shown"), [
    ("invoice\u202egpj.pdf", "invoicegpj.pdf"),          # right-to-left override
    ("\u2067发票\u2069.pdf", "发票.pdf"),                  # isolates
    ("41010\u200b5199\u200c0\u200d\u2060\ufeff0512", "4101051990" + "0512"),  # zero-width
    ("\u200e\u200f\u061c\u202a\u202b\u202c\u202d", ""),  # marks and embeddings
    ("河南省郑州市，金水区。", "河南省郑州市，金水区。"),  # ordinary text is kept as typed
])
def test_invisible_format_characters_are_removed(raw: str, shown: str):
    assert without_invisible(raw) == shown


def test_upload_names_lose_them_too():
    assert display_name("C:\\fakepath\\invoice\u202egpj.pdf") == "invoicegpj.pdf"


@given(st.text())
def test_nothing_of_category_cf_survives(raw: str):
    import unicodedata

    assert not any(unicodedata.category(ch) == "Cf" for ch in without_invisible(raw))
