"""Notification settings per family (issue 6): language, daily report, extra invoice addresses; the
consents read from the contact read model; the invoice notice copied to the extra addresses."""
import time
import uuid

import pytest

from services.chassis.testing import refused
from services.notifications.tests.conftest import STAFF
from services.notifications.tests.test_billing_emails import invoice

DEFAULTS = {"locale": "fr", "daily_report": True, "extra_invoice_emails": []}


def parent_of(family):
    return {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family["family_id"]}


def created(family, consent_sms=True):
    return {**family, "consent_email": True,
            "guardians": [{**family["guardians"][0], "consent_email": True, "consent_sms": consent_sms}]}


def test_a_family_starts_with_the_defaults_and_its_consents_from_accounts(api, handle, family):
    handle("accounts", "family.created", created(family))
    parent = parent_of(family)
    assert api.get_notification_settings(parent) == {
        "family_id": family["family_id"], **DEFAULTS, "consent_email": True, "consent_sms": True}

    handle("accounts", "family.updated", {"family_id": family["family_id"], "display_name": "Famille Martin",
                                          "email": family["email"], "consent_email": False, "consent_sms": False,
                                          "changed": ["guardians.x.consent_sms"]})
    found = api.get_notification_settings(parent)
    assert (found["consent_email"], found["consent_sms"]) == (False, False)


def test_a_parent_changes_their_own_settings_and_only_what_they_send(api, handle, family):
    handle("accounts", "family.created", created(family))
    parent = parent_of(family)
    changed = api.update_notification_settings(parent, {
        "locale": "en", "extra_invoice_emails": [" compta@example.org ", "Papa@example.org"]})
    assert changed == {"family_id": family["family_id"], "locale": "en", "daily_report": True,
                       "extra_invoice_emails": ["compta@example.org", "Papa@example.org"],
                       "consent_email": True, "consent_sms": True}
    api.update_notification_settings(parent, {"daily_report": False})
    assert api.get_notification_settings(parent) == {**changed, "daily_report": False}
    # staff read and change any family's, naming it
    assert api.get_notification_settings(STAFF, family["family_id"])["locale"] == "en"
    assert api.update_notification_settings(STAFF, {"extra_invoice_emails": []},
                                            family["family_id"])["extra_invoice_emails"] == []


def test_another_family_or_an_unknown_one_looks_missing(api, handle, family):
    handle("accounts", "family.created", created(family))
    other = {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": str(uuid.uuid4())}
    with refused(404, "not_found"):
        api.get_notification_settings(other, family["family_id"])
    with refused(404, "not_found"):
        api.update_notification_settings(other, {"locale": "en"}, family["family_id"])
    with refused(404, "not_found"):
        api.get_notification_settings(STAFF)  # staff name the family
    with refused(404, "not_found"):
        api.get_notification_settings(STAFF, str(uuid.uuid4()))
    assert api.get_notification_settings(STAFF, family["family_id"])["locale"] == "fr"


@pytest.mark.parametrize("changes, field, message", [
    ({"extra_invoice_emails": [f"a{n}@example.org" for n in range(4)]}, "extra_invoice_emails",
     "3 adresses supplémentaires au plus."),
    ({"extra_invoice_emails": ["a@example.org", "A@Example.org"]}, "extra_invoice_emails",
     "L'adresse A@Example.org figure deux fois."),
    ({"extra_invoice_emails": ["pas-une-adresse"]}, "extra_invoice_emails", "Adresse électronique invalide."),
    ({"locale": "de"}, "locale", "Langue inconnue : choisissez « fr » ou « en »."),
    ({"daily_report": "peut-être"}, "daily_report", "Valeur attendue : vrai ou faux."),
])
def test_invalid_settings_are_refused_in_french_and_change_nothing(api, handle, family, changes, field, message):
    handle("accounts", "family.created", created(family))
    parent = parent_of(family)
    with refused(422, "invalid_input") as info:
        api.update_notification_settings(parent, {"locale": "en", **changes})
    assert message in str(info.value.details["fields"][field])
    assert api.get_notification_settings(parent)["locale"] == "fr"


def test_the_invoice_notice_goes_to_the_family_and_each_extra_address_once(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", created(family))
    api.update_notification_settings(parent_of(family), {"extra_invoice_emails": ["compta@example.org",
                                                                                  "papa@example.org"]})
    event = handle("billing", "invoice.issued", invoice(family))
    handle("billing", "invoice.issued", event=event)  # delivered twice

    notices = lambda: [m for m in sink.messages() if m["Subject"].startswith("Nouvelle facture")]  # noqa: E731
    sink.wait_for(4)
    time.sleep(0.5)
    assert sorted(m["To"] for m in notices()) == ["claire.martin@example.org", "compta@example.org",
                                                  "papa@example.org"]
    kinds = [e["kind"] for e in api.list_emails(STAFF, family["family_id"])]
    assert kinds.count("invoice_issued") == 3


def test_without_consent_only_the_extra_addresses_get_the_invoice_notice(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", {**created(family), "consent_email": False})
    api.update_notification_settings(parent_of(family), {"extra_invoice_emails": ["compta@example.org"]})
    handle("billing", "invoice.issued", invoice(family))
    [notice] = sink.wait_for(1)
    time.sleep(0.5)
    assert [m["To"] for m in sink.messages()] == ["compta@example.org"]
    assert notice["Subject"] == "Nouvelle facture ALSH-000042 : 42,50 €"


def test_an_anonymised_family_loses_its_extra_addresses(api, handle, family):
    handle("accounts", "family.created", created(family))
    api.update_notification_settings(parent_of(family), {"extra_invoice_emails": ["compta@example.org"]})
    handle("accounts", "family.anonymised", {"family_id": family["family_id"], "number": "F-0042"})
    assert api.get_notification_settings(STAFF, family["family_id"])["extra_invoice_emails"] == []
