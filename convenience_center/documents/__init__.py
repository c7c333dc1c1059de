"""Printable documents: blank application forms, receipts of applications, electronic
certificates and the staff's case summaries (PDF)."""

from convenience_center.documents.application_form import blank_form_pdf
from convenience_center.documents.case_summary import CaseSummary, case_summary_pdf
from convenience_center.documents.certificate import CertificateDocument, certificate_pdf
from convenience_center.documents.certificate_stamp import CertificateEnding
from convenience_center.documents.receipt import Receipt, receipt_pdf

__all__ = [
    "CaseSummary",
    "CertificateDocument",
    "CertificateEnding",
    "Receipt",
    "blank_form_pdf",
    "case_summary_pdf",
    "certificate_pdf",
    "receipt_pdf",
]
