"""Searching the catalogue of services (the catalogue itself is compiled into the page)."""

from __future__ import annotations

import unicodedata

import reflex as rx

from convenience_center.domain.services import registry
from convenience_center.state.base import AppState
from convenience_center.state.forms import FormState


def _haystack(code: str) -> str:
    service = registry()[code]
    parts = [service.code, service.name.zh, service.name.en, service.summary.zh,
             service.summary.en, *service.keywords]
    for matter in service.matters:
        parts += [matter.name.zh, matter.name.en]
    return unicodedata.normalize("NFKC", " ".join(parts)).casefold()


class CatalogueState(FormState, AppState):
    """Which services match the search words."""

    query: rx.Field[str] = rx.field("")
    matching: rx.Field[list[str]] = rx.field(default_factory=list)

    @rx.event
    def load(self):
        """Show every service."""
        self.query = ""
        self.matching = list(registry())

    @rx.event
    def search(self, form: dict):
        """Keep the services whose names, summaries or keywords contain every word."""
        raw = form.get("q", "")
        self.query = raw[:100] if isinstance(raw, str) else ""
        words = unicodedata.normalize("NFKC", self.query).casefold().split()
        self.matching = [code for code in registry()
                         if all(word in _haystack(code) for word in words)]
