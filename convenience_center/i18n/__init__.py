"""Message catalogues (Simplified Chinese and English) and lookup helpers."""

from __future__ import annotations

import importlib
import pkgutil

from convenience_center.i18n.en import MESSAGES as _EN_CORE
from convenience_center.i18n.zh import MESSAGES as _ZH_CORE

LANGUAGES = ("zh", "en")


def _with_areas() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The core catalogues plus every area module ``i18n/area_*.py`` (each defines ``ZH`` and
    ``EN``, and may define ``EN_ONE``, the English forms for a count of one): a page family
    can bring its messages in a file of its own."""
    zh, en, en_one = dict(_ZH_CORE), dict(_EN_CORE), {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("area_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            overlap = (set(module.ZH) | set(module.EN)) & (set(zh) | set(en))
            singular = getattr(module, "EN_ONE", {})
            overlap |= set(singular) & set(en_one)
            if overlap:
                raise ValueError(f"{info.name} repeats message keys: {sorted(overlap)}")
            zh.update(module.ZH)
            en.update(module.EN)
            en_one.update(singular)
    return zh, en, en_one


ZH, EN, EN_ONE = _with_areas()
CATALOGUES = {"zh": ZH, "en": EN}


def normalise_lang(lang: str | None) -> str:
    """``en`` for English, ``zh`` for everything else (the platform's default)."""
    return "en" if (lang or "").lower().startswith("en") else "zh"


def translate(key: str, lang: str | None, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``{params}`` filled in (the key itself if missing)."""
    text = CATALOGUES[normalise_lang(lang)].get(key, key)
    return text.format(**params) if params else text


def in_both(key: str, **params: object) -> dict[str, str]:
    """The message ``key`` in both languages, as a page's view data holds it."""
    return {"zh": translate(key, "zh", **params), "en": translate(key, "en", **params)}


def plural_text(key: str, lang: str | None, count: int) -> str:
    """The unfilled text of ``key`` for ``count``: in English the singular form for one."""
    lang = normalise_lang(lang)
    if lang == "en" and count == 1 and key in EN_ONE:
        return EN_ONE[key]
    return CATALOGUES[lang].get(key, key)


def translate_count(key: str, lang: str | None, count: int, **params: object) -> str:
    """``translate`` for a message that holds a count: ``{count}`` is filled with ``count``
    unless ``params`` name the placeholder otherwise (``days=...``)."""
    params.setdefault("count", count)
    return plural_text(key, lang, count).format(**params)


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
