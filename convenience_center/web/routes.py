"""``/auth/establish`` turns a checked sign-in into the HttpOnly session cookie;
``/auth/signout`` ends the session and removes it.

The session token never travels over the websocket: the Reflex handler that checks the
password hands the browser a single-use code valid for a minute, and the browser exchanges it
here, in a normal HTTP request, for a ``Set-Cookie`` it cannot read from JavaScript.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from convenience_center import db
from convenience_center.domain.errors import NotAllowed, NotFound
from convenience_center.domain.services import get_matter
from convenience_center.services import (
    attachments,
    audit,
    certificates,
    receipts,
    sessions,
    staff_cases,
)
from convenience_center.services.common import CurrentUser
from convenience_center.settings import get_settings
from convenience_center.web.browser_binding import is_cross_site
from convenience_center.web.cookies import (
    browser_cookie_name,
    reset_cookie_name,
    session_cookie_name,
)
from convenience_center.web.language import LANGUAGE_ROUTES, document_language
from convenience_center.web.requests import client_ip, no_store, user_of
from convenience_center.web.statistics_route import stats_csv

# Told the tab token of each completed sign-in.
SignedIn = Callable[[str], Awaitable[None]]


async def establish(request: Request, signed_in: SignedIn) -> Response:
    """Exchange the handoff code for a session cookie, then go where the user was going.

    Only for the browser that asked for the code, and never for a request another site
    started: see web/browser_binding.py. ``signed_in(client_token)`` is then told which tab
    the sign-in was made in (the app clears that tab's handoff, see ``build_routes``).
    """
    if is_cross_site(request.scope):
        return PlainTextResponse("Forbidden", status_code=403)
    code = request.query_params.get("code", "")
    browser_nonce = request.cookies.get(browser_cookie_name())

    def run() -> sessions.EstablishedSession | None:
        with db.session() as session:
            return sessions.consume_handoff(session, code=code, browser_nonce=browser_nonce,
                                            ip=client_ip(request),
                                            user_agent=request.headers.get("user-agent"))

    result = await asyncio.to_thread(run) if code else None
    if result is None:
        return no_store(RedirectResponse("/login?expired=1", status_code=303))
    if result.client_token:
        await signed_in(result.client_token)
    response = RedirectResponse(result.next_path, status_code=303)
    # A session cookie (no Max-Age): it goes when the browser closes. The 12-hour limit
    # (roles.ABSOLUTE_HOURS) and the idle timeout are kept by the server on the session row.
    response.set_cookie(session_cookie_name(), result.token, path="/", httponly=True,
                        samesite="lax", secure=get_settings().cookie_secure)
    return no_store(response)


async def signout(request: Request) -> Response:
    """End the session of this browser and remove its cookie.

    A POST from the site's own sign-out form, with the session's token
    (``sessions.signout_token``): another site can make a browser send a GET (a link, an
    image) or even a form POST, but it cannot know the token, and the browser says where the
    request came from (``Sec-Fetch-Site``, ``Origin``). A refused request changes nothing.
    """
    token = request.cookies.get(session_cookie_name())
    if is_cross_site(request.scope) or not _same_origin(request):
        return PlainTextResponse("Forbidden", status_code=403)
    if token:
        presented = (await request.form()).get("token", "")
        if not isinstance(presented, str) or not sessions.signout_token_matches(token,
                                                                                presented):
            return PlainTextResponse("Forbidden", status_code=403)

        def run() -> None:
            with db.session() as session:
                sessions.end_session(session, token=token, reason="logout")

        await asyncio.to_thread(run)
    response = RedirectResponse("/?signed_out=1", status_code=303)
    response.delete_cookie(session_cookie_name(), path="/", httponly=True, samesite="lax",
                           secure=get_settings().cookie_secure)
    return no_store(response)


def _same_origin(request: Request) -> bool:
    """No ``Origin`` header (older browsers on same-origin posts), or this site's own."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    own = {get_settings().public_url, f"{request.url.scheme}://{request.url.netloc}"}
    return origin.rstrip("/") in own


async def open_reset_link(request: Request) -> RedirectResponse:
    """The e-mailed reset link: keep its token in an HttpOnly cookie, not in the address bar.

    The reset page then reads the token on the server from the websocket handshake, so the
    token never appears in the page address, its history, a referrer or a websocket frame.
    """
    token = request.query_params.get("token", "")[:200]
    response = RedirectResponse("/reset-password", status_code=303)
    if token:
        response.set_cookie(reset_cookie_name(), token, max_age=3600, path="/", httponly=True,
                            samesite="lax", secure=get_settings().cookie_secure)
    return no_store(response)


# --- documents: blank forms, receipts, certificates, case summaries, uploaded files ----------

def _log_refusal(request: Request, user: CurrentUser | None, kind: str, target: str) -> None:
    """Record a refused download in the audit log (the answer stays "not found")."""
    with db.session() as session:
        audit.log_refusal(session, user=user, ip=client_ip(request), attempted=kind,
                          target_type=kind, target_id=target)


@dataclass(frozen=True)
class Pdf:
    """A generated document and the name the browser saves it under."""

    data: bytes
    filename: str


# Makes a document from the request and the language asked for (runs in a thread); ``None``
# answers "not found".
PdfSource = Callable[[Request, str], Pdf | None]
# The same for a signed-in person's document, given the person the session cookie names.
PersonalPdfSource = Callable[[Request, CurrentUser, str], Pdf | None]
Endpoint = Callable[[Request], Awaitable[Response]]


def pdf_endpoint(source: PdfSource, *, private: bool) -> Endpoint:
    """The endpoint of one kind of PDF: the language from ``?lang=``, the document made by
    ``source`` off the event loop, 404 when there is none, else a download. ``private``
    documents (personal ones) no cache may keep; public ones (blank forms) are cached an hour."""

    async def endpoint(request: Request) -> Response:
        pdf = await asyncio.to_thread(source, request, document_language(request))
        if pdf is None:
            return PlainTextResponse("Not found", status_code=404)
        return _pdf(pdf.data, pdf.filename, private=private)

    return endpoint


def for_signed_in(source: PersonalPdfSource) -> PdfSource:
    """``source`` asked only with a live session: without one the answer is "not found"."""

    def signed_in_source(request: Request, lang: str) -> Pdf | None:
        user = user_of(request)
        return None if user is None else source(request, user, lang)

    return signed_in_source


def _pdf(data: bytes, filename: str, *, private: bool) -> Response:
    ascii_name = filename.encode("ascii", "ignore").decode() or "document.pdf"
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "private, no-store" if private else "public, max-age=3600",
    })


@functools.lru_cache(maxsize=64)
def _blank_form(service_code: str, matter_code: str, lang: str) -> bytes | None:
    from convenience_center.documents import blank_form_pdf

    found = get_matter(service_code, matter_code)
    if found is None:
        return None
    return blank_form_pdf(found[0], found[1], lang)


def _blank_form_pdf(request: Request, lang: str) -> Pdf | None:
    """The printable application form of a matter (public)."""
    service_code = request.path_params["service"]
    matter_code = request.path_params["matter"].removesuffix(".pdf")
    data = _blank_form(service_code, matter_code, lang)
    return None if data is None else Pdf(data, f"{service_code}-{matter_code}-{lang}.pdf")


def _receipt_pdf(request: Request, user: CurrentUser, lang: str) -> Pdf | None:
    """The receipt of a case, for its applicant."""
    case_no = request.path_params["case_no"].removesuffix(".pdf")[:24]
    try:
        with db.session() as session:  # a request for another's case is logged (a write)
            data = receipts.receipt_for(session, user_id=user.id, case_no=case_no, lang=lang)
    except NotFound:
        return None
    return Pdf(data, f"receipt-{case_no}.pdf")


def _certificate_pdf(request: Request, user: CurrentUser, lang: str) -> Pdf | None:
    """An electronic certificate: to its holder and to staff of the issuing jurisdiction."""
    cert_no = request.path_params["cert_no"].removesuffix(".pdf")[:40]
    try:
        with db.read_session() as session:
            data = certificates.certificate_document(
                session, cert_no=cert_no, user_id=user.id, role=user.role,
                office_code=user.office_code, lang=lang)
    except NotAllowed:
        _log_refusal(request, user, "certificate", cert_no)
        return None
    return None if data is None else Pdf(data, f"{cert_no}.pdf")


def _case_summary_pdf(request: Request, user: CurrentUser, lang: str) -> Pdf | None:
    """The printable summary of a case, for staff with jurisdiction."""
    case_no = request.path_params["case_no"][:24]  # no ".pdf" to strip: the path ends in one
    try:
        with db.session() as session:  # the service logs a refusal (a write)
            data = staff_cases.summary_document(session, user=user, case_no=case_no,
                                                lang=lang, ip=client_ip(request))
    except NotAllowed:
        return None
    return Pdf(data, f"case-{case_no}.pdf")


blank_form = pdf_endpoint(_blank_form_pdf, private=False)
receipt = pdf_endpoint(for_signed_in(_receipt_pdf), private=True)
certificate_file = pdf_endpoint(for_signed_in(_certificate_pdf), private=True)
case_summary = pdf_endpoint(for_signed_in(_case_summary_pdf), private=True)


async def uploaded_file(request: Request) -> Response:
    """An uploaded document: to its owner and the staff whose jurisdiction covers its case."""
    attachment_id = request.path_params["attachment_id"][:40]

    def run() -> attachments.StoredFile | None:
        user = user_of(request)  # anonymous visitors may read files of publications
        with db.read_session() as session:
            try:
                return attachments.readable_file(
                    session, attachment_id=attachment_id, user_id=user.id if user else None,
                    role=user.role if user else "", office_code=user.office_code if user
                    else None)
            except attachments.FileRefused:
                pass
            except NotFound:
                return None
        _log_refusal(request, user, "file", attachment_id)
        return None

    stored = await asyncio.to_thread(run)
    if stored is None or not stored.path.exists():
        return PlainTextResponse("Not found", status_code=404)
    return FileResponse(stored.path, media_type=stored.content_type, headers={
        "Content-Disposition": f"inline; filename*=UTF-8''{quote(stored.name)}",
        "Cache-Control": "private, no-store",
        "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; "
                                   "object-src 'self'",
    })


DOCUMENT_ROUTES = [
    Route("/certificates/{cert_no}", certificate_file, methods=["GET"]),
    Route("/staff/cases/{case_no}/summary.pdf", case_summary, methods=["GET"]),
    Route("/forms/{service}/{matter}", blank_form, methods=["GET"]),
    Route("/files/{attachment_id}", uploaded_file, methods=["GET"]),
    Route("/receipts/{case_no}", receipt, methods=["GET"]),
]


def build_routes(*, signed_in: SignedIn) -> Starlette:
    """The Starlette app mounted in front of Reflex's own routes. ``signed_in`` is called
    with the tab token of each sign-in completed here (the endpoints know no state: the app
    module passes what the state layer does then)."""

    async def establish_session(request: Request) -> Response:
        return await establish(request, signed_in)

    return Starlette(routes=[
        Route("/auth/establish", establish_session, methods=["GET"]),
        Route("/auth/signout", signout, methods=["POST"]),
        Route("/auth/reset", open_reset_link, methods=["GET"]),
        *DOCUMENT_ROUTES,
        Route("/staff/stats.csv", stats_csv, methods=["GET"]),
        *LANGUAGE_ROUTES,
    ])
