"""SQL of the family file. Functions take a psycopg connection; rows come back as dicts.

Guardians' addresses are stored as columns and handed out as an `address` object; children's health
is stored and handed out as its encrypted token (`health_ciphertext`): `family.health` reads it.
"""
from __future__ import annotations

import uuid

from psycopg import sql
from psycopg.types.json import Jsonb

FAMILY_COLUMNS = (
    "id, number, display_name, caf_number, allowance_scheme, quotient, quotient_valid_until, iban,"
    " bank_account_holder, anonymised_at"
)
GUARDIAN_COLUMNS = (
    "id, family_id, civility, first_name, last_name, position, address_line1, address_line2, postcode, city,"
    " mobile_phone, home_phone, work_phone, email, profession, employer, consent_email, consent_sms"
)
CHILD_COLUMNS = (
    "id, family_id, first_name, last_name, birth_date, sex, school, school_class, image_consent,"
    " authorised_pickups, health_ciphertext"
)
FAMILY_FIELDS = ("display_name", "caf_number", "allowance_scheme", "quotient", "quotient_valid_until", "iban",
                 "bank_account_holder")
GUARDIAN_FIELDS = ("civility", "first_name", "last_name", "position", "mobile_phone", "home_phone", "work_phone",
                   "email", "profession", "employer", "consent_email", "consent_sms")
CHILD_FIELDS = ("first_name", "last_name", "birth_date", "sex", "school", "school_class", "image_consent",
                "authorised_pickups", "health_ciphertext")
ADDRESS_COLUMNS = {"line1": "address_line1", "line2": "address_line2", "postcode": "postcode", "city": "city"}
CHANGE_REQUEST_COLUMNS = "id, family_id, target, target_id, changes, status, reason, requested_at, decided_at"


def _address_columns(address: dict | None) -> dict:
    return {column: (address or {}).get(key) for key, column in ADDRESS_COLUMNS.items()}


def _with_address(row: dict) -> dict:
    row["address"] = {key: row.pop(column) for key, column in ADDRESS_COLUMNS.items()}
    return row


def _columns(values: dict, allowed: tuple) -> dict:
    """The values to store, by column; `address` becomes its columns, pickups JSON."""
    columns = {name: value for name, value in values.items() if name in allowed}
    if "address" in values:
        columns.update(_address_columns(values["address"]))
    if "authorised_pickups" in columns:
        columns["authorised_pickups"] = Jsonb(columns["authorised_pickups"])
    return columns


def _update(conn, table: str, row_id, columns: dict) -> None:
    if not columns:
        return
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name)) for name in columns)
    conn.execute(sql.SQL("UPDATE {} SET {} WHERE id = {}").format(
        sql.Identifier(table), assignments, sql.Placeholder("row_id")), {**columns, "row_id": row_id})


def _insert(conn, table: str, columns: dict) -> None:
    conn.execute(sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(", ").join(map(sql.Placeholder, columns))), columns)


# Families, guardians, children ---------------------------------------------------------------------

def next_family_sequence(conn) -> int:
    return conn.execute("SELECT nextval('family_number_seq') AS n").fetchone()["n"]


def number_exists(conn, number: str) -> bool:
    return conn.execute("SELECT 1 FROM families WHERE number = %s", (number,)).fetchone() is not None


def insert_family(conn, number: str, fields: dict) -> uuid.UUID:
    family_id = uuid.uuid4()
    _insert(conn, "families", {"id": family_id, "number": number, **_columns(fields, FAMILY_FIELDS)})
    return family_id


def insert_guardian(conn, family_id, rank: int, guardian: dict) -> uuid.UUID:
    guardian_id = uuid.uuid4()
    _insert(conn, "guardians", {"id": guardian_id, "family_id": family_id, "rank": rank,
                                **_columns(guardian, GUARDIAN_FIELDS)})
    return guardian_id


def insert_child(conn, family_id, child: dict, rank: int | None = None) -> uuid.UUID:
    """A child, after the family's others unless `rank` is given."""
    child_id = uuid.uuid4()
    if rank is None:
        rank = conn.execute("SELECT coalesce(max(rank) + 1, 0) AS rank FROM children WHERE family_id = %s",
                            (family_id,)).fetchone()["rank"]
    _insert(conn, "children", {"id": child_id, "family_id": family_id, "rank": rank,
                               **_columns(child, CHILD_FIELDS)})
    return child_id


def update_family(conn, family_id, values: dict) -> None:
    _update(conn, "families", family_id, _columns(values, FAMILY_FIELDS))


def update_guardian(conn, guardian_id, values: dict) -> None:
    _update(conn, "guardians", guardian_id, _columns(values, GUARDIAN_FIELDS))


def update_child(conn, child_id, values: dict) -> None:
    _update(conn, "children", child_id, _columns(values, CHILD_FIELDS))


def find_family(conn, family_id, for_update: bool = False) -> dict | None:
    """The family with its guardians and children (in the order they were given), or None."""
    lock = " FOR UPDATE" if for_update else ""
    family = conn.execute(f"SELECT {FAMILY_COLUMNS} FROM families WHERE id = %s{lock}", (family_id,)).fetchone()
    if family is None:
        return None
    family["guardians"] = [_with_address(row) for row in conn.execute(
        f"SELECT {GUARDIAN_COLUMNS} FROM guardians WHERE family_id = %s ORDER BY rank", (family_id,)
    ).fetchall()]
    family["children"] = conn.execute(
        f"SELECT {CHILD_COLUMNS} FROM children WHERE family_id = %s ORDER BY rank", (family_id,)
    ).fetchall()
    return family


def family_of(conn, table: str, row_id) -> str | None:
    """The family id of a guardian or child, or None."""
    assert table in ("guardians", "children")
    row = conn.execute(f"SELECT family_id::text FROM {table} WHERE id = %s", (row_id,)).fetchone()
    return row and row["family_id"]


def search_families(conn, terms: list[str], limit: int) -> list[dict]:
    """Families whose number, names or emails contain every term, whatever the case and accents."""
    conditions = sql.SQL(" AND ").join(
        sql.SQL("unaccent(lower(d.doc)) LIKE '%%' || unaccent(lower({})) || '%%'").format(sql.Placeholder())
        for _ in terms)
    query = sql.SQL("""
        SELECT f.id, f.number, f.display_name,
               (SELECT coalesce(json_agg(json_build_object('first_name', g.first_name, 'last_name', g.last_name,
                                                           'email', g.email) ORDER BY g.rank), '[]')
                  FROM guardians g WHERE g.family_id = f.id) AS guardians,
               (SELECT coalesce(json_agg(json_build_object('first_name', c.first_name, 'last_name', c.last_name)
                                         ORDER BY c.rank), '[]')
                  FROM children c WHERE c.family_id = f.id) AS children
          FROM families f
          JOIN LATERAL (
               SELECT concat_ws(' ', f.number, f.display_name,
                      (SELECT string_agg(concat_ws(' ', g.first_name, g.last_name, g.email), ' ')
                         FROM guardians g WHERE g.family_id = f.id),
                      (SELECT string_agg(concat_ws(' ', c.first_name, c.last_name), ' ')
                         FROM children c WHERE c.family_id = f.id)) AS doc
          ) d ON true
         WHERE {conditions}
         ORDER BY f.number
         LIMIT {limit}""").format(conditions=conditions, limit=sql.Placeholder())
    return conn.execute(query, [*map(_like, terms), limit]).fetchall()


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def anonymise_family(conn, family_id, anonymous: str, now) -> None:
    conn.execute(
        "UPDATE families SET display_name = %s, caf_number = NULL, iban = NULL, bank_account_holder = NULL,"
        " anonymised_at = %s WHERE id = %s", (f"Famille {anonymous}", now, family_id))
    conn.execute(
        "UPDATE guardians SET first_name = %s, last_name = %s, email = NULL, mobile_phone = NULL,"
        " home_phone = NULL, work_phone = NULL, address_line1 = NULL, address_line2 = NULL, postcode = NULL,"
        " city = NULL, profession = NULL, employer = NULL, consent_email = false, consent_sms = false"
        " WHERE family_id = %s", (anonymous, anonymous, family_id))
    conn.execute(
        "UPDATE children SET first_name = %s, last_name = %s, school = NULL, school_class = NULL,"
        " authorised_pickups = '[]', health_ciphertext = NULL WHERE family_id = %s",
        (anonymous, anonymous, family_id))
    conn.execute("UPDATE change_requests SET changes = '{}', reason = NULL WHERE family_id = %s", (family_id,))


# Change requests ----------------------------------------------------------------------------------

def insert_change_request(conn, request: dict) -> dict:
    return conn.execute(
        "INSERT INTO change_requests (id, family_id, target, target_id, changes, requested_by, requested_at)"
        " VALUES (%(id)s, %(family_id)s, %(target)s, %(target_id)s, %(changes)s, %(requested_by)s,"
        f" %(requested_at)s) RETURNING {CHANGE_REQUEST_COLUMNS}",
        {**request, "changes": Jsonb(request["changes"])},
    ).fetchone()


def find_change_request_for_update(conn, request_id) -> dict | None:
    return conn.execute(
        f"SELECT {CHANGE_REQUEST_COLUMNS} FROM change_requests WHERE id = %s FOR UPDATE", (request_id,)
    ).fetchone()


def decide_change_request(conn, request_id, status: str, reason: str | None, decided_by: str, now) -> dict:
    return conn.execute(
        "UPDATE change_requests SET status = %s, reason = %s, decided_by = %s, decided_at = %s WHERE id = %s"
        f" RETURNING {CHANGE_REQUEST_COLUMNS}",
        (status, reason, decided_by, now, request_id),
    ).fetchone()


def list_change_requests(conn, family_id=None, status=None, limit: int = 500) -> list[dict]:
    return conn.execute(
        f"SELECT {CHANGE_REQUEST_COLUMNS} FROM change_requests"
        " WHERE (%(family_id)s::uuid IS NULL OR family_id = %(family_id)s)"
        " AND (%(status)s::text IS NULL OR status = %(status)s)"
        " ORDER BY requested_at DESC, id LIMIT %(limit)s",
        {"family_id": family_id, "status": status, "limit": limit},
    ).fetchall()


# What the export gathers from the other areas' tables --------------------------------------------

def family_users(conn, family_id) -> list[dict]:
    return conn.execute(
        "SELECT id, login, role, display_name, email, created_at FROM users WHERE family_id = %s ORDER BY created_at",
        (family_id,),
    ).fetchall()


def login_history(conn, user_id) -> list[dict]:
    return conn.execute(
        "SELECT at, ip, user_agent, success FROM login_history WHERE user_id = %s ORDER BY at DESC, id DESC",
        (user_id,),
    ).fetchall()
