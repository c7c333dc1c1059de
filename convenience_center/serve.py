"""``cc-admin serve``: ``reflex run --env prod`` on one port, without rebuilding a frontend
that nothing has changed.

A production start of Reflex compiles every page and builds the JavaScript bundle each time
(most of a start). The compiled frontend depends only on the app's code, its assets, the
versions of Reflex and its frontend packages, and the settings Reflex writes into it (ports,
URLs). Their fingerprint is kept beside the build; when it is the same at the next start, the
compile and the build are skipped and the backend serves the bundle already built. Any change
to one of them rebuilds as before.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

from convenience_center.logs import json_format_requested

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / os.environ.get("REFLEX_WEB_WORKDIR", ".web")
STAMP = WEB / "cc-frontend.fingerprint"
SOURCES = ("convenience_center", "assets")
# Settings Reflex compiles into the frontend: env.json holds absolute URLs, made from
# REFLEX_API_URL or, without it, from localhost and the port. With an API URL the port is in
# no file of the build, so hosts on other ports share one (several hosts on one machine).
SETTINGS = ("PORT", "REFLEX_API_URL", "REFLEX_DEPLOY_URL", "REFLEX_FRONTEND_PATH",
            "REFLEX_BACKEND_PATH")
PACKAGES = ("reflex", "reflex-base", "reflex-components-core", "reflex-components-radix",
            "reflex-components-markdown")


def _files() -> Iterator[Path]:
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                yield path
    for name in ("rxconfig.py", "pyproject.toml"):
        yield ROOT / name


def frontend_fingerprint(env: dict[str, str] | None = None) -> str:
    """A digest of everything the compiled frontend is made from."""
    env = dict(os.environ) if env is None else env
    digest = hashlib.sha256()
    for path in _files():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for name in SETTINGS:
        if name == "PORT" and env.get("REFLEX_API_URL", "").strip():
            continue
        digest.update(f"{name}={env.get(name, '')}".encode())
    for package in PACKAGES:
        digest.update(f"{package}=={version(package)}".encode())
    lock = WEB / "bun.lock"
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()


def frontend_is_current(fingerprint: str) -> bool:
    """Whether the frontend in ``.web`` was built from exactly these inputs."""
    built = WEB / "build" / "client"
    return STAMP.exists() and STAMP.read_text().strip() == fingerprint and built.is_dir()


def stamp_built_frontend(env: dict[str, str] | None = None) -> None:
    """Record what the frontend just built was made from, taken after the build: the first
    build of a new ``.web`` installs its packages and writes their lock file (``bun.lock``),
    which the next start's fingerprint reads."""
    STAMP.write_text(frontend_fingerprint(env))


def _after(original: Callable[..., Any], then: Callable[[], None]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        then()
        return result

    return wrapped


def serve(port: int, host: str | None = None) -> int:
    """Run the platform in production mode on ``port`` (frontend and backend together), on
    ``host`` (an address of this machine) or Reflex's default, all addresses."""
    import reflex.reflex as reflex_cli
    from reflex.utils import build

    os.environ["PORT"] = str(port)  # rxconfig and the fingerprint read it
    if json_format_requested():
        # Reflex's own records, and Granian's in every worker (Reflex hands Granian its JSON
        # handler), as JSON lines of the same shape as the platform's (logs.py).
        os.environ.setdefault("REFLEX_LOG_JSON", "true")
    fingerprint = frontend_fingerprint()
    if frontend_is_current(fingerprint):
        print("frontend unchanged since it was built: starting without rebuilding it")
        reflex_cli._compile_app = lambda **_kwargs: None  # type: ignore[assignment]
        build.setup_frontend_prod = lambda _root: None  # type: ignore[assignment]
    else:
        STAMP.unlink(missing_ok=True)
        build.setup_frontend_prod = _after(build.setup_frontend_prod, stamp_built_frontend)
    sys.argv = ["reflex", "run", "--env", "prod", "--single-port",
                "--frontend-port", str(port), "--backend-port", str(port),
                *(["--backend-host", host] if host else [])]
    os.chdir(ROOT)
    reflex_cli.cli()
    return 0
