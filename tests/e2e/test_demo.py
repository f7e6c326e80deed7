"""`make run`'s pieces: the demo data loads once, its parent can log in and book; a missing broker or
database is reported with the way to start it."""
import subprocess
import sys

import pytest

from deploy import demo_data
from deploy.processes import ROOT
from tests.client import ApiClient

pytestmark = pytest.mark.stack


def test_demo_data_loads_once_and_its_family_can_book(stack):
    assert stack.run_tool("-m", "deploy.demo_data").stdout.strip() == "demo data loaded"
    assert stack.run_tool("-m", "deploy.demo_data").stdout.strip() == "demo data already present"

    parent = ApiClient(stack.base_url)
    assert parent.login(demo_data.PARENT_LOGIN, demo_data.PARENT_PASSWORD).status_code == 200
    assert parent.post("/me/password", {"current_password": demo_data.PARENT_PASSWORD,
                                        "new_password": "Dupont-Demo-2026"}).status_code == 200
    family = parent.get("/family").json()
    assert [child["first_name"] for child in family["children"]] == ["Lilou", "Antoine"]
    lilou = family["children"][0]["id"]
    activities = parent.get(f"/activities?child_id={lilou}").json()
    assert len([a for a in activities if a["name"] == "ALSH 6-12 ans"]) == 1  # not loaded twice

    planning = parent.get(f"/children/{lilou}/planning").json()["days"]
    planning += parent.get(f"/children/{lilou}/planning?from={_next_month()}-01&to={_next_month()}-28").json()["days"]
    def first_free(activity_name):
        return next(day for day in planning if day["state"] == "available" and not day["locked"]
                    and day["activity_name"] == activity_name)

    for activity_name, outcome in (("Restauration scolaire", "accepted"), ("ALSH 6-12 ans", "pending")):
        free = first_free(activity_name)  # the ALSH of her age asks the staff to validate
        booked = parent.book(lilou, [{"activity_id": free["activity_id"], "date": free["date"],
                                      "unit": free["unit"], "action": "book"}])
        assert booked.json()["results"][0]["status"] == outcome, booked.text
    # at 9, Lilou is too old for the 3-6 ALSH: she was not enrolled there
    names = {a["name"]: a["enrolment_status"] for a in activities}
    assert (names["ALSH 3-6 ans"], names["ALSH 6-12 ans"]) == ("none", "accepted")


def test_a_missing_broker_is_reported_with_how_to_start_it():
    result = subprocess.run([sys.executable, "-m", "deploy.check"], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "AMQP_URI": "pyamqp://guest:guest@127.0.0.1:1/"})
    assert result.returncode == 1
    assert "RabbitMQ does not answer" in result.stderr
    assert "docker compose up -d postgres rabbitmq" in result.stderr


def _next_month() -> str:
    from datetime import date

    today = date.today()
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"
