"""An invoicing run: one invoice per family for the consumptions of a régie's period.

Families are invoiced in groups, each group in one transaction: it claims the families' consumptions
for their invoices (`invoice_id`), prices them, takes the invoices' numbers from the régie's
sequence, writes the invoices and their lines, announces `invoice.issued`, settles the families'
credit and publishes their balances, and the run's progress moves on. A failure rolls the group back
whole (numbers too: no gap, no half invoice) and marks the run failed; resuming it goes on with the
families not invoiced yet.

Two runs of one régie hold its invoice sequence one group at a time, so their numbers interleave
without gaps. A consumption belongs to one invoice only: a group locks the consumptions it invoices
and skips those another run claimed meanwhile.
"""
from __future__ import annotations

import logging
from uuid import uuid4

from services.billing import ledger
from services.billing.invoicing import storage
from services.billing.invoicing.documents import document_number
from services.billing.tariffs import TariffBook, invoice_lines

log = logging.getLogger(__name__)

# Families per transaction. Each group pays a fixed cost (its round trips, the tariff book, a commit);
# a bigger group also holds the régie's sequence longer, so a second run's group waits longer.
GROUP_SIZE = 100


class RunBusy(Exception):
    """Another process is working on this run right now."""


def run_lock_key(run_id) -> str:
    return f"invoicing_run:{run_id}"


def process(db, clock, run_id, group_size: int | None = None) -> None:
    """Invoice the families left in the run, `group_size` (default `GROUP_SIZE`, read at call time so
    a test can shrink it) per transaction, then mark it completed (or failed with the error).
    A session advisory lock keeps a second process off a run being processed; it goes away with
    the connection of a killed process, so the run can then be resumed."""
    with db.pool.connection() as lock_conn:
        got = lock_conn.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0)) AS got",
                                (run_lock_key(run_id),)).fetchone()["got"]
        lock_conn.commit()  # a session lock outlives the transaction; the connection stays idle
        if not got:
            raise RunBusy(run_id)
        try:
            error = _invoice_families(db, clock, run_id, group_size or GROUP_SIZE)
            # The run's new status and the lock's release commit together: a resume waits on the
            # run's row, then finds it finished and free.
            storage.finish_run(lock_conn, run_id, "failed" if error else "completed", clock.now(), error)
        finally:
            lock_conn.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (run_lock_key(run_id),))


def _invoice_families(db, clock, run_id, group_size: int) -> str | None:
    """Invoice the run's families group by group; → the error that stopped it, if any."""
    with db.transaction() as conn:
        run = storage.get_run(conn, run_id)
        regie = storage.regie(conn, run["regie_id"])
        families = storage.families_to_invoice(conn, run)
    try:
        for start in range(0, len(families), group_size):
            with db.transaction() as conn:
                _invoice_group(db, conn, run, regie, families[start:start + group_size], clock.today())
    except Exception as exc:  # noqa: BLE001  (any failure stops the run; staff resume it)
        log.exception("invoicing run %s failed", run_id)
        return f"{type(exc).__name__}: {exc}"[:500]
    return None


def _invoice_group(db, conn, run: dict, regie: dict, family_ids: list[str], today) -> None:
    storage.lock_sequence(conn, regie["id"], "invoice")
    invoice_ids = {family_id: str(uuid4()) for family_id in family_ids}
    consumptions = storage.claim_consumptions(conn, run, invoice_ids)
    by_family: dict[str, list[dict]] = {}
    for consumption in consumptions:
        by_family.setdefault(consumption["family_id"], []).append(consumption)
    book = TariffBook.load(conn, {c["activity_id"] for c in consumptions}, list(by_family))  # a few queries
    priced = {family_id: invoice_lines(conn, family_id, regie["id"], family_consumptions, book)
              for family_id, family_consumptions in by_family.items()}
    numbers = ledger.take_numbers(conn, regie["id"], "invoice", len(priced))
    invoices = [_invoice(run, regie, invoice_ids[family_id], family_id, by_family[family_id][0], lines, number)
                for (family_id, lines), number in zip(priced.items(), numbers)]
    if invoices:
        storage.insert_invoices(conn, invoices)
        db.emit_many(conn, [("invoice.issued", _issued(invoice, regie), invoice["id"]) for invoice in invoices])
        issued_to = [invoice["family_id"] for invoice in invoices]
        ledger.settle_many(conn, issued_to, regie["id"])
        ledger.publish_balances(db, conn, issued_to, today)
    storage.add_progress(conn, run["id"], len(family_ids), len(invoices),
                         sum(invoice["total_cents"] for invoice in invoices))


def _invoice(run: dict, regie: dict, invoice_id: str, family_id: str, names: dict, lines: list[dict],
             sequence_number: int) -> dict:
    """The invoice (not written yet) of a family's priced lines; `names` has its family_number and
    family_name, copied on the invoice as they are on the day it is issued."""
    return {
        "id": invoice_id, "regie_id": regie["id"], "sequence_number": sequence_number,
        "number": document_number(regie, "invoice", sequence_number), "family_id": family_id,
        "family_number": names["family_number"], "family_name": names["family_name"], "run_id": run["id"],
        "period_start": run["period_start"], "period_end": run["period_end"], "issued_on": run["issued_on"],
        "due_on": run["due_on"], "total_cents": sum(line["amount_cents"] for line in lines), "lines": lines,
    }


def _issued(invoice: dict, regie: dict) -> dict:
    return {"invoice_id": invoice["id"], "number": invoice["number"], "family_id": invoice["family_id"],
            "regie_id": regie["id"], "regie": regie["name"], "period_start": invoice["period_start"],
            "period_end": invoice["period_end"], "issued_on": invoice["issued_on"], "due_on": invoice["due_on"],
            "total_cents": invoice["total_cents"]}
