"""A hostile page script calling every handler with arguments of the wrong kind, and a tab that
closes with events still queued (state/event_guards.py)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import time
import typing

from convenience_center.state.base import AppState
from convenience_center.state.wizard import WizardState
from tests.e2e.conftest import RunningApp
from tests.e2e.helpers import create_citizen
from tests.e2e.socket_client import ReflexSocket, handler_name, session_cookie


def _app_handlers() -> list[tuple[type, str, inspect.Signature]]:
    """Every event handler the platform's states define (every state module imported)."""
    import convenience_center.state as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    found, todo = [], [AppState]
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        for name, handler in cls.event_handlers.items():
            if handler.fn.__module__.startswith("convenience_center."):
                found.append((cls, name, inspect.signature(handler.fn)))
    return found


def _wrong(annotation: object) -> object:
    """A value of another kind than the one the handler declares."""
    if annotation in (str, "str"):
        return {"not": "text"}
    if typing.get_origin(annotation) is list or annotation in (list, "list"):
        return "not a list"
    return "not a form"


def test_every_handler_survives_arguments_of_the_wrong_kind(app: RunningApp):
    citizen = create_citizen(app)
    socket = ReflexSocket(app, session_cookie(app, citizen.username, citizen.password))
    handlers = _app_handlers()
    assert len(handlers) > 60  # every page's handlers are reached
    try:
        for cls, name, signature in handlers:
            params = [p for p in signature.parameters.values() if p.name != "self"]
            if any(p.annotation is not inspect.Parameter.empty and "UploadFile" in str(
                    p.annotation) for p in params):
                continue  # uploads come through the upload endpoint, not the socket
            wrong = {p.name: _wrong(p.annotation) for p in params}
            path = "/applications/0000000000000000/documents"
            if wrong:
                socket.emit(handler_name(cls, name), path=path, **wrong)
            socket.emit(handler_name(cls, name), path=path, unexpected="argument",
                        **{p.name: "x" for p in params})
        # Someone else's (or no) draft: "not found", not an error.
        socket.emit(handler_name(WizardState, "documents_done"),
                    path="/applications/0000000000000000/documents")
        socket.settle(3.0)
        socket.emit(handler_name(AppState, "show_system_error"), path="/")
        socket.wait_for(lambda frame: "system_error_rx_state_" in frame)  # still served
    finally:
        socket.close()
    # no_backend_errors (conftest) fails this test if any of it was logged as an error


def test_a_closed_tab_leaves_no_queue_behind(app: RunningApp):
    citizen = create_citizen(app)
    socket = ReflexSocket(app, session_cookie(app, citizen.username, citizen.password))
    offset = app.log_size()
    for _ in range(400):
        socket.emit(handler_name(WizardState, "load"),
                    path="/applications/0000000000000000/start")
    socket.close()
    deadline = time.monotonic() + 30
    dropped = None
    while time.monotonic() < deadline and dropped is None:
        dropped = re.search(r"dropped (\d+) queued events of a closed tab",
                            app.log_since(offset))
        time.sleep(0.2)
    assert dropped is not None, "the closed tab's queue was worked off instead of dropped"
    assert int(dropped.group(1)) > 0
