"""``/metrics``: the platform's figures in Prometheus's text format (``services/metrics.py``).

Answered to a client on this host (127.0.0.1, ``::1``) that came straight in, or to anyone
presenting ``Authorization: Bearer <CC_METRICS_TOKEN>`` when that setting is set; everyone
else gets 404, as for a page that does not exist. A request that carries a proxy's forwarding
header (``X-Forwarded-For``, ``Forwarded``, ``X-Real-IP``) is not taken as local even from
127.0.0.1: a reverse proxy on this host would otherwise open the figures to the internet.

The outbox is counted in the database at each scrape, in a thread of its own with a deadline:
a database that does not answer within ``OUTBOX_DEADLINE_SECONDS`` makes its figure NaN, not
the scrape slow (one count at a time; a scrape while one still runs does not start another).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from convenience_center import db
from convenience_center.services import metrics
from convenience_center.settings import get_settings

log = logging.getLogger("convenience_center.metrics")

OUTBOX_DEADLINE_SECONDS = 1.5
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
_HEADERS = {"Cache-Control": "no-store"}
# The classic text format, which every Prometheus reads (the names need nothing newer).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _bearer_matches(request: Request, token: str | None) -> bool:
    if not token:
        return False
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not presented:
        return False
    return hmac.compare_digest(presented.strip().encode(), token.encode())


def may_see_metrics(request: Request, token: str | None) -> bool:
    """Loopback without a proxy in between, or the configured bearer token."""
    local = (request.client is not None and _is_loopback(request.client.host)
             and not any(name in request.headers for name in FORWARDING_HEADERS))
    return local or _bearer_matches(request, token)


def count_outbox() -> dict[str, int]:
    """The outbox figures of the platform's database."""
    with db.read_session() as session:
        return metrics.outbox_unsent(session)


class OutboxCount:
    """One count at a time, in its own thread, answered within the deadline or not at all."""

    def __init__(self, count: Callable[[], dict[str, int]]) -> None:
        self._count = count
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="metrics")
        self._running: Future[dict[str, int]] | None = None
        self._failing = False

    async def read(self) -> dict[str, int] | None:
        if self._running is None or self._running.done():
            self._running = self._executor.submit(self._count)
        try:
            counts = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(self._running)),
                                            OUTBOX_DEADLINE_SECONDS)
        except Exception as exc:  # a slow or dead database: NaN, said once in the log
            if not self._failing:
                log.warning("metrics: the outbox could not be counted (%s)",
                            type(exc).__name__)
            self._failing = True
            return None
        if self._failing:
            log.info("metrics: the outbox is counted again")
        self._failing = False
        return counts


def build_metrics_routes(count: Callable[[], dict[str, int]] = count_outbox) -> Starlette:
    """The Starlette app of ``/metrics``, put in front of Reflex's routes by the app module."""
    outbox = OutboxCount(count)

    async def metrics_page(request: Request) -> Response:
        if not may_see_metrics(request, get_settings().metrics_token):
            return PlainTextResponse("Not Found", status_code=404, headers=_HEADERS)
        metrics.show_outbox(await outbox.read())
        return Response(metrics.exposition(), media_type=CONTENT_TYPE, headers=_HEADERS)

    return Starlette(routes=[Route("/metrics", metrics_page, methods=["GET"])])
