"""Printable documents: blank application forms and receipts of applications (PDF)."""

from convenience_center.documents.application_form import blank_form_pdf
from convenience_center.documents.receipt import Receipt, receipt_pdf

__all__ = ["Receipt", "blank_form_pdf", "receipt_pdf"]
