"""Logging of the platform: one line per record, level first, to standard error."""

from __future__ import annotations

import logging


def configure_logging(level: int = logging.INFO) -> None:
    """Send the platform's own log records to stderr (idempotent)."""
    logger = logging.getLogger("convenience_center")
    if logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
