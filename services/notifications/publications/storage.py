"""SQL of news, forms, structure contacts and contact requests. Functions never commit."""
from __future__ import annotations

NEWS_COLUMNS = ("id::text, title, body, structure_id::text, activity_id::text, activity_name, published_at, "
                "created_at, updated_at")
FORM_COLUMNS = ("id::text, title, description, structure_id::text, filename, content_type, size_bytes, published, "
                "created_at, updated_at")


def insert_news(conn, news: dict) -> dict:
    return conn.execute(
        "INSERT INTO news (id, title, body, structure_id, activity_id, activity_name, published_at, created_by, "
        "created_at, updated_at) VALUES (%(id)s, %(title)s, %(body)s, %(structure_id)s, %(activity_id)s, "
        f"%(activity_name)s, %(published_at)s, %(created_by)s, %(now)s, %(now)s) RETURNING {NEWS_COLUMNS}",
        news,
    ).fetchone()


def locked_news(conn, news_id) -> dict | None:
    return conn.execute(f"SELECT {NEWS_COLUMNS} FROM news WHERE id = %s FOR UPDATE", (news_id,)).fetchone()


def update_news(conn, news_id, changes: dict, now) -> dict:
    """`changes` may set title, body and published_at."""
    assignments = ", ".join(f"{column} = %({column})s" for column in changes)
    return conn.execute(
        f"UPDATE news SET {assignments}, updated_at = %(now)s WHERE id = %(id)s RETURNING {NEWS_COLUMNS}",
        {**changes, "now": now, "id": news_id},
    ).fetchone()


def delete_news(conn, news_id) -> None:
    conn.execute("DELETE FROM news WHERE id = %s", (news_id,))


def published_news(conn, activity_ids: list, limit: int) -> list[dict]:
    """Public news, and the news of the given activities; newest first."""
    return conn.execute(
        f"SELECT {NEWS_COLUMNS} FROM news WHERE published_at IS NOT NULL "
        "AND (activity_id IS NULL OR activity_id = ANY(%s::uuid[])) ORDER BY published_at DESC, id LIMIT %s",
        ([str(a) for a in activity_ids], limit),
    ).fetchall()


def all_news(conn, structure_ids: list | None) -> list[dict]:
    """Every news item (None) or those of these structures and the town's; newest first."""
    return conn.execute(
        f"SELECT {NEWS_COLUMNS} FROM news WHERE %(all)s OR structure_id IS NULL OR structure_id = ANY(%(ids)s::uuid[]) "
        "ORDER BY created_at DESC, id",
        {"all": structure_ids is None, "ids": structure_ids or []},
    ).fetchall()


def insert_form(conn, form: dict) -> dict:
    return conn.execute(
        "INSERT INTO forms (id, title, description, structure_id, filename, content_type, size_bytes, content, "
        "published, created_at, updated_at) VALUES (%(id)s, %(title)s, %(description)s, %(structure_id)s, "
        "%(filename)s, %(content_type)s, %(size_bytes)s, %(content)s, %(published)s, %(now)s, %(now)s) "
        f"RETURNING {FORM_COLUMNS}",
        form,
    ).fetchone()


def locked_form(conn, form_id) -> dict | None:
    return conn.execute(f"SELECT {FORM_COLUMNS} FROM forms WHERE id = %s FOR UPDATE", (form_id,)).fetchone()


def update_form(conn, form_id, changes: dict, now) -> dict:
    """`changes` may set title, description, published and the file's columns."""
    assignments = ", ".join(f"{column} = %({column})s" for column in changes)
    return conn.execute(
        f"UPDATE forms SET {assignments}, updated_at = %(now)s WHERE id = %(id)s RETURNING {FORM_COLUMNS}",
        {**changes, "now": now, "id": form_id},
    ).fetchone()


def delete_form(conn, form_id) -> None:
    conn.execute("DELETE FROM forms WHERE id = %s", (form_id,))


def forms(conn, published_only: bool, structure_ids: list | None = None) -> list[dict]:
    return conn.execute(
        f"SELECT {FORM_COLUMNS} FROM forms WHERE (published OR NOT %(published_only)s) "
        "AND (%(all)s OR structure_id IS NULL OR structure_id = ANY(%(ids)s::uuid[])) ORDER BY title, id",
        {"published_only": published_only, "all": structure_ids is None, "ids": structure_ids or []},
    ).fetchall()


def form_file(conn, form_id) -> dict | None:
    return conn.execute(
        "SELECT filename, content_type, content, published, structure_id::text FROM forms WHERE id = %s",
        (form_id,),
    ).fetchone()


def save_structure_contact(conn, structure_id, name: str, email: str | None, now) -> dict:
    return conn.execute(
        "INSERT INTO structure_contacts (structure_id, name, email, updated_at) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (structure_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, "
        "updated_at = EXCLUDED.updated_at RETURNING structure_id::text AS id, name, email",
        (structure_id, name, email, now),
    ).fetchone()


def structure_contacts(conn) -> list[dict]:
    return conn.execute(
        "SELECT structure_id::text AS id, name, email FROM structure_contacts ORDER BY name, structure_id"
    ).fetchall()


def structure_contact(conn, structure_id) -> dict | None:
    return conn.execute(
        "SELECT structure_id::text AS id, name, email FROM structure_contacts WHERE structure_id = %s",
        (structure_id,),
    ).fetchone()


def insert_contact_request(conn, request: dict) -> dict:
    return conn.execute(
        "INSERT INTO contact_requests (id, structure_id, family_id, name, email, subject, message, email_id, "
        "created_at) VALUES (%(id)s, %(structure_id)s, %(family_id)s, %(name)s, %(email)s, %(subject)s, "
        "%(message)s, %(email_id)s, %(now)s) RETURNING id::text",
        request,
    ).fetchone()


def contact_requests(conn, structure_ids: list | None) -> list[dict]:
    return conn.execute(
        "SELECT r.id::text, r.structure_id::text, s.name AS structure_name, r.family_id::text, r.name, r.email, "
        "r.subject, r.message, r.email_id IS NOT NULL AS emailed, r.created_at "
        "FROM contact_requests r JOIN structure_contacts s USING (structure_id) "
        "WHERE %(all)s OR r.structure_id = ANY(%(ids)s::uuid[]) ORDER BY r.created_at DESC, r.id LIMIT 500",
        {"all": structure_ids is None, "ids": structure_ids or []},
    ).fetchall()
