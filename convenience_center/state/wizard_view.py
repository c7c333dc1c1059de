"""The wizard's pages as view data: how the service's typed pages are drawn and said.

:mod:`convenience_center.services.wizard_pages` says what is on a page; here it becomes the
plain, bilingual view data the state sends (both languages side by side, so switching language
needs no round trip): how each field kind is drawn, the links, sizes and titles. Each part of
a page is a frozen dataclass whose fields are named as the vars of the state that shows it
(:meth:`~convenience_center.state.wizard_frame.WizardFrame._show`; a test holds them to it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from convenience_center import paths
from convenience_center.domain.services.base import Field, FieldKind, Matter, Step, Text
from convenience_center.domain.wizard import display_value, summary
from convenience_center.domain.wizard_progress import FlowChange, page_title
from convenience_center.i18n import translate, translate_count
from convenience_center.services.offices import OfficeView
from convenience_center.services.wizard_pages import (
    CheckPage,
    DocumentsPage,
    OfficeChoice,
    OfficePage,
    QuestionsPage,
    WizardPage,
)

INPUT_TYPES = {
    FieldKind.EMAIL: "email", FieldKind.MOBILE: "tel", FieldKind.PHONE: "tel",
    FieldKind.DATE: "date", FieldKind.INTEGER: "text",
}
INPUT_MODES = {FieldKind.INTEGER: "numeric", FieldKind.MOBILE: "tel", FieldKind.PHONE: "tel"}
AUTOCOMPLETE = {FieldKind.EMAIL: "email", FieldKind.MOBILE: "tel"}
RENDER_AS = {  # how a kind is drawn on the page (components/wizard_fields.py)
    FieldKind.TEXTAREA: "textarea", FieldKind.SELECT: "select", FieldKind.RADIO: "radio",
    FieldKind.YES_NO: "radio", FieldKind.CHECKBOXES: "checkboxes",
    FieldKind.DECLARATION: "declaration",
}
CHOICE_KINDS = (FieldKind.RADIO, FieldKind.SELECT, FieldKind.YES_NO, FieldKind.CHECKBOXES)
YES_NO = [{"value": "yes", "zh": "是", "en": "Yes"}, {"value": "no", "zh": "否", "en": "No"}]


def _text(text: Text | None) -> tuple[str, str]:
    return (text.zh, text.en) if text else ("", "")


def field_view(field: Field, value: Any, error: Text | None, visible: bool) -> dict[str, Any]:
    """One field of the current step, ready to render."""
    label_zh, label_en = _text(field.label)
    hint_zh, hint_en = _text(field.hint)
    error_zh, error_en = _text(error)
    options = YES_NO if field.kind == FieldKind.YES_NO else [
        {"value": o.value, "zh": o.label.zh, "en": o.label.en} for o in field.options]
    values = value if isinstance(value, list) else []
    shown = display_value(field, value, "zh") if field.prefill is not None else ""
    return {
        "name": field.name,
        "render": "readonly" if field.prefill else RENDER_AS.get(field.kind, "input"),
        "input_type": INPUT_TYPES.get(field.kind, "text"),
        "input_mode": INPUT_MODES.get(field.kind, "text"),
        "autocomplete": AUTOCOMPLETE.get(field.kind, "off"),
        "label_zh": label_zh, "label_en": label_en,
        "hint_zh": hint_zh, "hint_en": hint_en,
        "error_zh": error_zh, "error_en": error_en,
        "optional": not field.required,
        "value": "" if isinstance(value, list) else str(value or ""),
        "values": values,
        "shown": shown,
        "options": options,
        "width": field.width,
        "max_length": field.max_length or (2000 if field.kind == FieldKind.TEXTAREA else 120),
        "visible": visible,
    }


def step_fields(step: Step, answers: Mapping[str, Any],
                visible: frozenset[str]) -> list[dict[str, Any]]:
    """Every field of a step. Conditional fields whose condition does not hold yet are sent
    too (hidden), so that answering the question they depend on can show them."""
    return [field_view(f, answers.get(f.name), None, f.name in visible) for f in step.fields]


def conditions(step: Step) -> list[dict[str, Any]]:
    """For each conditional field: which answer on this page shows it."""
    return [{"field": f.name, "depends_on": f.show_if.field, "values": list(f.show_if.values)}
            for f in step.fields
            if f.show_if and any(other.name == f.show_if.field for other in step.fields)]


def summary_rows(matter: Matter, answers: Mapping[str, Any],
                 public_id: str) -> list[dict[str, str]]:
    """The check page: every answer in both languages with its change link."""
    zh_rows = summary(matter, answers, "zh")
    en_rows = summary(matter, answers, "en")
    return [
        {"step": zh.step, "field": zh.field, "label_zh": zh.label, "label_en": en.label,
         "value_zh": zh.value, "value_en": en.value,
         "href": paths.draft_step(public_id, zh.step, back_to_check=True) if zh.changeable
         else ""}
        for zh, en in zip(zh_rows, en_rows, strict=True)
    ]


def office_options(offices: Iterable[OfficeView]) -> list[dict[str, str]]:
    """Offices for a select, each labelled in both languages."""
    return [{"value": o.code, "zh": o.name_zh, "en": o.name_en} for o in offices]


def _office_choice(choice: OfficeChoice) -> dict[str, str]:
    name, city = choice.name, choice.city
    return {"value": choice.code, "zh": f"{city.zh} {name.zh}" if city else name.zh,
            "en": f"{name.en}, {city.en}" if city else name.en}


def file_size(size: int) -> str:
    """A file's size as the documents page shows it."""
    return f"{max(1, round(size / 1024))} KB"


def flow_note(change: FlowChange | None) -> dict[str, str]:
    """What an answer changed in the path, said in both languages (``{}``: nothing)."""
    if not change:
        return {}
    note = {}
    for lang in ("zh", "en"):
        parts = []
        for code, pages in (("added", change.added), ("removed", change.removed)):
            if pages:
                quoted = ("、" if lang == "zh" else ", ").join(f"“{p.get(lang)}”"
                                                                for p in pages)
                key = f"apply.flow_{code}_{'one' if len(pages) == 1 else 'many'}"
                parts.append(translate(key, lang, pages=quoted))
        parts.append(translate_count("apply.flow_total", lang, change.total,
                                     total=str(change.total)))
        note[lang] = ("" if lang == "zh" else " ").join(parts)
    return note


# --- the parts of a page, named as the vars that show them ---------------------------------

@dataclass(frozen=True)
class Heading:
    """What every page of the wizard shows above its content."""

    service_zh: str
    service_en: str
    matter_zh: str
    matter_en: str
    title_zh: str
    title_en: str
    position: int
    total: int
    amending: bool
    back_href: str


@dataclass(frozen=True)
class QuestionsView:
    """A step of questions (``_conditions``, ``_live``: kept on the server)."""

    fields: list[dict[str, Any]] = field(default_factory=list)
    intro_zh: str = ""
    intro_en: str = ""
    form_zh: str = ""  # the blank application form, when the step offers it
    form_en: str = ""
    _conditions: list[dict[str, Any]] = field(default_factory=list)
    _live: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OfficeStepView:
    counties: list[dict[str, str]] = field(default_factory=list)
    county: str = ""
    office_level: str = "county"
    township: str = ""
    townships: list[dict[str, str]] = field(default_factory=list)
    needs_township: bool = False


@dataclass(frozen=True)
class DocumentsView:
    materials: list[dict[str, Any]] = field(default_factory=list)
    upload_material: str = ""


@dataclass(frozen=True)
class CheckView:
    rows: list[dict[str, str]] = field(default_factory=list)
    office_zh: str = "—"
    office_en: str = "—"
    documents: list[dict[str, str]] = field(default_factory=list)
    missing: list[dict[str, str]] = field(default_factory=list)


PageContentView = QuestionsView | OfficeStepView | DocumentsView | CheckView


@dataclass(frozen=True)
class PageView:
    heading: Heading
    content: PageContentView


def present(page: WizardPage) -> PageView:
    """The view of one page of the wizard."""
    service, matter = page.service, page.matter
    title = page_title(matter, page.step)
    back = paths.draft_step(page.draft, page.back) if page.back else \
        f"/apply/{service.code}/{matter.code}"
    heading = Heading(service_zh=service.name.zh, service_en=service.name.en,
                      matter_zh=matter.name.zh, matter_en=matter.name.en,
                      title_zh=title.zh, title_en=title.en, position=page.position,
                      total=page.total, amending=page.amending, back_href=back)
    return PageView(heading, _content(page))


def _content(page: WizardPage) -> PageContentView:
    content = page.content
    if isinstance(content, OfficePage):
        return OfficeStepView(
            counties=[_office_choice(c) for c in content.choices], county=content.chosen,
            office_level=content.level, township=content.township,
            townships=office_options(content.townships), needs_township=content.needs_township)
    if isinstance(content, DocumentsPage):
        return _documents(content)
    if isinstance(content, CheckPage):
        return CheckView(
            rows=summary_rows(page.matter, page.answers, page.draft),
            office_zh=content.office.zh if content.office else "—",
            office_en=content.office.en if content.office else "—",
            documents=[{"zh": d.material.zh, "en": d.material.en, "name": d.filename}
                       for d in content.documents],
            missing=[{"zh": m.name.zh, "en": m.name.en} for m in content.missing])
    return _questions(page, content)


def _documents(content: DocumentsPage) -> DocumentsView:
    return DocumentsView(materials=[{
        "code": m.material.code, "zh": m.material.name.zh, "en": m.material.name.en,
        "required": m.required, "upload": m.material.upload,
        "files": [{"id": f.public_id, "name": f.name, "size": file_size(f.size)}
                  for f in m.files],
    } for m in content.materials], upload_material=content.upload_material)


def _questions(page: WizardPage, content: QuestionsPage) -> QuestionsView:
    step, answers = content.definition, page.answers
    form = f"/forms/{page.service.code}/{page.matter.code}.pdf?lang=" if step.offers_form \
        else ""
    intro_zh, intro_en = _text(step.intro)
    return QuestionsView(
        fields=step_fields(step, answers, content.visible), intro_zh=intro_zh,
        intro_en=intro_en, form_zh=form + "zh" if form else "",
        form_en=form + "en" if form else "", _conditions=conditions(step),
        _live={f.name: answers.get(f.name) for f in step.fields if f.kind in CHOICE_KINDS})
