"""All of notifications' SQL. Functions take a psycopg connection (rows as dicts) and never commit."""
from __future__ import annotations


def save_contact(conn, contact: dict) -> None:
    conn.execute(
        "INSERT INTO contacts (family_id, email, display_name, login, consent_email) "
        "VALUES (%(family_id)s, %(email)s, %(display_name)s, %(login)s, %(consent_email)s) "
        "ON CONFLICT (family_id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name, "
        "login = EXCLUDED.login, consent_email = EXCLUDED.consent_email, updated_at = now()",
        contact,
    )


def contact(conn, family_id) -> dict | None:
    return conn.execute("SELECT * FROM contacts WHERE family_id = %s", (family_id,)).fetchone()


def address_waiting_emails(conn, family_id, email: str | None, consent: bool) -> None:
    """Emails queued before the family's contact was known: addressed now, or withdrawn if refused."""
    if not consent:
        conn.execute("DELETE FROM emails WHERE family_id = %s AND to_address IS NULL AND status = 'pending'",
                     (family_id,))
    elif email:
        conn.execute("UPDATE emails SET to_address = %s WHERE family_id = %s AND to_address IS NULL",
                     (email, family_id))


def save_child(conn, child: dict) -> None:
    conn.execute(
        "INSERT INTO children (id, family_id, first_name) VALUES (%(child_id)s, %(family_id)s, %(first_name)s) "
        "ON CONFLICT (id) DO UPDATE SET family_id = EXCLUDED.family_id, first_name = EXCLUDED.first_name",
        child,
    )


def child(conn, child_id) -> dict | None:
    return conn.execute("SELECT first_name FROM children WHERE id = %s", (child_id,)).fetchone()


def queue_email(conn, email: dict) -> bool:
    """Queue an email once per (event, kind); False if that event had already queued it."""
    cur = conn.execute(
        "INSERT INTO emails (event_id, kind, family_id, to_address, subject, body_text, body_html) "
        "VALUES (%(event_id)s, %(kind)s, %(family_id)s, %(to_address)s, %(subject)s, %(body_text)s, %(body_html)s) "
        "ON CONFLICT (event_id, kind) DO NOTHING",
        email,
    )
    return cur.rowcount == 1


def family_emails(conn, family_id) -> list[dict]:
    return conn.execute(
        "SELECT id::text, kind, to_address AS to, subject, status, attempts, sent_at FROM emails "
        "WHERE family_id = %s ORDER BY created_at, id",
        (family_id,),
    ).fetchall()


def claim_due_emails(conn, limit: int) -> list[dict]:
    """Addressed pending emails whose time has come, locked for this transaction (other senders skip them)."""
    return conn.execute(
        "SELECT id, to_address, subject, body_text, body_html, attempts FROM emails "
        "WHERE status = 'pending' AND to_address IS NOT NULL AND next_attempt_at <= now() "
        "ORDER BY next_attempt_at LIMIT %s FOR UPDATE SKIP LOCKED",
        (limit,),
    ).fetchall()


def mark_sent(conn, email_id) -> None:
    conn.execute(
        "UPDATE emails SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL "
        "WHERE id = %s",
        (email_id,),
    )


def mark_retry(conn, email_id, delay_seconds: float, error: str) -> None:
    conn.execute(
        "UPDATE emails SET attempts = attempts + 1, last_error = %s, "
        "next_attempt_at = clock_timestamp() + make_interval(secs => %s) WHERE id = %s",
        (error, delay_seconds, email_id),
    )


def mark_failed(conn, email_id, error: str) -> None:
    conn.execute(
        "UPDATE emails SET status = 'failed', attempts = attempts + 1, last_error = %s WHERE id = %s",
        (error, email_id),
    )
