"""``/staff/stats``: statistics of the officer's jurisdiction, as charts, tables and CSV.

Every chart is drawn from the same rows as the table under it: the chart is a picture for
sighted users (``role="img"`` with a label pointing to the table), the table is the data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from convenience_center.components.bilingual import bi_pair
from convenience_center.components.i18n import IS_EN, t, tf
from convenience_center.components.links import file_link
from convenience_center.components.staff_nav import staff_nav
from convenience_center.components.tables import head, row
from convenience_center.pages import page
from convenience_center.state.statistics import StatisticsState as S

# The site's colours: Recharts' defaults refer to Radix Themes variables, not loaded here.
BAR_COLOUR = "var(--cc-blue)"
AXIS = {"stroke": "var(--cc-muted)", "tick": {"fill": "var(--cc-text)"}}
LABEL_KEY = rx.cond(IS_EN, "label_en", "label_zh")

Column = tuple[str, Callable[[Any], Any]]


def _label(row: Any) -> Any:
    return bi_pair(row["label_zh"], row["label_en"])


def _date_field(name: str, label_key: str) -> rx.Component:
    return rx.el.div(
        rx.el.label(t(label_key), html_for=f"s-{name}", class_name="cc-label"),
        rx.el.input(id=f"s-{name}", name=name, type="date", default_value=S.period.get(name, ""),
                    aria_describedby="s-period-hint", class_name="cc-input"),
        class_name="cc-field",
    )


def _period_form() -> rx.Component:
    return rx.el.form(
        rx.el.fieldset(
            rx.el.legend(t("stats.period"), class_name="cc-legend cc-legend--small"),
            rx.el.div(t("stats.period_hint"), id="s-period-hint", class_name="cc-hint"),
            rx.el.div(_date_field("date_from", "stats.date_from"),
                      _date_field("date_to", "stats.date_to"), class_name="cc-filter-grid"),
            class_name="cc-fieldset",
        ),
        rx.el.button(t("stats.apply"), type="submit",
                     class_name="cc-button cc-button--secondary"),
        on_submit=S.apply_period, reset_on_submit=False, no_validate=True, method="post",
        key=S.period.get("date_from", "").to(str) + "/" + S.period.get("date_to", "").to(str),
        class_name="cc-form cc-filters",
    )


def _figure(label_key: str, value: Any, note: Any = None) -> rx.Component:
    return rx.el.div(
        rx.el.dt(t(label_key), class_name="cc-card__body"),
        rx.el.dd(rx.el.span(value, class_name="cc-panel__number"),
                 rx.el.br() if note is not None else rx.fragment(),
                 rx.el.span(note, class_name="cc-meta") if note is not None else rx.fragment(),
                 class_name="cc-card__title"),
        class_name="cc-card",
    )


def _key_figures() -> rx.Component:
    f = S.figures
    return rx.el.section(
        rx.el.h2(t("stats.key_figures")),
        rx.el.dl(
            _figure("stats.cases", f["total"]),
            _figure("stats.decided", f["decided"]),
            _figure("stats.average_days", f["average_days"]),
            _figure("stats.p95_days", f["p95_days"]),
            _figure("stats.overdue_rate", f["overdue_rate"],
                    tf("stats.overdue_detail", late=f["decided_late"],
                       total=f["decided_with_due"])),
            _figure("stats.open_past_due", f["open_past_due"]),
            class_name="cc-cards",
        ),
        rx.el.p(t("stats.definitions"), class_name="cc-hint"),
    )


def _table(caption_key: str, rows: Any, columns: list[Column]) -> rx.Component:
    """An accessible table: a caption, column headers, and the first cell as the row header."""
    labels = [t(key) for key, _ in columns]
    return rx.el.div(
        rx.el.table(
            rx.el.caption(t(caption_key), class_name="cc-visually-hidden"),
            head(labels),
            rx.el.tbody(rx.foreach(rows, lambda r: row(
                labels, *[cell(r) for _, cell in columns], header_first=True))),
            class_name="cc-table",
        ),
        class_name="cc-table-wrap", tab_index=0, role="region", aria_label=t(caption_key),
    )


def _chart(label_key: str, chart: rx.Component) -> rx.Component:
    """A chart as an image whose text alternative points to the table that follows."""
    return rx.el.div(chart, role="img", aria_label=t(label_key))


def _bar(height: int, rows: Any, *axes: rx.Component, vertical: bool = False) -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", stroke="var(--cc-border)"),
        *axes,
        rx.recharts.graphing_tooltip(
            cursor={"fill": "var(--cc-light)"},
            content_style={"background": "#fff", "borderColor": "var(--cc-border)"},
            item_style={"color": "var(--cc-text)"}, label_style={"color": "var(--cc-text)"}),
        rx.recharts.bar(data_key="cases", name=t("stats.col_cases"), fill=BAR_COLOUR,
                        is_animation_active=False),
        data=rows, layout="vertical" if vertical else "horizontal", height=height,
        width="100%",
    )


def _by_month() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("stats.by_month")),
        _chart("stats.chart_month", _bar(
            280, S.by_month, rx.recharts.x_axis(data_key="key", **AXIS),
            rx.recharts.y_axis(allow_decimals=False, **AXIS))),
        _table("stats.by_month", S.by_month, [
            ("stats.col_month", lambda r: r["key"]),
            ("stats.col_cases", lambda r: r["cases"].to(str)),
        ]),
    )


def _by_service() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("stats.by_service")),
        _chart("stats.chart_service", _bar(
            360, S.by_service,
            rx.recharts.x_axis(type_="number", allow_decimals=False, **AXIS),
            rx.recharts.y_axis(data_key=LABEL_KEY, type_="category", width=240, **AXIS),
            vertical=True)),
        _table("stats.by_service", S.by_service, [
            ("stats.col_service", _label),
            ("stats.col_cases", lambda r: r["cases"].to(str)),
            ("stats.col_decided", lambda r: r["decided"].to(str)),
            ("stats.col_average", lambda r: r["average_days"]),
            ("stats.col_p95", lambda r: r["p95_days"]),
        ]),
    )


def _office_name(row: Any) -> Any:
    return rx.fragment(_label(row), rx.cond(row["own"], rx.el.span(
        " ", t("stats.own_office"), class_name="cc-meta")))


def _by_office_and_status() -> rx.Component:
    return rx.fragment(
        rx.el.section(
            rx.el.h2(t("stats.by_office")),
            _table("stats.by_office", S.by_office, [
                ("stats.col_office", _office_name),
                ("stats.col_cases", lambda r: r["cases"].to(str)),
            ]),
        ),
        rx.el.section(
            rx.el.h2(t("stats.by_status")),
            _table("stats.by_status", S.by_status, [
                ("stats.col_status", _label),
                ("stats.col_cases", lambda r: r["cases"].to(str)),
            ]),
        ),
    )


def _ratings() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("stats.ratings")),
        rx.el.p(t("stats.ratings_lead"), class_name="cc-hint"),
        rx.cond(S.ratings.length() > 0, _table("stats.ratings", S.ratings, [
            ("stats.col_service", _label),
            ("ratings.count", lambda r: r["count"].to(str)),
            ("ratings.average", lambda r: r["average"]),
            ("ratings.satisfied", lambda r: r["satisfied"]),
        ]), rx.el.p(t("ratings.none"), class_name="cc-meta")),
    )


def _download() -> rx.Component:
    return rx.el.p(
        file_link(t("stats.download_csv"), href=S.csv_href,
                  class_name="cc-button cc-button--secondary"),
        " ", rx.el.span(t("stats.download_hint"), class_name="cc-meta"),
    )


@page("/staff/stats", "stats.title", on_load=S.load)
def statistics() -> rx.Component:
    """Statistics for officers: period, key figures, charts with their tables, CSV."""
    return rx.el.div(
        rx.cond(
            S.allowed,
            rx.fragment(
                staff_nav("/staff/stats"),
                rx.el.h1(t("stats.title")),
                rx.el.p(bi_pair(S.office_zh, S.office_en), class_name="cc-caption"),
                _period_form(),
                rx.cond(S.problem.contains("zh"), rx.el.div(
                    rx.cond(IS_EN, S.problem["en"], S.problem["zh"]), role="alert",
                    class_name="cc-notice cc-notice--warning")),
                rx.cond(
                    S.loaded,
                    rx.fragment(
                        _key_figures(),
                        _download(),
                        rx.cond(S.figures["total"] != "0",
                                rx.fragment(_by_month(), _by_service(), _by_office_and_status(),
                                            _ratings()),
                                rx.el.p(t("stats.empty"), role="status", class_name="cc-notice")),
                    ),
                    rx.el.p(t("common.loading"), class_name="cc-meta"),
                ),
            ),
            rx.cond(S.signed_in, rx.el.p(t("common.permission_denied"), role="alert",
                                         class_name="cc-notice cc-notice--warning"),
                    rx.el.p(t("common.loading"), class_name="cc-meta")),
        ),
    )
