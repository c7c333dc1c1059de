"""The fonts of the printable documents, registered once.

Chinese is set in ``STSong-Light``, one of the Adobe CID fonts reportlab knows without a font
file: the PDF names the font and its ``UniGB-UCS2-H`` encoding (UTF-16 codes), and the viewer
supplies the glyphs (Acrobat's Asian font pack, or a system CJK font in other viewers). Because
the text is stored as Unicode code points under a standard Adobe CMap, it can be searched,
copied and extracted (pypdf maps ``UniGB-UCS2-H`` back to Unicode). No CJK TrueType font ships
in an installed Python package, and the documents must not depend on the fonts of the machine,
so nothing is embedded.

English is set in Helvetica (one of the 14 standard fonts); characters Helvetica's encoding
lacks (Chinese in an English document, the ``□`` tick box) switch to the CJK font for that run.
In Chinese documents, runs of Latin letters and digits (ID numbers, dates, case numbers, URLs)
are set in Helvetica too: its metrics are exact in every viewer, whereas a viewer that
substitutes its own font for STSong-Light would space Latin glyphs by STSong's widths.
"""

from __future__ import annotations

import functools
import re
from itertools import cycle
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD_FONT = "Helvetica-Bold"

# Runs of characters that Helvetica (WinAnsiEncoding, i.e. cp1252) cannot show.
_NOT_WINANSI = re.compile(r"[^\x00-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+")
# Runs of printable ASCII (spaces only inside a run) in a Chinese document.
_ASCII_RUN = re.compile(r"([!-~](?:[ !-~]*[!-~])?)")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@functools.cache
def register_fonts() -> None:
    """Register the CJK font (and its "family", so ``<b>`` in a paragraph does not fail)."""
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    pdfmetrics.registerFontFamily(CJK_FONT, normal=CJK_FONT, bold=CJK_FONT, italic=CJK_FONT,
                                  boldItalic=CJK_FONT)


def body_font(lang: str) -> str:
    """The running-text font of a document in ``lang``."""
    register_fonts()
    return LATIN_FONT if lang == "en" else CJK_FONT


def heading_font(lang: str) -> str:
    """The font of titles and headings (STSong-Light has no bold: Chinese headings use size)."""
    register_fonts()
    return LATIN_BOLD_FONT if lang == "en" else CJK_FONT


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains Chinese characters or full-width punctuation."""
    return bool(_CJK.search(text))


def markup(text: str, lang: str) -> str:
    """``text`` as paragraph markup: escaped, newlines kept, and in English documents the runs
    Helvetica cannot show set in the CJK font."""
    register_fonts()
    if lang == "en":
        escaped = _NOT_WINANSI.sub(lambda m: f'<font name="{CJK_FONT}">{m.group(0)}</font>',
                                   escape(text))
    else:
        parts = _ASCII_RUN.split(text)  # text, run, text, run, ..., text
        escaped = "".join(f'<font name="{LATIN_FONT}">{escape(part)}</font>' if odd
                          else escape(part) for odd, part in zip(cycle((0, 1)), parts,
                                                                 strict=False))
    return escaped.replace("\r\n", "\n").replace("\n", "<br/>")
