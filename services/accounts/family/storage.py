"""SQL of the family file. Functions take a psycopg connection; rows come back as dicts."""
from __future__ import annotations

import uuid

GUARDIAN_COLUMNS = "id, civility, first_name, last_name, email, phone, position"


CHILD_COLUMNS = "id, family_id, first_name, last_name, birth_date"


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
