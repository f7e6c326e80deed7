"""The first staff user, created directly in the accounts database, by function or command line."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.accounts.bootstrap import ensure_staff_user
from services.chassis.testing import refused
from services.accounts.tests.conftest import family_payload

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Mairie2025!"


def test_ensure_staff_user_is_idempotent_and_can_log_in(rpc, sql):
    user_id = ensure_staff_user("admin", PASSWORD, display_name="Administratrice")
    assert ensure_staff_user("ADMIN", "Autre2025!", role="staff") == user_id
    [user] = sql("SELECT id::text, role, must_change_password, display_name, family_id FROM users")
    assert user == {"id": user_id, "role": "admin", "must_change_password": False,
                    "display_name": "Administratrice", "family_id": None}

    answer = rpc.login("admin", PASSWORD, "127.0.0.1", "pytest")
    session = rpc.resolve_session(answer["session_token"])
    assert (session["user_id"], session["role"]) == (user_id, "admin")
    # The gateway keeps the caller's fields of the session (the caller schema is strict).
    caller = {key: session[key] for key in ("user_id", "role", "family_id", "structure_ids")}
    assert rpc.create_family(caller, family_payload())["number"] == "F000001"


def test_ensure_staff_user_creates_and_migrates_the_database(fresh_database):
    fresh_database("accounts")
    user_id = ensure_staff_user("agent", PASSWORD, role="staff")
    assert ensure_staff_user("agent", PASSWORD, role="staff") == user_id


def test_ensure_staff_user_refuses_a_weak_password_or_a_parent_role(rpc, sql):
    with refused(422, "weak_password"):
        ensure_staff_user("admin", "admin")
    with refused(422, "invalid_input"):
        ensure_staff_user("parent", PASSWORD, role="parent")
    assert sql("SELECT count(*) AS n FROM users") == [{"n": 0}]


def run_cli(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "services.accounts.bootstrap", *args], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **env}, timeout=60,
    )


@pytest.mark.parametrize("how", ["argv", "env"])
def test_command_line_prints_the_user_id(rpc, sql, how):
    if how == "argv":
        done = run_cli("--login", "admin", "--password", PASSWORD, "--role", "admin")
    else:
        done = run_cli("--login", "admin", "--role", "staff", BOOTSTRAP_PASSWORD=PASSWORD)
    assert done.returncode == 0, done.stderr
    [user] = sql("SELECT id::text, role FROM users")
    assert done.stdout.strip() == user["id"]
    assert user["role"] == ("admin" if how == "argv" else "staff")


def test_command_line_refusals(rpc, sql):
    env = {key: value for key, value in os.environ.items() if key != "BOOTSTRAP_PASSWORD"}
    missing = subprocess.run([sys.executable, "-m", "services.accounts.bootstrap", "--login", "admin"],
                             cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
    assert missing.returncode == 2 and "BOOTSTRAP_PASSWORD" in missing.stderr
    weak = run_cli("--login", "admin", "--password", "admin")
    assert weak.returncode == 2 and "au moins 8 caractères" in weak.stderr
    assert sql("SELECT count(*) AS n FROM users") == [{"n": 0}]
