"""Invoicing runs, invoices with gapless numbers, credit notes, PDF invoices."""
from __future__ import annotations

import base64
from datetime import timedelta
from uuid import uuid4

from nameko.rpc import rpc
from psycopg.types.json import Jsonb

from services.billing import ledger
from services.billing.invoicing import documents, runs, schemas, storage
from services.billing.invoicing.runner import InvoicingRunner
from services.chassis.errors import ServiceError, invalid, not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load


def run_in_progress() -> ServiceError:
    return ServiceError("run_in_progress", "Une facturation de cette régie est déjà en cours sur cette période.",
                        {}, 409)


def family_invoices(conn, family_id: str, status: str | None = None) -> list[dict]:
    """`list_invoices`' answer for a family the caller may reach and a status already checked."""
    invoices = InvoicingRpc._invoice_views(conn, storage.family_invoices(conn, family_id))
    if status == "unpaid":  # what is still to pay, whole or in part
        return [invoice for invoice in invoices if invoice["status"] != "paid"]
    if status:
        return [invoice for invoice in invoices if invoice["status"] == status]
    return invoices


class InvoicingRpc:
    invoicing_runner = InvoicingRunner()

    # Runs ----------------------------------------------------------------------------------------

    @rpc
    def start_invoicing_run(self, caller, payload):
        """Creates the run and answers with it at once; the invoices are issued in the background."""
        caller = caller_from(caller)
        caller.require_staff()
        data = load(schemas.StartRunSchema(), payload)
        with self.db.transaction() as conn:
            regie = storage.regie(conn, data["regie_id"], lock=True)  # two starts of one régie queue here
            if regie is None:
                raise invalid({"fields": {"regie_id": ["Régie inconnue."]}})
            if storage.overlapping_running_run(conn, regie["id"], data["period_start"], data["period_end"]):
                raise run_in_progress()
            issued_on = data["issued_on"] or self.clock.today()
            run = {**data, "id": str(uuid4()), "regie_id": regie["id"], "issued_on": issued_on,
                   "due_on": data["due_on"] or issued_on + timedelta(days=regie["due_days"]),
                   "started_by": caller.user_id, "started_at": self.clock.now()}
            run["families_total"] = len(storage.families_to_invoice(conn, run))
            storage.insert_run(conn, run)
            created = storage.get_run(conn, run["id"])
        self.invoicing_runner.launch(run["id"], self.db, self.clock)
        return created

    @rpc
    def resume_invoicing_run(self, caller, run_id):
        """Goes on with a failed run, or one left running by a stopped process; idempotent: families
        already invoiced in the run are not invoiced again."""
        caller_from(caller).require_staff()
        run_id = load(schemas.RunIdSchema(), {"run_id": run_id})["run_id"]
        with self.db.transaction() as conn:
            run = storage.get_run(conn, run_id, lock=True)
            if run is None:
                raise not_found("invoicing_run")
            if run["status"] == "completed":
                return run
            if not conn.execute("SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0)) AS got",
                                (runs.run_lock_key(run_id),)).fetchone()["got"]:
                raise ServiceError("run_in_progress", "Cette facturation est en cours.", {}, 409)
            storage.restart_run(conn, run_id, len(storage.families_to_invoice(conn, run)))
            restarted = storage.get_run(conn, run_id)
        self.invoicing_runner.launch(run_id, self.db, self.clock)
        return restarted

    @rpc
    def get_invoicing_run(self, caller, run_id):
        caller_from(caller).require_staff()
        run_id = load(schemas.RunIdSchema(), {"run_id": run_id})["run_id"]
        with self.db.transaction() as conn:
            run = storage.get_run(conn, run_id)
        if run is None:
            raise not_found("invoicing_run")
        return run

    @rpc
    def list_invoicing_runs(self, caller, regie_id=None):
        caller_from(caller).require_staff()
        query = load(schemas.RunListSchema(), {"regie_id": regie_id})
        with self.db.transaction() as conn:
            return storage.list_runs(conn, query["regie_id"])

    # Invoices ------------------------------------------------------------------------------------

    @rpc
    def list_invoices(self, caller, family_id, status=None):
        family_id = caller_from(caller).require_family(family_id)
        query = load(schemas.InvoiceListSchema(), {"family_id": family_id, "status": status})
        with self.db.transaction() as conn:
            return family_invoices(conn, family_id, query["status"])

    @rpc
    def get_invoice(self, caller, invoice_id):
        with self.db.transaction() as conn:
            return self._visible_invoice(conn, caller, invoice_id)

    @rpc
    def invoice_pdf(self, caller, invoice_id):
        with self.db.transaction() as conn:
            invoice = self._visible_invoice(conn, caller, invoice_id)
            row = storage.get_invoice(conn, invoice["id"])
        content = documents.invoice_pdf(invoice, row["family_number"], row["family_name"],
                                        row["payment_instructions"])
        return {"filename": f"facture-{invoice['number']}.pdf",
                "content_base64": base64.b64encode(content).decode("ascii")}

    def _visible_invoice(self, conn, caller, invoice_id) -> dict:
        caller = caller_from(caller)
        try:
            invoice_id = load(schemas.InvoiceIdSchema(), {"invoice_id": invoice_id})["invoice_id"]
        except ServiceError:
            raise not_found("invoice") from None
        row = storage.get_invoice(conn, invoice_id)
        if row is None or (not caller.is_staff and row["family_id"] != str(caller.family_id)):
            raise not_found("invoice")
        return self._invoice_views(conn, [row])[0]

    @staticmethod
    def _invoice_views(conn, rows: list[dict]) -> list[dict]:
        ids = [row["id"] for row in rows]
        lines, notes = {}, {}
        for line in storage.lines_of(conn, ids):
            lines.setdefault(line["invoice_id"], []).append(line)
        for note in storage.credit_notes_of(conn, ids):
            notes.setdefault(note["invoice_id"], []).append(note)
        return [documents.invoice_view(row, lines.get(row["id"], []), notes.get(row["id"], [])) for row in rows]

    # Credit notes --------------------------------------------------------------------------------

    @rpc
    def issue_credit_note(self, caller, invoice_id, payload):
        """Corrects an issued invoice (which is never edited): up to what is left to credit; money
        already paid beyond what the invoice now asks for becomes the family's credit."""
        caller = caller_from(caller)
        caller.require_staff()
        data = load(schemas.CreditNoteSchema(), payload)
        try:
            invoice_id = load(schemas.InvoiceIdSchema(), {"invoice_id": invoice_id})["invoice_id"]
        except ServiceError:
            raise not_found("invoice") from None
        today = self.clock.today()
        with self.db.transaction() as conn:
            invoice = storage.lock_invoice(conn, invoice_id)
            if invoice is None:
                raise not_found("invoice")
            left = invoice["total_cents"] - storage.credited_cents(conn, invoice_id)
            if data["amount_cents"] > left:
                raise invalid({"fields": {"amount_cents": [
                    f"L'avoir dépasse ce qui reste à créditer sur la facture ({left} centimes)."]}})
            sequence_number = ledger.take_number(conn, invoice["regie_id"], "credit_note")
            note = {"id": str(uuid4()), "regie_id": invoice["regie_id"], "sequence_number": sequence_number,
                    "number": documents.document_number({"id": invoice["regie_id"], "code": invoice["code"]},
                                                        "credit_note", sequence_number),
                    "invoice_id": invoice["id"], "family_id": invoice["family_id"], "issued_on": today,
                    "amount_cents": data["amount_cents"], "reason": data["reason"].strip(),
                    "lines": Jsonb(data["lines"]), "created_by": caller.user_id}
            storage.insert_credit_note(conn, note)
            self.db.emit(conn, "credit_note.issued", {
                "credit_note_id": note["id"], "number": note["number"], "invoice_id": invoice["id"],
                "family_id": invoice["family_id"], "regie_id": invoice["regie_id"],
                "amount_cents": note["amount_cents"], "reason": note["reason"]}, subject=note["id"])
            ledger.settle(conn, invoice["family_id"], invoice["regie_id"])
            ledger.publish_balance(self.db, conn, invoice["family_id"], today)
            return self._visible_invoice(conn, caller.as_dict(), invoice["id"])
