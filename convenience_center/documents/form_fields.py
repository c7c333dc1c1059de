"""How each kind of field is printed on the paper form: its label cell and its empty box."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from convenience_center.documents.fonts import CJK_FONT, LATIN_FONT
from convenience_center.documents.labels import (
    DATE_LINE_ZH,
    FIELD_CONDITION,
    NO,
    OPTIONAL,
    TICK_ANY,
    TICK_ONE,
    YES,
    any_of,
    fmt,
)
from convenience_center.documents.layout import CELL_PADDING, Styles
from convenience_center.domain.services.base import (
    Condition,
    Field,
    FieldKind,
    Matter,
    Option,
    Text,
)

CHOICE_KINDS = {FieldKind.SELECT, FieldKind.RADIO, FieldKind.YES_NO, FieldKind.CHECKBOXES}
# Fields written one character a box, with the number of boxes.
CHARACTER_CELLS = {FieldKind.ID_NUMBER: 18, FieldKind.USCC: 18, FieldKind.MOBILE: 11}
_SHORT_KINDS = {FieldKind.NAME, FieldKind.PHONE, FieldKind.DATE, FieldKind.INTEGER}
_CELL_SIZE = 14.0
_TICK = "□"


def options_of(field: Field) -> tuple[Option, ...]:
    """The choices of a field (YES_NO has its own two)."""
    if field.kind == FieldKind.YES_NO:
        return (Option("yes", YES), Option("no", NO))
    return field.options


def describe_condition(condition: Condition, matter: Matter, lang: str, template: Text) -> str:
    """A condition in words, e.g. 如“女方现在是否怀孕”选择“是”，则填写."""
    field = next((f for step in matter.steps for f in step.fields
                  if f.name == condition.field), None)
    names: dict[str, str] = {}
    label = condition.field
    if field is not None:
        label = field.label.get(lang)
        names = {o.value: o.label.get(lang) for o in options_of(field)}
    choices = any_of([names.get(v, v) for v in condition.values], lang)
    return fmt(template, lang, label=label, choices=choices)


def label_cell(field: Field, matter: Matter, s: Styles) -> list[Flowable]:
    """The label, marked optional, with the hint, the kind of choice and any condition."""
    text = field.label.get(s.lang)
    if not field.required:
        text += OPTIONAL.get(s.lang) if s.lang != "en" else " " + OPTIONAL.en
    cell: list[Flowable] = [s.para(text, s.label)]
    notes = []
    if field.kind in (FieldKind.RADIO, FieldKind.SELECT):
        notes.append(TICK_ONE.get(s.lang))
    elif field.kind == FieldKind.CHECKBOXES:
        notes.append(TICK_ANY.get(s.lang))
    if field.hint:
        notes.append(field.hint.get(s.lang))
    for note in notes:
        cell.append(s.para(note, s.hint))
    if field.show_if:
        cell.append(s.para(describe_condition(field.show_if, matter, s.lang, FIELD_CONDITION),
                           s.small))
    return cell


def _text_width(text: str, size: float, lang: str) -> float:
    font = LATIN_FONT if lang == "en" and text.isascii() else CJK_FONT
    return stringWidth(text, font, size)


def natural_width(field: Field, s: Styles) -> float:
    """About how wide the box of ``field`` must be (to decide whether two fit on a row)."""
    if field.kind in CHARACTER_CELLS:
        return CHARACTER_CELLS[field.kind] * _CELL_SIZE
    if field.kind in CHOICE_KINDS:
        size = s.body.fontSize
        return sum(_text_width(f"{_TICK} {o.label.get(s.lang)}", size, s.lang) + 14
                   for o in options_of(field))
    if field.kind in _SHORT_KINDS or field.width in ("10", "20"):
        return 120
    return 1000


def _cells(count: int, width: float, placeholders: str = "") -> Table:
    """A row of ``count`` empty character boxes (optionally with faint letters in them)."""
    size = min(_CELL_SIZE, width / count)
    data = [list(placeholders) if placeholders else [""] * count]
    return _boxes(data, [size] * count, list(range(count)))


def _boxes(data: list[list[str]], widths: list[float], boxed: list[int]) -> Table:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), LATIN_FONT, 6),
        ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor("#b0b0b0")),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    commands += [("BOX", (c, 0), (c, 0), 0.5, colors.black) for c in boxed]
    return Table(data, colWidths=widths, rowHeights=[_CELL_SIZE + 2], style=TableStyle(commands),
                 hAlign="LEFT")


def _date_boxes(width: float) -> Table:
    """YYYY-MM-DD as eight character boxes with faint letters and two dashes."""
    size = min(_CELL_SIZE, (width - 16) / 8)
    letters = ["Y", "Y", "Y", "Y", "-", "M", "M", "-", "D", "D"]
    widths = [8.0 if c == "-" else size for c in letters]
    table = _boxes([letters], widths, [i for i, c in enumerate(letters) if c != "-"])
    table.setStyle(TableStyle([("TEXTCOLOR", (4, 0), (4, 0), colors.black),
                               ("TEXTCOLOR", (7, 0), (7, 0), colors.black),
                               ("FONT", (4, 0), (4, 0), LATIN_FONT, 9),
                               ("FONT", (7, 0), (7, 0), LATIN_FONT, 9)]))
    return table


def date_entry(width: float, s: Styles) -> Flowable:
    """A blank date: ____年__月__日 in Chinese, YYYY-MM-DD boxes in English."""
    return _date_boxes(width) if s.lang == "en" else s.para(DATE_LINE_ZH, s.body)


def _choices(field: Field, width: float, s: Styles) -> Table:
    """Every option with a tick box, in as many columns as fit (at most four)."""
    options = options_of(field)
    size = s.body.fontSize
    widest = max(_text_width(f"{_TICK} {o.label.get(s.lang)}", size, s.lang) for o in options)
    columns = max(1, min(len(options), 4, int(width // (widest + 2 * CELL_PADDING + 2))))
    cells = [s.para(f"{_TICK} {o.label.get(s.lang)}", s.body) for o in options]
    cells += [""] * (-len(cells) % columns)
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    column = min(width / columns, max(widest + 2 * CELL_PADDING + 12, 60))
    return Table(rows, colWidths=[column] * columns, hAlign="LEFT", style=TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))


def entry_cell(field: Field, width: float, s: Styles) -> Flowable | str:
    """The empty box for ``field`` in a cell ``width`` wide (padding included)."""
    inner = width - 2 * CELL_PADDING
    if field.kind in CHARACTER_CELLS:
        return _cells(CHARACTER_CELLS[field.kind], inner)
    if field.kind in CHOICE_KINDS:
        return _choices(field, inner, s)
    if field.kind == FieldKind.DATE:
        return date_entry(inner, s)
    return ""


def min_height(field: Field) -> float:
    """The height of the box: room to write the answer by hand."""
    if field.kind == FieldKind.TEXTAREA:
        limit = field.max_length or 2000
        return 72 if limit <= 300 else 96 if limit <= 1000 else 120
    if field.kind == FieldKind.TEXT and (field.max_length or 100) > 60 \
            and field.width == "full":
        return 30
    return 24
