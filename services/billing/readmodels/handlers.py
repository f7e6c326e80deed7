"""Read models fed by accounts: families (names, quotient) and children (names, birth dates)."""
from __future__ import annotations

from services.billing.readmodels import schemas, storage
from services.chassis.consumers import handles
from services.chassis.events import ANONYMOUS, event_time


class ReadModelHandlers:
    @handles("accounts", "family.created", schemas.FamilyCreatedData())
    def on_family_created(self, conn, data, event):
        storage.save_family_names(conn, data, event_time(event))
        storage.save_quotient(conn, data, event_time(event))
        for child in data["children"]:
            storage.save_child(conn, {**child, "child_id": child["id"], "family_id": data["family_id"]},
                               event_time(event))

    @handles("accounts", "family.updated", schemas.FamilyNamesData())
    def on_family_updated(self, conn, data, event):
        storage.save_family_names(conn, data, event_time(event))

    @handles("accounts", "quotient.changed", schemas.QuotientChangedData())
    def on_quotient_changed(self, conn, data, event):
        storage.save_quotient(conn, data, event_time(event))

    @handles("accounts", "child.created", schemas.ChildData())
    def on_child_created(self, conn, data, event):
        storage.save_child(conn, data, event_time(event))

    @handles("accounts", "child.updated", schemas.ChildData())
    def on_child_updated(self, conn, data, event):
        storage.save_child(conn, data, event_time(event))

    @handles("accounts", "family.anonymised", schemas.FamilyAnonymisedData())
    def on_family_anonymised(self, conn, data, event):
        storage.anonymise_family(conn, data["family_id"], ANONYMOUS, event_time(event))
