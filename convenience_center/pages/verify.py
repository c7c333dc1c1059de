"""``/verify/<cert_no>``: public verification of an electronic certificate."""

from __future__ import annotations

import reflex as rx

from convenience_center.components.bilingual import bi_pair
from convenience_center.components.i18n import t
from convenience_center.components.links import link
from convenience_center.components.summary import fact
from convenience_center.domain.cases import CertificateStanding
from convenience_center.pages import page
from convenience_center.state.verify import VerifyState as V


@page("/verify/[cert_no]", "verify.title", on_load=V.load)
def verify() -> rx.Component:
    """Whether a certificate is valid, replaced, cancelled or expired."""
    r = V.result
    status = r["status"]
    return rx.el.div(
        rx.el.h1(t("verify.title")),
        rx.cond(
            r.contains("cert_no"),
            rx.el.div(
                rx.el.div(
                    rx.match(status,
                             (CertificateStanding.VALID, t("verify.status_valid")),
                             (CertificateStanding.REPLACED, t("verify.status_replaced")),
                             (CertificateStanding.CANCELLED, t("verify.status_cancelled")),
                             t("verify.status_expired")),
                    role="status",
                    class_name=rx.cond(status == CertificateStanding.VALID, "cc-panel cc-verify",
                                       "cc-panel cc-panel--warning cc-verify"),
                ),
                rx.el.dl(
                    fact("verify.number", r["cert_no"]),
                    fact("verify.service", bi_pair(r["service_zh"], r["service_en"])),
                    fact("verify.holder", r["holder"]),
                    fact("verify.office", bi_pair(r["office_zh"], r["office_en"])),
                    fact("verify.issued", r["issued"]),
                    fact("verify.valid_until", rx.cond(r["valid_until"] != "", r["valid_until"],
                                                       t("verify.no_expiry"))),
                    rx.cond(r["ended_on"] != "", rx.el.div(
                        rx.el.dt(rx.cond(status == CertificateStanding.CANCELLED,
                                         t("verify.cancelled_on"), t("verify.replaced_on")),
                                 class_name="cc-summary__key"),
                        rx.el.dd(r["ended_on"], class_name="cc-summary__value"),
                        class_name="cc-summary__row")),
                    rx.cond(r["ended_by_case"] != "",
                            fact("verify.ended_by_case", r["ended_by_case"])),
                    rx.cond(r["replaced_by"] != "", fact("verify.replaced_by", link(
                        r["replaced_by"], href="/verify/" + r["replaced_by"].to(str)))),
                    class_name="cc-summary",
                ),
            ),
            rx.cond(V.checked, rx.el.p(t("verify.not_found"), role="alert",
                                       class_name="cc-notice cc-notice--warning"),
                    rx.el.p(t("common.loading"), class_name="cc-meta")),
        ),
        class_name="cc-narrow",
    )
