"""Staff pages shown anew whenever something changes in the officer's office: the dashboard,
consultations, complaints and rectifications follow their office (``state.live``) and are
read again, for their officer, in every tab that shows them."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx
from reflex_base.registry import RegistrationContext

from convenience_center.services.common import CurrentUser
from convenience_center.state.base import AppState
from convenience_center.state.live import (
    OfficeTab,
    follow_office,
    forget_office_tabs,
    on_office_change,
)

log = logging.getLogger("convenience_center.live")


class OfficePage(rx.State, mixin=True):
    """A staff page that is shown anew whenever something changes in the officer's office
    (``show_office_change``). Pages define ``loaded`` and ``_reload(user)``, and call
    ``_follow_office(user)`` when they load."""

    async def _reload(self, user: CurrentUser) -> None:
        raise NotImplementedError

    async def _follow_office(self, user: CurrentUser) -> None:
        """Show this page anew whenever something changes in the officer's office."""
        await follow_office(user.office_code or "none", self._client_token(),  # type: ignore[attr-defined]
                            OfficeTab(user.id, self.get_full_name(), self.router.url.path))


def _office_pages() -> dict[str, type[OfficePage]]:
    found: dict[str, type[OfficePage]] = {}
    classes = list(OfficePage.__subclasses__())
    while classes:
        cls = classes.pop()
        found[cls.get_full_name()] = cls
        classes += cls.__subclasses__()
    return found


async def show_office_change(code: str, tabs: dict[str, OfficeTab]) -> None:
    """Show a change in the office's open pages (live.on_office_change): each page is read
    again for its officer, checked as at every event, and written into its tab's state, so
    the browser need not ask. A tab that has left the page, or whose states are now someone
    else's, is left alone and forgotten."""
    app = RegistrationContext.get().app
    pages = _office_pages()

    async def show(token: str, shown: OfficeTab) -> str | None:
        cls = pages.get(shown.page)
        if cls is None:
            return token
        async with app.modify_state(rx.BaseStateToken(ident=token, cls=cls)) as root:
            page: Any = await root.get_state(cls)
            owner = (await root.get_state(AppState))._owner
            if owner != shown.user_id or page.router.url.path != shown.path \
                    or not page.loaded:
                return token
            user = await page._officer()
            if user is None:
                return token
            await page._reload(user)
            return None

    results = await asyncio.gather(*(show(token, shown) for token, shown in tabs.items()),
                                   return_exceptions=True)
    for failure in (r for r in results if isinstance(r, BaseException)):
        log.warning("an office page was not shown a change of %s", code, exc_info=failure)
    if left := {token for token in results if isinstance(token, str)}:
        await forget_office_tabs(code, left)


on_office_change(show_office_change)
