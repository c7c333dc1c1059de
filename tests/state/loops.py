"""Running the app's coroutines from a test."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

R = TypeVar("R")


def run(coroutine: Coroutine[Any, Any, R], *, timeout: float = 30.0,
        message: str = "") -> R:
    """Run a coroutine on a loop of its own thread (the browser tests leave one running here),
    in this context (where the app is registered); its exception is raised here. Not done
    within ``timeout`` seconds: the test fails with ``message``."""
    result: list[R] = []
    errors: list[BaseException] = []
    context = contextvars.copy_context()

    def target() -> None:
        try:
            result.append(context.run(asyncio.run, coroutine))
        except BaseException as error:  # handed to the test
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout)
    if errors:
        raise errors[0]
    assert result, message or f"the coroutine did not finish within {timeout} s"
    return result[0]
