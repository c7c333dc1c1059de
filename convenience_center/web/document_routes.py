"""The documents served over plain HTTP: blank forms, receipts, certificates, case summaries
and uploaded files. Personal ones only to a live session (the HttpOnly cookie) with the right
to them; a refusal answers "not found" and is recorded in the audit log."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from convenience_center import db
from convenience_center.domain.errors import NotAllowed, NotFound
from convenience_center.domain.services import get_matter
from convenience_center.services import attachments, audit, certificates, receipts, staff_cases
from convenience_center.services.common import CurrentUser
from convenience_center.web.language import document_language
from convenience_center.web.requests import client_ip, user_of


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
