"""SQL of invoicing: runs, invoices and their lines, credit notes. Functions never commit."""
from __future__ import annotations

from uuid import uuid4

RUN_COLUMNS = (
    "r.id::text, r.regie_id::text, g.name AS regie, r.period_start::text, r.period_end::text, "
    "r.issued_on::text, r.due_on::text, r.status, r.families_total, r.families_done, r.invoices_issued, "
    "r.total_cents, r.error, r.started_by::text, "
    "to_json(r.started_at) #>> '{}' AS started_at, to_json(r.finished_at) #>> '{}' AS finished_at"
)
INVOICE_COLUMNS = (
    "i.id::text, i.number, i.regie_id::text, g.name AS regie, i.family_id::text, i.family_number, "
    "i.family_name, i.run_id::text, i.period_start::text, i.period_end::text, i.issued_on::text, "
    "i.due_on::text, i.total_cents, b.paid_cents, b.credited_cents, b.due_cents, "
    "g.payment_instructions"
)


# Runs -------------------------------------------------------------------------------------------

def regie(conn, regie_id, lock: bool = False) -> dict | None:
    return conn.execute(
        "SELECT id::text, name, code, due_days, payment_instructions FROM regies WHERE id = %s"
        + (" FOR UPDATE" if lock else ""),
        (regie_id,),
    ).fetchone()


def overlapping_running_run(conn, regie_id, period_start, period_end) -> dict | None:
    return conn.execute(
        "SELECT id::text FROM invoicing_runs WHERE regie_id = %s AND status = 'running' "
        "AND period_start <= %s AND period_end >= %s",
        (regie_id, period_end, period_start),
    ).fetchone()


def insert_run(conn, run: dict) -> None:
    conn.execute(
        "INSERT INTO invoicing_runs (id, regie_id, period_start, period_end, issued_on, due_on, status, "
        "families_total, started_by, started_at) VALUES (%(id)s, %(regie_id)s, %(period_start)s, "
        "%(period_end)s, %(issued_on)s, %(due_on)s, 'running', %(families_total)s, %(started_by)s, %(started_at)s)",
        run,
    )


def get_run(conn, run_id, lock: bool = False) -> dict | None:
    return conn.execute(
        f"SELECT {RUN_COLUMNS} FROM invoicing_runs r JOIN regies g ON g.id = r.regie_id WHERE r.id = %s"
        + (" FOR UPDATE OF r" if lock else ""),
        (run_id,),
    ).fetchone()


def list_runs(conn, regie_id=None) -> list[dict]:
    return conn.execute(
        f"SELECT {RUN_COLUMNS} FROM invoicing_runs r JOIN regies g ON g.id = r.regie_id "
        "WHERE %(regie)s::uuid IS NULL OR r.regie_id = %(regie)s ORDER BY r.started_at DESC, r.id LIMIT 200",
        {"regie": regie_id},
    ).fetchall()


def families_to_invoice(conn, run: dict) -> list[str]:
    """Families with billable consumptions of the run's régie and period not invoiced yet, except
    those the run has invoiced already (a consumption recorded since waits for the next run)."""
    return [row["family_id"] for row in conn.execute(
        "SELECT DISTINCT family_id::text FROM consumptions WHERE regie_id = %(regie)s "
        "AND date BETWEEN %(start)s AND %(end)s AND invoice_id IS NULL AND billable "
        "AND family_id NOT IN (SELECT family_id FROM invoices WHERE run_id = %(run)s) ORDER BY 1",
        {"regie": run["regie_id"], "start": run["period_start"], "end": run["period_end"], "run": run["id"]},
    )]


def restart_run(conn, run_id, families_left: int) -> None:
    conn.execute(
        "UPDATE invoicing_runs SET status = 'running', error = NULL, finished_at = NULL, "
        "families_total = families_done + %s WHERE id = %s",
        (families_left, run_id),
    )


def add_progress(conn, run_id, families: int, invoices: int, total_cents: int) -> None:
    conn.execute(
        "UPDATE invoicing_runs SET families_done = families_done + %s, invoices_issued = invoices_issued + %s, "
        "total_cents = total_cents + %s WHERE id = %s",
        (families, invoices, total_cents, run_id),
    )


def finish_run(conn, run_id, status: str, finished_at, error: str | None = None) -> None:
    conn.execute(
        "UPDATE invoicing_runs SET status = %s, error = %s, finished_at = %s WHERE id = %s AND status = 'running'",
        (status, error, finished_at, run_id),
    )


def lock_sequence(conn, regie_id, kind: str) -> None:
    """Holds the régie's sequence from the start of a transaction: runs of one régie then take their
    numbers one group after the other and never wait for each other's consumptions (no deadlock)."""
    conn.execute(
        "INSERT INTO document_sequences (regie_id, kind) VALUES (%s, %s) "
        "ON CONFLICT (regie_id, kind) DO UPDATE SET last_number = document_sequences.last_number",
        (regie_id, kind),
    )


def claim_consumptions(conn, run: dict, invoice_of: dict[str, str]) -> list[dict]:
    """Claims the families' consumptions to invoice for the invoices chosen for them (`invoice_of`:
    family id → invoice id; the invoices are inserted later in the transaction) and returns them, with
    the family's number and name, by family.

    Claiming is one UPDATE: it locks each consumption and sets its invoice_id at once, where a
    SELECT ... FOR UPDATE then an UPDATE wrote every row twice (writing consumptions is the costliest
    part of a run). A consumption another run invoiced meanwhile is left out: the UPDATE waits for
    that run, re-reads the row and finds its invoice_id set. The id arrays are sent in binary (%b):
    psycopg escapes each element of a text array with a regex."""
    families = list(invoice_of)
    return conn.execute(
        "WITH claimed AS ("
        "  UPDATE consumptions c SET invoice_id = g.invoice_id "
        "  FROM unnest(%(families)b::uuid[], %(invoices)b::uuid[]) AS g (family_id, invoice_id) "
        # (`= ANY` as well as the join: with the join alone the planner may scan every consumption)
        "  WHERE c.family_id = ANY(%(families)b::uuid[]) AND c.family_id = g.family_id "
        "  AND c.regie_id = %(regie)s AND c.date BETWEEN %(start)s AND %(end)s "
        "  AND c.invoice_id IS NULL AND c.billable "
        "  RETURNING c.id, c.family_id, c.child_id, c.activity_id, c.activity_name, c.date, c.unit, c.quantity, "
        "  c.outing_price_cents, c.regie_id) "
        "SELECT c.id::text, c.family_id::text, c.child_id::text, c.activity_id::text, c.activity_name, "
        "c.date, c.unit, c.quantity, c.outing_price_cents, c.regie_id::text, "
        "f.number AS family_number, f.display_name AS family_name "
        # (the families' ids on both sides: an index lookup, never a scan of every family)
        "FROM claimed c LEFT JOIN families f ON f.id = c.family_id AND f.id = ANY(%(families)b::uuid[]) "
        "ORDER BY c.family_id, c.id",
        {"families": families, "invoices": [invoice_of[family] for family in families],
         "regie": run["regie_id"], "start": run["period_start"], "end": run["period_end"]},
        # Planned for each group's arrays: once psycopg prepares the statement, PostgreSQL's generic
        # plan guesses one consumption per array and joins the families by nested loops (3× slower).
        prepare=False,
    ).fetchall()


INVOICE_FIELDS = ("id", "regie_id", "sequence_number", "number", "family_id", "family_number", "family_name",
                  "run_id", "period_start", "period_end", "issued_on", "due_on", "total_cents")
LINE_FIELDS = ("consumption_id", "date", "child_id", "child_name", "activity_id", "activity", "unit", "category",
               "quantity", "unit_price_cents", "amount_cents")


def insert_invoices(conn, invoices: list[dict]) -> None:
    """The invoices (`INVOICE_FIELDS`) and their `lines` (`LINE_FIELDS`, numbered in order), with COPY."""
    with conn.cursor() as cursor:
        with cursor.copy(f"COPY invoices ({', '.join(INVOICE_FIELDS)}) FROM STDIN") as copy:
            for invoice in invoices:
                copy.write_row([invoice[field] for field in INVOICE_FIELDS])
        with cursor.copy(f"COPY invoice_lines (id, invoice_id, position, {', '.join(LINE_FIELDS)}) "
                         "FROM STDIN") as copy:
            for invoice in invoices:
                for position, line in enumerate(invoice["lines"], start=1):
                    copy.write_row([uuid4(), invoice["id"], position, *[line[field] for field in LINE_FIELDS]])


# Invoices ---------------------------------------------------------------------------------------

def get_invoice(conn, invoice_id) -> dict | None:
    return conn.execute(
        f"SELECT {INVOICE_COLUMNS} FROM invoices i JOIN regies g ON g.id = i.regie_id "
        "JOIN invoice_balances b ON b.invoice_id = i.id WHERE i.id = %s",
        (invoice_id,),
    ).fetchone()


def family_invoices(conn, family_id) -> list[dict]:
    return conn.execute(
        f"SELECT {INVOICE_COLUMNS} FROM invoices i JOIN regies g ON g.id = i.regie_id "
        "JOIN invoice_balances b ON b.invoice_id = i.id WHERE i.family_id = %s "
        "ORDER BY i.issued_on DESC, i.number DESC",
        (family_id,),
    ).fetchall()


def lines_of(conn, invoice_ids: list[str]) -> list[dict]:
    return conn.execute(
        "SELECT invoice_id::text, date::text, child_name AS child, activity, unit, category, quantity, "
        "unit_price_cents, amount_cents FROM invoice_lines WHERE invoice_id = ANY(%s::uuid[]) "
        "ORDER BY invoice_id, position",
        (invoice_ids,),
    ).fetchall()


def credit_notes_of(conn, invoice_ids: list[str]) -> list[dict]:
    return conn.execute(
        "SELECT id::text, number, invoice_id::text, issued_on::text, amount_cents, reason, lines "
        "FROM credit_notes WHERE invoice_id = ANY(%s::uuid[]) ORDER BY sequence_number",
        (invoice_ids,),
    ).fetchall()


def lock_invoice(conn, invoice_id) -> dict | None:
    return conn.execute(
        "SELECT i.id::text, i.number, i.regie_id::text, i.family_id::text, i.total_cents, g.code "
        "FROM invoices i JOIN regies g ON g.id = i.regie_id WHERE i.id = %s FOR UPDATE OF i",
        (invoice_id,),
    ).fetchone()


def credited_cents(conn, invoice_id) -> int:
    return conn.execute(
        "SELECT coalesce(sum(amount_cents), 0)::integer AS n FROM credit_notes WHERE invoice_id = %s", (invoice_id,)
    ).fetchone()["n"]


def insert_credit_note(conn, note: dict) -> None:
    conn.execute(
        "INSERT INTO credit_notes (id, regie_id, sequence_number, number, invoice_id, family_id, issued_on, "
        "amount_cents, reason, lines, created_by) VALUES (%(id)s, %(regie_id)s, %(sequence_number)s, %(number)s, "
        "%(invoice_id)s, %(family_id)s, %(issued_on)s, %(amount_cents)s, %(reason)s, %(lines)s, %(created_by)s)",
        note,
    )
