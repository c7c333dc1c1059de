"""``/lang/<zh|en>``: remember the language a browser chose, in a plain cookie.

The language is not kept in the browser's local storage: Reflex sends every stored value with
every page change, and the language var would be written (and everything that depends on it
recomputed) on each navigation. The page requests this address as a 1×1 image when the
visitor switches language, and the websocket reads the cookie from its handshake.
"""

from __future__ import annotations

import base64

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from convenience_center.settings import get_settings

COOKIE = "cc_lang"
ONE_YEAR = 365 * 24 * 3600
# The smallest transparent GIF.
_PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def language_from_cookie(value: str | None) -> str | None:
    """The language a ``cc_lang`` cookie names, if it names one."""
    return value if value in ("zh", "en") else None


def document_language(request: Request) -> str:
    """The language a document (a PDF) is asked for in: ``?lang=en`` is English, anything
    else Chinese. Only the query counts: every link to a document names its language, and
    the page's own language (cookie, else Accept-Language) is chosen in ``state/base.py``."""
    return "en" if request.query_params.get("lang") == "en" else "zh"


async def remember_language(request: Request) -> Response:
    """Set the language cookie (a 1×1 image answers, so an ``<img>`` can ask for it)."""
    lang = language_from_cookie(request.path_params["lang"])
    response = Response(_PIXEL, media_type="image/gif",
                        headers={"Cache-Control": "no-store"})
    if lang is not None:
        response.set_cookie(COOKIE, lang, max_age=ONE_YEAR, path="/", samesite="lax",
                            secure=get_settings().cookie_secure)
    return response


LANGUAGE_ROUTES = [Route("/lang/{lang}", remember_language, methods=["GET"])]
