"""Message catalogues (Simplified Chinese and English) and lookup helpers."""

from __future__ import annotations

from convenience_center.i18n.en import MESSAGES as EN
from convenience_center.i18n.zh import MESSAGES as ZH

LANGUAGES = ("zh", "en")
CATALOGUES = {"zh": ZH, "en": EN}


def normalise_lang(lang: str | None) -> str:
    """``en`` for English, ``zh`` for everything else (the platform's default)."""
    return "en" if (lang or "").lower().startswith("en") else "zh"


def translate(key: str, lang: str | None, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``{params}`` filled in (the key itself if missing)."""
    text = CATALOGUES[normalise_lang(lang)].get(key, key)
    return text.format(**params) if params else text


def language_from_header(accept_language: str | None) -> str:
    """The first supported language of an ``Accept-Language`` header: zh*, en*, else zh."""
    entries = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            weight = 0.0
        if tag:
            entries.append((-weight, index, tag.strip().lower()))
    for _weight, _index, tag in sorted(entries):
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"
