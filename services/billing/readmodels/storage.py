"""SQL of the read models fed by accounts. Each write carries the time of the accounts event that made
it, so an older event arriving late changes nothing."""
from __future__ import annotations


def save_family_names(conn, family: dict, changed_at) -> None:
    conn.execute(
        "INSERT INTO families (id, number, display_name, names_changed_at) "
        "VALUES (%(family_id)s, %(number)s, %(display_name)s, %(changed_at)s) "
        "ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, display_name = EXCLUDED.display_name, "
        "names_changed_at = EXCLUDED.names_changed_at "
        "WHERE families.names_changed_at IS NULL OR families.names_changed_at <= EXCLUDED.names_changed_at",
        {**family, "changed_at": changed_at},
    )


def save_quotient(conn, family: dict, changed_at) -> None:
    conn.execute(
        "INSERT INTO families (id, quotient, quotient_valid_until, quotient_changed_at) "
        "VALUES (%(family_id)s, %(quotient)s, %(quotient_valid_until)s, %(changed_at)s) "
        "ON CONFLICT (id) DO UPDATE SET quotient = EXCLUDED.quotient, "
        "quotient_valid_until = EXCLUDED.quotient_valid_until, quotient_changed_at = EXCLUDED.quotient_changed_at "
        "WHERE families.quotient_changed_at IS NULL OR families.quotient_changed_at <= EXCLUDED.quotient_changed_at",
        {"quotient_valid_until": None, **family, "changed_at": changed_at},
    )


def save_child(conn, child: dict, changed_at) -> None:
    conn.execute(
        "INSERT INTO children (id, family_id, first_name, last_name, birth_date, changed_at) "
        "VALUES (%(child_id)s, %(family_id)s, %(first_name)s, %(last_name)s, %(birth_date)s, %(changed_at)s) "
        "ON CONFLICT (id) DO UPDATE SET family_id = EXCLUDED.family_id, first_name = EXCLUDED.first_name, "
        "last_name = EXCLUDED.last_name, birth_date = EXCLUDED.birth_date, changed_at = EXCLUDED.changed_at "
        "WHERE children.changed_at IS NULL OR children.changed_at <= EXCLUDED.changed_at",
        {"birth_date": None, **child, "changed_at": changed_at},
    )


def anonymise_family(conn, family_id, name: str, changed_at) -> None:
    """Names erased; the number, the quotient, birth dates (attestations) and every amount stay."""
    conn.execute(
        "UPDATE families SET display_name = %s, names_changed_at = greatest(names_changed_at, %s) WHERE id = %s",
        (f"Famille {name}", changed_at, family_id),
    )
    conn.execute(
        "UPDATE children SET first_name = %s, last_name = %s, changed_at = greatest(changed_at, %s) "
        "WHERE family_id = %s",
        (name, name, changed_at, family_id),
    )


def family_quotient(conn, family_id) -> dict:
    """`{quotient, quotient_valid_until}` of the family (both None if unknown)."""
    row = conn.execute(
        "SELECT quotient, quotient_valid_until FROM families WHERE id = %s", (family_id,)
    ).fetchone()
    return row or {"quotient": None, "quotient_valid_until": None}


def pricing_families(conn, family_ids) -> dict[str, dict]:
    """What pricing needs of each family, in one query: `{family_id: {quotient, quotient_valid_until,
    children: {child_id: {first_name, birth_date}}}}` (families without a row: no quotient, no children)."""
    ids = [str(family_id) for family_id in family_ids]
    found = {family_id: {"quotient": None, "quotient_valid_until": None, "children": {}} for family_id in ids}
    rows = conn.execute(
        "SELECT f.id::text AS family_id, f.quotient, f.quotient_valid_until, NULL::text AS child_id, "
        "NULL AS first_name, NULL::date AS birth_date FROM families f WHERE f.id = ANY(%(ids)s::uuid[]) "
        "UNION ALL SELECT c.family_id::text, NULL, NULL, c.id::text, c.first_name, c.birth_date "
        "FROM children c WHERE c.family_id = ANY(%(ids)s::uuid[])",
        {"ids": ids},
    ).fetchall()
    for row in rows:
        family = found[row["family_id"]]
        if row["child_id"] is None:
            family.update(quotient=row["quotient"], quotient_valid_until=row["quotient_valid_until"])
        else:
            family["children"][row["child_id"]] = {"first_name": row["first_name"], "birth_date": row["birth_date"]}
    return found
