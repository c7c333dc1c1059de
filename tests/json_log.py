"""The platform's log records as the JSON format writes them, for a test to read."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from convenience_center.logs import JsonFormatter


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The platform's records as the JSON format writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("convenience_center")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)
