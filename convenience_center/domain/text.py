"""Free text as it will be shown to someone else: without invisible format characters.

Unicode's format characters (general category ``Cf``) are never seen but change what is seen:
a right-to-left override (U+202E) shows ``invoice<U+202E>gpj.pdf`` as "invoicefdp.jpg", the
isolates and embeddings (U+2066-U+2069, U+202A-U+202D) and marks (U+200E, U+200F, U+061C)
reorder text, zero-width spaces and joiners (U+200B-U+200D, U+2060, U+FEFF) hide inside names
and numbers so that two texts that look the same differ. Chinese and English text needs none
of them, so all are removed: what an officer reads is what the citizen's text holds. (The
price: an emoji sequence joined by U+200D falls apart into its pieces.)
"""

from __future__ import annotations

import unicodedata


def without_invisible(text: str) -> str:
    """``text`` without its format characters (category ``Cf``)."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
