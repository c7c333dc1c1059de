"""``/healthz`` and ``/readyz`` as the app registers them, on real databases and Redis, and
on ones that are dead (a closed port) or hang (a port that accepts and never answers)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from convenience_center.services.health import dispose_probes
from convenience_center.settings import get_settings
from convenience_center.web import health
from convenience_center.web.health import ReadinessCheck, ReadinessTargets
from tests.conftest import REDIS_URL
from tests.databases import TemplateDatabases
from tests.net import free_port

T = TypeVar("T")
Configure = Callable[..., None]

# Far above the 1.5 s the endpoint promises: this catches a hang, it is not a benchmark.
HANG = 5.0


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateDatabases]:
    manager = TemplateDatabases(tmp_path_factory.mktemp("health-databases"))
    yield manager
    manager.drop_all()


@pytest.fixture(scope="module")
def health_app() -> Starlette:
    """The Starlette app of the health routes, as the platform's app module registers it."""
    from convenience_center.convenience_center import app

    transformers = app.api_transformer
    assert isinstance(transformers, list)
    for transformer in transformers:
        if isinstance(transformer, Starlette) and {"/healthz", "/readyz"} <= {
                route.path for route in transformer.routes if isinstance(route, Route)}:
            return transformer
    raise AssertionError("the app registers no /healthz and /readyz")


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Configure]:
    """Point the settings at a database (and Redis) for one test."""

    def set_targets(db_url: str, redis_url: str | None = None) -> None:
        monkeypatch.setenv("REFLEX_DB_URL", db_url)
        if redis_url is None:
            monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
        else:
            monkeypatch.setenv("REFLEX_REDIS_URL", redis_url)
        get_settings.cache_clear()

    yield set_targets
    monkeypatch.undo()
    get_settings.cache_clear()
    dispose_probes()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield int(listener.getsockname()[1])


def dead_pg_url(port: int) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"


def on_own_loop(coroutine: Coroutine[object, object, T]) -> T:
    """Run a coroutine on a loop of its own thread (the browser tests leave one running)."""
    results: list[T] = []
    thread = threading.Thread(target=lambda: results.append(asyncio.run(coroutine)))
    thread.start()
    thread.join(30)
    return results[0]


def get(app: Starlette, path: str) -> httpx.Response:
    """A GET through the ASGI interface, as the server would call the app."""

    async def request() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.get(path)

    return on_own_loop(request())


def assert_reveals_nothing(response: httpx.Response, status: str) -> None:
    assert response.json() == {"status": status}
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers
    assert "server" not in response.headers


def test_healthz_answers_without_the_database(health_app: Starlette, configure: Configure,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    configure(dead_pg_url(free_port()))
    checked: list[str] = []
    monkeypatch.setattr(health, "readiness_problem", lambda **_: checked.append("db") or None)
    response = get(health_app, "/healthz")
    assert checked == []
    assert response.status_code == 200
    assert_reveals_nothing(response, "ok")
    assert len(response.content) < 20


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_ready_when_the_database_and_redis_answer(health_app: Starlette, configure: Configure,
                                                  templates: TemplateDatabases,
                                                  backend: str) -> None:
    configure(templates.url(backend), REDIS_URL if backend == "postgresql" else None)
    response = get(health_app, "/readyz")
    assert response.status_code == 200
    assert_reveals_nothing(response, "ok")


def test_not_ready_when_postgresql_is_down(health_app: Starlette, configure: Configure) -> None:
    port = free_port()
    configure(dead_pg_url(port))
    response = get(health_app, "/readyz")
    assert response.status_code == 503
    assert_reveals_nothing(response, "unavailable")
    assert str(port) not in response.text and "127.0.0.1" not in response.text


def test_not_ready_when_redis_is_down(health_app: Starlette, configure: Configure,
                                      templates: TemplateDatabases) -> None:
    configure(templates.url("postgresql"), f"redis://127.0.0.1:{free_port()}/0")
    response = get(health_app, "/readyz")
    assert response.status_code == 503
    assert_reveals_nothing(response, "unavailable")


def test_not_ready_when_the_sqlite_file_is_missing_and_it_is_not_created(
        health_app: Starlette, configure: Configure, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    configure(f"sqlite:///{missing}")
    assert get(health_app, "/readyz").status_code == 503
    assert not missing.exists()


@pytest.mark.parametrize("dead", ["postgresql", "redis"])
def test_a_hanging_server_is_answered_503_without_waiting_for_it(
        health_app: Starlette, configure: Configure, templates: TemplateDatabases, silent_port: int,
        dead: str) -> None:
    if dead == "postgresql":
        configure(dead_pg_url(silent_port))
    else:
        configure(templates.url("sqlite"), f"redis://127.0.0.1:{silent_port}/0")
    started = time.monotonic()
    response = get(health_app, "/readyz")
    assert time.monotonic() - started < HANG
    assert response.status_code == 503
    assert_reveals_nothing(response, "unavailable")


def test_concurrent_probes_share_one_check(silent_port: int) -> None:
    calls: list[str] = []

    def targets() -> ReadinessTargets:
        calls.append(threading.current_thread().name)
        return ReadinessTargets(db_url=dead_pg_url(silent_port), redis_url=None)

    check = ReadinessCheck(targets)

    async def burst() -> list[bool]:
        return await asyncio.gather(*(check.ready() for _ in range(20)))

    try:
        assert on_own_loop(burst()) == [False] * 20
        assert len(calls) == 1 and calls[0].startswith("readiness")
    finally:
        dispose_probes()
