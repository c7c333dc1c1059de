"""The navigation a save has already shown is answered "loaded" alone (page_loads): only when
it is the tab's next event, to the address announced, within the time allowed."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest

from convenience_center.state import page_loads


def _entry(token: str, name: str, address: str) -> Any:
    ctx = SimpleNamespace(token=token, router_data={"pathname": address.split("?")[0],
                                                    "asPath": address})
    return SimpleNamespace(ctx=ctx, event=SimpleNamespace(name=name))


NAVIGATION = page_loads._ON_LOAD_INTERNAL


@pytest.fixture(autouse=True)
def _nothing_expected():
    page_loads._expected.clear()
    yield
    page_loads._expected.clear()


def test_the_announced_navigation_is_answered_once():
    page_loads.expect_navigation("tab-1", "/applications/D1/spouse")
    assert page_loads._already_shown(_entry("tab-1", NAVIGATION, "/applications/D1/spouse/"))
    # the second time it is a navigation like any other (e.g. the back button)
    assert not page_loads._already_shown(_entry("tab-1", NAVIGATION, "/applications/D1/spouse"))


def test_another_address_another_tab_or_another_event_first_cancel_it():
    page_loads.expect_navigation("tab-1", "/applications/D1/spouse")
    assert not page_loads._already_shown(_entry("tab-2", NAVIGATION, "/applications/D1/spouse"))
    assert not page_loads._already_shown(
        _entry("tab-1", NAVIGATION, "/applications/D1/spouse?return=check"))
    page_loads.expect_navigation("tab-1", "/applications/D1/spouse")
    assert not page_loads._already_shown(_entry("tab-1", "some_state.save", "/x"))
    assert not page_loads._already_shown(_entry("tab-1", NAVIGATION, "/applications/D1/spouse"))


def test_an_expectation_runs_out():
    page_loads.expect_navigation("tab-1", "/applications/D1/spouse")
    later = time.monotonic() + page_loads.EXPECT_SECONDS + 1
    assert not page_loads._already_shown(_entry("tab-1", NAVIGATION, "/applications/D1/spouse"),
                                         now=later)
