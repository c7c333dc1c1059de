"""The fonts of the printable documents, registered once.

Chinese is set in WenQuanYi Micro Hei (``data/fonts/wqy-microhei.ttc``, Apache 2.0), a
TrueType font that ships with the package: each PDF embeds the subset of glyphs it uses, so
every viewer shows the same characters (a font the viewer had to supply, such as the Adobe CID
font ``STSong-Light`` used before, is drawn with whatever CJK font the viewer has, and some
have no glyph for "·" or "—"). The subsets carry a ``ToUnicode`` map: the text can be
searched, copied and extracted. The font covers GBK and more (34,600 glyphs); the few
characters beyond it (rare name characters of the CJK extensions) are set in ``STSong-Light``,
which is referenced, not embedded, as the last resort.

English is set in Helvetica (one of the 14 standard fonts, which every viewer has); characters
Helvetica's encoding lacks (Chinese in an English document, the ``□`` tick box) switch to the
CJK font for that run. In Chinese documents, runs of Latin letters and digits (ID numbers,
dates, case numbers, URLs) are set in Helvetica too, so that Latin text looks the same in both
languages.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from itertools import cycle
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

CJK_FONT = "WenQuanYiMicroHei"
FALLBACK_CJK_FONT = "STSong-Light"  # not embedded: only for characters CJK_FONT lacks
LATIN_FONT = "Helvetica"
LATIN_BOLD_FONT = "Helvetica-Bold"
CJK_FONT_FILE = ("fonts", "wqy-microhei.ttc")  # under convenience_center/data

# Runs of characters that Helvetica (WinAnsiEncoding, i.e. cp1252) cannot show.
_NOT_WINANSI = re.compile(r"[^\x00-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+")
# Runs of printable ASCII (spaces only inside a run) in a Chinese document.
_ASCII_RUN = re.compile(r"([!-~](?:[ !-~]*[!-~])?)")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@functools.cache
def register_fonts() -> None:
    """Register the embedded CJK font and the fallback (each with a "family", so ``<b>`` in
    a paragraph does not fail: neither has a bold face; Chinese headings use size)."""
    font_file = resources.files("convenience_center").joinpath("data", *CJK_FONT_FILE)
    with resources.as_file(font_file) as path:
        pdfmetrics.registerFont(TTFont(CJK_FONT, str(path), subfontIndex=0))
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CJK_FONT))
    for name in (CJK_FONT, FALLBACK_CJK_FONT):
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name,
                                      boldItalic=name)


@functools.cache
def _covered() -> frozenset[int]:
    """The code points the embedded CJK font has a glyph for."""
    register_fonts()
    font = pdfmetrics.getFont(CJK_FONT)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


def body_font(lang: str) -> str:
    """The running-text font of a document in ``lang``."""
    register_fonts()
    return LATIN_FONT if lang == "en" else CJK_FONT


def heading_font(lang: str) -> str:
    """The font of titles and headings (the CJK font has no bold: Chinese headings use size)."""
    register_fonts()
    return LATIN_BOLD_FONT if lang == "en" else CJK_FONT


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains Chinese characters or full-width punctuation."""
    return bool(_CJK.search(text))


def char_font(char: str) -> str:
    """The font one character is drawn in: Helvetica if its encoding has it, else the
    embedded CJK font, else the fallback."""
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return cjk_font_of(char)
    return LATIN_FONT


def cjk_font_of(text: str) -> str:
    """The embedded CJK font if it has every character of ``text``, else the fallback."""
    covered = _covered()
    return CJK_FONT if all(ord(c) in covered for c in text) else FALLBACK_CJK_FONT


def _with_fallback(escaped: str, raw: str) -> str:
    """``escaped`` (the markup of ``raw``, a run set in the CJK font) with the characters the
    embedded font lacks put in the fallback font."""
    covered = _covered()
    if all(ord(c) in covered or c in "\n\r" for c in raw):
        return escaped
    parts = []
    for char in raw:
        piece = escape(char)
        if ord(char) in covered or char in "\n\r":
            parts.append(piece)
        else:
            parts.append(f'<font name="{FALLBACK_CJK_FONT}">{piece}</font>')
    return "".join(parts)


def markup(text: str, lang: str) -> str:
    """``text`` as paragraph markup: escaped, newlines kept, the runs Helvetica cannot show
    in English documents set in the CJK font, runs of ASCII in Chinese documents set in
    Helvetica, and characters the CJK font lacks set in the fallback."""
    register_fonts()
    if lang == "en":
        pieces = []
        for odd, part in zip(cycle((0, 1)), re.split(f"({_NOT_WINANSI.pattern})", text),
                             strict=False):
            if odd:
                pieces.append(f'<font name="{CJK_FONT}">'
                              f"{_with_fallback(escape(part), part)}</font>")
            else:
                pieces.append(escape(part))
        escaped = "".join(pieces)
    else:
        parts = _ASCII_RUN.split(text)  # text, run, text, run, ..., text
        escaped = "".join(f'<font name="{LATIN_FONT}">{escape(part)}</font>' if odd
                          else _with_fallback(escape(part), part)
                          for odd, part in zip(cycle((0, 1)), parts, strict=False))
    return escaped.replace("\r\n", "\n").replace("\n", "<br/>")
