"""The read models other services feed: documents (accounts) and debts (billing); an older event
arriving late changes nothing, and enrolment reads the documents."""
import uuid
from datetime import datetime, timedelta, timezone

from nameko.testing.services import entrypoint_waiter

from services.chassis.events import envelope
from services.chassis.testing import refused
from services.reservations.tests.conftest import STAFF, UNITS, parent


def document(family_id, child_id=None, type_="assurance", **extra) -> dict:
    return {"document_id": str(uuid.uuid4()), "family_id": family_id, "child_id": child_id, "type": type_,
            "label": "Attestation d'assurance", "reason": None, "valid_until": None, **extra}


def at(event: dict, hours: float) -> dict:
    """The event as if it had happened `hours` from now."""
    return {**event, "time": (datetime.now(timezone.utc) + timedelta(hours=hours)).isoformat()}


def deliver(reservations, redeliver, handler, event):
    with entrypoint_waiter(reservations, handler):
        redeliver(event)


def test_document_events_land_in_the_documents_read_model(reservations, redeliver, sql):
    family_id = str(uuid.uuid4())
    data = document(family_id, valid_until="2031-06-30")
    submitted = at(envelope("accounts", "document.submitted", {**data, "content_type": "application/pdf",
                                                               "size": 1200, "valid_until": None}), -2)
    deliver(reservations, redeliver, "on_document_submitted", submitted)
    assert sql("SELECT status, valid_until FROM documents") == [{"status": "submitted", "valid_until": None}]

    validated = at(envelope("accounts", "document.validated", data), -1)
    deliver(reservations, redeliver, "on_document_validated", validated)
    [row] = sql("SELECT document_id::text, family_id::text, child_id, type, status, valid_until::text "
                "FROM documents")
    assert row == {"document_id": data["document_id"], "family_id": family_id, "child_id": None,
                   "type": "assurance", "status": "validated", "valid_until": "2031-06-30"}

    # the submission delivered again, late: the newer validation stays
    deliver(reservations, redeliver, "on_document_submitted", submitted)
    assert sql("SELECT status FROM documents") == [{"status": "validated"}]

    refused_later = envelope("accounts", "document.refused", {**data, "reason": "Illisible", "valid_until": None})
    deliver(reservations, redeliver, "on_document_refused", refused_later)
    assert sql("SELECT status, valid_until FROM documents") == [{"status": "refused", "valid_until": None}]


def test_debt_events_land_in_the_debts_read_model(reservations, redeliver, sql):
    family_id = str(uuid.uuid4())
    in_debt = at(envelope("billing", "balance.changed",
                          {"family_id": family_id, "in_debt": True, "overdue_cents": 4550}), -1)
    deliver(reservations, redeliver, "on_debt_changed", in_debt)
    assert sql("SELECT family_id::text, in_debt, overdue_cents FROM family_debts") == [
        {"family_id": family_id, "in_debt": True, "overdue_cents": 4550}]

    paid = envelope("billing", "balance.changed", {"family_id": family_id, "in_debt": False, "overdue_cents": 0,
                                                   "due_cents": 0, "credit_cents": 0, "balance_cents": 0})
    deliver(reservations, redeliver, "on_debt_changed", paid)
    older = at(envelope("billing", "balance.changed",
                        {"family_id": family_id, "in_debt": True, "overdue_cents": 9900}), -3)
    deliver(reservations, redeliver, "on_debt_changed", older)
    assert sql("SELECT in_debt, overdue_cents FROM family_debts") == [{"in_debt": False, "overdue_cents": 0}]


def test_enrolment_sees_the_documents_validated_by_accounts(reservations, rpc, add_child, redeliver, sql):
    child = add_child()
    structure = rpc.create_structure(STAFF, {"name": "Multi-accueil Les Petits Pas", "kind": "creche"})
    activity = rpc.create_activity(STAFF, {"structure_id": structure["id"], "name": "Crèche",
                                           "booking_mode": "validation", "units": UNITS,
                                           "required_documents": ["assurance", "vaccinations"]})
    request = {"child_id": child["child_id"], "activity_id": activity["id"]}
    family = parent(child["family_id"])
    with refused(422, "missing_documents") as info:
        rpc.request_enrolment(family, request)
    assert info.value.details == {"types": ["assurance", "vaccinations"]}

    deliver(reservations, redeliver, "on_document_validated",
            envelope("accounts", "document.validated", document(child["family_id"])))
    deliver(reservations, redeliver, "on_document_validated",
            envelope("accounts", "document.validated",
                     document(child["family_id"], child["child_id"], "vaccinations")))
    assert rpc.request_enrolment(family, request)["status"] == "accepted"
    assert len(sql("SELECT * FROM enrolments")) == 1
