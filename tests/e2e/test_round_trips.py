"""What a click costs the server: one event for "Save and continue" and one for the navigation
it causes (the next step is in the page before the address changes), and that navigation is
answered with "loaded" alone, the state not loaded again. The speed issue's benchmark measures
the time; this keeps the shape from sliding back."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from convenience_center.domain.services import get_matter
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import (
    create_citizen,
    event_names,
    goto,
    record_frames,
    signed_in,
    wait_ready,
)
from tests.e2e.wizard_helpers import continue_to, fill_step, person_like


def _deltas(frames: list[str]) -> list[dict]:
    deltas = []
    for frame in frames:
        if frame.startswith("42/"):
            _namespace, _comma, body = frame[3:].partition(",")
            message = json.loads(body)
            if isinstance(message, list) and len(message) > 1 and isinstance(message[1], dict) \
                    and "delta" in message[1]:
                deltas.append(message[1]["delta"])
    return deltas


def test_save_and_continue_is_one_event_and_the_navigation_one_more(page: Page,
                                                                     app: RunningApp):
    _service, matter = get_matter("one-child-resident", "apply")
    answers = dict(matter.samples.valid)
    person = create_citizen(app, person_like(answers["applicant_id_number"], "李娜"))
    sent: list[str] = []
    received: list[str] = []
    record_frames(page, sent, received)
    signed_in(page, app, person)
    goto(page, app, "/apply/one-child-resident/apply")
    page.get_by_role("button", name=re.compile("开始")).first.click()
    first, second = matter.steps[0], matter.steps[1]
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title.zh)
    wait_ready(page)
    fill_step(page, matter, first.name, answers)
    page.wait_for_timeout(500)  # (Playwright hands over the frames while it waits)
    before, answers_before = len(sent), len(received)
    continue_to(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title.zh)
    expect(page).to_have_url(re.compile(rf"/{second.name}/?$"))
    wait_ready(page)
    page.wait_for_timeout(1000)  # anything the click set off has been sent by now
    assert event_names(sent[before:]) == ["save", "on_load_internal"]
    deltas = _deltas(received[answers_before:])
    assert any(second.title.zh in json.dumps(d, ensure_ascii=False) for d in deltas[:-1])
    assert deltas[-1] == {"reflex___state____state": {"is_hydrated_rx_state_": True}}
