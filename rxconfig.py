"""Reflex configuration; every value comes from the environment (see the README)."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from convenience_center.settings import get_settings

settings = get_settings()
_redis = settings.redis_url

config = rx.Config(
    app_name="convenience_center",
    db_url=settings.db_url,
    redis_url=_redis,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_port=settings.port,
    backend_port=settings.port,
    cors_allowed_origins=[*settings.websocket_origins,
                          *os.environ.get("CC_EXTRA_ORIGINS", "").split()],
    disable_plugins=[SitemapPlugin],
    plugins=[],
    # One worker without Redis keeps the tabs' states in memory: Reflex's disk manager writes
    # every state of every tab to disk and `reflex run` wipes them at each start anyway; what a
    # user must not lose (drafts, cases) is in the database.
    state_manager_mode="redis" if _redis else "memory",
)
