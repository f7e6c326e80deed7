"""What this service keeps of other services' data, fed by their events."""
from services.chassis.consumers import handles
from services.chassis.events import ANONYMOUS, event_time
from services.reservations.readmodels import schemas, storage


class ReadModelHandlers:
    # Children: a child added on an accepted change request comes as `child.created` too.

    @handles("accounts", "child.created", schemas.ChildCreatedSchema())
    def on_child_created(self, conn, child, event):
        storage.upsert_child(conn, child, event_time(event))

    @handles("accounts", "child.updated", schemas.ChildCreatedSchema())
    def on_child_updated(self, conn, child, event):
        storage.upsert_child(conn, child, event_time(event))

    @handles("accounts", "family.anonymised", schemas.FamilyAnonymisedSchema())
    def on_family_anonymised(self, conn, family, event):
        storage.anonymise_children(conn, family["family_id"], ANONYMOUS, event_time(event))

    # Documents, for the enrolment's required documents.

    @handles("accounts", "document.submitted", schemas.DocumentEventSchema())
    def on_document_submitted(self, conn, document, event):
        storage.upsert_document(conn, document, "submitted", event_time(event))

    @handles("accounts", "document.validated", schemas.DocumentEventSchema())
    def on_document_validated(self, conn, document, event):
        storage.upsert_document(conn, document, "validated", event_time(event))

    @handles("accounts", "document.refused", schemas.DocumentEventSchema())
    def on_document_refused(self, conn, document, event):
        storage.upsert_document(conn, document, "refused", event_time(event))

    # Debts, for activities that block bookings while the family owes money.

    @handles("billing", "balance.changed", schemas.DebtChangedSchema())
    def on_debt_changed(self, conn, debt, event):
        storage.upsert_debt(conn, debt, event_time(event))
