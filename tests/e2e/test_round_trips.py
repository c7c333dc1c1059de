"""What a click costs the server: one event for "Save and continue" and one for the navigation
it causes (the next step is in the page before the address changes), and that navigation is
answered with "loaded" alone, the state not loaded again. The speed issue's benchmark measures
the time; this keeps the shape from sliding back."""

from __future__ import annotations

import json
import re

import httpx
from playwright.sync_api import Page, expect
from prometheus_client.parser import text_string_to_metric_families

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


def _events_handled(app: RunningApp, handler: str) -> float:
    """How many events of ``handler`` the app's workers have finished, from /metrics. Each
    worker answers a scrape with its own figures (labelled with its pid): scraped until every
    worker has answered."""
    workers = int(app.env.get("GRANIAN_WORKERS", "1"))
    per_worker: dict[str, float] = {}
    for _scrape in range(50):
        text = httpx.get(app.url + "/metrics", timeout=10).text
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == "cc_event_duration_seconds_count" \
                        and sample.labels.get("handler") == handler:
                    per_worker[sample.labels["pid"]] = sample.value
        pids = {sample.labels.get("pid") for family in text_string_to_metric_families(text)
                for sample in family.samples if "pid" in sample.labels}
        per_worker.update({pid: per_worker.get(pid, 0.0) for pid in pids if pid})
        if len(per_worker) >= workers:
            break
    assert len(per_worker) >= workers, f"only {len(per_worker)} of {workers} workers answered"
    return sum(per_worker.values())


def test_a_page_load_is_one_event_with_the_page_loaded_in_it(page: Page, app: RunningApp):
    """The connect's event sends the snapshot, then runs the page's loads (the session check
    and the draft) itself: Reflex would queue them as a second event."""
    _service, matter = get_matter("one-child-resident", "apply")
    answers = dict(matter.samples.valid)
    person = create_citizen(app, person_like(answers["applicant_id_number"], "李娜"))
    signed_in(page, app, person)
    goto(page, app, "/apply/one-child-resident/apply")
    page.get_by_role("button", name=re.compile("开始")).first.click()
    first = matter.steps[0]
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title.zh)
    wait_ready(page)
    address = page.url
    loads_before = _events_handled(app, "OnLoadInternalState.on_load_internal")
    connects_before = _events_handled(app, "State.hydrate_and_load")
    sent: list[str] = []
    received: list[str] = []
    record_frames(page, sent, received)
    page.goto(address)  # a page load: a new websocket, the browser's hashes, the page's loads
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title.zh)
    wait_ready(page)
    page.wait_for_timeout(1000)  # the figures of the events it set off are recorded by now
    assert event_names(sent) == []  # (the connect's event goes in the CONNECT packet)
    assert any(frame.startswith("40/_event,") and "hydrate_and_load" in frame for frame in sent)
    assert _events_handled(app, "State.hydrate_and_load") == connects_before + 1
    assert _events_handled(app, "OnLoadInternalState.on_load_internal") == loads_before
    deltas = _deltas(received)
    root = "reflex___state____state"
    assert deltas[0].get(root, {}).get("is_hydrated_rx_state_") is not True  # the snapshot
    assert any(first.title.zh in json.dumps(d, ensure_ascii=False) for d in deltas)
    assert deltas[-1]["reflex___state____state"] == {"is_hydrated_rx_state_": True}
