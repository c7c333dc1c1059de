"""The facts of a certificate (holder, the service's facts, validity) as a table that fits.

The table is set smaller (and laid out again) if it is taller than its room. Should even the
smallest size be too tall, the longest values are cut short with "…", and at last the last
facts left out (a "…" row says so); the first and the last rows (holder, validity) always
stay. The full record is behind the certificate's QR code.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from convenience_center.documents.certificate_style import (
    ACCENT,
    LABEL_SHADE,
    MIN_SCALE,
    RULE,
    WIDTH,
    cert_styles,
    fit,
    height_of,
    plain,
    scaled,
)

SHORT_VALUE = 40  # a value cut short to make room keeps at least this many characters

Fact = tuple[str, str]  # label, value: in the certificate's language


def fitted_facts(first: list[Fact], details: list[Fact], last: list[Fact], lang: str,
                 room: float) -> Flowable:
    """``first``, ``details`` and ``last`` as one table at most ``room`` tall (see above)."""
    facts = [*first, *details, *last]
    table, = fit(lambda k, _: [_facts_table(facts, lang, k)], "", WIDTH, room)
    if height_of([table]) <= room:
        return table
    facts = _values_cut_short(facts, lang, room)
    table = _facts_table(facts, lang, MIN_SCALE)
    if height_of([table]) <= room:
        return table
    return _last_facts_left_out(facts, len(first), len(last), lang, room)


def _values_cut_short(facts: list[Fact], lang: str, room: float) -> list[Fact]:
    """The longest values cut to the most characters that fit (values of up to SHORT_VALUE
    characters are never cut)."""

    def cut(limit: int) -> list[Fact]:
        return [(label, value if len(value) <= limit else value[:limit - 1] + "…")
                for label, value in facts]

    low, high = SHORT_VALUE, max(len(value) for _, value in facts)
    while high - low > 1:
        middle = (low + high) // 2
        if height_of([_facts_table(cut(middle), lang, MIN_SCALE)]) <= room:
            low = middle
        else:
            high = middle
    return cut(low)


def _last_facts_left_out(facts: list[Fact], first: int, last: int, lang: str,
                         room: float) -> Table:
    """As many facts as fit, a "…" row for the rest, the ``first`` and ``last`` rows kept."""
    head, shown, tail = facts[:first], facts[first:-last], facts[-last:]

    def keeping(n: int) -> Table:
        return _facts_table([*head, *shown[:n], ("…", "…"), *tail], lang, MIN_SCALE)

    low, high = 0, len(shown)  # keeping(low) fits (three rows always do), keeping(high) not
    while high - low > 1:
        middle = (low + high) // 2
        if height_of([keeping(middle)]) <= room:
            low = middle
        else:
            high = middle
    return keeping(low)


def _facts_table(facts: list[Fact], lang: str, scale: float) -> Table:
    """Holder, the facts and the validity as label / value rows, ruled between rows only,
    at ``scale`` times the normal size."""
    cs = cert_styles(lang)
    label, value = scaled(cs["label"], scale), scaled(cs["value"], scale)
    rows = [[plain(name, label, lang), plain(text, value, lang)] for name, text in facts]
    label_width = (118.0 if lang == "en" else 112.0) * max(scale, 0.6)
    pad = max(scale, 0.4)
    return Table(rows, colWidths=[label_width, WIDTH - label_width], hAlign="CENTER",
                 style=TableStyle([
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("BACKGROUND", (0, 0), (0, -1), LABEL_SHADE),
                     ("LINEABOVE", (0, 0), (-1, 0), 0.9, ACCENT),
                     ("LINEBELOW", (0, -1), (-1, -1), 0.9, ACCENT),
                     ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                     ("LEFTPADDING", (0, 0), (-1, -1), 10 * pad),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 8 * pad),
                     ("TOPPADDING", (0, 0), (-1, -1), 7 * pad),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 8 * pad),
                 ]))
