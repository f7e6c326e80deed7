"""SQL of identity: users, sessions, login history, single-use tokens. Functions take a psycopg connection."""
from __future__ import annotations

import uuid
from datetime import datetime

USER_COLUMNS = (
    "id, login, password_hash, role, family_id, structure_ids, must_change_password, display_name, email,"
    " disabled_at"
)


def login_exists(conn, login: str) -> bool:
    return conn.execute("SELECT 1 FROM users WHERE lower(login) = lower(%s)", (login,)).fetchone() is not None


def insert_user(conn, *, login: str, password_hash: str | None, role: str, display_name: str,
                email: str | None, family_id=None, must_change_password: bool = False,
                structure_ids=()) -> uuid.UUID:
    """A new user; `password_hash` None makes an account to activate through its activation link."""
    user_id = uuid.uuid4()
    conn.execute(
        "INSERT INTO users (id, login, password_hash, role, family_id, must_change_password, display_name, email,"
        " structure_ids) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (user_id, login, password_hash, role, family_id, must_change_password, display_name, email,
         list(structure_ids)),
    )
    return user_id


def find_user_by_login(conn, login: str) -> dict | None:
    return conn.execute(
        f"SELECT {USER_COLUMNS} FROM users WHERE lower(login) = lower(%s)", (login,)
    ).fetchone()


def find_active_users_by_email(conn, email: str) -> list[dict]:
    return conn.execute(
        f"SELECT {USER_COLUMNS} FROM users WHERE lower(email) = lower(%s) AND disabled_at IS NULL ORDER BY created_at",
        (email,),
    ).fetchall()


def email_used_by_another(conn, email: str, user_id) -> bool:
    """Whether another user has this address as email or as login (logins often are addresses)."""
    return conn.execute(
        "SELECT 1 FROM users WHERE id <> %s AND (lower(email) = lower(%s) OR lower(login) = lower(%s))",
        (user_id, email, email),
    ).fetchone() is not None


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
        " u.login, u.must_change_password, u.disabled_at"
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
                 success: bool, throttled: bool = False) -> None:
    conn.execute(
        "INSERT INTO login_history (user_id, login, at, ip, user_agent, success, throttled)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (user_id, login, at, ip, user_agent, success, throttled),
    )


def login_failures(conn, login: str, since: datetime) -> list[datetime]:
    """Times of the login's failed passwords since `since` and since its last successful login."""
    rows = conn.execute(
        "SELECT at FROM login_history WHERE lower(login) = lower(%(login)s) AND NOT success AND NOT throttled"
        " AND at > %(since)s AND id > coalesce((SELECT max(id) FROM login_history"
        "                                      WHERE lower(login) = lower(%(login)s) AND success), 0)"
        " ORDER BY at, id",
        {"login": login, "since": since},
    ).fetchall()
    return [row["at"] for row in rows]


def address_failures(conn, ip: str | None, since: datetime) -> list[datetime]:
    if ip is None:
        return []
    rows = conn.execute(
        "SELECT at FROM login_history WHERE ip = %s AND NOT success AND NOT throttled AND at > %s ORDER BY at, id",
        (ip, since),
    ).fetchall()
    return [row["at"] for row in rows]


def list_logins(conn, user_id, limit: int) -> list[dict]:
    return conn.execute(
        "SELECT at, ip, user_agent, success FROM login_history WHERE user_id = %s ORDER BY at DESC, id DESC"
        " LIMIT %s",
        (user_id, limit),
    ).fetchall()


# -- single-use tokens (activation, password reset, email change) -----------------------------

LIVE_TOKEN = (
    "SELECT t.token_sha256, t.new_email, u.id AS user_id, u.login, u.email, u.family_id, u.display_name"
    " FROM user_tokens t JOIN users u ON u.id = t.user_id"
    " WHERE t.token_sha256 = %s AND t.purpose = %s AND t.used_at IS NULL AND t.expires_at > %s"
    " AND u.disabled_at IS NULL"
)


def insert_token(conn, token_sha256: str, user_id, purpose: str, created_at: datetime, expires_at: datetime,
                 new_email: str | None = None, requested_ip: str | None = None) -> None:
    conn.execute(
        "INSERT INTO user_tokens (token_sha256, user_id, purpose, new_email, created_at, expires_at, requested_ip)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (token_sha256, user_id, purpose, new_email, created_at, expires_at, requested_ip),
    )


def count_tokens_since(conn, user_id, purpose: str, since: datetime) -> int:
    return conn.execute(
        "SELECT count(*) AS n FROM user_tokens WHERE user_id = %s AND purpose = %s AND created_at > %s",
        (user_id, purpose, since),
    ).fetchone()["n"]


def find_live_token(conn, token_sha256: str, purpose: str, now: datetime) -> dict | None:
    """The unused, unexpired token of an enabled user, with that user's columns."""
    return conn.execute(LIVE_TOKEN, (token_sha256, purpose, now)).fetchone()


def use_token(conn, token_sha256: str, purpose: str, now: datetime, used_up: tuple[str, ...] = ()) -> dict | None:
    """Mark the live token used, with every other unused one of its user for its purpose and the
    `used_up` ones; returns the token (as `find_live_token`), or None when it is not live (any more)."""
    token = conn.execute(LIVE_TOKEN + " FOR UPDATE OF t, u", (token_sha256, purpose, now)).fetchone()
    if token is not None:
        conn.execute(
            "UPDATE user_tokens SET used_at = %s WHERE user_id = %s AND purpose = ANY(%s) AND used_at IS NULL",
            (now, token["user_id"], [purpose, *used_up]),
        )
    return token


def set_email(conn, user_id, email: str, login: str) -> None:
    conn.execute("UPDATE users SET email = %s, login = %s WHERE id = %s", (email, login, user_id))


def disable_family_users(conn, family_id, now: datetime) -> int:
    """Disable the family's users for its anonymisation: no login, no session, no link works any more,
    and what identified them (login, name, email, addresses in the login history) is erased.
    Returns how many users were disabled."""
    users = conn.execute(
        "UPDATE users SET disabled_at = coalesce(disabled_at, %s), login = 'anonyme-' || id::text,"
        " display_name = 'Anonyme', email = NULL, password_hash = NULL, must_change_password = false"
        " WHERE family_id = %s RETURNING id",
        (now, family_id),
    ).fetchall()
    ids = [user["id"] for user in users]
    if ids:
        conn.execute("UPDATE sessions SET revoked_at = coalesce(revoked_at, %s), ip = NULL, user_agent = NULL"
                     " WHERE user_id = ANY(%s)", (now, ids))
        conn.execute("UPDATE user_tokens SET used_at = coalesce(used_at, %s), new_email = NULL, requested_ip = NULL"
                     " WHERE user_id = ANY(%s)", (now, ids))
        conn.execute("UPDATE login_history SET login = 'anonyme-' || user_id::text, ip = NULL, user_agent = NULL"
                     " WHERE user_id = ANY(%s)", (ids,))
    return len(ids)
