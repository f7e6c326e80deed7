"""Pure pieces of the chassis: money, clock, envelope, caller identity, validation."""
from datetime import datetime, timezone

import pytest
from marshmallow import fields

from services.chassis import clock, events, money
from services.chassis.errors import ServiceError
from services.chassis.identity import caller_from
from services.chassis.schemas import StrictSchema, load


@pytest.mark.parametrize("cents, shown", [(3607, "36,07\u00a0€"), (0, "0,00\u00a0€"), (-772, "-7,72\u00a0€"),
                                          (123456789, "1\u202f234\u202f567,89\u00a0€")])
def test_money_is_shown_the_french_way(cents, shown):
    assert money.format_cents(cents) == shown


def test_fixed_clock_travels_in_time(monkeypatch):
    monkeypatch.setenv("FIXED_NOW", "2027-05-03T08:00:00+02:00")
    fixed = clock.from_environment()
    assert fixed.now() == datetime(2027, 5, 3, 6, 0, tzinfo=timezone.utc)
    assert fixed.today().isoformat() == "2027-05-03"
    with pytest.raises(ValueError):
        clock.FixedClock(datetime(2027, 5, 3))


def test_envelope_is_a_valid_versioned_cloudevent():
    event = events.envelope("billing", "invoice.issued", {"invoice_id": "x"}, subject="family/1")
    assert events.CloudEventSchema().validate(event) == {}
    assert event["type"] == "fr.portail-famille.invoice.issued.v1"
    assert events.event_name(event) == "invoice.issued"
    assert events.exchange_name("billing") == "billing.events"


OWN, OTHER = "0b7a1c52-3f1e-4c59-9a39-6a4f2d0e9a11", "5d2c9f0e-8b47-4a51-b3c6-1f0e7d9a2b33"


def test_caller_identity_guards_families():
    parent = caller_from({"user_id": "u1", "role": "parent", "family_id": OWN})
    assert parent.require_family(OWN) == OWN
    with pytest.raises(ServiceError) as refused:
        parent.require_family(OTHER)
    assert refused.value.status == 404
    with pytest.raises(ServiceError) as forbidden:
        parent.require_staff()
    assert forbidden.value.status == 403
    staff = caller_from({"user_id": "u2", "role": "staff"})
    assert staff.require_family(OTHER) == OTHER
    with pytest.raises(ServiceError) as not_an_id:
        staff.require_family("1 OR 1=1")
    assert not_an_id.value.status == 404
    with pytest.raises(ServiceError) as bad_role:
        caller_from({"user_id": "u3", "role": "root"})
    assert bad_role.value.status == 422


def test_strict_schemas_refuse_unknown_fields():
    class Payload(StrictSchema):
        name = fields.String(required=True)

    assert load(Payload(), {"name": "ALSH"}) == {"name": "ALSH"}
    with pytest.raises(ServiceError) as refused:
        load(Payload(), {"name": "ALSH", "admin": True})
    assert refused.value.code == "invalid_input"
    assert "admin" in refused.value.details["fields"]


def test_service_error_survives_rpc_serialization():
    """Nameko stringifies exception arguments; the error comes back with its types."""
    from nameko.exceptions import deserialize, serialize

    import services.chassis.rpc_errors  # noqa: F401

    original = ServiceError("too_many_attempts", "Trop d'essais.", {"retry_after_seconds": 60}, 429)
    rebuilt = deserialize(serialize(original))
    assert isinstance(rebuilt, ServiceError)
    assert (rebuilt.code, rebuilt.status, rebuilt.details) == ("too_many_attempts", 429, {"retry_after_seconds": 60})
