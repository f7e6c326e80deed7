"""SQL of the read models other services feed: children (accounts), documents (accounts), debts (billing)."""
from __future__ import annotations


def upsert_child(conn, child: dict, changed_at) -> None:
    """Insert or update a child from an accounts event of time `changed_at`, unless a newer one
    already wrote it."""
    conn.execute(
        "INSERT INTO children (id, family_id, first_name, last_name, birth_date, changed_at) "
        "VALUES (%(child_id)s, %(family_id)s, %(first_name)s, %(last_name)s, %(birth_date)s, %(changed_at)s) "
        "ON CONFLICT (id) DO UPDATE SET family_id = EXCLUDED.family_id, "
        "first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, "
        "birth_date = EXCLUDED.birth_date, changed_at = EXCLUDED.changed_at "
        "WHERE children.changed_at IS NULL OR children.changed_at <= EXCLUDED.changed_at",
        {**child, "changed_at": changed_at},
    )


def anonymise_children(conn, family_id, name: str, changed_at) -> None:
    """Names of an anonymised family's children erased; the updates published before stay without effect."""
    conn.execute(
        "UPDATE children SET first_name = %s, last_name = %s, changed_at = greatest(changed_at, %s) "
        "WHERE family_id = %s",
        (name, name, changed_at, family_id),
    )


def get_child(conn, child_id):
    return conn.execute("SELECT * FROM children WHERE id = %s", (child_id,)).fetchone()


def upsert_document(conn, document: dict, status: str, changed_at) -> None:
    """The newest known state of an accounts document (an older event changes nothing)."""
    conn.execute(
        "INSERT INTO documents (document_id, family_id, child_id, type, status, valid_until, changed_at) "
        "VALUES (%(document_id)s, %(family_id)s, %(child_id)s, %(type)s, %(status)s, %(valid_until)s, "
        "        %(changed_at)s) "
        "ON CONFLICT (document_id) DO UPDATE SET status = EXCLUDED.status, "
        "valid_until = EXCLUDED.valid_until, changed_at = EXCLUDED.changed_at "
        "WHERE documents.changed_at <= EXCLUDED.changed_at",
        {"valid_until": None, **document, "status": status, "changed_at": changed_at},
    )


def upsert_debt(conn, debt: dict, changed_at) -> None:
    """The family's debt status from billing (an older event changes nothing)."""
    conn.execute(
        "INSERT INTO family_debts (family_id, in_debt, overdue_cents, changed_at) "
        "VALUES (%(family_id)s, %(in_debt)s, %(overdue_cents)s, %(changed_at)s) "
        "ON CONFLICT (family_id) DO UPDATE SET in_debt = EXCLUDED.in_debt, "
        "overdue_cents = EXCLUDED.overdue_cents, changed_at = EXCLUDED.changed_at "
        "WHERE family_debts.changed_at <= EXCLUDED.changed_at",
        {**debt, "changed_at": changed_at},
    )


def family_in_debt(conn, family_id) -> bool:
    row = conn.execute("SELECT in_debt FROM family_debts WHERE family_id = %s", (family_id,)).fetchone()
    return bool(row and row["in_debt"])
