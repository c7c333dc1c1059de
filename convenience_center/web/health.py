"""``/healthz`` and ``/readyz``: for the load balancer and the service manager.

- ``/healthz``: the process answers (no database work).
- ``/readyz``: the database answers ``SELECT 1`` and, when ``REFLEX_REDIS_URL`` is set, Redis
  answers ``PING``; 503 otherwise, within about 1.5 s however dead they are.

Both are unauthenticated and say nothing but ``{"status": ...}``: no versions, host names or
error texts (the reason a host is not ready goes to the server's log, once per change). One
check runs at a time per process, in a thread of its own: probes that arrive while one runs
wait for its answer instead of starting more, so a hanging database never ties up more than
that one thread, however often the load balancer asks.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from convenience_center.services.health import readiness_problem
from convenience_center.settings import get_settings

log = logging.getLogger("convenience_center.health")

READY_DEADLINE_SECONDS = 1.5
_HEADERS = {"Cache-Control": "no-store"}


@dataclass(frozen=True)
class ReadinessTargets:
    """What ``/readyz`` checks."""

    db_url: str
    redis_url: str | None


def configured_targets() -> ReadinessTargets:
    """The platform's own database and Redis (read at each check)."""
    settings = get_settings()
    return ReadinessTargets(db_url=settings.db_url, redis_url=settings.redis_url)


def _answer(ok: bool) -> JSONResponse:
    return JSONResponse({"status": "ok" if ok else "unavailable"},
                        status_code=200 if ok else 503, headers=_HEADERS)


async def healthz(_request: Request) -> Response:
    """The process is up and its event loop answers."""
    return _answer(True)


class ReadinessCheck:
    """One check at a time; concurrent callers share its result."""

    def __init__(self, targets: Callable[[], ReadinessTargets]) -> None:
        self._targets = targets
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readiness")
        self._lock = threading.Lock()
        self._running: Future[str | None] | None = None
        self._last_problem: str | None = None

    def _run(self) -> str | None:
        try:
            targets = self._targets()
            problem = readiness_problem(db_url=targets.db_url, redis_url=targets.redis_url)
        except Exception as exc:  # a broken configuration is "not ready", not a 500
            problem = f"the check failed: {type(exc).__name__}"
        if problem != self._last_problem:
            if problem is None:
                log.info("ready again")
            else:
                log.warning("not ready: %s", problem)
            self._last_problem = problem
        return problem

    def _shared_check(self) -> Future[str | None]:
        with self._lock:
            if self._running is None or self._running.done():
                self._running = self._executor.submit(self._run)
            return self._running

    async def ready(self) -> bool:
        """Whether the platform can serve, answered within ``READY_DEADLINE_SECONDS``."""
        check = asyncio.wrap_future(self._shared_check())
        try:
            problem = await asyncio.wait_for(asyncio.shield(check), READY_DEADLINE_SECONDS)
        except TimeoutError:
            return False
        return problem is None


def build_health_routes(
        targets: Callable[[], ReadinessTargets] = configured_targets) -> Starlette:
    """The Starlette app of ``/healthz`` and ``/readyz``, put in front of Reflex's routes by
    the app module (``api_transformer``)."""
    check = ReadinessCheck(targets)

    async def readyz(_request: Request) -> Response:
        return _answer(await check.ready())

    return Starlette(routes=[
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ])
