"""Printable documents: blank application forms and receipts of applications (PDF)."""

from convenience_center.documents.application_form import blank_form_pdf

__all__ = ["blank_form_pdf"]
