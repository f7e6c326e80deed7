"""SQL of the inbox. `side` is who looks: "family" or "staff"; a message is `sender` one side and
received by the other. Functions take a psycopg connection (rows as dicts) and never commit."""
from __future__ import annotations

SIDES = ("family", "staff")
_TRASHED = {"family": "family_trashed_at", "staff": "staff_trashed_at"}  # never a caller's text in SQL
_BOX_HAVING = {"inbox": "bool_or(m.sender <> %(side)s)", "sent": "bool_or(m.sender = %(side)s)", "trash": "true"}
LIST_LIMIT = 200  # the most recent threads of a box


def insert_thread(conn, thread: dict) -> None:
    conn.execute(
        "INSERT INTO message_threads (id, family_id, structure_id, structure_name, subject, started_by, "
        "created_at, last_message_at) VALUES (%(id)s, %(family_id)s, %(structure_id)s, %(structure_name)s, "
        "%(subject)s, %(started_by)s, %(at)s, %(at)s)",
        thread,
    )


def insert_message(conn, message: dict) -> None:
    """A new message brings its thread back out of both trashes: the conversation goes on."""
    conn.execute(
        "INSERT INTO messages (id, thread_id, sender, author_id, body, sent_at) "
        "VALUES (%(id)s, %(thread_id)s, %(sender)s, %(author_id)s, %(body)s, %(at)s)",
        message,
    )
    conn.execute(
        "UPDATE message_threads SET last_message_at = greatest(last_message_at, %(at)s), "
        "family_trashed_at = NULL, staff_trashed_at = NULL WHERE id = %(thread_id)s",
        message,
    )


def thread(conn, thread_id, lock: bool = False) -> dict | None:
    return conn.execute(
        "SELECT t.*, c.display_name AS family_name FROM message_threads t "
        "LEFT JOIN contacts c ON c.family_id = t.family_id WHERE t.id = %s"
        + (" FOR UPDATE OF t" if lock else ""),
        (thread_id,),
    ).fetchone()


def thread_messages(conn, thread_id) -> list[dict]:
    return conn.execute(
        "SELECT id, sender, body, sent_at, read_at FROM messages WHERE thread_id = %s ORDER BY sent_at, id",
        (thread_id,),
    ).fetchall()


def mark_read(conn, thread_id, reader: str, at) -> None:
    conn.execute(
        "UPDATE messages SET read_at = %s WHERE thread_id = %s AND sender <> %s AND read_at IS NULL",
        (at, thread_id, reader),
    )


def set_trashed(conn, thread_id, side: str, at) -> None:
    """`at` None takes the thread out of the side's trash."""
    conn.execute(f"UPDATE message_threads SET {_TRASHED[side]} = %s WHERE id = %s", (at, thread_id))


def _scope(family_id, structure_ids) -> tuple[str, dict]:
    """Threads of one family, or of some structures (None: every structure)."""
    return ("(%(family_id)s::uuid IS NULL OR t.family_id = %(family_id)s::uuid) "
            "AND (%(structure_ids)s::uuid[] IS NULL OR t.structure_id = ANY(%(structure_ids)s::uuid[]))",
            {"family_id": family_id, "structure_ids": structure_ids})


def list_threads(conn, side: str, box: str, family_id=None, structure_ids=None) -> list[dict]:
    scope, params = _scope(family_id, structure_ids)
    trashed = "IS NOT NULL" if box == "trash" else "IS NULL"
    return conn.execute(
        "SELECT t.id, t.family_id, c.display_name AS family_name, t.structure_id, t.structure_name, t.subject, "
        "t.started_by, t.last_message_at, count(*) AS message_count, "
        "count(*) FILTER (WHERE m.sender <> %(side)s AND m.read_at IS NULL) AS unread "
        "FROM message_threads t JOIN messages m ON m.thread_id = t.id "
        "LEFT JOIN contacts c ON c.family_id = t.family_id "
        f"WHERE {scope} AND t.{_TRASHED[side]} {trashed} "
        f"GROUP BY t.id, c.display_name HAVING {_BOX_HAVING[box]} "
        "ORDER BY t.last_message_at DESC, t.id LIMIT %(limit)s",
        {**params, "side": side, "limit": LIST_LIMIT},
    ).fetchall()


def unread_count(conn, side: str, family_id=None, structure_ids=None) -> int:
    """Messages the side received and has not read yet, out of its trash."""
    scope, params = _scope(family_id, structure_ids)
    return conn.execute(
        "SELECT count(*) AS unread FROM messages m JOIN message_threads t ON t.id = m.thread_id "
        f"WHERE {scope} AND t.{_TRASHED[side]} IS NULL AND m.read_at IS NULL AND m.sender <> %(side)s",
        {**params, "side": side},
    ).fetchone()["unread"]
