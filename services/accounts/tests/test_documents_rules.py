"""Required documents' rules without I/O: requirements, statuses, file sniffing, validity dates."""
import base64
from datetime import date

import pytest

from services.accounts.documents import rules
from services.chassis.errors import ServiceError

TYPES = [
    {"code": "attestation_caf", "label": "Attestation CAF", "scope": "family", "validity_months": 12,
     "mandatory": True},
    {"code": "vaccinations", "label": "Carnet de vaccinations", "scope": "child", "validity_months": None,
     "mandatory": True},
    {"code": "certificat_medical", "label": "Certificat médical", "scope": "child", "validity_months": None,
     "mandatory": False},
]
CHILDREN = [{"id": "c1", "first_name": "Léa", "last_name": "Dupont"},
            {"id": "c2", "first_name": "Hugo", "last_name": "Martin"}]


def test_family_types_are_required_once_and_child_types_once_per_child():
    required = [(r["type"]["code"], r["child"] and r["child"]["id"]) for r in rules.requirements(TYPES, CHILDREN)]
    assert required == [("attestation_caf", None),
                        ("vaccinations", "c1"), ("certificat_medical", "c1"),
                        ("vaccinations", "c2"), ("certificat_medical", "c2")]
    assert [r["type"]["code"] for r in rules.requirements(TYPES, [])] == ["attestation_caf"]


@pytest.mark.parametrize("document, expected", [
    (None, "missing"),
    ({"status": "submitted", "valid_until": None}, "submitted"),
    ({"status": "refused", "valid_until": None}, "refused"),
    ({"status": "validated", "valid_until": None}, "validated"),
    ({"status": "validated", "valid_until": date(2026, 3, 10)}, "validated"),
    ({"status": "validated", "valid_until": date(2026, 3, 9)}, "expired"),
])
def test_status_on_a_day(document, expected):
    assert rules.status(document, date(2026, 3, 10)) == expected


@pytest.mark.parametrize("day, months, expected", [
    (date(2025, 3, 10), 12, date(2026, 3, 10)),
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2025, 11, 15), 3, date(2026, 2, 15)),
])
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_validity_end_is_given_or_computed_or_none():
    caf, vaccinations = TYPES[0], TYPES[1]
    assert rules.validity_end(caf, date(2025, 3, 10), None) == date(2026, 3, 10)
    assert rules.validity_end(caf, date(2025, 3, 10), date(2025, 9, 1)) == date(2025, 9, 1)
    assert rules.validity_end(vaccinations, date(2025, 3, 10), None) is None


@pytest.mark.parametrize("content, content_type", [
    (b"%PDF-1.4\n...", "application/pdf"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
])
def test_accepted_files_are_recognised_by_their_first_bytes(content, content_type):
    assert rules.content_type_of(content) == content_type


@pytest.mark.parametrize("content", [b"", b"Bonjour", b"GIF89a...", b"PK\x03\x04 a zip", b" %PDF-1.4", b"\x89PNG"])
def test_other_files_are_unsupported(content):
    with pytest.raises(ServiceError) as info:
        rules.content_type_of(content)
    assert (info.value.status, info.value.code) == (415, "unsupported_file_type")


def test_files_over_10_mb_are_too_large():
    assert rules.content_type_of(b"%PDF-" + bytes(rules.MAX_FILE_BYTES - 5)) == "application/pdf"
    with pytest.raises(ServiceError) as info:
        rules.content_type_of(b"%PDF-" + bytes(rules.MAX_FILE_BYTES - 4))
    assert (info.value.status, info.value.code) == (413, "file_too_large")


@pytest.mark.parametrize("text", ["pas du base64 !", "QUJ", "QUJD\nREVG"])
def test_bad_base64_is_invalid_input(text):
    with pytest.raises(ServiceError) as info:
        rules.decode_content(text)
    assert (info.value.status, info.value.code) == (422, "invalid_input")
    assert "content_base64" in info.value.details["fields"]


def test_good_base64_decodes():
    assert rules.decode_content(base64.b64encode(b"%PDF-1.4").decode()) == b"%PDF-1.4"


@pytest.mark.parametrize("decision, reason, valid_until, field", [
    ("refuse", None, None, "reason"),
    ("refuse", "   ", None, "reason"),
    ("refuse", "Illisible", date(2026, 1, 1), "valid_until"),
    ("validate", None, date(2025, 3, 9), "valid_until"),
])
def test_bad_decisions_are_invalid_input(decision, reason, valid_until, field):
    with pytest.raises(ServiceError) as info:
        rules.check_decision(decision, reason, valid_until, date(2025, 3, 10))
    assert (info.value.status, info.value.code) == (422, "invalid_input")
    assert field in info.value.details["fields"]


def test_mandatory_documents_still_to_provide():
    assert [status for status in ("missing", "submitted", "validated", "refused", "expired")
            if rules.still_to_provide({"mandatory": True, "status": status})] == ["missing", "refused", "expired"]
    assert not rules.still_to_provide({"mandatory": False, "status": "missing"})
