"""Test settings shared by every suite. Set before the package reads its settings."""

from __future__ import annotations

import os
import tempfile

_DATA = tempfile.mkdtemp(prefix="cc-test-data-")
os.environ.setdefault("CC_DATA_DIR", _DATA)
os.environ.setdefault("CC_SECRET_KEY", "test-secret-key-not-for-production")
# bcrypt cost 4 keeps the suite fast; tests/services/test_security.py checks that production
# uses 12.
os.environ.setdefault("CC_BCRYPT_ROUNDS", "4")
os.environ.setdefault("CC_DEMO", "0")
os.environ.pop("CC_SMTP_HOST", None)
os.environ.pop("REFLEX_DB_URL", None)
os.environ.pop("REFLEX_REDIS_URL", None)

PG_ADMIN_URL = os.environ.get("CC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("CC_TEST_REDIS", "redis://127.0.0.1:6379")

pytest_plugins = ["tests.json_log"]  # the `json_log` fixture
