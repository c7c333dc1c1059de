"""What a page of the wizard holds, read from the database as typed, language-neutral results.

The service decides what is on a page (which step, which fields apply, which offices can be
chosen, which documents are uploaded or still missing) and where a save leads; how it is
drawn and in which words is the presenter's (``state/wizard_view.py``). Saving a step and
showing the next one is one use case on one database session (:func:`save_and_continue`):
the page needs one round trip per click, not two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from convenience_center.domain.errors import NotFound
from convenience_center.domain.services.base import Material, Matter, Step, Text
from convenience_center.domain.services.definition import ServiceDefinition
from convenience_center.domain.wizard import (
    CHECK_STEP,
    DOCUMENTS_STEP,
    OFFICE_STEP,
    Applicant,
    find_step,
    flow,
    needed_materials,
    next_step,
    prefilled,
    previous_step,
    required_uploads,
    step_submission,
    visible_fields,
)
from convenience_center.domain.wizard_progress import FlowChange, flow_change
from convenience_center.models import ApplicationDraft, Office, User
from convenience_center.services import attachments, drafts, offices
from convenience_center.services.attachments import AttachmentView
from convenience_center.services.offices import OfficeView

PROVINCE = "410000"


@dataclass(frozen=True)
class QuestionsPage:
    """A step of questions: the definition's step, and which of its fields apply now (the
    others are conditional on an answer not given yet)."""

    definition: Step
    visible: frozenset[str]


@dataclass(frozen=True)
class OfficeChoice:
    """An office of the first list, with its city when the list holds counties."""

    code: str
    name: Text
    city: Text | None = None


@dataclass(frozen=True)
class OfficePage:
    """The office to apply at: the first list at ``level`` (a county for township matters),
    then, for those, the townships of the county chosen."""

    level: str
    choices: tuple[OfficeChoice, ...]
    chosen: str                        # pre-selected in the first list ("" none)
    township: str                      # the township chosen ("" none)
    townships: tuple[OfficeView, ...]  # of the county pre-selected
    needs_township: bool


@dataclass(frozen=True)
class NeededMaterial:
    """A document the application needs, and the files uploaded for it."""

    material: Material
    required: bool
    files: tuple[AttachmentView, ...]


@dataclass(frozen=True)
class DocumentsPage:
    materials: tuple[NeededMaterial, ...]

    @property
    def upload_material(self) -> str:
        """The document an upload is for at first: the first to upload that has no file."""
        uploads = [m for m in self.materials if m.material.upload]
        empty = [m for m in uploads if not m.files]
        return (empty or uploads)[0].material.code if uploads else ""


@dataclass(frozen=True)
class UploadedDocument:
    material: Text
    filename: str


@dataclass(frozen=True)
class CheckPage:
    """The answers are the page's (:class:`WizardPage`); here what else is checked."""

    missing: tuple[Material, ...]       # must be uploaded, are not
    office: Text | None
    documents: tuple[UploadedDocument, ...]


PageContent = QuestionsPage | OfficePage | DocumentsPage | CheckPage


@dataclass(frozen=True)
class WizardPage:
    """One page of a draft: where it is on the draft's path, and what it holds."""

    draft: str                       # the draft's public id
    service: ServiceDefinition
    matter: Matter
    step: str
    answers: Mapping[str, Any]       # saved, with the account's prefilled values
    position: int
    total: int
    amending: bool
    back: str | None                 # the page before (None: the first)
    content: PageContent


@dataclass(frozen=True)
class GoTo:
    """The page asked for is not on the draft's path now: go to this one instead."""

    step: str


@dataclass(frozen=True)
class StepRefused:
    """The step did not pass its checks: field name → why."""

    errors: dict[str, Text]


@dataclass(frozen=True)
class StepSaved:
    """The step is stored; the page it leads to, and what its answers changed in the path
    (``None``: nothing can change, e.g. the office was chosen)."""

    step: str
    page: WizardPage | GoTo
    change: FlowChange | None = None


@dataclass
class _Draft:
    """A draft opened for its owner, with what every page of it needs (loaded once)."""

    row: ApplicationDraft
    service: ServiceDefinition
    matter: Matter
    applicant: Applicant

    @property
    def answers(self) -> dict[str, Any]:
        return {**self.row.answers, **prefilled(self.matter, self.applicant)}


def _open(db: Session, *, user_id: int, public_id: str) -> _Draft:
    draft = drafts.open_draft(db, user_id=user_id, public_id=public_id)
    service, matter = drafts.draft_matter(draft)
    return _Draft(draft, service, matter, drafts.applicant_of(db, user_id=user_id))


def page_data(db: Session, *, user_id: int, public_id: str, step: str) -> WizardPage | GoTo:
    """The wizard page at ``step`` of a draft (or where to go instead)."""
    return _page(db, _open(db, user_id=user_id, public_id=public_id), step)


def save_and_continue(db: Session, *, user_id: int, public_id: str, step: str,
                      submitted: dict[str, list[str]],
                      returning: bool) -> StepSaved | StepRefused:
    """Check and store one step (``submitted``: the form, name → values); when it passes,
    the page to go to."""
    draft = _open(db, user_id=user_id, public_id=public_id)
    definition_step = find_step(draft.matter, step)
    if definition_step is None:
        raise NotFound(step)
    before = draft.answers
    result = drafts.store_step(db, draft=draft.row, applicant=draft.applicant,
                                     step_name=step,
                                     submitted=step_submission(definition_step, submitted))
    if result.errors:
        return StepRefused(result.errors)
    saved = _continue(db, draft, step, returning)
    return StepSaved(saved.step, saved.page, flow_change(draft.matter, before, draft.answers))


def office_and_continue(db: Session, *, user_id: int, public_id: str, office_code: str,
                        returning: bool) -> StepSaved:
    """Store the chosen office; the next page (:class:`Refused` when it is not acceptable)."""
    draft = _open(db, user_id=user_id, public_id=public_id)
    drafts.store_office(db, draft=draft.row, office_code=office_code)
    return _continue(db, draft, OFFICE_STEP, returning)


def continue_from(db: Session, *, user_id: int, public_id: str, step: str,
                  returning: bool) -> StepSaved:
    """The page after ``step`` (a page with nothing to store, e.g. the documents)."""
    return _continue(db, _open(db, user_id=user_id, public_id=public_id), step, returning)


def _continue(db: Session, draft: _Draft, step: str, returning: bool) -> StepSaved:
    target = CHECK_STEP if returning else next_step(draft.matter, draft.answers, step)
    return StepSaved(target, _page(db, draft, target))


def _page(db: Session, opened: _Draft, step: str) -> WizardPage | GoTo:
    draft, matter, answers = opened.row, opened.matter, opened.answers
    pages = flow(matter, answers)
    if step not in pages:
        return GoTo(_first_open(pages, draft.steps_done))
    content: PageContent
    if step == OFFICE_STEP:
        content = _office_page(db, draft, matter)
    elif step == DOCUMENTS_STEP:
        content = _documents_page(db, draft, matter, answers)
    elif step == CHECK_STEP:
        content = _check_page(db, draft, matter, answers)
    else:
        definition_step = find_step(matter, step)
        assert definition_step is not None
        content = QuestionsPage(definition_step, frozenset(
            f.name for f in visible_fields(definition_step, answers)))
    return WizardPage(draft=draft.public_id, service=opened.service, matter=matter, step=step,
                      answers=answers, position=pages.index(step) + 1, total=len(pages),
                      amending=draft.status == "amending",
                      back=previous_step(matter, answers, step), content=content)


def _first_open(pages: list[str], done: list[str]) -> str:
    return next((page for page in pages if page not in done), pages[0])


def _office_page(db: Session, draft: ApplicationDraft, matter: Matter) -> OfficePage:
    """The offices to choose from at the matter's receiving level (for township-level
    matters: the county first, then its townships), with a sensible pre-selection."""
    level = matter.receiving_level.value
    choose_level = "county" if level == "township" else level
    cities = {o.code: o for o in offices.list_offices(db, level="city")}
    choices = []
    for office in offices.list_offices(db, level=choose_level):
        city = cities.get(office.parent_code or "") if choose_level == "county" else None
        choices.append(OfficeChoice(office.code, Text(office.name_zh, office.name_en),
                                    Text(city.name_zh, city.name_en) if city else None))
    chosen = db.get(Office, draft.office_code) if draft.office_code else None
    first = chosen.parent_code if chosen and chosen.level == "township" else \
        (chosen.code if chosen else "")
    if not first:
        first = _office_of_region(db, draft, choose_level)
    if choose_level == "province" and not first:
        first = PROVINCE
    townships = offices.list_offices(db, parent_code=first, level="township") \
        if level == "township" and first else []
    return OfficePage(level=choose_level, choices=tuple(choices), chosen=first or "",
                      township=chosen.code if chosen and chosen.level == "township" else "",
                      townships=tuple(townships), needs_township=level == "township")


def _office_of_region(db: Session, draft: ApplicationDraft, level: str) -> str:
    """The office at ``level`` of the applicant's registered region (from the ID number)."""
    user = db.get(User, draft.user_id)
    region = user.id_region if user and user.id_region else ""
    guess = {"county": region, "city": region[:4] + "00", "province": PROVINCE}
    candidate = db.get(Office, guess.get(level, "")) if region else None
    return candidate.code if candidate and candidate.level == level else ""


def _documents_page(db: Session, draft: ApplicationDraft, matter: Matter,
                    answers: dict[str, Any]) -> DocumentsPage:
    files = attachments.attachments_of_draft(db, draft=draft)
    return DocumentsPage(tuple(
        NeededMaterial(material, material.required or material.show_if is not None,
                       tuple(f for f in files if f.material_code == material.code))
        for material in needed_materials(matter, answers)))


def _check_page(db: Session, draft: ApplicationDraft, matter: Matter,
                answers: dict[str, Any]) -> CheckPage:
    office = db.get(Office, draft.office_code) if draft.office_code else None
    files = attachments.attachments_of_draft(db, draft=draft)
    names = {m.code: m.name for m in matter.materials}
    uploaded = {f.material_code for f in files}
    return CheckPage(
        missing=tuple(m for m in required_uploads(matter, answers) if m.code not in uploaded),
        office=Text(office.name_zh, office.name_en) if office else None,
        documents=tuple(UploadedDocument(names[f.material_code], f.name) for f in files
                        if f.material_code in names))
