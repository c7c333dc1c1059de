"""``/open``: the public list and reading of publications; the home page's latest items."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from convenience_center.domain.participation import PUBLICATION_CATEGORIES
from convenience_center.services import publications
from convenience_center.state.base import AppState
from convenience_center.state.forms import FormState, form_text
from convenience_center.state.pools import call_service


def _row(view: publications.PublicationView) -> dict[str, Any]:
    category = PUBLICATION_CATEGORIES.get(view.category)
    return {**asdict(view), "category_zh": category.zh if category else view.category,
            "category_en": category.en if category else view.category,
            "files": [{"id": i, "name": n} for i, n in view.files]}


class OpenListState(FormState, AppState):
    """Published items, filtered by category and searched."""

    items: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    category: rx.Field[str] = rx.field("")
    query: rx.Field[str] = rx.field("")

    @rx.event
    async def load(self):
        """The newest items (a category may be given in the address)."""
        wanted = self.router.url.query_parameters.get("category", "")
        self.category = wanted if wanted in PUBLICATION_CATEGORIES else ""
        self.query = ""
        await self._refresh()

    async def _refresh(self) -> None:
        found = await call_service(publications.public_list, category=self.category,
                                   query=self.query)
        self.items = [_row(v) for v in found]

    @rx.event
    async def search(self, form: dict):
        """Filter by category and words."""
        category = form_text(form, "category", 20)
        self.category = category if category in PUBLICATION_CATEGORIES else ""
        self.query = form_text(form, "q", 100)
        await self._refresh()


class OpenItemState(AppState):
    """One published item (drafts are not found; a withdrawn item's address says when and
    why it was withdrawn, without the item)."""

    item: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    withdrawn: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    checked: rx.Field[bool] = rx.field(False)

    @rx.event
    async def load(self):
        """Load the item named in the address."""
        self.item, self.withdrawn, self.checked = {}, {}, False
        yield
        parts = self.router.url.path.strip("/").split("/")
        number = parts[1] if len(parts) >= 2 else ""
        found = await call_service(publications.public_item, pub_no=number)
        self.item = _row(found) if found else {}
        if found is None:
            ended = await call_service(publications.withdrawal, pub_no=number)
            self.withdrawn = asdict(ended) if ended else {}
        self.checked = True


class LatestState(AppState):
    """The latest publications, for the home page."""

    latest: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)

    @rx.event
    async def load(self):
        """The five newest items."""
        self.latest = [_row(v) for v in await call_service(publications.latest)]
