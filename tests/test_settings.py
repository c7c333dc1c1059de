"""Settings read from the environment."""

from __future__ import annotations

import pytest

from convenience_center.settings import get_settings


@pytest.fixture
def settings_with(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def read(**env: str):  # type: ignore[no-untyped-def]
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        return get_settings()

    yield read
    get_settings.cache_clear()


def test_a_local_start_accepts_this_machine_by_any_of_its_names(settings_with):  # type: ignore[no-untyped-def]
    settings = settings_with(CC_PUBLIC_URL="http://localhost:3000")
    assert settings.websocket_origins == [
        "http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]


def test_a_public_address_is_the_only_origin(settings_with):  # type: ignore[no-untyped-def]
    settings = settings_with(CC_PUBLIC_URL="https://wsbs.hnpfpc.gov.cn/")
    assert settings.websocket_origins == ["https://wsbs.hnpfpc.gov.cn"]
