"""How the answers of an application read: on the check page, the receipt, the case pages
(the applicant's and the officer's) and the printed case summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from convenience_center.domain.contact import display_phone, mask_phone
from convenience_center.domain.identity import mask_id_number, mask_name
from convenience_center.domain.services.base import Field, FieldKind, Matter
from convenience_center.domain.wizard_conditions import visible_fields, visible_steps
from convenience_center.i18n import translate


def display_value(field: Field, value: Any, lang: str, *, mask_ids: bool = False,
                  staff: bool = False, mask_personal: bool = False) -> str:
    """How an answer reads on the check page, the receipt and the case page (``staff``: as
    officers read it). ID numbers from the account, and every ID number when ``mask_ids``,
    are shown masked; with ``mask_personal`` (a receipt, which travels on paper) names and
    phone numbers too, as the applicant's name is at its top. Phone numbers read as on every
    other page."""
    if value in (None, "", []):
        return "—"
    if field.kind == FieldKind.ID_NUMBER and (mask_ids or mask_personal or
                                              field.prefill is not None):
        return mask_id_number(str(value))
    if field.kind == FieldKind.NAME and mask_personal:
        return mask_name(str(value))
    if field.kind in (FieldKind.MOBILE, FieldKind.PHONE):
        shown = display_phone(str(value))
        return mask_phone(shown) if mask_personal else shown
    labels = {o.value: o.label_for(staff=staff).get(lang) for o in field.options}
    if field.kind == FieldKind.CHECKBOXES:
        return ("、" if lang != "en" else ", ").join(labels.get(v) or v for v in value)
    if field.kind in (FieldKind.SELECT, FieldKind.RADIO):
        return labels.get(value, str(value))
    if field.kind in (FieldKind.YES_NO, FieldKind.DECLARATION):
        return translate("common.yes" if value == "yes" else "common.no", lang)
    return str(value)


@dataclass(frozen=True)
class SummaryRow:
    """One answer on the check page."""

    step: str
    field: str
    label: str
    value: str
    changeable: bool


def summary(matter: Matter, answers: Mapping[str, Any], lang: str, *,
            mask_ids: bool = False, staff: bool = False,
            mask_personal: bool = False) -> list[SummaryRow]:
    """The answers of every step that applies, in order, readable (``staff``: in the words
    officers read, about the applicant rather than to them; masked as ``display_value``
    says)."""
    rows = []
    for step in visible_steps(matter, answers):
        for field in visible_fields(step, answers):
            if field.kind == FieldKind.DECLARATION:
                continue
            rows.append(SummaryRow(step.name, field.name,
                                   field.label_for(staff=staff).get(lang),
                                   display_value(field, answers.get(field.name), lang,
                                                 mask_ids=mask_ids, staff=staff,
                                                 mask_personal=mask_personal),
                                   field.prefill is None))
    return rows
