"""The blank paper application form (申请表) of a matter, generated from its definition."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from convenience_center.documents import labels as L
from convenience_center.documents.form_fields import (
    date_entry,
    describe_condition,
    entry_cell,
    label_cell,
    min_height,
    natural_width,
)
from convenience_center.documents.layout import (
    CELL_PADDING,
    FRAME_WIDTH,
    GRID_COLOR,
    LIGHT_SHADE,
    Styles,
    build_pdf,
    section_table,
    styles,
)
from convenience_center.domain.services.base import Field, FieldKind, Material, Matter, Step, Text
from convenience_center.domain.services.definition import ServiceDefinition

LABEL_WIDTH = 104.0
ENTRY_WIDTH = (FRAME_WIDTH - 2 * LABEL_WIDTH) / 2
GRID = (LABEL_WIDTH, ENTRY_WIDTH, LABEL_WIDTH, ENTRY_WIDTH)
WIDE_ENTRY = FRAME_WIDTH - LABEL_WIDTH
_NUMERALS = "一二三四五六七八九十"


def blank_form_pdf(service: ServiceDefinition, matter: Matter, lang: str) -> bytes:
    """The A4 application form of ``matter``, to print and fill in by hand, in ``lang``."""
    s = styles("en" if lang == "en" else "zh")
    title = L.fmt(L.FORM_TITLE, s.lang, service=service.name.get(s.lang))
    story: list[Flowable] = [
        s.para(title, s.title),
        s.para(L.fmt(L.FORM_MATTER, s.lang, matter=matter.name.get(s.lang)), s.subtitle),
        _office_use(s),
        Spacer(1, 4),
        s.para(L.FORM_INSTRUCTIONS.get(s.lang), s.hint),
    ]
    for number, step in enumerate(matter.steps, start=1):
        story.append(_step_table(service, matter, step, number, s))
    story.append(_materials(matter, len(matter.steps) + 1, s))
    story.append(_signatures(service, len(matter.steps) + 2, s))
    running = f"{title} · {matter.name.get(s.lang)}"
    return build_pdf(story, lang=s.lang, title=title, running_title=running,
                     subject=matter.name.get(s.lang))


def _numbered(number: int, text: str, lang: str) -> str:
    if lang == "en":
        return f"{number}. {text}"
    if number <= 10:
        numeral = _NUMERALS[number - 1]
    else:
        tens, ones = divmod(number, 10)
        numeral = (_NUMERALS[tens - 1] if tens > 1 else "") + "十" + \
            (_NUMERALS[ones - 1] if ones else "")
    return f"{numeral}、{text}"


def _office_use(s: Styles) -> Table:
    rows = [
        [s.para(L.OFFICE_USE.get(s.lang), s.small), "", "", ""],
        [s.para(L.RECEIVING_OFFICE.get(s.lang), s.label), "", "", ""],
        [s.para(L.DATE_RECEIVED.get(s.lang), s.label),
         date_entry(ENTRY_WIDTH - 2 * CELL_PADDING, s),
         s.para(L.CASE_NUMBER.get(s.lang), s.label), ""],
    ]
    return section_table(rows, GRID, [
        ("SPAN", (0, 0), (-1, 0)), ("SPAN", (1, 1), (-1, 1)),
        ("BACKGROUND", (0, 1), (0, -1), LIGHT_SHADE), ("BACKGROUND", (2, 2), (2, 2), LIGHT_SHADE),
    ], min_heights=[0, 24, 24])


def _signer(service: ServiceDefinition) -> Text:
    if service.group.organisation_applies:
        return L.ORGANISATION_SIGNATURE
    return L.APPLICANT_SIGNATURE


def _rows_of(step: Step, s: Styles) -> list[list[Field]]:
    """Fields grouped into table rows: two short fields share a row, others take a whole row."""
    rows: list[list[Field]] = []
    pending: list[Field] | None = None  # a row holding one short field, which a second may join
    for field in step.fields:
        short = field.kind != FieldKind.DECLARATION and \
            natural_width(field, s) <= ENTRY_WIDTH - 2 * CELL_PADDING
        if short and pending is not None:
            pending.append(field)
            pending = None
            continue
        row = [field]
        rows.append(row)
        pending = row if short else None
    return rows


def _step_table(service: ServiceDefinition, matter: Matter, step: Step, number: int,
                s: Styles) -> Table:
    rows: list[list[Any]] = [[s.para(_numbered(number, step.title.get(s.lang), s.lang),
                                     s.heading), "", "", ""]]
    commands: list[tuple[Any, ...]] = [("SPAN", (0, 0), (-1, 0))]
    heights: list[float] = [0]
    notes = [step.intro.get(s.lang)] if step.intro else []
    if step.show_if:
        notes.append(describe_condition(step.show_if, matter, s.lang, L.STEP_CONDITION))
    for note in notes:  # repeated with the heading, so that neither is left alone on a page
        r = len(rows)
        commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.white)]
        rows.append([s.para(note, s.small), "", "", ""])
        heights.append(0)
    declarations = 0
    for group in _rows_of(step, s):
        r = len(rows)
        first = group[0]
        if first.kind == FieldKind.DECLARATION:
            declarations += 1
            rows.append([s.para(f"{declarations}. {first.label.get(s.lang)}", s.body),
                         "", "", ""])
            commands.append(("SPAN", (0, r), (-1, r)))
            heights.append(0)
            continue
        if len(group) == 2:
            second = group[1]
            rows.append([label_cell(first, matter, s), entry_cell(first, ENTRY_WIDTH, s),
                         label_cell(second, matter, s), entry_cell(second, ENTRY_WIDTH, s)])
            commands.append(("BACKGROUND", (2, r), (2, r), LIGHT_SHADE))
            heights.append(max(min_height(first), min_height(second)))
        else:
            rows.append([label_cell(first, matter, s), entry_cell(first, WIDE_ENTRY, s), "", ""])
            commands.append(("SPAN", (1, r), (-1, r)))
            heights.append(min_height(first))
        commands.append(("BACKGROUND", (0, r), (0, r), LIGHT_SHADE))
    if declarations:
        r = len(rows)
        signer = _signer(service).get(s.lang)
        line = (signer + ("：" if s.lang != "en" else ": ") + "_" * 22 + "      " +
                L.DATE_LABEL.get(s.lang) + (L.DATE_LINE_ZH if s.lang != "en" else "_" * 16))
        rows.append([s.para(line, s.right), "", "", ""])
        commands += [("SPAN", (0, r), (-1, r)), ("VALIGN", (0, r), (-1, r), "BOTTOM")]
        heights.append(36)
    return section_table(rows, GRID, commands, min_heights=heights, repeat_rows=1 + len(notes))


def _needed(material: Material, matter: Matter, lang: str) -> str:
    if material.show_if is not None:
        return (material.condition.get(lang) if material.condition else
                describe_condition(material.show_if, matter, lang, L.IF_CONDITION))
    if material.required:
        if material.condition is None:
            return L.REQUIRED.get(lang)
        if lang == "en":
            return f"{L.REQUIRED.en} ({material.condition.en})"
        return f"{L.REQUIRED.zh}（{material.condition.zh}）"
    return material.condition.get(lang) if material.condition else L.IF_APPLICABLE.get(lang)


def _materials(matter: Matter, number: int, s: Styles) -> Flowable:
    heading = s.para(_numbered(number, L.MATERIALS_HEADING.get(s.lang), s.lang), s.heading)
    widths = [26.0, 0.0, 62.0, 34.0, 92.0, 88.0, 36.0]
    widths[1] = FRAME_WIDTH - sum(widths)
    if not matter.materials:
        return section_table([[heading], [s.para(L.MATERIALS_NONE.get(s.lang), s.body)]],
                             [FRAME_WIDTH], [])
    header = [s.para(c.get(s.lang), s.small) for c in L.MATERIAL_COLUMNS]
    rows: list[list[Any]] = [[heading] + [""] * 6, header]
    for index, material in enumerate(matter.materials, start=1):
        rows.append([
            s.para(str(index), s.center),
            s.para(material.name.get(s.lang), s.body),
            s.para(L.MATERIAL_FORMS[material.form].get(s.lang), s.small),
            s.para(str(material.copies), s.center),
            s.para(_needed(material, matter, s.lang), s.small),
            s.para(material.source.get(s.lang) if material.source else L.NO_SOURCE.get(s.lang),
                   s.small),
            s.para("□", s.center),
        ])
    return section_table(rows, widths, [("SPAN", (0, 0), (-1, 0)),
                                        ("BACKGROUND", (0, 1), (-1, 1), LIGHT_SHADE)],
                         repeat_rows=2)


def _signatures(service: ServiceDefinition, number: int, s: Styles) -> Flowable:
    heading = s.para(_numbered(number, L.SIGNATURES_HEADING.get(s.lang), s.lang), s.heading)
    date = L.DATE_LINE_ZH if s.lang != "en" else L.DATE_LABEL.en + " " + "_" * 14
    captions = (_signer(service), service.group.endorsement, L.STAFF_RECEIPT)
    rows = [[heading, "", ""], [s.para(c.get(s.lang), s.label) for c in captions],
            [s.para(date, s.right) for _ in captions]]
    table = section_table(rows, [FRAME_WIDTH / 3] * 3, [
        ("SPAN", (0, 0), (-1, 0)), ("LINEBELOW", (0, 0), (-1, 0), 0.5, GRID_COLOR),
        ("LINEAFTER", (0, 1), (1, -1), 0.5, GRID_COLOR),
        ("VALIGN", (0, 1), (-1, 1), "TOP"), ("VALIGN", (0, 2), (-1, 2), "BOTTOM"),
    ], min_heights=[0, 0, 64], grid=False)
    return KeepTogether([table])
