"""Notification settings through the gateway (issue 6): one resource over notifications (language, daily
report, extra invoice addresses) and accounts (the guardians' consents); the parent's page."""
from __future__ import annotations

from gateway.tests.conftest import wait_until

API = "/api/v1/notification-settings"


def ok(response, status: int = 200):
    assert response.status_code == status, (response.status_code, response.get_json(silent=True))
    return response.json


def known(parent) -> dict:
    """The settings once notifications has heard of the family (from accounts' event)."""
    assert wait_until(lambda: parent.get(API).status_code == 200)
    return ok(parent.get(API))


def test_a_parent_reads_and_changes_settings_and_consents_at_once(new_family, parent_of, staff):
    family = new_family("Martin")
    parent = parent_of(family)
    assert known(parent) == {"family_id": family["id"], "locale": "fr", "daily_report": True,
                             "extra_invoice_emails": [], "consent_email": True, "consent_sms": False}

    changed = ok(parent.send("PUT", API, json={"locale": "en", "consent_sms": True,
                                               "extra_invoice_emails": ["compta@example.org"]}))
    assert changed == {"family_id": family["id"], "locale": "en", "daily_report": True,
                       "extra_invoice_emails": ["compta@example.org"], "consent_email": True, "consent_sms": True}
    # the consents are the guardians', in accounts; notifications learns them by event
    assert ok(parent.get("/api/v1/family"))["guardians"][0]["consent_sms"] is True
    assert wait_until(lambda: parent.get(API).json["consent_sms"])
    assert ok(parent.get(API)) == changed
    # staff name the family
    assert ok(staff.get(f"{API}?family_id={family['id']}")) == changed
    assert ok(staff.send("PUT", f"{API}?family_id={family['id']}", json={"daily_report": False}))["daily_report"] \
        is False
    assert staff.get(API).status_code == 404


def test_a_refused_setting_changes_no_consent(new_family, parent_of):
    family = new_family("Durand")
    parent = parent_of(family)
    known(parent)
    refused = parent.send("PUT", API, json={"consent_email": False,
                                            "extra_invoice_emails": ["a@example.org", "A@example.org"]})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "invalid_input"
    assert "figure deux fois" in str(refused.json["error"]["details"])
    assert ok(parent.get("/api/v1/family"))["guardians"][0]["consent_email"] is True

    wrong = parent.send("PUT", API, json={"consent_email": "non", "locale": "en"})
    assert wrong.status_code == 422 and set(wrong.json["error"]["details"]["fields"]) == {"consent_email"}
    assert ok(parent.get(API))["locale"] == "fr"


def test_a_parent_gets_only_their_own_settings(new_family, parent_of):
    a, b = new_family("Arnaud"), new_family("Blanc")
    parent_a, parent_b = parent_of(a), parent_of(b)
    known(parent_a)
    known(parent_b)
    ok(parent_b.send("PUT", f"{API}?family_id={a['id']}", json={"locale": "en"}))
    assert ok(parent_b.get(f"{API}?family_id={a['id']}"))["family_id"] == b["id"]
    assert ok(parent_a.get(API))["locale"] == "fr"


def test_the_preferences_page_saves_the_form(new_family, parent_of):
    family = new_family("Petit")
    parent = parent_of(family)
    known(parent)
    page = parent.get("/notification-settings")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Préférences de notification" in html and 'name="csrf_token"' in html
    assert html.count('name="extra_invoice_emails"') == 3

    form = {"csrf_token": parent.csrf, "locale": "en", "consent_email": "1", "daily_report": "1",
            "extra_invoice_emails": ["papa@example.org", "", "compta@example.org"]}
    saved = parent.client.post("/notification-settings", data=form)
    assert saved.status_code == 302
    assert ok(parent.get(API))["extra_invoice_emails"] == ["papa@example.org", "compta@example.org"]
    assert ok(parent.get("/api/v1/family"))["guardians"][0]["consent_sms"] is False

    refused = parent.client.post("/notification-settings", data={**form, "extra_invoice_emails": ["pas-une-adresse"]})
    assert refused.status_code == 422
    assert "Adresse électronique invalide." in refused.get_data(as_text=True)
    assert parent.client.post("/notification-settings", data={"locale": "fr"}).status_code == 403  # no CSRF token
    assert ok(parent.get(API))["locale"] == "en"
