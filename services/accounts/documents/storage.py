"""SQL of required documents. Functions take a psycopg connection; rows come back as dicts."""
from __future__ import annotations

import uuid

# Everything about a document but its content, which only get_document_file reads.
DOCUMENT_COLUMNS = (
    "d.id, d.family_id, d.child_id, d.type, t.label, t.mandatory, d.current, d.filename, d.content_type, d.size,"
    " d.sha256, d.uploaded_at, d.uploaded_by, d.status, d.decided_at, d.decided_by, d.reason, d.valid_until,"
    " c.first_name AS child_first_name, c.last_name AS child_last_name"
)


DOCUMENT_FROM = (
    "FROM documents d JOIN document_types t ON t.code = d.type LEFT JOIN children c ON c.id = d.child_id"
)


def document_types(conn) -> list[dict]:
    return conn.execute(
        "SELECT code, label, scope, validity_months, mandatory FROM document_types ORDER BY rank"
    ).fetchall()


def document_type(conn, code: str) -> dict | None:
    return conn.execute(
        "SELECT code, label, scope, validity_months, mandatory FROM document_types WHERE code = %s", (code,)
    ).fetchone()


def family_children(conn, family_id) -> list[dict] | None:
    """The family's children in their order, or None when there is no such family."""
    if conn.execute("SELECT 1 FROM families WHERE id = %s", (family_id,)).fetchone() is None:
        return None
    return conn.execute(
        "SELECT id, first_name, last_name FROM children WHERE family_id = %s ORDER BY rank", (family_id,)
    ).fetchall()


def current_documents(conn, family_id) -> list[dict]:
    return conn.execute(
        f"SELECT {DOCUMENT_COLUMNS} {DOCUMENT_FROM} WHERE d.family_id = %s AND d.current", (family_id,)
    ).fetchall()


def find_document(conn, document_id, for_update: bool = False) -> dict | None:
    lock = " FOR UPDATE OF d" if for_update else ""
    return conn.execute(
        f"SELECT {DOCUMENT_COLUMNS} {DOCUMENT_FROM} WHERE d.id = %s{lock}", (document_id,)
    ).fetchone()


def document_file(conn, document_id) -> dict | None:
    return conn.execute(
        "SELECT family_id, filename, content_type, content FROM documents WHERE id = %s", (document_id,)
    ).fetchone()


def insert_document(conn, *, family_id, child_id, type_code: str, filename: str, content_type: str,
                    content: bytes, sha256: str, uploaded_at, uploaded_by: str) -> uuid.UUID:
    """A new upload, which becomes the requirement's current document; the previous one stays as history."""
    requirement = f"{family_id}/{type_code}/{child_id}"
    # Two uploads for one requirement at once: the second waits, then replaces the first.
    conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (requirement,))
    conn.execute(
        "UPDATE documents SET current = false WHERE family_id = %s AND type = %s"
        " AND child_id IS NOT DISTINCT FROM %s AND current",
        (family_id, type_code, child_id),
    )
    document_id = uuid.uuid4()
    conn.execute(
        "INSERT INTO documents (id, family_id, child_id, type, filename, content_type, size, sha256, content,"
        " uploaded_at, uploaded_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (document_id, family_id, child_id, type_code, filename, content_type, len(content), sha256, content,
         uploaded_at, uploaded_by),
    )
    return document_id


def record_decision(conn, document_id, *, status: str, decided_at, decided_by: str, reason: str | None,
                    valid_until) -> None:
    conn.execute(
        "UPDATE documents SET status = %s, decided_at = %s, decided_by = %s, reason = %s, valid_until = %s"
        " WHERE id = %s",
        (status, decided_at, decided_by, reason, valid_until, document_id),
    )


def pending_documents(conn) -> list[dict]:
    """Current documents waiting for review, oldest first, with their family and child."""
    return conn.execute(
        f"SELECT {DOCUMENT_COLUMNS}, f.number AS family_number, f.display_name AS family_name"
        f" {DOCUMENT_FROM} JOIN families f ON f.id = d.family_id"
        " WHERE d.current AND d.status = 'submitted' ORDER BY d.uploaded_at, d.id"
    ).fetchall()


def erase_family_uploads(conn, family_id, now) -> int:
    """Anonymisation: every file the family sent is erased; the rows keep type, status and dates."""
    return conn.execute(
        "UPDATE documents SET content = ''::bytea, filename = 'effacé', size = 0, sha256 = '' "
        "WHERE family_id = %s", (family_id,)).rowcount
