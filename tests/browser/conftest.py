"""Browser journeys: the data is set up through the API, the journey runs in Chromium (see journeys.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from babel.dates import format_date

from tests.client import ApiClient
from tests.conftest import STAFF_LOGIN, STAFF_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TEMPORARY = "Provisoire-2026"
PASSWORD = "Navigateur-2026x"


@pytest.fixture(scope="module")
def staff(stack):
    return logged_in(stack, STAFF_LOGIN, STAFF_PASSWORD)


def created(response, status: int = 201) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def new_activity(staff: ApiClient, name: str, mode: str, units: list[tuple[str, str]]) -> dict:
    structure = created(staff.post("/staff/structures", {"name": f"Structure {name}", "kind": "alsh"}))
    return created(staff.post("/staff/activities", {
        "structure_id": structure["id"], "name": name, "booking_mode": mode,
        "units": [{"code": code, "label": label} for code, label in units]}))


def open_days(staff: ApiClient, activity: dict, days: list[dict]) -> None:
    created(staff.post(f"/staff/activities/{activity['id']}/days", {"days": days}))


def new_family(staff: ApiClient, last_name: str, child: str) -> dict:
    """A family created by staff with a temporary password; `login` is the guardian's email."""
    login = f"{last_name.lower()}.{uuid.uuid4().hex[:6]}@example.org"
    family = created(staff.post("/staff/families", {
        "guardians": [{"civility": "Mme", "first_name": "Léa", "last_name": last_name, "email": login,
                       "phone": "0600000000"}],
        "children": [{"first_name": child, "last_name": last_name, "birth_date": "2019-05-20"}],
        "quotient": 700, "temporary_password": TEMPORARY}))
    return {**family, "login": login, "child_id": family["children"][0]["id"]}


def logged_in(stack, login: str, password: str) -> ApiClient:
    client = ApiClient(stack.base_url)
    assert client.login(login, password).status_code == 200
    return client


def api_parent(stack, family: dict) -> ApiClient:
    """The family's parent through the API, past the first-login password change."""
    parent = logged_in(stack, family["login"], TEMPORARY)
    created(parent.post("/me/password", {"current_password": TEMPORARY, "new_password": PASSWORD}), 200)
    return parent


def day_label(day) -> str:
    """How the planning names a day ("mercredi 2 décembre")."""
    return format_date(day, "EEEE d MMMM", locale="fr")


@pytest.fixture
def run_journey(stack, tmp_path):
    """Run one journey of journeys.py in a clean interpreter; its result: violations, error, steps."""
    def run(name: str, data: dict) -> dict:
        given, report = tmp_path / f"{name}.json", tmp_path / f"{name}-result.json"
        given.write_text(json.dumps({"base_url": stack.base_url, **data}))
        done = subprocess.run([sys.executable, "-m", "tests.browser.journeys", name, str(given), str(report)],
                              cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=150)
        assert done.returncode == 0 and report.exists(), f"{name} journey crashed:\n{done.stdout}\n{done.stderr}"
        result = json.loads(report.read_text())
        assert result["error"] is None, f"{name} journey failed {result['error']}"
        assert not result["violations"], f"{name}: axe-core finds serious or critical violations:\n" + "\n".join(
            f"  {v['step']} {v['page']}: {v['id']} ({v['impact']}) {v['targets']} — {v['help']}"
            for v in result["violations"])
        return result
    return run
