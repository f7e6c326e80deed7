"""All of notifications' SQL. Functions take a psycopg connection (rows as dicts) and never commit."""
from __future__ import annotations

from services.chassis.events import ANONYMOUS
from services.notifications.domain import ERASED_BODY
from services.notifications.queues import QueueTable


def save_contact(conn, contact: dict) -> None:
    conn.execute(
        "INSERT INTO contacts (family_id, email, display_name, login, consent_email) "
        "VALUES (%(family_id)s, %(email)s, %(display_name)s, %(login)s, %(consent_email)s) "
        "ON CONFLICT (family_id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name, "
        "login = EXCLUDED.login, consent_email = EXCLUDED.consent_email, updated_at = now()",
        contact,
    )


def update_contact(conn, family_id, email: str | None, display_name: str | None, consent_email: bool) -> None:
    """The family's contact as `family.updated` tells it (its login, unknown there, is kept)."""
    conn.execute(
        "INSERT INTO contacts (family_id, email, display_name, consent_email) "
        "VALUES (%(family_id)s, %(email)s, coalesce(%(display_name)s, ''), %(consent_email)s) "
        "ON CONFLICT (family_id) DO UPDATE SET email = EXCLUDED.email, "
        "display_name = coalesce(%(display_name)s, contacts.display_name), "
        "consent_email = EXCLUDED.consent_email, updated_at = now()",
        {"family_id": family_id, "email": email, "display_name": display_name, "consent_email": consent_email},
    )


def set_contact_email(conn, family_id, email: str) -> dict | None:
    """The family's contact with its new address, or None when the family's contact is not known."""
    return conn.execute(
        "UPDATE contacts SET email = %s, updated_at = now() WHERE family_id = %s RETURNING *", (email, family_id)
    ).fetchone()


# What a text the family wrote or received becomes once the family is anonymised: the rows stay (for
# the counts), their content goes.
ERASED = "(effacé)"

# The family's contact requests: those sent logged in, and those sent as a visitor from its address.
_FAMILY_CONTACT_REQUESTS = ("family_id = %(family_id)s "
                            "OR (family_id IS NULL AND lower(email) = lower(%(address)s))")


def anonymise_family(conn, family_id) -> None:
    """Erase what identified the family: its contact, its children's names, the addresses and contents
    of its emails (those still waiting will never go), its messages and its contact requests (and the
    emails that carried them to a structure)."""
    known = contact(conn, family_id)
    params = {"family_id": family_id, "address": known and known["email"], "anonymous": ANONYMOUS,
              "erased": ERASED_BODY, "erased_text": ERASED}
    conn.execute(
        "UPDATE emails SET to_address = NULL, subject = %(anonymous)s, body_text = %(erased)s, body_html = NULL, "
        "status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END, "
        "last_error = CASE WHEN status = 'pending' THEN 'famille anonymisée' ELSE last_error END "
        "WHERE family_id = %(family_id)s "
        "OR (family_id IS NULL AND lower(to_address) = lower(%(address)s)) "
        f"OR id IN (SELECT email_id FROM contact_requests WHERE {_FAMILY_CONTACT_REQUESTS})",
        params,
    )
    conn.execute("DELETE FROM email_attachments WHERE email_id IN (SELECT id FROM emails WHERE family_id = %s)",
                 (family_id,))
    conn.execute(
        "UPDATE contact_requests SET name = %(anonymous)s, email = %(erased_text)s, subject = %(erased_text)s, "
        f"message = %(erased_text)s WHERE {_FAMILY_CONTACT_REQUESTS}",
        params,
    )
    conn.execute("UPDATE message_threads SET subject = %(erased_text)s WHERE family_id = %(family_id)s", params)
    conn.execute(
        "UPDATE messages SET body = %(erased_text)s "
        "WHERE thread_id IN (SELECT id FROM message_threads WHERE family_id = %(family_id)s)",
        params,
    )
    conn.execute(
        "UPDATE contacts SET email = NULL, display_name = %s, login = NULL, consent_email = false, "
        "updated_at = now() WHERE family_id = %s",
        (ANONYMOUS, family_id),
    )
    conn.execute("UPDATE children SET first_name = %s WHERE family_id = %s", (ANONYMOUS, family_id))


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


def queue_email(conn, email: dict) -> str | None:
    """Queue an email, once per (event, kind) when an event asks for it; returns its id, or None if
    that event had already queued it (once per `recipient` too: '' for the family's address, the
    address itself for a copy). `secret` emails have their content erased once sent; `attachments`
    ([(filename, content_type, bytes)]) are stored with it."""
    row = conn.execute(
        "INSERT INTO emails (event_id, kind, family_id, to_address, subject, body_text, body_html, secret, "
        "recipient) VALUES (%(event_id)s, %(kind)s, %(family_id)s, %(to_address)s, %(subject)s, %(body_text)s, "
        "%(body_html)s, %(secret)s, %(recipient)s) ON CONFLICT (event_id, kind, recipient) DO NOTHING "
        "RETURNING id::text",
        {"secret": False, "recipient": "", **email},
    ).fetchone()
    if row and email.get("attachments"):
        save_attachments(conn, row["id"], email["attachments"])
    return row and row["id"]


def family_emails(conn, family_id) -> list[dict]:
    return conn.execute(
        "SELECT id::text, kind, to_address AS to, subject, status, attempts, sent_at FROM emails "
        "WHERE family_id = %s ORDER BY created_at, id",
        (family_id,),
    ).fetchall()


# Addressed pending emails (one queued before the family's contact is known waits for its address).
EMAIL_QUEUE = QueueTable("emails", ("q.to_address", "q.subject", "q.body_text", "q.body_html"),
                         ready="q.to_address IS NOT NULL")


_ERASE_SECRET = ("body_text = CASE WHEN secret THEN %(erased)s ELSE body_text END, "
                 "body_html = CASE WHEN secret THEN NULL ELSE body_html END")


def mark_sent(conn, email_id) -> None:
    conn.execute(
        "UPDATE emails SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL, "
        f"{_ERASE_SECRET} WHERE id = %(id)s",
        {"id": email_id, "erased": ERASED_BODY},
    )


def mark_failed(conn, email_id, error: str) -> None:
    conn.execute(
        f"UPDATE emails SET status = 'failed', attempts = attempts + 1, last_error = %(error)s, {_ERASE_SECRET} "
        "WHERE id = %(id)s",
        {"id": email_id, "error": error, "erased": ERASED_BODY},
    )


def save_attachments(conn, email_id, attachments) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO email_attachments (email_id, position, filename, content_type, content) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(email_id, position, *attachment) for position, attachment in enumerate(attachments)],
        )


def attachments(conn, email_id) -> list[tuple[str, str, bytes]]:
    rows = conn.execute("SELECT filename, content_type, content FROM email_attachments WHERE email_id = %s "
                        "ORDER BY position", (email_id,)).fetchall()
    return [(row["filename"], row["content_type"], bytes(row["content"])) for row in rows]
