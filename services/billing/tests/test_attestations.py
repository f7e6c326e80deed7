"""Tax attestations: care paid in a calendar year for children under 6 on 1 January, pro rata of each
invoice's care share per child; available from the configured day of the next year, announced once."""
import base64
import uuid
from datetime import datetime, timezone

import pytest

from services.billing.tests.account_books import books  # noqa: F401  (fixture)
from services.billing.tests.conftest import STAFF, parent_of
from services.chassis.testing import refused, travel

JANUARY_15_2027 = datetime(2027, 1, 15, 9, 0, tzinfo=timezone.utc)
FEBRUARY_2027 = datetime(2027, 2, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def paid_family(books, sql):
    """Léa (4 on 1 January 2026), Tom (too old: 6 on 1 January 2026); an invoice of care for both and a
    meal, half paid in 2026; another invoice paid in 2025."""
    family_id = str(uuid.uuid4())
    sql("INSERT INTO families (id, number, display_name) VALUES (%s, 'F-0042', 'Famille Martin')", (family_id,))
    regie = books.regie("Régie petite enfance")
    lea = books.child(family_id, "Léa", "2021-05-02")
    tom = books.child(family_id, "Tom", "2020-01-01")
    books.invoice(family_id, regie, "2025-11-01", "2025-11-30", [(lea, "care", 3000)])
    books.payment(family_id, regie, 3000, "2025-11-20")
    books.invoice(family_id, regie, "2026-01-05", "2026-02-05",
                  [(lea, "care", 6000), (lea, "meal", 2000), (tom, "care", 2000)])
    books.payment(family_id, regie, 5000, "2026-01-20")  # half of the 10 000 invoice
    return {"family_id": family_id, "lea": lea, "tom": tom, "regie": regie}


def test_the_care_share_of_what_was_paid_in_the_year(api, billing, paid_family):
    travel(billing, JANUARY_15_2027)
    family_id = paid_family["family_id"]
    attestations = api.list_attestations(parent_of(family_id), family_id)
    assert [(a["year"], a["available"], a["available_on"], a["total_cents"]) for a in attestations] == [
        (2026, False, "2027-01-31", 3000), (2025, True, "2026-01-31", 3000)]
    # 5 000 paid on an invoice of 10 000 whose care for Léa is 6 000: 3 000; Tom is 6 on 1 January.
    assert attestations[0]["children"] == [{"child_id": paid_family["lea"], "first_name": "Léa",
                                            "last_name": "Martin", "birth_date": "2021-05-02",
                                            "amount_cents": 3000}]


def test_the_pdf_only_once_available(api, billing, paid_family):
    family_id = paid_family["family_id"]
    travel(billing, JANUARY_15_2027)
    with refused(404, "not_found"):
        api.attestation_pdf(parent_of(family_id), family_id, 2026)
    with refused(404, "not_found"):  # nothing paid that year
        api.attestation_pdf(parent_of(family_id), family_id, 2024)
    travel(billing, FEBRUARY_2027)
    document = api.attestation_pdf(parent_of(family_id), family_id, 2026)
    assert document["filename"] == "attestation-2026-F-0042.pdf"
    assert base64.b64decode(document["content_base64"]).startswith(b"%PDF")
    with refused(422, "invalid_input"):
        api.attestation_pdf(STAFF, family_id, "last year")


def test_attestation_available_is_announced_once_per_family_and_year(api, billing, paid_family, event_log):
    log = event_log("billing", "attestation.available")
    family_id = paid_family["family_id"]
    travel(billing, JANUARY_15_2027)  # 2026's are not out yet: the latest out are 2025's
    assert api.review_accounts(STAFF)["attestations_announced"] == 1
    assert log.take(1)[0]["data"] == {"family_id": family_id, "year": 2025}
    travel(billing, FEBRUARY_2027)
    assert api.review_accounts(STAFF)["attestations_announced"] == 1
    assert log.take(1)[0]["data"] == {"family_id": family_id, "year": 2026}
    assert api.review_accounts(STAFF)["attestations_announced"] == 0
    log.assert_quiet(0.5)
