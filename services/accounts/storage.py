"""All SQL of the accounts service. Functions take a psycopg connection; rows come back as dicts."""
from __future__ import annotations

import uuid
from datetime import datetime

GUARDIAN_COLUMNS = "id, civility, first_name, last_name, email, phone, position"
CHILD_COLUMNS = "id, family_id, first_name, last_name, birth_date"
USER_COLUMNS = (
    "id, login, password_hash, role, family_id, structure_ids, must_change_password, display_name, email"
)


# Families -------------------------------------------------------------------------------------------

def next_family_sequence(conn) -> int:
    return conn.execute("SELECT nextval('family_number_seq') AS n").fetchone()["n"]


def insert_family(conn, number: str, display_name: str, quotient: int | None) -> uuid.UUID:
    family_id = uuid.uuid4()
    conn.execute(
        "INSERT INTO families (id, number, display_name, quotient) VALUES (%s, %s, %s, %s)",
        (family_id, number, display_name, quotient),
    )
    return family_id


def insert_guardian(conn, family_id, rank: int, guardian: dict) -> uuid.UUID:
    guardian_id = uuid.uuid4()
    conn.execute(
        "INSERT INTO guardians (id, family_id, rank, civility, first_name, last_name, email, phone, position)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (guardian_id, family_id, rank, guardian["civility"], guardian["first_name"], guardian["last_name"],
         guardian.get("email"), guardian.get("phone"), guardian.get("position")),
    )
    return guardian_id


def insert_child(conn, family_id, rank: int, child: dict) -> uuid.UUID:
    child_id = uuid.uuid4()
    conn.execute(
        "INSERT INTO children (id, family_id, rank, first_name, last_name, birth_date)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (child_id, family_id, rank, child["first_name"], child["last_name"], child["birth_date"]),
    )
    return child_id


def find_family(conn, family_id) -> dict | None:
    """The family with its guardians and children (in the order they were given), or None."""
    family = conn.execute(
        "SELECT id, number, display_name, quotient FROM families WHERE id = %s", (family_id,)
    ).fetchone()
    if family is None:
        return None
    family["guardians"] = conn.execute(
        f"SELECT {GUARDIAN_COLUMNS} FROM guardians WHERE family_id = %s ORDER BY rank", (family_id,)
    ).fetchall()
    family["children"] = conn.execute(
        f"SELECT {CHILD_COLUMNS} FROM children WHERE family_id = %s ORDER BY rank", (family_id,)
    ).fetchall()
    return family


# Users ----------------------------------------------------------------------------------------------

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


# Sessions -------------------------------------------------------------------------------------------

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


# Login history --------------------------------------------------------------------------------------

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
