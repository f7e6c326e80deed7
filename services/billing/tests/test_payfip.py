"""The `payfip` provider against recorded PayFiP messages (`payfip/*.xml`): the request it builds, the
answers it reads, and whole payments through billing with a local HTTP server playing PayFiP (no test
reaches PayFiP itself)."""
import re
import threading
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from nameko.testing.services import entrypoint_hook

from services.billing.payments.providers import Forged, payfip
from services.billing.service import BillingService
from services.billing.tests.test_payments import due, issue_invoice, new_family, regie
from services.billing.tests.conftest import STAFF, parent_of
from services.chassis.clock import PARIS
from services.chassis.testing import refused, travel

RECORDED = Path(__file__).parent / "payfip"
RECORDED_IDOP = "cc0cb210-1cd4-11ea-8cca-0213ad91a103"
RECORDED_REFDET = "0F3C2B8E6A1D4C5B9E7F00112233AB"
PAYMENT_ID = "0f3c2b8e-6a1d-4c5b-9e7f-00112233ab44"
NUMCLI = "090909"


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


def same_xml(left: bytes, right: bytes) -> bool:
    return ET.canonicalize(left, strip_text=True) == ET.canonicalize(right, strip_text=True)


def request_fields(**changes):
    fields = dict(numcli=NUMCLI, exer=2026, reference=RECORDED_REFDET, montant=4500, mel="parent@example.org",
                  label="Régie périscolaire Factures F-2026-000001", saisie="T",
                  urlnotif="https://portail.example.org/api/v1/payments/notify/payfip",
                  urlredirect=f"https://portail.example.org/payments/{PAYMENT_ID}/return")
    return {**fields, **changes}


# --- the messages -----------------------------------------------------------------------------------

def test_the_payment_request_is_the_recorded_one():
    fields = payfip.payment_request(**request_fields())
    assert payfip.refdet(PAYMENT_ID) == RECORDED_REFDET
    assert fields["objet"] == "Regie periscolaire Factures F 2026 000001"  # ASCII alphanumerics only
    assert same_xml(payfip.envelope("creerPaiementSecurise", fields), recorded("creerPaiementSecurise_request.xml"))
    assert same_xml(payfip.envelope("recupererDetailPaiementSecurise", {"idOp": RECORDED_IDOP}),
                    recorded("recupererDetailPaiementSecurise_request.xml"))


@pytest.mark.parametrize("change, rule", [
    ({"numcli": "12345"}, "numcli"), ({"numcli": None}, "numcli"), ({"reference": "A" * 31}, "refdet"),
    ({"reference": "REF-1"}, "refdet"), ({"montant": 99}, "montant"), ({"montant": 10_000_001}, "montant"),
    ({"mel": "a@b.c"}, "mel"), ({"mel": "a" * 75 + "@b.org"}, "mel"), ({"label": "— ! ?"}, "objet"),
    ({"saisie": "P"}, "saisie"),
])
def test_a_request_that_breaks_payfip_rules_is_never_sent(change, rule):
    with pytest.raises(payfip.InvalidRequest, match=rule):
        payfip.payment_request(**request_fields(**change))


def test_the_objet_is_cut_at_100_characters():
    assert len(payfip.payment_request(**request_fields(label="x" * 150))["objet"]) == 100


def test_recorded_answers_are_read():
    assert payfip.read_response(recorded("creerPaiementSecurise_response.xml")) == {"idOp": RECORDED_IDOP}
    detail = payfip.read_response(recorded("recupererDetailPaiementSecurise_paid.xml"))
    assert (detail["resultrans"], detail["montant"], detail["numcli"], detail["refdet"]) == (
        "P", "4500", NUMCLI, RECORDED_REFDET)
    assert payfip.read_response(recorded("fault_P5.xml"))["fault"] == "P5"


def test_what_a_detail_means_for_our_payment():
    payment, ours = {"id": PAYMENT_ID}, {"payfip_numcli": NUMCLI}
    paid = payfip.read_response(recorded("recupererDetailPaiementSecurise_paid.xml"))
    result = payfip.result_of(paid, payment, ours)
    assert (result.outcome, result.amount_cents, result.piece_number) == ("paid", 4500, "112233445566")
    assert payfip.result_of({**paid, "resultrans": "V"}, payment, ours).outcome == "paid"
    refused_detail = payfip.read_response(recorded("recupererDetailPaiementSecurise_refused.xml"))
    assert payfip.result_of(refused_detail, payment, ours).outcome == "refused"
    assert payfip.result_of({**paid, "resultrans": "Z"}, payment, ours).outcome == "refused"
    assert payfip.result_of({**paid, "resultrans": "A"}, payment, ours).outcome == "cancelled"
    assert payfip.result_of({**paid, "numcli": "111111"}, payment, ours).outcome == "mismatch"
    assert payfip.result_of({**paid, "refdet": "OTHER"}, payment, ours).outcome == "mismatch"
    assert payfip.result_of(payfip.read_response(recorded("fault_P5.xml")), payment, ours).outcome == "pending"


def test_a_notification_names_a_payment_and_proves_nothing():
    notice = payfip.PayfipProvider().verify(f"idop={RECORDED_IDOP}", {})
    assert notice.reference == RECORDED_IDOP and notice.result is None
    for body in ("", "idop=", "other=1", "idop=<script>"):
        with pytest.raises(Forged):
            payfip.PayfipProvider().verify(body, {})


# --- whole payments, PayFiP played by a local server ------------------------------------------------

class FakePayfip(BaseHTTPRequestHandler):
    """Answers creerPaiementSecurise with a new idOp, and recupererDetailPaiementSecurise with the
    recorded detail `server.detail` about the payment it created (its refdet, amount and idOp)."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.server.requests.append(body)
        if "creerPaiementSecurise" in body:
            self.server.idop = str(uuid.uuid4())
            self.server.refdet = re.search(r"<refdet>(\w+)</refdet>", body).group(1)
            self.server.montant = re.search(r"<montant>(\d+)</montant>", body).group(1)
            answer = recorded("creerPaiementSecurise_response.xml").decode().replace(RECORDED_IDOP, self.server.idop)
        else:
            answer = (recorded(self.server.detail).decode().replace(RECORDED_IDOP, self.server.idop)
                      .replace(RECORDED_REFDET, self.server.refdet)
                      .replace("<r:montant>4500</r:montant>", f"<r:montant>{self.server.amount_taken or self.server.montant}</r:montant>"))
        data = answer.encode()
        self.send_response(500 if "Fault" in answer else 200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def payfip_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePayfip)
    server.requests, server.detail, server.amount_taken = [], "recupererDetailPaiementSecurise_paid.xml", None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def billing(start_service, payfip_server):
    return start_service(BillingService, PAYMENT_PROVIDER="payfip",
                         PAYFIP_URL=f"http://127.0.0.1:{payfip_server.server_address[1]}/tpa/services/securite",
                         PUBLIC_URL="https://portail.example.org")


@pytest.fixture
def books(sql):
    regie_id = regie(sql, numcli=NUMCLI)
    family_id = new_family(sql)
    return {"regie_id": regie_id, "family_id": family_id, "parent": parent_of(family_id),
            "invoice": issue_invoice(family_id, regie_id, 4500)}


def sent_fields(body: str) -> dict:
    arguments = next(element for element in ET.fromstring(body).iter() if element.tag == "arg0")
    return {child.tag: child.text for child in arguments}


def start(api, books):
    return api.start_online_payment(books["parent"], books["family_id"],
                                    {"invoice_ids": [books["invoice"]["id"]], "email": "parent@example.org"})


def test_a_payfip_payment_is_applied_once_after_asking_payfip(api, sql, books, payfip_server):
    online = start(api, books)
    assert online["redirect_url"] == f"https://www.payfip.gouv.fr/tpa/paiementws.web?idop={payfip_server.idop}"
    sent = sent_fields(payfip_server.requests[0])
    assert sent["numcli"] == NUMCLI and sent["montant"] == "4500" and sent["refdet"] == payfip.refdet(online["id"])
    assert sent["urlnotif"] == "https://portail.example.org/api/v1/payments/notify/payfip"
    assert sent["urlredirect"] == f"https://portail.example.org/payments/{online['id']}/return"

    for _ in range(3):
        assert api.payment_notification("payfip", f"idop={payfip_server.idop}", {})["status"] == "paid"

    assert sum("recupererDetailPaiementSecurise" in body for body in payfip_server.requests) == 1
    [payment] = sql("SELECT method, amount_cents, piece_number FROM payments")
    assert payment == {"method": "card", "amount_cents": 4500, "piece_number": "112233445566"}
    assert due(sql, books["invoice"]["id"]) == 0


def test_a_detail_for_another_amount_is_a_mismatch(api, sql, books, payfip_server):
    online = start(api, books)
    payfip_server.amount_taken = "450"
    assert api.payment_notification("payfip", f"idop={payfip_server.idop}", {})["status"] == "mismatch"
    assert [row["id"] for row in api.list_mismatched_payments(STAFF)] == [online["id"]]
    assert sql("SELECT count(*) AS n FROM payments")[0]["n"] == 0


def test_an_unknown_idop_is_logged_and_refused(api, sql, books):
    with refused(404):
        api.payment_notification("payfip", f"idop={uuid.uuid4()}", {})
    assert sql("SELECT outcome FROM payment_notifications") == [{"outcome": "unknown_payment"}]


def test_a_payment_without_notification_is_found_by_polling(billing, api, sql, books, payfip_server):
    online = start(api, books)
    payfip_server.detail = "fault_P5.xml"  # still at the bank
    with entrypoint_hook(billing, "check_online_payments") as check:
        check()
    assert api.get_online_payment(books["parent"], online["id"])["status"] == "pending"

    travel(billing, datetime.now(PARIS) + timedelta(minutes=25))
    with entrypoint_hook(billing, "check_online_payments") as check:
        check()
    assert api.get_online_payment(books["parent"], online["id"])["status"] == "expired"

    payfip_server.detail = "recupererDetailPaiementSecurise_paid.xml"  # the bank took the money late
    with entrypoint_hook(billing, "check_online_payments") as check:
        check()
    assert api.get_online_payment(books["parent"], online["id"])["status"] == "paid"
    assert due(sql, books["invoice"]["id"]) == 0


def test_payfip_unreachable_leaves_no_pending_payment(start_service, rpc_proxy, service_sql):
    start_service(BillingService, PAYMENT_PROVIDER="payfip", PAYFIP_URL="http://127.0.0.1:9/nothing")
    api, sql = rpc_proxy("billing"), service_sql("billing")
    regie_id, family_id = regie(sql, numcli=NUMCLI), new_family(sql)
    invoice = issue_invoice(family_id, regie_id, 4500)
    with refused(503, "provider_unavailable"):
        api.start_online_payment(parent_of(family_id), family_id, {"invoice_ids": [invoice["id"]],
                                                                   "email": "parent@example.org"})
    assert sql("SELECT status FROM online_payments") == [{"status": "cancelled"}]
