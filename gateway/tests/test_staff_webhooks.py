"""Webhooks over the API: an admin subscribes a municipal system's URL, sees it, unsubscribes it;
nobody else may."""
import uuid


def test_an_admin_subscribes_lists_and_unsubscribes_a_webhook(staff):
    created = staff.send("POST", "/api/v1/staff/webhooks",
                         json={"url": "https://si.ville.example/portail", "events": ["invoice.*", "payment.#"]})
    assert created.status_code == 201, created.json
    webhook = created.json
    assert webhook["events"] == ["invoice.*", "payment.#"] and len(webhook["secret"]) >= 32
    listed = staff.get("/api/v1/staff/webhooks").json
    assert [(w["id"], w["url"]) for w in listed] == [(webhook["id"], "https://si.ville.example/portail")]
    assert "secret" not in listed[0]  # shown once, at creation

    refused = staff.send("POST", "/api/v1/staff/webhooks", json={"url": "pas une adresse", "events": ["invoice*"]})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "invalid_input"
    assert len(staff.get("/api/v1/staff/webhooks").json) == 1

    assert staff.send("DELETE", f"/api/v1/staff/webhooks/{webhook['id']}").status_code == 204
    assert staff.get("/api/v1/staff/webhooks").json == []
    assert staff.send("DELETE", f"/api/v1/staff/webhooks/{webhook['id']}").status_code == 404
    assert staff.send("DELETE", f"/api/v1/staff/webhooks/{uuid.uuid4()}").status_code == 404


def test_parents_may_not_touch_webhooks(staff, new_family, parent_of):
    parent = parent_of(new_family("Roux"))
    assert parent.get("/api/v1/staff/webhooks").status_code == 403
    created = parent.send("POST", "/api/v1/staff/webhooks", json={"url": "https://evil.example", "events": ["#"]})
    assert created.status_code == 403
    assert staff.get("/api/v1/staff/webhooks").json == []
