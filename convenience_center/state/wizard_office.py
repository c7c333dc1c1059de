"""The office page of the wizard: where the application is made (county, then township)."""

from __future__ import annotations

import reflex as rx

from convenience_center.domain.errors import Refused
from convenience_center.i18n import in_both
from convenience_center.services import offices, wizard_pages
from convenience_center.state.pools import call_service
from convenience_center.state.wizard_frame import WizardFrame
from convenience_center.state.wizard_view import OfficeStepView, office_options


class OfficeStep(WizardFrame, mixin=True):
    """The vars and events of the office page (:class:`OfficeStepView`)."""

    counties: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    townships: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # the office chosen in the first list (a county for township matters)
    county: rx.Field[str] = rx.field("")
    office_level: rx.Field[str] = rx.field("county")
    township: rx.Field[str] = rx.field("")
    needs_township: rx.Field[bool] = rx.field(False)

    def _show_office(self, view: OfficeStepView | None) -> None:
        """Show the office page (``None``: another page; its lists are emptied)."""
        if view is None:
            self._show(OfficeStepView(), only=("counties", "townships"))
        else:
            self._show(view)

    @rx.event
    async def choose_county(self, code: str):
        """A county was chosen: list its townships (when the township receives)."""
        if not isinstance(code, str):
            return
        user = await self._identify()
        if user is None:
            return
        self.county = code[:9]
        self.township = ""
        if self.needs_township:
            found = await call_service(offices.list_offices, parent_code=self.county,
                                       level="township")
            self.townships = office_options(found)

    @rx.event
    async def save_office(self, form: dict):
        """Store the chosen office, then show the next page."""
        self._at_address()
        if not isinstance(form, dict):
            return None
        county = str(form.get("county", ""))[:9]
        township = str(form.get("township", ""))[:9]
        code = township if self.needs_township and township else county
        try:
            saved = await self._save_page(wizard_pages.office_and_continue, with_step=False,
                                          office_code=code)
        except Refused as refusal:
            at_township = refusal.code == "apply.office_township_required" or \
                (self.needs_township and bool(township))
            self._problem_at("township" if at_township else "county", in_both(refusal.code))
            return rx.set_focus("error-summary")
        if not isinstance(saved, tuple):
            return saved
        user, outcome = saved
        return self._go_to(outcome, user.id)
