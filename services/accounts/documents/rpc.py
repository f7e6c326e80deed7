"""Required documents RPCs: the types, a family's documents and uploads, their review by staff."""
from __future__ import annotations

import base64
import hashlib

from nameko.rpc import rpc

from services.accounts.documents import rules, storage
from services.accounts.documents import schemas as s
from services.chassis.errors import invalid, not_found
from services.chassis.identity import Caller, caller_from, is_uuid
from services.chassis.schemas import load

DECISIONS = {"validate": ("validated", "document.validated"), "refuse": ("refused", "document.refused")}


def may_reach(caller: Caller, family_id) -> bool:
    return caller.is_staff or str(family_id) == str(caller.family_id)


def family_documents(conn, family_id, today) -> list[dict]:
    """Each document the family is asked for, with its status on `today`; 404 when there is no such family."""
    children = storage.family_children(conn, family_id)
    if children is None:
        raise not_found("family")
    return rules.family_documents(storage.document_types(conn), children, storage.current_documents(conn, family_id),
                                  today)


def missing_view(entries: list[dict]) -> dict:
    """`missing_documents`' answer from `family_documents`."""
    documents = [entry for entry in entries if rules.still_to_provide(entry)]
    return s.MissingDocumentsResult().dump({"count": len(documents), "documents": documents})


class DocumentRpc:
    @rpc
    def list_document_types(self, caller):
        caller_from(caller)
        with self.db.transaction() as conn:
            types = storage.document_types(conn)
        return s.DocumentTypeResult(many=True).dump(types)

    @rpc
    def list_documents(self, caller, family_id):
        family_id = caller_from(caller).require_family(family_id)
        return s.DocumentResult(many=True).dump(self._family_documents(family_id))

    @rpc
    def missing_documents(self, caller, family_id):
        family_id = caller_from(caller).require_family(family_id)
        return missing_view(self._family_documents(family_id))

    def _family_documents(self, family_id) -> list[dict]:
        with self.db.transaction() as conn:
            return family_documents(conn, family_id, self.clock.today())

    @rpc
    def upload_document(self, caller, family_id, payload):
        caller = caller_from(caller)
        family_id = caller.require_family(family_id)
        data = load(s.UploadInput(), payload)
        filename = rules.base_filename(data["filename"])
        content = rules.decode_content(data["content_base64"])
        content_type = rules.content_type_of(content)
        with self.db.transaction() as conn:
            children = storage.family_children(conn, family_id)
            if children is None:
                raise not_found("family")
            document_type = storage.document_type(conn, data["type"])
            if document_type is None:
                raise invalid({"fields": {"type": ["Type de document inconnu."]}})
            rules.check_child(document_type, data["child_id"], children)
            document_id = storage.insert_document(
                conn, family_id=family_id, child_id=data["child_id"], type_code=document_type["code"],
                filename=filename, content_type=content_type, content=content,
                sha256=hashlib.sha256(content).hexdigest(), uploaded_at=self.clock.now(),
                uploaded_by=caller.user_id,
            )
            document = storage.find_document(conn, document_id)
            self.db.emit(conn, "document.submitted", s.DocumentSubmittedData().dump(
                {**document, "document_id": document_id}), subject=document_id)
        return s.DocumentResult().dump(rules.document_entry(document, self.clock.today()))

    @rpc
    def get_document_file(self, caller, document_id):
        caller = caller_from(caller)
        if not is_uuid(document_id):
            raise not_found("document")
        with self.db.transaction() as conn:
            file = storage.document_file(conn, document_id)
        # Another family's document answers as one that does not exist.
        if file is None or not may_reach(caller, file["family_id"]):
            raise not_found("document")
        return {"filename": file["filename"], "content_type": file["content_type"],
                "content_base64": base64.b64encode(file["content"]).decode("ascii")}

    @rpc
    def decide_document(self, caller, document_id, decision, reason=None, valid_until=None):
        caller = caller_from(caller)
        caller.require_staff()
        data = load(s.DecisionInput(), {"decision": decision, "reason": reason, "valid_until": valid_until})
        today = self.clock.today()
        rules.check_decision(data["decision"], data["reason"], data["valid_until"], today)
        if not is_uuid(document_id):
            raise not_found("document")
        status, event = DECISIONS[data["decision"]]
        with self.db.transaction() as conn:
            document = storage.find_document(conn, document_id, for_update=True)
            if document is None:
                raise not_found("document")
            if document["status"] != "submitted":
                raise rules.already_decided(document["status"])
            if not document["current"]:
                raise rules.replaced()
            until = None
            if data["decision"] == "validate":
                until = rules.validity_end(storage.document_type(conn, document["type"]), today, data["valid_until"])
            storage.record_decision(
                conn, document_id, status=status, decided_at=self.clock.now(), decided_by=caller.user_id,
                reason=data["reason"].strip() if data["reason"] else None, valid_until=until,
            )
            document = storage.find_document(conn, document_id)
            self.db.emit(conn, event, s.DocumentDecidedData().dump({**document, "document_id": document["id"]}),
                         subject=document["id"])
        return s.DocumentResult().dump(rules.document_entry(document, today))

    @rpc
    def list_pending_documents(self, caller):
        caller_from(caller).require_staff()
        with self.db.transaction() as conn:
            documents = storage.pending_documents(conn)
        today = self.clock.today()
        return s.PendingDocumentResult(many=True).dump(
            [{**document, **rules.document_entry(document, today)} for document in documents])
