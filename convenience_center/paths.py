"""The addresses of the platform's pages, built in one place.

Services use them for the links in e-mails and views, states for redirects, pages for links;
each builder takes a plain string or a string var (a page's ``row["case_no"]``), so the same
function serves the server and the compiled page (the fixed parts are joined first: the
compiled page gets one literal, not a chain of them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

if TYPE_CHECKING:
    from reflex.vars import StringVar

# A plain string, or a string var of a compiled page (no Reflex import at run time).
Part = TypeVar("Part", str, "StringVar")

MY_APPLICATIONS = "/my/applications"
LOGIN = "/login"


def my_case(case_no: Part) -> Part:
    """A citizen's own case page."""
    return MY_APPLICATIONS + "/" + case_no


def draft(public_id: Part) -> Part:
    """The wizard of a draft; its steps are below it."""
    return "/applications/" + public_id


def draft_step(public_id: Part, step: str, *, back_to_check: bool = False) -> Part:
    """One step of a draft's wizard (``back_to_check``: "Save" returns to the check page)."""
    return draft(public_id) + ("/" + step + ("?return=check" if back_to_check else ""))


def staff_case(case_no: Part) -> Part:
    """A case as staff see it."""
    return "/staff/cases/" + case_no


def case_summary_pdf(case_no: Part, lang: str) -> Part:
    """The printable summary of a case, for staff."""
    return staff_case(case_no) + ("/summary.pdf?lang=" + lang)


def login(next_path: str) -> str:
    """The sign-in page, coming back to ``next_path`` afterwards."""
    return f"{LOGIN}?next={quote(next_path, safe='')}"
