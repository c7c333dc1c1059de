"""``/metrics`` as the app registers it: the figures for this host, 404 for anyone else
without the token; and the ``X-Request-ID`` every HTTP answer carries."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from convenience_center.db import dispose_engines, make_engine
from convenience_center.models import OutboundMail
from convenience_center.models.types import utcnow
from convenience_center.services import mail
from convenience_center.settings import get_settings
from convenience_center.web.request_ids import request_ids
from tests.databases import TemplateDatabases
from tests.metrics import figure_in
from tests.web.test_health import on_own_loop

TOKEN = "metrics-token-for-the-test-0123456789"
ELSEWHERE = ("203.0.113.9", 40000)
NAMED = ("cc_event_duration_seconds", "cc_event_failures_total", "cc_connected_tabs",
         "cc_mail_outbox_unsent", "cc_signin_failures_total", "cc_signin_hashing_queue")


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateDatabases]:
    manager = TemplateDatabases(tmp_path_factory.mktemp("metrics-databases"))
    yield manager
    manager.drop_all()


def _registered(path: str) -> Starlette:
    from convenience_center.convenience_center import app

    transformers = app.api_transformer
    assert isinstance(transformers, list)
    for transformer in transformers:
        if isinstance(transformer, Starlette) and path in {
                route.path for route in transformer.routes if isinstance(route, Route)}:
            return transformer
    raise AssertionError(f"the app registers no {path}")


@pytest.fixture(scope="module")
def metrics_app() -> Starlette:
    """The Starlette app of /metrics, as the platform's app module registers it."""
    return _registered("/metrics")


# Attempts made at each mail in the outbox of ``database``, and whether it was sent: two
# waiting (never tried, tried once), one given up after MAX_ATTEMPTS, one sent after a retry
# and one sent at the last attempt (neither counts).
OUTBOX = ((0, False), (1, False), (mail.MAX_ATTEMPTS, False), (1, True),
          (mail.MAX_ATTEMPTS, True))


@pytest.fixture
def database(templates: TemplateDatabases, monkeypatch: pytest.MonkeyPatch,
             request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh database as the platform's (SQLite unless a test asks for ``postgresql``),
    with the mails of ``OUTBOX``."""
    url = templates.url(getattr(request, "param", "sqlite"))
    engine = make_engine(url)
    with Session(engine) as db:
        for n, (attempts, sent) in enumerate(OUTBOX):
            queued = mail.enqueue(db, to=f"p{n}@example.org", template="account_reinstated",
                                  lang="zh", name="张三", username=f"p{n}", when="now")
            queued.attempts = attempts
            queued.sent_at = utcnow() if sent else None
        db.commit()
        assert len(db.exec(select(OutboundMail)).all()) == len(OUTBOX)
    engine.dispose()
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.delenv("CC_METRICS_TOKEN", raising=False)
    get_settings.cache_clear()
    yield url
    monkeypatch.undo()
    get_settings.cache_clear()
    dispose_engines()


def get(app: Starlette, path: str, *, client: tuple[str, int] = ("127.0.0.1", 50000),
        headers: dict[str, str] | None = None) -> httpx.Response:
    """A GET through the ASGI interface from ``client``, as the server would call the app."""

    async def request() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.get(path, headers=headers)

    return on_own_loop(request())


def with_token(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    monkeypatch.setenv("CC_METRICS_TOKEN", token)
    get_settings.cache_clear()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_this_host_is_given_the_figures(metrics_app: Starlette, database: str, host: str):
    response = get(metrics_app, "/metrics", client=(host, 50000))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert response.headers["cache-control"] == "no-store"
    text = response.text
    for name in NAMED:
        assert f"# HELP {name} " in text
    assert figure_in(text, "cc_mail_outbox_unsent", status="waiting") == 2
    assert figure_in(text, "cc_mail_outbox_unsent", status="given_up") == 1
    assert figure_in(text, "cc_signin_hashing_queue") == 0
    assert figure_in(text, "cc_connected_tabs") == 0  # no websocket open in this process
    assert 'pid="' in text and "张三" not in text and "example.org" not in text


def test_another_host_without_the_token_gets_404(metrics_app: Starlette, database: str,
                                                 monkeypatch: pytest.MonkeyPatch):
    assert get(metrics_app, "/metrics", client=ELSEWHERE).status_code == 404
    with_token(monkeypatch, TOKEN)
    for wrong in ("", "Bearer", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"):
        response = get(metrics_app, "/metrics", client=ELSEWHERE,
                       headers={"Authorization": wrong})
        assert response.status_code == 404, wrong
        assert "cc_" not in response.text


def test_another_host_with_the_token_gets_the_figures(metrics_app: Starlette, database: str,
                                                      monkeypatch: pytest.MonkeyPatch):
    with_token(monkeypatch, TOKEN)
    response = get(metrics_app, "/metrics", client=ELSEWHERE,
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert figure_in(response.text, "cc_mail_outbox_unsent", status="waiting") == 2


def test_a_request_through_a_proxy_on_this_host_is_not_local(metrics_app: Starlette,
                                                             database: str):
    for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        response = get(metrics_app, "/metrics", headers={header: "198.51.100.1"})
        assert response.status_code == 404, header


def test_a_dead_database_leaves_the_outbox_unknown_not_the_scrape(
        metrics_app: Starlette, database: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("REFLEX_DB_URL", "sqlite:////nonexistent-dir/none.db")
    get_settings.cache_clear()
    response = get(metrics_app, "/metrics")
    assert response.status_code == 200
    value = figure_in(response.text, "cc_mail_outbox_unsent", status="waiting")
    assert value is not None and value != value  # NaN


# --- X-Request-ID -------------------------------------------------------------------------

def _logging_page() -> Starlette:
    """A page that logs, behind the platform's request-id middleware."""

    async def page(_request: Request) -> PlainTextResponse:
        logging.getLogger("convenience_center.test").warning("申请已受理")
        return PlainTextResponse("ok", headers={"X-Request-ID": "set-by-the-page"})

    return Starlette(routes=[Route("/page", page)])


def test_every_answer_names_its_request_and_so_does_its_log(json_log: io.StringIO):
    app = request_ids(_logging_page())  # type: ignore[arg-type]
    response = get(app, "/page")  # type: ignore[arg-type]
    request_id = response.headers["x-request-id"]
    assert len(request_id) == 32 and response.headers.get_list("x-request-id") == [request_id]
    line = json.loads(json_log.getvalue().splitlines()[-1])
    assert line["request_id"] == request_id and line["message"] == "申请已受理"


@pytest.mark.parametrize(("incoming", "kept"), [
    ("proxy-7f3a.1_b", True),
    ("x" * 64, True),
    ("x" * 65, False),
    ('evil", "level": "critical', False),
    ("two words", False),
])
def test_a_proxys_id_is_kept_only_when_it_is_a_short_safe_token(incoming: str, kept: bool):
    app = request_ids(_logging_page())  # type: ignore[arg-type]
    response = get(app, "/page", headers={"X-Request-ID": incoming})  # type: ignore[arg-type]
    assert (response.headers["x-request-id"] == incoming) is kept


def test_the_apps_routes_carry_the_request_id():
    from convenience_center.convenience_center import app

    assert isinstance(app.api_transformer, list)
    assert app.api_transformer[-1] is request_ids  # outermost: every answer has it
    health = request_ids(_registered("/healthz"))  # type: ignore[arg-type]
    response = get(health, "/healthz", headers={"X-Request-ID": "lb-probe-1"})  # type: ignore[arg-type]
    assert response.status_code == 200 and response.headers["x-request-id"] == "lb-probe-1"
