"""``/services``: the catalogue; ``/services/<code>``: one service guide (办事指南) per service.

Both are built from the service definitions when the app is compiled: a new definition module
gives a new guide page with nothing else to write.
"""

from __future__ import annotations

import reflex as rx

from convenience_center.components.bilingual import bi
from convenience_center.components.forms import form, submit_button, text_field
from convenience_center.components.i18n import IS_EN, t, tc, tf
from convenience_center.components.links import file_link, link
from convenience_center.components.tables import head, row
from convenience_center.domain.services import registry
from convenience_center.domain.services.base import Material, MaterialForm, Matter
from convenience_center.domain.services.definition import ServiceDefinition
from convenience_center.pages import page, register_page
from convenience_center.state.catalogue import CatalogueState as S


def _service_card(service: ServiceDefinition) -> rx.Component:
    return rx.cond(
        S.matching.contains(service.code),
        rx.el.li(
            rx.el.h3(link(bi(service.name), href=f"/services/{service.code}"),
                     class_name="cc-card__title"),
            rx.el.p(bi(service.summary), class_name="cc-card__body"),
            rx.el.ul(*[rx.el.li(bi(m.name)) for m in service.matters],
                     class_name="cc-matter-list"),
            class_name="cc-card cc-card--service",
        ),
    )


@page("/services", "services.title", on_load=S.load)
def catalogue() -> rx.Component:
    """Every service, grouped, with a search box."""
    services = list(registry().values())  # in the order of their groups
    groups = []
    for group in dict.fromkeys(s.group for s in services):
        members = [s for s in services if s.group == group]
        groups.append(rx.el.section(
            rx.el.h2(bi(group.label)),
            rx.el.ul(*[_service_card(s) for s in members], class_name="cc-cards"),
        ))
    return rx.el.div(
        rx.el.h1(t("services.title")),
        rx.el.p(t("services.lead"), class_name="cc-lead"),
        form(
            rx.el.div(
                text_field(S, "q", "services.search_label", hint_key="services.search_hint",
                           input_type="search", max_length=100),
                class_name="cc-inline-fields",
            ),
            submit_button("common.search", secondary=True),
            on_submit=S.search, role="search",
        ),
        rx.cond(S.matching.length() == 0,
                rx.el.p(t("services.no_results"), role="status", class_name="cc-notice")),
        *groups,
    )


MATERIAL_COLUMNS = [t(k) for k in ("guide.material_name", "guide.material_form",
                                   "guide.material_needed", "guide.material_source")]


def _material_row(material: Material) -> rx.Component:
    form_key = {MaterialForm.ORIGINAL: "guide.original", MaterialForm.COPY: "guide.copy",
                MaterialForm.BOTH: "guide.both"}[material.form]
    if material.required and material.show_if is None:
        needed: rx.Component | rx.Var = t("guide.required")
    elif material.condition:
        needed = rx.cond(IS_EN, tf("guide.needed_when", condition=material.condition.en),
                         tf("guide.needed_when", condition=material.condition.zh))
    else:
        needed = t("guide.conditional")
    return row(MATERIAL_COLUMNS,
               bi(material.name),
               rx.fragment(t(form_key), " · ", tc("guide.copies", material.copies)),
               needed,
               bi(material.source) if material.source else "—")


def _matter_section(service: ServiceDefinition, matter: Matter) -> rx.Component:
    anchor = f"matter-{matter.code}"
    return rx.el.section(
        rx.el.h2(bi(matter.name), id=anchor),
        rx.el.p(bi(matter.summary), class_name="cc-lead"),
        rx.el.div(
            link(t("guide.apply_online"), href=f"/apply/{service.code}/{matter.code}",
                 class_name="cc-button"),
            file_link(t("guide.download_form"),
                      href=rx.cond(IS_EN, f"/forms/{service.code}/{matter.code}.pdf?lang=en",
                                   f"/forms/{service.code}/{matter.code}.pdf?lang=zh"),
                      class_name="cc-button cc-button--secondary"),
            class_name="cc-actions",
        ),
        rx.el.h3(t("guide.eligibility")),
        rx.el.ul(*[rx.el.li(bi(text)) for text in matter.eligibility]),
        rx.el.h3(t("guide.materials")),
        rx.el.div(
            rx.el.table(
                head(MATERIAL_COLUMNS),
                rx.el.tbody(*[_material_row(m) for m in matter.materials]),
                class_name="cc-table",
            ),
            class_name="cc-table-wrap", tab_index=0, role="region",
            aria_label=rx.cond(IS_EN, f"Documents: {matter.name.en}",
                               f"申请材料：{matter.name.zh}"),
        ),
        rx.el.h3(t("guide.process")),
        rx.el.ol(*[rx.el.li(bi(text)) for text in matter.process], class_name="cc-steps"),
        rx.el.h3(t("guide.time_limits")),
        rx.el.p(tc("guide.statutory", matter.statutory_days, days=str(matter.statutory_days)),
                rx.el.br(),
                tc("guide.promised", matter.promised_days, days=str(matter.promised_days))),
        rx.el.dl(
            _fact("guide.receiving", t(f"level.{matter.receiving_level.value}")),
            _fact("guide.deciding", t(f"level.{matter.handling_level.value}")),
            class_name="cc-summary",
        ),
        class_name="cc-section cc-matter",
    )


def _fact(label_key: str, value: rx.Component | rx.Var | str) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key), class_name="cc-summary__key"),
                     rx.el.dd(value, class_name="cc-summary__value"),
                     class_name="cc-summary__row")


def guide(service: ServiceDefinition) -> rx.Component:
    """The service guide of one service: facts, then each matter in full."""
    return rx.el.article(
        rx.el.p(link(t("services.title"), href="/services"), class_name="cc-breadcrumb"),
        rx.el.h1(bi(service.name)),
        rx.el.p(bi(service.summary), class_name="cc-lead"),
        rx.el.nav(
            rx.el.h2(t("guide.contents"), class_name="cc-contents__title"),
            rx.el.ul(*[rx.el.li(rx.el.a(bi(m.name), href=f"#matter-{m.code}"))
                       for m in service.matters]),
            aria_label=rx.cond(IS_EN, "Contents", "目录"),
            class_name="cc-contents",
        ),
        rx.el.dl(
            _fact("guide.type", bi(service.service_type)),
            _fact("guide.legal_basis", rx.el.ul(*[rx.el.li(bi(b)) for b in service.legal_basis],
                                                class_name="cc-plain-list")),
            _fact("guide.fee", bi(service.fee)),
            _fact("guide.office", bi(service.handling_office)),
            _fact("guide.hours", bi(service.office_hours)),
            _fact("guide.consultation", service.consultation_phone),
            _fact("guide.complaint", service.complaint_phone),
            class_name="cc-summary",
        ),
        *[_matter_section(service, m) for m in service.matters],
        class_name="cc-guide",
    )


def _register_guides() -> None:
    for service in registry().values():
        def render(service: ServiceDefinition = service) -> rx.Component:
            return guide(service)

        render.__name__ = f"guide_{service.code.replace('-', '_')}"
        register_page(f"/services/{service.code}", render, title=service.name)


_register_guides()
