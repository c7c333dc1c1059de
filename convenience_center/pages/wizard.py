"""``/applications/<draft>/<step>``: the pages of the application wizard."""

from __future__ import annotations

from typing import Any

import reflex as rx

from convenience_center import paths
from convenience_center.components.bilingual import bi_pair
from convenience_center.components.i18n import IS_EN, t, tf
from convenience_center.components.links import file_link, link
from convenience_center.components.vars import Item
from convenience_center.components.wizard_fields import wizard_field
from convenience_center.pages import page
from convenience_center.pages.wizard_check import check_step
from convenience_center.state.wizard import WizardState as W


def _problems() -> rx.Component:
    return rx.cond(
        W.problems.length() > 0,
        rx.el.div(
            rx.el.h2(t("common.error_summary"), class_name="cc-error-summary__title"),
            rx.el.ul(rx.foreach(W.problems, lambda p: rx.el.li(rx.el.a(
                rx.cond(IS_EN, p["en"], p["zh"]), href="#f-" + p["field"].to(str)))),
                class_name="cc-error-summary__list"),
            id="error-summary", role="alert", tab_index=-1, class_name="cc-error-summary",
        ),
    )


def _notice() -> rx.Component:
    return rx.cond(W.notice.contains("zh"),
                   rx.el.div(rx.cond(IS_EN, W.notice["en"], W.notice["zh"]), role="status",
                             class_name="cc-notice cc-notice--info"))


def _flow_note() -> rx.Component:
    """An answer added (or took away) steps: said where the step total is shown."""
    return rx.cond(W.flow_note.contains("zh"),
                   rx.el.p(rx.cond(IS_EN, W.flow_note["en"], W.flow_note["zh"]),
                           role="status", class_name="cc-notice cc-notice--info"))


def _error_at(field: str) -> rx.Component:
    """The message at a field of the office or documents page, if it was refused."""
    return rx.cond(W.errors_at.contains(field), rx.el.p(
        rx.el.span(t("common.error_summary") + ": ", class_name="cc-visually-hidden"),
        rx.cond(IS_EN, W.errors_at[field]["en"], W.errors_at[field]["zh"]),
        id=f"f-{field}-error", class_name="cc-error-message"))


def _field_class(field: str, base: str = "cc-field") -> rx.Var:
    return rx.cond(W.errors_at.contains(field), base + " cc-field--error", base)


def _invalid(field: str) -> dict[str, Any]:
    return {"aria_invalid": rx.cond(W.errors_at.contains(field), "true", "false"),
            "aria_describedby": rx.cond(W.errors_at.contains(field), f"f-{field}-error", "")}


def _continue_button() -> rx.Component:
    # Pressing the button does not take the focus from the field being typed in (the
    # browser's default, prevented here in the page): leaving a field would send an event of
    # its own (state/wizard_typing.py) just before the save, one more on every click.
    return rx.el.button(rx.cond(W.returning, t("apply.save_return"), t("apply.save_continue")),
                        type="submit", on_mouse_down=rx.prevent_default,
                        class_name="cc-button")


def _blank_form() -> rx.Component:
    return rx.el.div(
        file_link(t("guide.download_form"), href=rx.cond(IS_EN, W.form_en, W.form_zh),
                  class_name="cc-button cc-button--secondary"),
        rx.el.p(t("apply.form_hint"), class_name="cc-hint"),
        class_name="cc-field",
    )


def _question_step() -> rx.Component:
    return rx.el.form(
        rx.cond(W.intro_zh != "", rx.el.p(bi_pair(W.intro_zh, W.intro_en), class_name="cc-lead")),
        rx.cond(W.form_zh != "", _blank_form()),
        rx.foreach(W.fields, wizard_field),
        _continue_button(),
        on_submit=W.save, reset_on_submit=False, no_validate=True, method="post",
        key=W.draft + W.step + W.generation.to(str),
        class_name="cc-form",
    )


def _office_step() -> rx.Component:
    return rx.el.form(
        rx.el.p(t("apply.office_lead"), class_name="cc-lead"),
        rx.el.div(
            rx.el.label(rx.match(W.office_level, ("city", t("apply.office_city")),
                                 ("province", t("apply.office_province")),
                                 t("apply.office_county")),
                        html_for="f-county", class_name="cc-label"),
            _error_at("county"),
            rx.el.select(
                rx.el.option(rx.cond(IS_EN, "Choose…", "请选择…"), value=""),
                rx.foreach(W.counties, lambda o: rx.el.option(
                    rx.cond(IS_EN, o["en"], o["zh"]), value=o["value"])),
                id="f-county", name="county", default_value=W.county,
                on_change=W.choose_county, class_name="cc-select", **_invalid("county"),
            ),
            class_name=_field_class("county"),
        ),
        rx.cond(
            W.needs_township & (W.townships.length() > 0),
            rx.el.div(
                rx.el.label(t("apply.office_township"), html_for="f-township",
                            class_name="cc-label"),
                _error_at("township"),
                rx.el.select(
                    rx.el.option(rx.cond(IS_EN, "Choose…", "请选择…"), value=""),
                    rx.foreach(W.townships, lambda o: rx.el.option(
                        rx.cond(IS_EN, o["en"], o["zh"]), value=o["value"])),
                    id="f-township", name="township", default_value=W.township,
                    key=W.county, class_name="cc-select", **_invalid("township"),
                ),
                class_name=_field_class("township"),
            ),
        ),
        rx.cond(W.needs_township, rx.el.p(t("apply.office_township_hint"), class_name="cc-hint")),
        _continue_button(),
        on_submit=W.save_office, reset_on_submit=False, no_validate=True, method="post",
        key=W.draft + "office" + W.generation.to(str),
        class_name="cc-form",
    )


def _material_row(material: Item) -> rx.Component:
    return rx.el.li(
        rx.el.h3(rx.cond(IS_EN, material["en"], material["zh"]),
                 rx.cond(material["required"], rx.fragment(),
                         rx.el.span(" ", t("common.optional"), class_name="cc-optional")),
                 class_name="cc-material__name"),
        rx.cond(
            material["upload"],
            rx.cond(
                material["files"].to(list).length() > 0,
                rx.el.ul(rx.foreach(material["files"].to(list[dict[str, str]]),
                                    lambda f: rx.el.li(
                    rx.el.span(f["name"], " (", f["size"], ") "),
                    rx.el.button(t("apply.documents_remove"), rx.el.span(
                        " ", f["name"], class_name="cc-visually-hidden"), type="button",
                        on_click=W.remove_file(f["id"]), class_name="cc-link-button"),
                )), class_name="cc-plain-list"),
                rx.el.p(t("apply.documents_none_yet"), class_name="cc-meta"),
            ),
            rx.el.p(t("apply.documents_paper_only"), class_name="cc-meta"),
        ),
        class_name="cc-material",
    )


def _documents_step() -> rx.Component:
    return rx.el.div(
        rx.el.p(t("apply.documents_lead"), class_name="cc-lead"),
        rx.el.h2(t("guide.materials")),
        rx.el.ul(rx.foreach(W.materials, _material_row), class_name="cc-materials"),
        rx.el.section(
            rx.el.h2(t("apply.documents_upload")),
            rx.el.div(
                rx.el.label(t("apply.documents_which"), html_for="f-material",
                            class_name="cc-label"),
                _error_at("material"),
                rx.el.select(
                    rx.foreach(W.materials, lambda m: rx.cond(
                        m["upload"], rx.el.option(rx.cond(IS_EN, m["en"], m["zh"]),
                                                  value=m["code"]))),
                    id="f-material", value=W.upload_material, on_change=W.choose_material,
                    class_name="cc-select", **_invalid("material"),
                ),
                class_name=_field_class("material"),
            ),
            # The label wraps the drop zone, and so the file input inside it: clicking the
            # label opens the file dialog and screen readers name the input by it. Keyed by
            # the page's generation (raised by every upload's answer): a new, empty input, so
            # that the same file can be chosen again (after a refusal, for another document);
            # Chromium fires no change for the file an input already holds.
            rx.el.label(
                rx.el.span(t("apply.documents_file"), class_name="cc-label"),
                rx.el.span(t("apply.documents_file_hint"), class_name="cc-hint"),
                _error_at("file"),
                rx.upload.root(
                    rx.el.span(t("apply.documents_drop"), class_name="cc-dropzone__text"),
                    id="documents", multiple=False, max_files=1, no_click=True,
                    accept={"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"],
                            "image/png": [".png"]},
                    class_name="cc-dropzone",
                ),
                id="f-file", class_name=_field_class("file", "cc-field cc-upload"),
                key=W.draft + "documents" + W.generation.to(str),
            ),
            rx.foreach(rx.selected_files("documents"), lambda name: rx.el.p(
                t("apply.documents_selected"), name, class_name="cc-meta")),
            rx.el.button(t("apply.documents_upload"), type="button",
                         # Cleared by the page itself once the upload is done (a script sent
                         # by the server would need 'unsafe-eval', which the CSP forbids).
                         on_click=[W.upload(rx.upload_files(upload_id="documents")),
                                   rx.clear_selected_files("documents")],
                         class_name="cc-button cc-button--secondary"),
            class_name="cc-section cc-section--boxed",
        ),
        rx.el.button(rx.cond(W.returning, t("apply.save_return"), t("common.continue")),
                     type="button", on_click=W.documents_done, class_name="cc-button"),
    )


# The tab's title is the page's heading (before the page has loaded: the catalogue's name).
TITLE = rx.cond(W.title_zh != "", rx.cond(IS_EN, W.title_en, W.title_zh), t("services.title"))


@page("/applications/[draft_id]/[step_id]", TITLE, on_load=W.load, identifies=True)
def wizard() -> rx.Component:
    """One page of the application wizard."""
    return rx.el.div(
        rx.cond(
            ~W.found,
            rx.el.div(rx.el.h1(t("apply.not_found")),
                      rx.el.p(link(t("nav.my_applications"), href=paths.MY_APPLICATIONS))),
            rx.cond(
                W.loaded,
                rx.el.div(
                    rx.el.p(link("‹ ", t("common.back"), href=W.back_href),
                            class_name="cc-back"),
                    _problems(),
                    _notice(),
                    rx.cond(W.amending, rx.el.p(t("apply.amending_note"), role="note",
                                                class_name="cc-notice cc-notice--info")),
                    rx.el.p(bi_pair(W.service_zh, W.service_en), " · ",
                            bi_pair(W.matter_zh, W.matter_en), class_name="cc-caption"),
                    rx.el.p(tf("apply.step_of", current=W.position.to(str),
                               total=W.total.to(str)), class_name="cc-caption"),
                    _flow_note(),
                    rx.el.h1(bi_pair(W.title_zh, W.title_en)),
                    rx.match(W.step,
                             ("office", _office_step()),
                             ("documents", _documents_step()),
                             ("check", check_step()),
                             _question_step()),
                ),
                rx.el.p(t("common.loading"), class_name="cc-meta"),
            ),
        ),
        class_name="cc-narrow",
    )
