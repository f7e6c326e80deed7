"""Staff régies and tariffs through the API and the pages, with the real services: list, create, update;
bad input answered in French and nothing changed; closed to parents."""
from __future__ import annotations

import re
import uuid

import pytest

from gateway.tests.test_web_staff_reservations import assert_accessible, notices, post, text

BRACKETS = {"brackets": [{"up_to": 600, "amount_cents": 150}, {"up_to": None, "amount_cents": 420}]}


def test_staff_manage_regies_and_tariffs_through_the_api(staff):
    created = staff.post("/api/v1/staff/regies", json={"name": "Régie restauration", "code": "REST",
                                                       "minimum_payment_cents": 3000})
    assert created.status_code == 201, created.json
    regie = created.json
    changed = staff.send("PATCH", f"/api/v1/staff/regies/{regie['id']}", json={"due_days": 20, "prepaid": True})
    assert changed.status_code == 200 and (changed.json["due_days"], changed.json["prepaid"]) == (20, True)
    assert staff.get("/api/v1/staff/regies").json == [changed.json]

    activity = str(uuid.uuid4())
    tariff = staff.post("/api/v1/staff/tariffs", json={
        "regie_id": regie["id"], "activity_id": activity, "unit": "midi", "rule": "quotient", "category": "meal",
        "parameters": BRACKETS, "sibling_reductions": [0, 10], "valid_from": "2026-09-01"})
    assert tariff.status_code == 201, tariff.json
    updated = staff.send("PATCH", f"/api/v1/staff/tariffs/{tariff.json['id']}", json={"amount_cents": 300})
    assert updated.status_code == 200 and updated.json["amount_cents"] == 300
    assert staff.get(f"/api/v1/staff/tariffs?regie_id={regie['id']}").json == [updated.json]
    assert [rule["name"] for rule in staff.get("/api/v1/staff/pricing-rules").json] == [
        "flat", "outing", "package", "quotient"]


@pytest.mark.parametrize("path, payload, field", [
    ("/api/v1/staff/regies", {"name": "R", "payfip_numcli": "12"}, "payfip_numcli"),
    ("/api/v1/staff/tariffs", {"regie_id": str(uuid.uuid4()), "activity_id": str(uuid.uuid4()), "unit": "midi",
                               "rule": "flat", "amount_cents": 100}, "regie_id"),
])
def test_bad_input_is_refused_in_french(staff, path, payload, field):
    response = staff.post(path, json=payload)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_input" and field in response.json["error"]["details"]["fields"]
    assert staff.get("/api/v1/staff/tariffs").json == []


def test_unknown_ids_are_not_found(staff):
    for path in (f"/api/v1/staff/regies/{uuid.uuid4()}", f"/api/v1/staff/tariffs/{uuid.uuid4()}"):
        assert staff.send("PATCH", path, json={"due_days": 3}).status_code == 404
    assert staff.get(f"/staff/tariffs/{uuid.uuid4()}").status_code == 404


def test_staff_set_regies_and_quotient_tariffs_through_the_pages(staff):
    page = staff.get("/staff/regies")
    assert page.status_code == 200 and "Créer une régie" in text(page)
    assert_accessible(text(page))
    refused = post(staff, "/staff/regies", {"name": "Régie périscolaire", "minimum_payment": "trente"})
    assert refused.status_code == 422 and "un montant en euros est attendu" in text(refused)
    assert 'value="Régie périscolaire"' in text(refused)  # the input is kept
    created = post(staff, "/staff/regies", {"name": "Régie périscolaire", "code": "PERI", "due_days": "15",
                                            "minimum_payment": "30,00", "payment_instructions": "Au guichet."})
    assert "La régie « Régie périscolaire » est créée." in text(created), notices(created)
    [regie] = staff.get("/api/v1/staff/regies").json
    assert (regie["code"], regie["due_days"], regie["minimum_payment_cents"]) == ("PERI", 15, 3000)

    edit = staff.get(f"/staff/regies/{regie['id']}")
    assert edit.status_code == 200 and 'value="30,00"' in text(edit)
    post(staff, f"/staff/regies/{regie['id']}", {"name": "Régie périscolaire", "code": "PERI", "due_days": "15",
                                                 "minimum_payment": "30,00", "prepaid": "1"})
    assert staff.get("/api/v1/staff/regies").json[0]["prepaid"] is True

    activity = str(uuid.uuid4())
    tariffs = staff.get(f"/staff/tariffs?regie_id={regie['id']}")
    assert tariffs.status_code == 200 and "Ajouter un tarif" in text(tariffs)
    assert_accessible(text(tariffs))
    fields = {"regie_id": regie["id"], "activity_id": activity, "unit": "midi", "rule": "quotient",
              "category": "meal", "valid_from": "2026-09-01", "sibling_reductions": "0, 10, 20",
              "bracket-0-up_to": "600", "bracket-0-amount": "1,50", "bracket-1-up_to": "", "bracket-1-amount": "4,20"}
    refused = post(staff, "/staff/tariffs", {**fields, "bracket-1-up_to": "400"})  # no open-ended bracket
    assert refused.status_code == 422 and "dernière tranche" in text(refused)
    saved = post(staff, "/staff/tariffs", fields)
    assert "Le tarif est enregistré." in text(saved), notices(saved)
    [tariff] = staff.get("/api/v1/staff/tariffs").json
    assert (tariff["rule"], tariff["category"], tariff["parameters"], tariff["sibling_reductions"]) == (
        "quotient", "meal", BRACKETS, [0, 10, 20])
    assert "jusqu'à 600 : 1,50" in text(saved)

    edit = staff.get(f"/staff/tariffs/{tariff['id']}")
    assert edit.status_code == 200 and 'value="4,20"' in text(edit)
    assert_accessible(text(edit))
    post(staff, f"/staff/tariffs/{tariff['id']}", {**fields, "rule": "package", "period": "month", "amount": "95"})
    [tariff] = staff.get("/api/v1/staff/tariffs").json
    assert (tariff["rule"], tariff["parameters"], tariff["amount_cents"]) == ("package", {"period": "month"}, 9500)


def test_the_staff_menu_leads_to_the_tariffs(staff):
    assert re.search(r'href="/staff/tariffs">Régies et tarifs<', text(staff.get("/")))


def test_parents_cannot_reach_the_tariffs(new_family, parent_of):
    parent = parent_of(new_family("Dupont"))
    assert parent.get("/api/v1/staff/tariffs").status_code == 403
    assert parent.get("/staff/regies").status_code in (302, 403)
