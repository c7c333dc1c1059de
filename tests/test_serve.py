"""`cc-admin serve` (what `make run` starts) rebuilds the frontend only when something it is
made from has changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from convenience_center import serve


@pytest.fixture
def fake_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("convenience_center/pages", "assets", ".web/build/client"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "convenience_center/pages/home.py").write_text("TITLE = 'home'\n")
    (tmp_path / "assets/styles.css").write_text("body {}\n")
    (tmp_path / "rxconfig.py").write_text("config = None\n")
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    monkeypatch.setattr(serve, "ROOT", tmp_path)
    monkeypatch.setattr(serve, "WEB", tmp_path / ".web")
    monkeypatch.setattr(serve, "STAMP", tmp_path / ".web" / "cc-frontend.fingerprint")
    return tmp_path


def test_an_unchanged_frontend_is_current_and_any_change_rebuilds(fake_root: Path):
    env = {"PORT": "3000"}
    first = serve.frontend_fingerprint(env)
    assert not serve.frontend_is_current(first)  # never built from these inputs
    serve.STAMP.write_text(first)
    assert serve.frontend_is_current(serve.frontend_fingerprint(env))

    (fake_root / "convenience_center/pages/home.py").write_text("TITLE = 'start'\n")
    assert not serve.frontend_is_current(serve.frontend_fingerprint(env))  # a page changed
    serve.STAMP.write_text(serve.frontend_fingerprint(env))
    (fake_root / "assets/new.svg").write_text("<svg/>")
    assert not serve.frontend_is_current(serve.frontend_fingerprint(env))  # an asset added
    serve.STAMP.write_text(serve.frontend_fingerprint(env))
    assert not serve.frontend_is_current(serve.frontend_fingerprint({"PORT": "3001"}))


def test_a_first_build_that_writes_the_package_lock_is_current_at_the_next_start(
        fake_root: Path):
    env = {"PORT": "3000"}
    before_the_build = serve.frontend_fingerprint(env)
    (fake_root / ".web/bun.lock").write_text("{}\n")  # the packages installed by the build
    serve.stamp_built_frontend(env)
    assert serve.frontend_is_current(serve.frontend_fingerprint(env))
    assert not serve.frontend_is_current(before_the_build)


def test_no_build_means_not_current(fake_root: Path):
    fingerprint = serve.frontend_fingerprint({})
    serve.STAMP.write_text(fingerprint)
    (fake_root / ".web/build/client").rmdir()
    assert not serve.frontend_is_current(fingerprint)


def test_caches_and_compiled_files_do_not_count(fake_root: Path):
    fingerprint = serve.frontend_fingerprint({})
    cache = fake_root / "convenience_center/pages/__pycache__"
    cache.mkdir()
    (cache / "home.cpython-311.pyc").write_bytes(b"\0")
    assert serve.frontend_fingerprint({}) == fingerprint


def test_with_an_api_url_the_port_is_not_part_of_the_frontend(fake_root: Path):
    """Hosts on other ports behind one balancer (REFLEX_API_URL, the public URL) share one
    build; without an API URL the port is in env.json, so it counts."""
    site = "https://bmfw.example.gov.cn"
    assert serve.frontend_fingerprint({"PORT": "3000", "REFLEX_API_URL": site}) == \
        serve.frontend_fingerprint({"PORT": "3001", "REFLEX_API_URL": site})
    assert serve.frontend_fingerprint({"PORT": "3000", "REFLEX_API_URL": site}) != \
        serve.frontend_fingerprint({"PORT": "3000", "REFLEX_API_URL": "https://other.example"})
