"""Showing where a refused publication holds personal data: each checked field's text cut
into plain and marked pieces, with the kind of each marked piece in both languages."""

from __future__ import annotations

import reflex as rx

from convenience_center.domain.errors import ValidationFailed
from convenience_center.domain.personal_data import KIND_LABELS, PersonalDataFound, segments


def marked_pieces(failure: PersonalDataFound) -> dict[str, list[dict[str, str]]]:
    """Field → the pieces of its text: ``text``, and for personal data ``kind``, ``zh``, ``en``."""
    result: dict[str, list[dict[str, str]]] = {}
    for field, findings in failure.findings.items():
        pieces = []
        for piece in segments(failure.texts[field], findings):
            label = KIND_LABELS[piece.kind] if piece.kind else None
            pieces.append({"text": piece.text, "kind": piece.kind.value if piece.kind else "",
                           "zh": label.zh if label else "", "en": label.en if label else ""})
        result[field] = pieces
    return result


class PersonalDataMarks(rx.State, mixin=True):
    """Mixed into the states of pages that publish text (a mixin: each page its own marks).
    List it before ``FormState``."""

    personal_data: rx.Field[dict[str, list[dict[str, str]]]] = rx.field(default_factory=dict)

    def _clear_messages(self) -> None:
        super()._clear_messages()  # type: ignore[misc]
        self.personal_data = {}

    def _show_failure(self, failure: ValidationFailed) -> None:
        super()._show_failure(failure)  # type: ignore[misc]
        self.personal_data = marked_pieces(failure) \
            if isinstance(failure, PersonalDataFound) else {}
