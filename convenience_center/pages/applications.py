"""Start pages (``/apply/<service>/<matter>``), ``/my/applications`` and one case."""

from __future__ import annotations

import reflex as rx

from convenience_center import paths
from convenience_center.components.bilingual import bi, bi_pair
from convenience_center.components.case_record import (
    case_answers,
    case_documents,
    case_message,
    service_fact,
)
from convenience_center.components.i18n import IS_EN, colon, t, tf
from convenience_center.components.links import file_link, link
from convenience_center.components.summary import case_status_tag, fact
from convenience_center.components.tables import head, row
from convenience_center.components.vars import Item
from convenience_center.domain.cases import CertificateStanding
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import Matter
from convenience_center.domain.services.definition import ServiceDefinition
from convenience_center.pages import page, register_page
from convenience_center.pages.case_actions import rating_form, withdraw_section
from convenience_center.state.applications import ApplyStartState, CaseState, MyApplicationsState


def start_page(service: ServiceDefinition, matter: Matter) -> rx.Component:
    """The start page of one matter (GOV.UK pattern): what you need, then "Start now"."""
    s = ApplyStartState
    return rx.el.div(
        rx.el.p(link(bi(service.name), href=f"/services/{service.code}"),
                class_name="cc-breadcrumb"),
        rx.el.h1(bi(matter.name)),
        rx.el.p(bi(matter.summary), class_name="cc-lead"),
        rx.el.h2(t("guide.eligibility")),
        rx.el.ul(*[rx.el.li(bi(text)) for text in matter.eligibility]),
        rx.el.h2(t("guide.materials")),
        rx.el.ul(*[rx.el.li(bi(m.name)) for m in matter.materials]),
        rx.el.p(t("apply.start_lead")),
        rx.cond(
            s.citizen,
            rx.cond(
                s.drafts.length() > 0,
                _resume_drafts(),
                rx.el.button(t("apply.start_button"), " ›", type="button", on_click=s.start,
                             class_name="cc-button cc-button--start"),
            ),
            rx.el.p(t("apply.citizens_only"), role="status",
                    class_name="cc-notice cc-notice--warning"),
        ),
        class_name="cc-narrow",
    )


def _resume_drafts() -> rx.Component:
    """A matter already started: continue it (how far it has come, when it was saved), or
    start another one on purpose."""
    s = ApplyStartState
    return rx.el.section(
        rx.el.h2(t("apply.resume_title")),
        rx.el.p(t("apply.resume_lead")),
        rx.el.ul(rx.foreach(s.drafts, lambda d: rx.el.li(
            rx.el.p(bi_pair(d["progress_zh"], d["progress_en"]), rx.el.br(),
                    tf("apply.draft_saved", when=d["updated"]), class_name="cc-meta"),
            link(t("apply.resume_button"), rx.el.span(
                " ", bi_pair(d["progress_zh"], d["progress_en"]),
                class_name="cc-visually-hidden"), href=d["href"],
                class_name="cc-button"),
            class_name="cc-draft")), class_name="cc-plain-list"),
        rx.el.button(t("apply.start_another"), type="button", on_click=s.start_another,
                     class_name="cc-button cc-button--secondary"),
        class_name="cc-section cc-section--boxed",
    )


def _register_start_pages() -> None:
    for service in registry().values():
        for matter in service.matters:
            def render(service: ServiceDefinition = service,
                       matter: Matter = matter) -> rx.Component:
                return start_page(service, matter)

            render.__name__ = f"apply_{service.code}_{matter.code}".replace("-", "_")
            register_page(f"/apply/{service.code}/{matter.code}", render, title=matter.name,
                          on_load=ApplyStartState.load)


_register_start_pages()


def _confirm_delete(draft: Item) -> rx.Component:
    """The second step of deleting a draft: an explicit "yes" (or keep it)."""
    s = MyApplicationsState
    return rx.el.div(
        rx.el.h3(t("my.delete_confirm_title"), id="delete-" + draft["id"].to(str),
                 tab_index=-1, class_name="cc-confirm__title"),
        rx.el.p(t("my.delete_confirm_lead")),
        rx.el.div(
            rx.el.button(t("my.delete_yes"), type="button", on_click=s.delete_draft(draft["id"]),
                         class_name="cc-button cc-button--warning"),
            rx.el.button(t("my.delete_no"), type="button", on_click=s.cancel_delete,
                         class_name="cc-button cc-button--secondary"),
            class_name="cc-actions"),
        role="region", aria_labelledby="delete-" + draft["id"].to(str),
        class_name="cc-confirm",
    )


MY_COLUMNS = [t(k) for k in ("my.col_case_no", "my.col_service", "my.col_status",
                             "my.col_submitted", "my.col_promised")]


@page("/my/applications", "my.title", on_load=MyApplicationsState.load)
def my_applications() -> rx.Component:
    """Drafts and cases of the signed-in user."""
    s = MyApplicationsState
    return rx.el.div(
        rx.el.h1(t("my.title")),
        rx.cond(s.notice.contains("zh"), rx.el.div(rx.cond(IS_EN, s.notice["en"],
                                                           s.notice["zh"]),
                                                   role="status", class_name="cc-notice")),
        rx.el.h2(t("my.cases")),
        rx.cond(
            s.cases.length() > 0,
            rx.el.div(rx.el.table(
                head(MY_COLUMNS),
                rx.el.tbody(rx.foreach(s.cases, lambda c: row(
                    MY_COLUMNS,
                    link(c["case_no"], href=paths.my_case(c["case_no"].to(str))),
                    rx.fragment(bi_pair(c["service_zh"], c["service_en"]), rx.el.br(),
                                rx.el.span(bi_pair(c["matter_zh"], c["matter_en"]),
                                           class_name="cc-meta")),
                    case_status_tag(c["status"], c["status_zh"], c["status_en"]),
                    c["submitted"],
                    c["promised"],
                ))),
                class_name="cc-table"), class_name="cc-table-wrap", tab_index=0,
                role="region", aria_label=t("my.cases")),
            rx.el.p(t("my.no_cases")),
        ),
        rx.el.h2(t("my.drafts")),
        rx.cond(
            s.drafts.length() > 0,
            rx.el.ul(rx.foreach(s.drafts, lambda d: rx.el.li(
                rx.el.p(rx.el.strong(bi_pair(d["service_zh"], d["service_en"])), " · ",
                        bi_pair(d["matter_zh"], d["matter_en"])),
                rx.el.p(t("my.col_updated"), colon(), d["updated"], " · ",
                        bi_pair(d["progress_zh"], d["progress_en"]), class_name="cc-meta"),
                rx.cond(s.confirm_delete == d["id"], _confirm_delete(d), rx.el.div(
                    link(t("my.continue"), href=d["href"], class_name="cc-button"),
                    rx.el.button(t("my.delete"), rx.el.span(
                        " ", bi_pair(d["matter_zh"], d["matter_en"]),
                        class_name="cc-visually-hidden"), type="button",
                        on_click=s.ask_delete(d["id"]),
                        class_name="cc-button cc-button--secondary"),
                    class_name="cc-actions")),
                class_name="cc-draft",
            )), class_name="cc-plain-list"),
            rx.el.p(t("my.no_drafts")),
        ),
        rx.el.p(link(t("my.browse"), href="/services")),
    )


def _certificate_standing(c: Item) -> rx.Component:
    """Whether the certificate still holds: a warning, with the date and what ended it, when
    it was cancelled, replaced or has expired."""
    valid = c["certificate_status"] == CertificateStanding.VALID
    return rx.el.div(
        rx.el.dl(fact("case.certificate_status",
                      bi_pair(c["certificate_note_zh"], c["certificate_note_en"])),
                 class_name="cc-summary"),
        rx.cond(c["certificate_replaced_by"] != "", rx.el.p(link(
            t("case.certificate_new"), " ", c["certificate_replaced_by"],
            href="/verify/" + c["certificate_replaced_by"].to(str)))),
        role=rx.cond(valid, "status", "alert"),
        class_name=rx.cond(valid, "cc-certificate-status",
                           "cc-notice cc-notice--warning cc-certificate-status"),
    )


def _submitted_panel(c: Item) -> rx.Component:
    """The confirmation right after submitting: the case number, large."""
    return rx.el.div(
        rx.el.h1(t("apply.submitted_title"), class_name="cc-panel__title"),
        rx.el.p(t("apply.case_no_is"), rx.el.br(),
                rx.el.strong(c["case_no"], class_name="cc-panel__number")),
        role="status", class_name="cc-panel")


def _supplement_section(c: Item) -> rx.Component:
    """What the office asked the applicant to add, and the way to add it."""
    return rx.el.section(
        rx.el.h2(t("case.supplement_title")),
        rx.el.p(t("case.supplement_lead")),
        rx.el.p(c["supplement"], class_name="cc-quote"),
        rx.cond(c["amend_href"] != "", link(
            t("case.supplement_button"), href=c["amend_href"].to(str),
            class_name="cc-button")),
        role="region", aria_label=t("case.supplement_title"),
        class_name="cc-section cc-section--boxed cc-section--attention")


def _certificate_section(c: Item) -> rx.Component:
    """The certificate issued on the case: its number, whether it holds, the PDF."""
    return rx.el.section(
        rx.el.h2(t("case.certificate")),
        rx.el.p(link(c["certificate"], href="/verify/" + c["certificate"].to(str))),
        _certificate_standing(c),
        file_link(t("case.certificate_download"),
                  href=rx.cond(IS_EN, "/certificates/" + c["certificate"].to(str) +
                               ".pdf?lang=en", "/certificates/" +
                               c["certificate"].to(str) + ".pdf?lang=zh"),
                  class_name="cc-button"),
        class_name="cc-section cc-section--boxed")


def _case_summary(c: Item) -> rx.Component:
    """Service, status, office, dates, then the receipt to download."""
    return rx.fragment(
        rx.el.dl(
            service_fact(c),
            fact("case.status", case_status_tag(c["status"], c["status_zh"], c["status_en"])),
            fact("case.office", bi_pair(c["office_zh"], c["office_en"])),
            fact("case.submitted", c["submitted"]),
            rx.cond(c["promise_stands"], fact("case.promised", rx.fragment(
                c["promised"],
                rx.cond(c["provisional"], rx.el.span(" ", tf(
                    "apply.provisional", year=c["promised_year"]),
                    class_name="cc-meta"))))),
            class_name="cc-summary",
        ),
        rx.el.p(file_link(t("apply.receipt"),
                          href=rx.cond(IS_EN, "/receipts/" + c["case_no"].to(str) +
                                       ".pdf?lang=en",
                                       "/receipts/" + c["case_no"].to(str) +
                                       ".pdf?lang=zh"),
                          class_name="cc-button cc-button--secondary")),
    )


def _timeline(c: Item) -> rx.Component:
    """What has happened to the case, oldest first, as the applicant may see it."""
    return rx.el.ol(rx.foreach(c["events"].to(list[dict[str, str]]), lambda e: rx.el.li(
        rx.el.p(rx.el.strong(bi_pair(e["status_zh"], e["status_en"])), " · ",
                rx.el.span(e["at"], class_name="cc-meta")),
        rx.el.p(bi_pair(e["zh"], e["en"])),
        class_name="cc-timeline__item")), class_name="cc-timeline")


def _case(c: Item) -> rx.Component:
    """A loaded case, from the confirmation (or its heading) down to what one can do."""
    s = CaseState
    return rx.el.div(
        rx.cond(s.just_submitted, _submitted_panel(c)),
        case_message(s.notice, alert=False),
        case_message(s.problem, alert=True),
        rx.cond(~s.just_submitted, rx.el.h1(t("case.title"), " ", c["case_no"])),
        rx.cond(c["supplement"] != "", _supplement_section(c)),
        rx.cond(c["certificate"] != "", _certificate_section(c)),
        rx.cond(s.just_submitted, rx.el.section(
            rx.el.h2(t("apply.what_next")),
            rx.el.p(t("apply.what_next_body")),
        )),
        _case_summary(c),
        rx.el.h2(t("case.timeline")),
        _timeline(c),
        rx.el.h2(t("case.answers")),
        case_answers(c),
        rx.el.h2(t("case.documents")),
        case_documents(c),
        rx.cond(c["can_rate"], rating_form()),
        rx.cond(c["rating_zh"] != "", rx.el.p(
            t("rating.given"), " ", bi_pair(c["rating_zh"], c["rating_en"]),
            class_name="cc-notice")),
        rx.cond(c["withdrawable"], withdraw_section(c)),
    )


@page("/my/applications/[case_no]", "case.title", on_load=CaseState.load)
def case_page() -> rx.Component:
    """One case: confirmation after submitting, summary, answers, documents, timeline."""
    s = CaseState
    c = s.case
    return rx.el.div(
        rx.cond(
            ~s.found,
            rx.el.div(rx.el.h1(t("case.not_found")),
                      rx.el.p(link(t("nav.my_applications"), href=paths.MY_APPLICATIONS))),
            rx.cond(c.contains("case_no"), _case(c),
                    rx.el.p(t("common.loading"), class_name="cc-meta")),
        ),
        class_name="cc-narrow",
    )
