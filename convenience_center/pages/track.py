"""``/track``: public progress query."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.bilingual import bi_pair
from convenience_center.components.forms import (
    error_summary,
    form,
    notice_banner,
    submit_button,
    text_field,
)
from convenience_center.components.i18n import t, tf
from convenience_center.pages import page
from convenience_center.state.track import TrackState as S


@page("/track", "track.title", on_load=S.load)
def track() -> rx.Component:
    """Look up a case by its number and the applicant's ID number."""
    r = S.result
    return rx.el.div(
        error_summary(S),
        rx.el.h1(t("track.title")),
        rx.el.p(t("track.lead"), class_name="cc-lead"),
        notice_banner(S, kind="warning"),
        form(
            text_field(S, "case_no", "track.case_no", hint_key="track.case_no_hint",
                       width="20", max_length=30, default_value=S.case_no_given),
            text_field(S, "id_number", "track.id_number", width="20", max_length=22,
                       autocomplete="off"),
            submit_button("track.submit"),
            on_submit=S.look_up,
            key=S.case_no_given,  # filled in again once the link's number has arrived
        ),
        rx.cond(r.contains("case_no"), rx.el.section(
            rx.el.h2(tf("track.result", case_no=r["case_no"])),
            rx.el.dl(
                *[rx.el.div(rx.el.dt(t(key), class_name="cc-summary__key"),
                            rx.el.dd(value, class_name="cc-summary__value"),
                            class_name="cc-summary__row")
                  for key, value in (
                      ("case.service", bi_pair(r["service_zh"], r["service_en"])),
                      ("case.status", bi_pair(r["status_zh"], r["status_en"])),
                      ("case.office", bi_pair(r["office_zh"], r["office_en"])),
                      ("case.submitted", r["submitted"]),
                  )],
                rx.cond(r["promised"] != "", rx.el.div(  # only while the promise stands
                    rx.el.dt(t("case.promised"), class_name="cc-summary__key"),
                    rx.el.dd(r["promised"], class_name="cc-summary__value"),
                    class_name="cc-summary__row")),
                class_name="cc-summary",
            ),
            rx.el.h3(t("case.timeline")),
            rx.el.ol(rx.foreach(r["events"].to(list[dict[str, str]]), lambda e: rx.el.li(
                rx.el.p(rx.el.strong(bi_pair(e["status_zh"], e["status_en"])), " · ",
                        rx.el.span(e["at"], class_name="cc-meta")),
                rx.el.p(bi_pair(e["zh"], e["en"])),
                class_name="cc-timeline__item")), class_name="cc-timeline"),
            role="region", aria_live="polite", class_name="cc-section cc-section--boxed",
        )),
        class_name="cc-narrow",
    )
