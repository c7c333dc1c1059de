"""Start pages (``/apply/<service>/<matter>``), ``/my/applications`` and one case."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from convenience_center import paths
from convenience_center.components.bilingual import bi, bi_pair
from convenience_center.components.i18n import IS_EN, colon, t, tf
from convenience_center.components.links import file_link, link
from convenience_center.components.summary import case_status_tag, fact
from convenience_center.components.tables import head, row
from convenience_center.components.vars import Item
from convenience_center.domain.cases import CertificateStanding
from convenience_center.domain.participation import RATING_LEVELS, SUB_SCORES
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import Matter, ServiceDefinition
from convenience_center.pages import page, register_page
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


def _withdraw_section(c: Item) -> rx.Component:
    """Withdrawing a case: the reason, then an explicit "yes" before anything is done."""
    s = CaseState
    return rx.el.section(
        rx.el.h2(t("case.withdraw_title")),
        rx.el.p(t("case.withdraw_lead")),
        rx.cond(
            s.confirming_withdraw,
            rx.el.div(
                rx.el.h3(tf("case.withdraw_confirm_title", case_no=c["case_no"]),
                         id="withdraw-confirm", tab_index=-1, class_name="cc-confirm__title"),
                rx.el.p(t("case.withdraw_confirm_lead")),
                rx.cond(s.withdraw_reason != "", rx.el.p(
                    tf("case.withdraw_reason_given", reason=s.withdraw_reason),
                    class_name="cc-quote")),
                rx.el.div(
                    rx.el.button(t("case.withdraw_yes"), type="button", on_click=s.withdraw,
                                 class_name="cc-button cc-button--warning"),
                    rx.el.button(t("case.withdraw_no"), type="button",
                                 on_click=s.cancel_withdraw,
                                 class_name="cc-button cc-button--secondary"),
                    class_name="cc-actions"),
                role="region", aria_labelledby="withdraw-confirm", class_name="cc-confirm"),
            rx.el.form(
                rx.el.div(
                    rx.el.label(t("case.withdraw_reason"), html_for="f-reason",
                                class_name="cc-label"),
                    rx.el.textarea(id="f-reason", name="reason", rows="2",
                                   max_length=500, default_value=s.withdraw_reason,
                                   class_name="cc-textarea"),
                    class_name="cc-field"),
                rx.el.button(t("case.withdraw_button"), type="submit",
                             class_name="cc-button cc-button--warning"),
                on_submit=s.ask_withdraw, reset_on_submit=False, no_validate=True,
                method="post"),
        ),
        class_name="cc-section cc-section--boxed",
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


def _rating_error(field: str) -> rx.Component:
    """The message next to one part of the rating form, if it was refused."""
    errors = CaseState.rating_errors
    return rx.cond(errors.contains(field), rx.el.p(
        rx.cond(IS_EN, errors[field]["en"], errors[field]["zh"]),
        id=f"rating-{field}-error", class_name="cc-error-message"))


def _rating_fieldset(field: str, legend: rx.Component | Var, *body: rx.Component,
                     small: bool = False, inline: str = "") -> rx.Component:
    invalid = CaseState.rating_errors.contains(field)
    return rx.el.fieldset(
        rx.el.legend(legend, class_name="cc-label cc-legend--small" if small else "cc-label"),
        _rating_error(field),
        *body,
        aria_describedby=rx.cond(invalid, f"rating-{field}-error", ""),
        class_name=rx.cond(invalid, f"cc-fieldset {inline} cc-field--error",
                           f"cc-fieldset {inline}"),
    )


def _score(name: str, label: rx.Component | Var) -> rx.Component:
    return _rating_fieldset(
        name, label,
        rx.el.div(*[rx.fragment(
            rx.el.input(id=f"{name}-{n}", name=name, type="radio", value=str(n),
                        class_name="cc-radio__input"),
            rx.el.label(str(n), html_for=f"{name}-{n}", class_name="cc-score__label"))
            for n in range(1, 6)], class_name="cc-score"),
        small=True, inline="cc-fieldset--inline")


def _rating_form() -> rx.Component:
    """The invitation to rate the service of a completed case (好差评)."""
    return rx.el.section(
        rx.el.h2(t("rating.title"), id="rate"),
        rx.el.p(t("rating.lead")),
        rx.cond(CaseState.rating_errors.length() > 0, rx.el.div(
            rx.el.h3(t("common.error_summary"), class_name="cc-error-summary__title"),
            rx.el.ul(rx.foreach(CaseState.rating_errors, lambda item: rx.el.li(rx.el.a(
                rx.cond(IS_EN, item[1]["en"], item[1]["zh"]),
                href="#" + item[0].to(str) + "-1"))), class_name="cc-error-summary__list"),
            id="rating-errors", tab_index=-1, role="alert", class_name="cc-error-summary")),
        rx.el.form(
            _rating_fieldset(
                "level", t("rating.level"),
                *[rx.el.div(
                    rx.el.input(id=f"level-{level.value}", name="level", type="radio",
                                value=str(level.value), class_name="cc-radio__input"),
                    rx.el.label(bi(level.label), html_for=f"level-{level.value}",
                                class_name="cc-radio__label"), class_name="cc-radio")
                  for level in RATING_LEVELS]),
            rx.el.p(t("rating.scores_lead"), class_name="cc-hint"),
            *[_score(key, bi(label)) for key, label in SUB_SCORES.items()],
            rx.el.label(t("rating.comment"), html_for="f-rating-comment", class_name="cc-label"),
            rx.el.textarea(id="f-rating-comment", name="comment", rows="3", max_length=2000,
                           class_name="cc-textarea"),
            rx.el.button(t("rating.submit"), type="submit", class_name="cc-button"),
            on_submit=CaseState.rate, reset_on_submit=False, no_validate=True, method="post",
            class_name="cc-form",
        ),
        class_name="cc-section cc-section--boxed",
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
            rx.cond(c.contains("case_no"), rx.el.div(
                rx.cond(s.just_submitted, rx.el.div(
                    rx.el.h1(t("apply.submitted_title"), class_name="cc-panel__title"),
                    rx.el.p(t("apply.case_no_is"), rx.el.br(),
                            rx.el.strong(c["case_no"], class_name="cc-panel__number")),
                    role="status", class_name="cc-panel")),
                rx.cond(s.notice.contains("zh"), rx.el.div(
                    rx.cond(IS_EN, s.notice["en"], s.notice["zh"]), role="status",
                    class_name="cc-notice cc-notice--success")),
                rx.cond(s.problem.contains("zh"), rx.el.div(
                    rx.cond(IS_EN, s.problem["en"], s.problem["zh"]), role="alert",
                    class_name="cc-notice cc-notice--warning")),
                rx.cond(~s.just_submitted, rx.el.h1(t("case.title"), " ", c["case_no"])),
                rx.cond(c["supplement"] != "", rx.el.section(
                    rx.el.h2(t("case.supplement_title")),
                    rx.el.p(t("case.supplement_lead")),
                    rx.el.p(c["supplement"], class_name="cc-quote"),
                    rx.cond(c["amend_href"] != "", link(
                        t("case.supplement_button"), href=c["amend_href"].to(str),
                        class_name="cc-button")),
                    role="region", aria_label=t("case.supplement_title"),
                    class_name="cc-section cc-section--boxed cc-section--attention")),
                rx.cond(c["certificate"] != "", rx.el.section(
                    rx.el.h2(t("case.certificate")),
                    rx.el.p(link(c["certificate"], href="/verify/" + c["certificate"].to(str))),
                    _certificate_standing(c),
                    file_link(t("case.certificate_download"),
                              href=rx.cond(IS_EN, "/certificates/" + c["certificate"].to(str) +
                                           ".pdf?lang=en", "/certificates/" +
                                           c["certificate"].to(str) + ".pdf?lang=zh"),
                              class_name="cc-button"),
                    class_name="cc-section cc-section--boxed")),
                rx.cond(s.just_submitted, rx.el.section(
                    rx.el.h2(t("apply.what_next")),
                    rx.el.p(t("apply.what_next_body")),
                )),
                rx.el.dl(
                    fact("case.service", rx.fragment(bi_pair(c["service_zh"], c["service_en"]),
                                                     " — ",
                                                     bi_pair(c["matter_zh"], c["matter_en"]))),
                    fact("case.status", case_status_tag(c["status"], c["status_zh"],
                                                    c["status_en"])),
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
                rx.el.h2(t("case.timeline")),
                rx.el.ol(rx.foreach(c["events"].to(list[dict[str, str]]), lambda e: rx.el.li(
                    rx.el.p(rx.el.strong(bi_pair(e["status_zh"], e["status_en"])), " · ",
                            rx.el.span(e["at"], class_name="cc-meta")),
                    rx.el.p(bi_pair(e["zh"], e["en"])),
                    class_name="cc-timeline__item")), class_name="cc-timeline"),
                rx.el.h2(t("case.answers")),
                rx.el.dl(rx.foreach(c["rows"].to(list[dict[str, str]]), lambda r: rx.el.div(
                    rx.el.dt(bi_pair(r["label_zh"], r["label_en"]), class_name="cc-summary__key"),
                    rx.el.dd(bi_pair(r["value_zh"], r["value_en"]),
                             class_name="cc-summary__value"),
                    class_name="cc-summary__row")), class_name="cc-summary"),
                rx.el.h2(t("case.documents")),
                rx.el.ul(rx.foreach(c["documents"].to(list[dict[str, str]]), lambda d: rx.el.li(
                    bi_pair(d["material_zh"], d["material_en"]), colon(),
                    file_link(d["name"], href="/files/" + d["id"].to(str)))),
                class_name="cc-plain-list"),
                rx.cond(c["can_rate"], _rating_form()),
                rx.cond(c["rating_zh"] != "", rx.el.p(
                    t("rating.given"), " ", bi_pair(c["rating_zh"], c["rating_en"]),
                    class_name="cc-notice")),
                rx.cond(c["withdrawable"], _withdraw_section(c)),
            ), rx.el.p(t("common.loading"), class_name="cc-meta")),
        ),
        class_name="cc-narrow",
    )
