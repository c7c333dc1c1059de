"""Every event is counted, timed and named in the log (state/telemetry.py): events driven
through Reflex's own event processor, with the app's middleware (its guards) in place."""

from __future__ import annotations

import asyncio
import io
import json
import uuid

from prometheus_client.parser import text_string_to_metric_families
from reflex.istate.manager.memory import StateManagerMemory
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor
from reflex_base.registry import RegistrationContext

import convenience_center.convenience_center  # noqa: F401  (the app: every state, installed)
from convenience_center.services import metrics
from convenience_center.state import telemetry
from convenience_center.state.base import AppState
from tests.metrics import figure
from tests.state.loops import run


def event(method: str, **payload: object) -> Event:
    return Event(name=f"{AppState.get_full_name()}.{method}", payload=payload)


async def handle(*events: Event) -> str:
    """Work the events off for one new tab, as the app's event processor does; its token."""
    app = RegistrationContext.get().app
    processor = BaseStateEventProcessor(middleware=app,
                                        backend_exception_handler=app.backend_exception_handler)
    token = uuid.uuid4().hex
    async with processor.configure(state_manager=StateManagerMemory()):
        for queued in [await processor.enqueue(token, each) for each in events]:
            await asyncio.wait_for(queued, 10)
    return token


def test_installed_by_the_app_once():
    assert telemetry.install(RegistrationContext.get().app) is False


def test_handling_an_event_counts_and_times_it_under_its_handler():
    labels = {"handler": "AppState.show_system_error"}
    handled = figure("cc_event_duration_seconds_count", **labels) or 0.0
    run(handle(event("show_system_error"), event("show_system_error")))
    assert figure("cc_event_duration_seconds_count", **labels) == handled + 2
    assert (figure("cc_event_duration_seconds_sum", **labels) or 0) > 0
    assert figure("cc_event_failures_total", outcome="error", **labels) == 0


def test_a_record_logged_while_an_event_is_handled_names_the_event(json_log: io.StringIO):
    token = run(handle(event("set_language", lang={"not": "a language"})))
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    dropped = [line for line in lines if "arguments do not fit" in line["message"]]
    assert len(dropped) == 1
    event_id = dropped[0]["event_id"]
    assert len(event_id) == 12 and int(event_id, 16) >= 0  # the server's random txid
    assert token not in json_log.getvalue()  # never the tab's token


def test_labels_are_the_codes_names_not_what_the_browser_sent():
    run(handle(event("show_system_error"), event("set_language", lang=["not", "text"])))
    registered = RegistrationContext.get().event_handlers
    assert telemetry.handler_label(registered[event("set_language").name]) == \
        "AppState.set_language"
    known = {telemetry.handler_label(each) for each in registered.values()}
    shown = {sample.labels["handler"]
             for family in text_string_to_metric_families(metrics.exposition().decode())
             for sample in family.samples if "handler" in sample.labels}
    assert {"AppState.show_system_error", "AppState.set_language"} <= shown <= known
