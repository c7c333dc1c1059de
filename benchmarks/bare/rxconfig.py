"""The bare Reflex app the benchmarks compare the platform with (see bare/bare.py)."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

_port = int(os.environ.get("PORT", "3900"))
_redis = os.environ.get("REFLEX_REDIS_URL") or None

config = rx.Config(
    app_name="bare",
    db_url=os.environ.get("REFLEX_DB_URL", "sqlite:///bare.db"),
    redis_url=_redis,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_port=_port,
    backend_port=_port,
    disable_plugins=[SitemapPlugin],
    plugins=[],
    state_manager_mode="redis" if _redis else "disk",
)
