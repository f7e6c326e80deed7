"""Invoices, credit notes and payments written straight into billing's database, numbered with the
ledger and allocated by it, for the tests of the account, the statement and the attestations (they
do not depend on the invoicing runs and payment RPCs being there)."""
from __future__ import annotations

import uuid

import pytest

from services.billing import ledger
from services.chassis import config, database


class Books:
    def __init__(self, pool):
        self.pool = pool

    def regie(self, name="Régie périscolaire") -> str:
        regie_id = str(uuid.uuid4())
        with self.pool.connection() as conn:
            conn.execute("INSERT INTO regies (id, name, code) VALUES (%s, %s, %s)", (regie_id, name, regie_id[:8]))
        return regie_id

    def child(self, family_id, first_name, birth_date) -> str:
        child_id = str(uuid.uuid4())
        with self.pool.connection() as conn:
            conn.execute("INSERT INTO children (id, family_id, first_name, last_name, birth_date) "
                         "VALUES (%s, %s, %s, 'Martin', %s)", (child_id, family_id, first_name, birth_date))
        return child_id

    def invoice(self, family_id, regie_id, issued_on, due_on, lines) -> dict:
        """`lines`: `[(child_id, category, amount_cents)]`."""
        invoice_id = str(uuid.uuid4())
        with self.pool.connection() as conn:
            number = ledger.take_number(conn, regie_id, "invoice")
            conn.execute(
                "INSERT INTO invoices (id, regie_id, sequence_number, number, family_id, period_start, period_end, "
                "issued_on, due_on, total_cents) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (invoice_id, regie_id, number, f"F-{regie_id[:8]}-{number:06d}", family_id, issued_on, issued_on,
                 issued_on, due_on, sum(amount for _, _, amount in lines)))
            for position, (child_id, category, amount) in enumerate(lines):
                conn.execute(
                    "INSERT INTO invoice_lines (id, invoice_id, position, child_id, activity, category, quantity, "
                    "unit_price_cents, amount_cents) VALUES (%s, %s, %s, %s, 'Accueil', %s, 1, %s, %s)",
                    (uuid.uuid4(), invoice_id, position, child_id, category, amount, amount))
            ledger.settle(conn, family_id, regie_id)
        return {"id": invoice_id, "number": f"F-{regie_id[:8]}-{number:06d}"}

    def payment(self, family_id, regie_id, amount_cents, received_on, method="cheque", piece_number=None,
                to_wallet=False) -> str:
        payment_id = str(uuid.uuid4())
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO payments (id, family_id, regie_id, method, amount_cents, received_on, piece_number, "
                "to_wallet) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (payment_id, family_id, regie_id, method, amount_cents, received_on, piece_number, to_wallet))
            ledger.settle(conn, family_id, regie_id)
        return payment_id

    def credit_note(self, family_id, regie_id, invoice_id, amount_cents, issued_on) -> str:
        with self.pool.connection() as conn:
            number = ledger.take_number(conn, regie_id, "credit_note")
            conn.execute(
                "INSERT INTO credit_notes (id, regie_id, sequence_number, number, invoice_id, family_id, issued_on, "
                "amount_cents, reason) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'Erreur')",
                (uuid.uuid4(), regie_id, number, f"A-{number:06d}", invoice_id, family_id, issued_on, amount_cents))
            ledger.settle(conn, family_id, regie_id)
        return f"A-{number:06d}"


@pytest.fixture
def books(billing):
    pool = database.open_pool(config.database_url("billing"), min_size=1, max_size=2)
    yield Books(pool)
    pool.close()
