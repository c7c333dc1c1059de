"""The Reflex app: pages, HTTP endpoints, security headers and background workers."""

from __future__ import annotations

import logging
from typing import cast

import redis
import reflex as rx
from reflex.event import EventSpec

from convenience_center.logs import configure_logging
from convenience_center.mail_worker import run as mail_worker
from convenience_center.pages import REGISTRY, title_for
from convenience_center.pages import account as _account  # noqa: F401 - registers pages
from convenience_center.pages import admin_audit as _admin_audit  # noqa: F401
from convenience_center.pages import admin_users as _admin_users  # noqa: F401
from convenience_center.pages import applications as _applications  # noqa: F401
from convenience_center.pages import documents as _documents  # noqa: F401
from convenience_center.pages import home as _home  # noqa: F401
from convenience_center.pages import login as _login  # noqa: F401
from convenience_center.pages import open_affairs as _open_affairs  # noqa: F401
from convenience_center.pages import participation as _participation  # noqa: F401
from convenience_center.pages import recovery as _recovery  # noqa: F401
from convenience_center.pages import register as _register  # noqa: F401
from convenience_center.pages import services as _services  # noqa: F401
from convenience_center.pages import staff as _staff  # noqa: F401
from convenience_center.pages import staff_complaints as _staff_complaints  # noqa: F401
from convenience_center.pages import staff_consultations as _staff_consultations  # noqa: F401
from convenience_center.pages import staff_publications as _staff_publications  # noqa: F401
from convenience_center.pages import staff_rectifications as _staff_rectifications  # noqa: F401
from convenience_center.pages import statistics as _statistics  # noqa: F401
from convenience_center.pages import track as _track  # noqa: F401
from convenience_center.pages import verify as _verify  # noqa: F401
from convenience_center.pages import wizard as _wizard  # noqa: F401
from convenience_center.pages.not_found import not_found
from convenience_center.state import (
    defaults,
    event_guards,
    lazy_tree,
    page_loads,
    snapshots,
    socket_owners,
    telemetry,
)
from convenience_center.state.base import AppState, forget_handoff
from convenience_center.warmup import warm_up
from convenience_center.web.browser_binding import bind_browser
from convenience_center.web.headers import security_headers
from convenience_center.web.health import build_health_routes
from convenience_center.web.metrics import build_metrics_routes
from convenience_center.web.request_ids import request_ids
from convenience_center.web.routes import build_routes

configure_logging()
log = logging.getLogger("convenience_center")

def backend_error(exception: Exception) -> EventSpec | None:
    """Log an unexpected error of an event handler and tell the user calmly.

    Not when the state store (Redis) cannot be reached: the notice is an event on the tab's
    state too, it would fail the same way and come back here, again and again until Redis
    returns (930 tracebacks in a 7 s outage). The tab's next event after that works.
    """
    if isinstance(exception, redis.ConnectionError | redis.TimeoutError):
        log.warning("An event was not handled: Redis cannot be reached (%s)", exception)
        return None
    log.error("Unexpected error in an event handler", exc_info=exception)
    # Called on the class, a handler gives the event spec that runs it (typed as itself).
    return cast(EventSpec, AppState.show_system_error())


app = rx.App(
    backend_exception_handler=backend_error,
    stylesheets=["/styles.css"],
    head_components=[
        rx.el.link(rel="icon", href="/favicon.ico"),
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
    ],
    html_lang="zh-CN",
    api_transformer=[build_routes(signed_in=forget_handoff), build_health_routes(),
                     build_metrics_routes(), security_headers, bind_browser, request_ids],
    toaster=None,
)
for spec in REGISTRY:
    app.add_page(spec.render, route=spec.route, title=spec.title,
                 on_load=spec.on_load)
app.add_page(not_found, route="404", title=title_for("common.not_found_title"))
app.register_lifespan_task(mail_worker)
app.register_lifespan_task(warm_up)
event_guards.install(app)
telemetry.install(app)
page_loads.install()
defaults.install()
snapshots.install()
lazy_tree.install()
socket_owners.install()
