"""What the wizard pages show, read from the database as plain dicts.

Views carry both languages side by side, so switching language needs no round trip. Saving a
step and showing the next one is one use case on one database session
(:func:`save_and_continue`): the page needs one round trip per click, not two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from convenience_center import paths
from convenience_center.domain.errors import NotFound
from convenience_center.domain.services.base import Field, FieldKind, Matter, Step, Text
from convenience_center.domain.wizard import (
    CHECK_STEP,
    DOCUMENTS_STEP,
    OFFICE_STEP,
    Applicant,
    display_value,
    find_step,
    flow,
    needed_materials,
    next_step,
    prefilled,
    previous_step,
    required_uploads,
    step_submission,
    summary,
    visible_fields,
)
from convenience_center.domain.wizard_progress import FlowChange, flow_change, page_title
from convenience_center.i18n import translate
from convenience_center.models import ApplicationDraft, Office, User
from convenience_center.services import applications, attachments, offices
from convenience_center.services.offices import OfficeView

T = Text

INPUT_TYPES = {
    FieldKind.EMAIL: "email", FieldKind.MOBILE: "tel", FieldKind.PHONE: "tel",
    FieldKind.DATE: "date", FieldKind.INTEGER: "text",
}
INPUT_MODES = {FieldKind.INTEGER: "numeric", FieldKind.MOBILE: "tel", FieldKind.PHONE: "tel"}
AUTOCOMPLETE = {FieldKind.EMAIL: "email", FieldKind.MOBILE: "tel"}
RENDER_AS = {  # how a kind is drawn on the page
    FieldKind.TEXTAREA: "textarea", FieldKind.SELECT: "select", FieldKind.RADIO: "radio",
    FieldKind.YES_NO: "radio", FieldKind.CHECKBOXES: "checkboxes",
    FieldKind.DECLARATION: "declaration",
}
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


def step_fields(step: Step, answers: dict[str, Any],
                errors: dict[str, Text]) -> list[dict[str, Any]]:
    """Every field of a step. Conditional fields whose condition does not hold yet are sent
    too (hidden), so that answering the question they depend on can show them."""
    shown = {f.name for f in visible_fields(step, answers)}
    return [field_view(f, answers.get(f.name), errors.get(f.name), f.name in shown)
            for f in step.fields]


def conditions(step: Step) -> list[dict[str, Any]]:
    """For each conditional field: which answer on this page shows it."""
    found = []
    for field in step.fields:
        if field.show_if and any(f.name == field.show_if.field for f in step.fields):
            found.append({"field": field.name, "depends_on": field.show_if.field,
                          "values": list(field.show_if.values)})
    return found


def summary_rows(matter: Matter, answers: dict[str, Any], public_id: str) -> list[dict[str, str]]:
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


def office_options(offices: list[OfficeView]) -> list[dict[str, str]]:
    """Offices for a select, each labelled in both languages."""
    return [{"value": o.code, "zh": o.name_zh, "en": o.name_en} for o in offices]


def value_text(field: Field, value: Any) -> tuple[str, str]:
    """An answer readable in both languages."""
    return display_value(field, value, "zh"), display_value(field, value, "en")


# --- the data of one wizard page ----------------------------------------------------------

@dataclass
class _Draft:
    """A draft opened for its owner, with what every page of it needs (loaded once)."""

    row: ApplicationDraft
    service: Any
    matter: Matter
    applicant: Applicant

    @property
    def answers(self) -> dict[str, Any]:
        return {**self.row.answers, **prefilled(self.matter, self.applicant)}


def _open(db: Session, *, user_id: int, public_id: str) -> _Draft:
    draft = applications.open_draft(db, user_id=user_id, public_id=public_id)
    service, matter = applications.draft_matter(draft)
    return _Draft(draft, service, matter, applications.applicant_of(db, user_id=user_id))


def page_data(db: Session, *, user_id: int, public_id: str, step: str) -> dict[str, Any]:
    """Everything the wizard page at ``step`` of a draft shows (or where to go instead)."""
    return _page(db, _open(db, user_id=user_id, public_id=public_id), step)


def save_and_continue(db: Session, *, user_id: int, public_id: str, step: str,
                      submitted: dict[str, list[str]], returning: bool) -> dict[str, Any]:
    """Check and store one step (``submitted``: the form, name → values); when it passes,
    the page to go to and its data.

    Returns ``{"errors": {field: Text}}`` or ``{"errors": {}, "step": name, "page": ...}``.
    """
    draft = _open(db, user_id=user_id, public_id=public_id)
    definition_step = find_step(draft.matter, step)
    if definition_step is None:
        raise NotFound(step)
    before = draft.answers
    result = applications.store_step(db, draft=draft.row, applicant=draft.applicant,
                                     step_name=step,
                                     submitted=step_submission(definition_step, submitted))
    if result.errors:
        return {"errors": result.errors}
    return {**_continue(db, draft, step, returning),
            "flow_note": flow_note(flow_change(draft.matter, before, draft.answers))}


def flow_note(change: FlowChange) -> dict[str, str]:
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
        parts.append(translate("apply.flow_total", lang, total=str(change.total)))
        note[lang] = ("" if lang == "zh" else " ").join(parts)
    return note


def office_and_continue(db: Session, *, user_id: int, public_id: str, office_code: str,
                        returning: bool) -> dict[str, Any]:
    """Store the chosen office; the next page (:class:`Refused` when it is not acceptable)."""
    draft = _open(db, user_id=user_id, public_id=public_id)
    applications.store_office(db, draft=draft.row, office_code=office_code)
    return _continue(db, draft, OFFICE_STEP, returning)


def continue_from(db: Session, *, user_id: int, public_id: str, step: str,
                  returning: bool) -> dict[str, Any]:
    """The page after ``step`` (a page with nothing to store, e.g. the documents)."""
    return _continue(db, _open(db, user_id=user_id, public_id=public_id), step, returning)


def _continue(db: Session, draft: _Draft, step: str, returning: bool) -> dict[str, Any]:
    target = CHECK_STEP if returning else next_step(draft.matter, draft.answers, step)
    return {"errors": {}, "step": target, "page": _page(db, draft, target)}


def _page(db: Session, opened: _Draft, step: str) -> dict[str, Any]:
    draft, service, matter = opened.row, opened.service, opened.matter
    answers = opened.answers
    pages = flow(matter, answers)
    if step not in pages:
        return {"redirect": _first_open(pages, draft.steps_done)}
    state: dict[str, Any] = {
        "service_zh": service.name.zh, "service_en": service.name.en,
        "matter_zh": matter.name.zh, "matter_en": matter.name.en,
        "position": pages.index(step) + 1, "total": len(pages),
        "amending": draft.status == "amending",
        "fields": [], "materials": [], "rows": [], "counties": [], "townships": [],
        "intro_zh": "", "intro_en": "", "form_zh": "", "form_en": "", "missing": [],
    }
    conditions_: list[dict[str, Any]] = []
    live: dict[str, Any] = {}
    title = page_title(matter, step)
    if step == OFFICE_STEP:
        state.update(_office_page(db, draft, matter))
    elif step == DOCUMENTS_STEP:
        state.update(_documents_page(db, draft, matter, answers))
    elif step == CHECK_STEP:
        state.update(_check_page(db, draft, matter, answers))
    else:
        definition_step = find_step(matter, step)
        assert definition_step is not None
        state["fields"] = step_fields(definition_step, answers, {})
        if definition_step.offers_form:
            base = f"/forms/{service.code}/{matter.code}.pdf?lang="
            state["form_zh"], state["form_en"] = base + "zh", base + "en"
        if definition_step.intro:
            state["intro_zh"], state["intro_en"] = (definition_step.intro.zh,
                                                    definition_step.intro.en)
        conditions_ = conditions(definition_step)
        live = {f.name: answers.get(f.name) for f in definition_step.fields
                if f.kind in (FieldKind.RADIO, FieldKind.SELECT, FieldKind.YES_NO,
                              FieldKind.CHECKBOXES)}
    state["title_zh"], state["title_en"] = title.zh, title.en
    return {"redirect": None, "state": state, "conditions": conditions_, "live": live,
            "back": previous_step(matter, answers, step), "service_code": service.code,
            "matter_code": matter.code}


def _first_open(pages: list[str], done: list[str]) -> str:
    return next((page for page in pages if page not in done), pages[0])


def _office_page(db: Session, draft: ApplicationDraft, matter: Matter) -> dict[str, Any]:
    """The offices to choose from at the matter's receiving level (for township-level
    matters: the county first, then its townships), with a sensible pre-selection."""
    level = matter.receiving_level.value
    choose_level = "county" if level == "township" else level
    cities = {o.code: o for o in offices.list_offices(db, level="city")}
    choices = []
    for office in offices.list_offices(db, level=choose_level):
        city = cities.get(office.parent_code or "") if choose_level == "county" else None
        choices.append({"value": office.code,
                        "zh": f"{city.name_zh} {office.name_zh}" if city else office.name_zh,
                        "en": f"{office.name_en}, {city.name_en}" if city else office.name_en})
    chosen = db.get(Office, draft.office_code) if draft.office_code else None
    first = chosen.parent_code if chosen and chosen.level == "township" else \
        (chosen.code if chosen else "")
    if not first:  # pre-select from the applicant's registered region (ID number)
        user = db.get(User, draft.user_id)
        region = user.id_region if user and user.id_region else ""
        guess = {"county": region, "city": region[:4] + "00", "province": "410000"}
        candidate = db.get(Office, guess.get(choose_level, "")) if region else None
        first = candidate.code if candidate and candidate.level == choose_level else ""
    if choose_level == "province" and not first:
        first = "410000"
    townships = office_options(offices.list_offices(db, parent_code=first, level="township")) \
        if level == "township" and first else []
    return {"counties": choices, "county": first, "office_level": choose_level,
            "township": chosen.code if chosen and chosen.level == "township" else "",
            "townships": townships, "needs_township": level == "township"}


def _documents_page(db: Session, draft: ApplicationDraft, matter: Matter,
                    answers: dict[str, Any]) -> dict[str, Any]:
    files = attachments.attachments_of_draft(db, draft=draft)
    materials = []
    for material in needed_materials(matter, answers):
        materials.append({
            "code": material.code, "zh": material.name.zh, "en": material.name.en,
            "required": material.required or material.show_if is not None,
            "upload": material.upload,
            "files": [{"id": f.public_id, "name": f.name,
                       "size": f"{max(1, round(f.size / 1024))} KB"}
                      for f in files if f.material_code == material.code],
        })
    first = next((m["code"] for m in materials if m["upload"] and not m["files"]),
                 next((m["code"] for m in materials if m["upload"]), ""))
    return {"materials": materials, "upload_material": first}


def _check_page(db: Session, draft: ApplicationDraft, matter: Matter,
                answers: dict[str, Any]) -> dict[str, Any]:
    office = db.get(Office, draft.office_code) if draft.office_code else None
    files = attachments.attachments_of_draft(db, draft=draft)
    names = {m.code: m.name for m in matter.materials}
    uploaded = {f.material_code for f in files}
    return {
        "missing": [{"zh": m.name.zh, "en": m.name.en}
                    for m in required_uploads(matter, answers) if m.code not in uploaded],
        "rows": summary_rows(matter, answers, draft.public_id),
        "office_zh": office.name_zh if office else "—",
        "office_en": office.name_en if office else "—",
        "documents": [{"zh": names[f.material_code].zh, "en": names[f.material_code].en,
                       "name": f.name} for f in files if f.material_code in names],
    }
