"""The mixin of the pages where a signed-in citizen follows what staff do for them
(``/consult``, ``/complaints``): the offices to address, and the live link to the citizen's
activity counter."""

from __future__ import annotations

from typing import TYPE_CHECKING

import reflex as rx

from convenience_center.services.common import CurrentUser
from convenience_center.state.forms import FormState
from convenience_center.state.live import UserActivity, user_token


class CitizenPage(FormState, mixin=True):
    """A page of a signed-in citizen that updates live when staff act for them (a mixin: each
    page has vars of its own)."""

    choices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    default_office: rx.Field[str] = rx.field("")
    seen_changes: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)

    if TYPE_CHECKING:  # from AppState, which every page with this mixin derives from
        async def _identify(self) -> CurrentUser | None: ...

    async def _citizen(self) -> CurrentUser | None:
        user = await self._identify()
        if user is None or user.role != "citizen":
            return None
        return user

    async def _link(self, user_id: int) -> None:
        activity = await self.get_state(UserActivity)
        activity = await activity._link_to(user_token(user_id))
        self.seen_changes = activity.changes

    async def _seen(self) -> None:
        activity = await self.get_state(UserActivity)
        self.seen_changes = activity.changes
