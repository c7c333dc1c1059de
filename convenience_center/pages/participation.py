"""``/consult``, ``/faq``, ``/complaints`` and ``/ratings``: citizens take part."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx
from reflex.vars import ArrayVar

from convenience_center.components.bilingual import bi, bi_pair
from convenience_center.components.forms import (
    error_summary,
    field_error,
    form,
    notice_banner,
    submit_button,
    text_field,
    textarea_field,
)
from convenience_center.components.i18n import IS_EN, t
from convenience_center.components.links import link
from convenience_center.components.tables import head, row
from convenience_center.domain.participation import COMPLAINT_KINDS, RATING_LEVELS
from convenience_center.pages import page
from convenience_center.pages.complaint_items import (
    NEW_COMPLAINT_UPLOAD,
    complaint_item,
    new_complaint_files,
)
from convenience_center.state.live import UserActivity
from convenience_center.state.participation import (
    ComplaintsState,
    ConsultState,
    FaqState,
    RatingsState,
)


def _live(state: type[ConsultState] | type[ComplaintsState]) -> rx.Component:
    return rx.cond(UserActivity.changes != state.seen_changes,
                   rx.el.span(on_mount=state.refresh, class_name="cc-visually-hidden"))


def _office_select(state: type[ConsultState] | type[ComplaintsState],
                   label_key: str) -> rx.Component:
    error = field_error(state, "office")
    return rx.el.div(
        rx.el.label(t(label_key), html_for="f-office", class_name="cc-label"),
        rx.cond(error != "", rx.el.p(error, id="f-office-error",
                                     class_name="cc-error-message")),
        rx.el.select(
            rx.el.option(rx.cond(IS_EN, "Choose…", "请选择…"), value=""),
            rx.foreach(state.choices, lambda o: rx.el.option(
                rx.cond(IS_EN, o["en"], o["zh"]), value=o["value"])),
            id="f-office", name="office", default_value=state.default_office,
            aria_invalid=rx.cond(error != "", "true", "false"), class_name="cc-select",
        ),
        class_name=rx.cond(error != "", "cc-field cc-field--error", "cc-field"),
    )


@page("/consult", "consult.title", on_load=ConsultState.load)
def consult() -> rx.Component:
    """Ask a policy question; see the answers."""
    s = ConsultState
    return rx.el.div(
        _live(s),
        error_summary(s),
        notice_banner(s),
        rx.el.h1(t("consult.title")),
        rx.el.p(t("consult.lead"), " ", link(t("consult.faq_link"), href="/faq"),
                class_name="cc-lead"),
        rx.cond(s.loaded, rx.fragment(
            form(
                _office_select(s, "consult.office"),
                rx.el.div(
                    rx.el.label(t("consult.service"), rx.el.span(" ", t("common.optional"),
                                                                 class_name="cc-optional"),
                                html_for="f-service", class_name="cc-label"),
                    rx.el.select(
                        rx.el.option(t("consult.service_none"), value=""),
                        rx.foreach(s.services, lambda o: rx.el.option(
                            rx.cond(IS_EN, o["en"], o["zh"]), value=o["value"])),
                        id="f-service", name="service", class_name="cc-select"),
                    class_name="cc-field",
                ),
                text_field(s, "subject", "consult.subject", max_length=120),
                textarea_field(s, "question", "consult.question", hint_key="consult.question_hint",
                               rows=6, max_length=4000),
                submit_button("consult.submit"),
                on_submit=s.ask, key=s.generation.to(str),
            ),
            rx.el.h2(t("consult.mine")),
            rx.cond(s.items.length() > 0, rx.el.ul(rx.foreach(s.items, lambda q: rx.el.li(
                rx.el.h3(q["subject"], " ", rx.el.span(q["tracking_no"], class_name="cc-meta"),
                         class_name="cc-item__title"),
                rx.el.p(bi_pair(q["status_zh"], q["status_en"]), " · ", q["asked"], " · ",
                        bi_pair(q["office_zh"], q["office_en"]), class_name="cc-meta"),
                rx.el.p(q["question"], class_name="cc-quote"),
                rx.cond(q["answer"] != "", rx.el.div(
                    rx.el.p(rx.el.strong(t("consult.answer")), " · ", q["answered"]),
                    rx.el.p(q["answer"], class_name="cc-answer"))),
                class_name="cc-item")), class_name="cc-plain-list"),
                rx.el.p(t("consult.none"))),
        ), rx.el.p(t("common.loading"), class_name="cc-meta")),
        class_name="cc-narrow",
    )


@page("/faq", "faq.title", on_load=FaqState.load)
def faq() -> rx.Component:
    """Published questions and answers, searchable by anyone."""
    s = FaqState
    return rx.el.div(
        rx.el.h1(t("faq.title")),
        rx.el.p(t("faq.lead"), " ", link(t("faq.ask"), href="/consult"), class_name="cc-lead"),
        form(
            text_field(s, "q", "faq.search", input_type="search", max_length=100),
            submit_button("common.search", secondary=True),
            on_submit=s.search, role="search",
        ),
        rx.cond(s.entries.length() > 0, rx.el.ul(rx.foreach(s.entries, lambda e: rx.el.li(
            rx.el.h2(e["question"], class_name="cc-item__title"),
            rx.el.p(e["answer"], class_name="cc-answer"),
            rx.el.p(bi_pair(e["office_zh"], e["office_en"]), " · ", e["published"],
                    class_name="cc-meta"),
            class_name="cc-item")), class_name="cc-plain-list"),
            rx.el.p(t("faq.none"), role="status")),
        class_name="cc-narrow",
    )


def _kind_choice(kind: str) -> rx.Component:
    return rx.el.div(
        rx.el.input(id=f"kind-{kind}", name="kind", type="radio", value=kind,
                    default_checked=kind == "office",
                    on_click=ComplaintsState.choose_kind(kind), class_name="cc-radio__input"),
        rx.el.label(bi(COMPLAINT_KINDS[kind]), html_for=f"kind-{kind}",
                    class_name="cc-radio__label"),
        class_name="cc-radio",
    )


@page("/complaints", "complaints.title", on_load=ComplaintsState.load)
def complaints_page() -> rx.Component:
    """Complaints and suggestions."""
    s = ComplaintsState
    return rx.el.div(
        _live(s),
        error_summary(s),
        notice_banner(s),
        rx.el.h1(t("complaints.title")),
        rx.el.p(t("complaints.lead"), class_name="cc-lead"),
        rx.cond(s.loaded, rx.fragment(
            form(
                rx.el.fieldset(
                    rx.el.legend(t("complaints.kind"), class_name="cc-label"),
                    *[_kind_choice(kind) for kind in COMPLAINT_KINDS],
                    class_name="cc-fieldset",
                ),
                rx.cond(s.kind != "case", _office_select(s, "complaints.office")),
                rx.cond(s.kind == "personnel",
                        text_field(s, "about_person", "complaints.person",
                                   hint_key="complaints.person_hint", width="20",
                                   max_length=50)),
                rx.cond(s.kind == "case",
                        text_field(s, "case_no", "complaints.case_no", width="20",
                                   max_length=30)),
                text_field(s, "subject", "complaints.subject", max_length=120),
                textarea_field(s, "body", "complaints.body", rows=6, max_length=4000),
                new_complaint_files(),
                submit_button("complaints.submit"),
                # The documents travel with the form in one request; the choice is then
                # cleared by the page itself (the CSP allows no script sent by the server).
                # Reflex types the handler's argument as the files the upload spec becomes.
                on_submit=lambda form_data: [
                    s.file_complaint(
                        rx.upload_files(upload_id=NEW_COMPLAINT_UPLOAD),  # pyright: ignore[reportArgumentType]
                        form_data),
                    rx.clear_selected_files(NEW_COMPLAINT_UPLOAD)],
                key=s.generation.to(str),
            ),
            rx.el.h2(t("complaints.mine")),
            rx.cond(s.items.length() > 0,
                    rx.el.ul(rx.foreach(s.items, complaint_item), class_name="cc-plain-list"),
                    rx.el.p(t("complaints.none"))),
        ), rx.el.p(t("common.loading"), class_name="cc-meta")),
        class_name="cc-narrow",
    )


def _ratings_table(rows: ArrayVar[Sequence[dict[str, Any]]], name_key: str) -> rx.Component:
    headers = [t(name_key), t("ratings.count"), t("ratings.average"), t("ratings.satisfied"),
               *[bi(level.label) for level in RATING_LEVELS]]
    return rx.el.div(
        rx.el.table(
            head(headers),
            rx.el.tbody(rx.foreach(rows, lambda r: row(
                headers, bi_pair(r["zh"], r["en"]), r["count"], r["average"], r["satisfied"],
                *[r[f"l{level.value}"] for level in RATING_LEVELS], header_first=True))),
            class_name="cc-table"),
        class_name="cc-table-wrap", tab_index=0, role="region", aria_label=t(name_key))


@page("/ratings", "ratings.title", on_load=RatingsState.load)
def ratings_page() -> rx.Component:
    """The published service ratings (好差评) per office and per service."""
    s = RatingsState
    return rx.el.div(
        rx.el.h1(t("ratings.title")),
        rx.el.p(t("ratings.lead"), class_name="cc-lead"),
        rx.el.h2(t("ratings.by_office")),
        rx.cond(s.by_office.length() > 0, _ratings_table(s.by_office, "ratings.office"),
                rx.el.p(t("ratings.none"))),
        rx.el.h2(t("ratings.by_service")),
        rx.cond(s.by_service.length() > 0, _ratings_table(s.by_service, "ratings.service"),
                rx.el.p(t("ratings.none"))),
    )

