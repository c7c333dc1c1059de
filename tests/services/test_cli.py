"""``cc-admin`` as an administrator uses it: a real process on a real database."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlmodel import Session, create_engine, select

from convenience_center.models import User
from tests.databases import TemplateDatabases


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "convenience_center.cli", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(CC_DATA_DIR=str(tmp_path), REFLEX_DB_URL=f"sqlite:///{tmp_path / 'cli.db'}",
               CC_DEMO="1")
    return env


def test_migrate_bootstrap_and_create_staff(cli_env: dict[str, str]):
    assert run(["migrate"], cli_env).returncode == 0
    boot = run(["bootstrap"], cli_env)
    assert boot.returncode == 0
    assert "demo.county" in boot.stdout and "password:" in boot.stdout
    again = run(["bootstrap"], cli_env)
    assert "password:" not in again.stdout  # demo accounts are made once only
    offices = run(["offices", "--parent", "410105"], cli_env)
    assert "410105001" in offices.stdout and "经八路街道" in offices.stdout
    created = run(["create-staff", "--username", "li.officer", "--name", "李官员", "--email",
                   "li@example.cn", "--role", "township", "--office", "410105002"], cli_env,
                  stdin="a long enough staff password\n")
    assert created.returncode == 0, created.stderr
    refused = run(["create-staff", "--username", "li.officer", "--name", "李", "--email",
                   "li2@example.cn", "--role", "county", "--office", "410105002"], cli_env,
                  stdin="short\n")
    assert refused.returncode == 2
    assert "taken" in refused.stderr and "10 characters" in refused.stderr
    engine = create_engine(cli_env["REFLEX_DB_URL"])
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "li.officer")).one()
        assert user.role == "township" and user.office_code == "410105002"
    engine.dispose()


def test_cli_on_postgresql(tmp_path, cli_env: dict[str, str]):
    manager = TemplateDatabases(tmp_path)
    try:
        cli_env["REFLEX_DB_URL"] = manager.pg_url()
        assert run(["migrate"], cli_env).returncode == 0
        assert run(["bootstrap"], cli_env).returncode == 0
        listed = run(["offices", "--level", "city"], cli_env)
        assert listed.returncode == 0 and listed.stdout.count("\n") == 18
    finally:
        manager.drop_all()
