"""SQL of identity: users, sessions, login history. Functions take a psycopg connection."""
from __future__ import annotations

import uuid
from datetime import datetime

USER_COLUMNS = (
    "id, login, password_hash, role, family_id, structure_ids, must_change_password, display_name, email"
)


def login_exists(conn, login: str) -> bool:
    return conn.execute("SELECT 1 FROM users WHERE lower(login) = lower(%s)", (login,)).fetchone() is not None


def insert_user(conn, *, login: str, password_hash: str, role: str, display_name: str, email: str | None,
                family_id=None, must_change_password: bool = False) -> uuid.UUID:
    user_id = uuid.uuid4()
    conn.execute(
        "INSERT INTO users (id, login, password_hash, role, family_id, must_change_password, display_name, email)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        (user_id, login, password_hash, role, family_id, must_change_password, display_name, email),
    )
    return user_id


def find_user_by_login(conn, login: str) -> dict | None:
    return conn.execute(
        f"SELECT {USER_COLUMNS} FROM users WHERE lower(login) = lower(%s)", (login,)
    ).fetchone()


def find_user(conn, user_id) -> dict | None:
    return conn.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = %s", (user_id,)).fetchone()


def find_user_for_update(conn, user_id) -> dict | None:
    return conn.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = %s FOR UPDATE", (user_id,)).fetchone()


def set_password_hash(conn, user_id, password_hash: str) -> None:
    conn.execute("UPDATE users SET password_hash = %s WHERE id = %s", (password_hash, user_id))


def change_password(conn, user_id, password_hash: str) -> None:
    conn.execute(
        "UPDATE users SET password_hash = %s, must_change_password = false WHERE id = %s",
        (password_hash, user_id),
    )


def insert_session(conn, token_sha256: str, user_id, created_at: datetime, expires_at: datetime,
                   ip: str | None, user_agent: str | None) -> None:
    conn.execute(
        "INSERT INTO sessions (token_sha256, user_id, created_at, expires_at, ip, user_agent)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (token_sha256, user_id, created_at, expires_at, ip, user_agent),
    )


def find_session(conn, token_sha256: str) -> dict | None:
    """The session with its user's identity (whatever its state: the caller judges it)."""
    return conn.execute(
        "SELECT s.expires_at, s.revoked_at, u.id AS user_id, u.role, u.family_id, u.structure_ids,"
        " u.login, u.must_change_password"
        " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = %s",
        (token_sha256,),
    ).fetchone()


def revoke_session(conn, token_sha256: str, now: datetime) -> None:
    conn.execute(
        "UPDATE sessions SET revoked_at = %s WHERE token_sha256 = %s AND revoked_at IS NULL",
        (now, token_sha256),
    )


def revoke_other_sessions(conn, user_id, keep_sha256: str | None, now: datetime) -> int:
    cur = conn.execute(
        "UPDATE sessions SET revoked_at = %s WHERE user_id = %s AND revoked_at IS NULL"
        " AND token_sha256 IS DISTINCT FROM %s",
        (now, user_id, keep_sha256),
    )
    return cur.rowcount


def record_login(conn, *, user_id, login: str, at: datetime, ip: str | None, user_agent: str | None,
                 success: bool) -> None:
    conn.execute(
        "INSERT INTO login_history (user_id, login, at, ip, user_agent, success)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (user_id, login, at, ip, user_agent, success),
    )


def list_logins(conn, user_id, limit: int) -> list[dict]:
    return conn.execute(
        "SELECT at, ip, user_agent, success FROM login_history WHERE user_id = %s ORDER BY at DESC, id DESC"
        " LIMIT %s",
        (user_id, limit),
    ).fetchall()
