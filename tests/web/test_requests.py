"""The caller's address of an HTTP request, with and without trusted proxies in front."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.requests import Request

from convenience_center.settings import get_settings
from convenience_center.web.requests import client_ip


def request_from(peer: str, forwarded_for: str | None = None) -> Request:
    headers = [] if forwarded_for is None else [(b"x-forwarded-for", forwarded_for.encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers,
                    "client": (peer, 50000)})


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


def test_without_trusted_proxies_the_header_is_ignored(hops: pytest.MonkeyPatch):
    hops.delenv("REFLEX_TRUSTED_PROXY_HOPS", raising=False)
    get_settings.cache_clear()
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@pytest.mark.parametrize(("count", "forwarded_for", "expected"), [
    ("1", "203.0.113.9", "203.0.113.9"),                # nginx set the header to the client
    ("1", "10.9.9.9, 203.0.113.9", "203.0.113.9"),      # a client's own entry is not taken
    ("2", "203.0.113.9, 192.0.2.1", "203.0.113.9"),     # a CDN, then nginx
    ("2", "192.0.2.1", "127.0.0.1"),                    # fewer entries than proxies: the peer
    ("1", None, "127.0.0.1"),
])
def test_behind_trusted_proxies_the_outermost_one_names_the_client(
        hops: pytest.MonkeyPatch, count: str, forwarded_for: str | None, expected: str):
    hops.setenv("REFLEX_TRUSTED_PROXY_HOPS", count)
    get_settings.cache_clear()
    assert client_ip(request_from("127.0.0.1", forwarded_for)) == expected
