"""Create the first staff or admin user directly in the accounts database (ops, demo).

    python -m services.accounts.bootstrap --login admin --role admin   # password from $BOOTSTRAP_PASSWORD
    python -m services.accounts.bootstrap --login admin --password '…' --role admin

Idempotent: an existing login is left as it is and its id returned.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from services.accounts.identity import credentials, rules, storage
from services.accounts.identity.schemas import StaffUserInput
from services.chassis import config, database
from services.chassis.errors import ServiceError
from services.chassis.schemas import load

MIGRATIONS = Path(__file__).parent / "migrations"
PASSWORD_ENV = "BOOTSTRAP_PASSWORD"


def ensure_staff_user(login: str, password: str, role: str = "admin", display_name: str | None = None,
                      email: str | None = None) -> str:
    """The id of the user `login`, created with `role` if it does not exist yet."""
    data = load(StaffUserInput(), {
        "login": login, "password": password, "role": role, "display_name": display_name or login, "email": email,
    })
    url = config.database_url("accounts")
    database.prepare(url, MIGRATIONS)
    try:
        return _find_or_insert(url, data)
    except psycopg.errors.UniqueViolation:  # a concurrent run created it meanwhile
        return _find_or_insert(url, data)


def _find_or_insert(url: str, data: dict) -> str:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        existing = storage.find_user_by_login(conn, data["login"])
        if existing is not None:
            return str(existing["id"])
        rules.require_strong_password(data["password"])
        user_id = storage.insert_user(
            conn, login=data["login"], password_hash=credentials.hash_password(data["password"]),
            role=data["role"], display_name=data["display_name"], email=data["email"],
        )
    return str(user_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", help=f"defaults to the {PASSWORD_ENV} environment variable")
    parser.add_argument("--role", choices=("staff", "admin"), default="admin")
    parser.add_argument("--display-name")
    parser.add_argument("--email")
    args = parser.parse_args(argv)
    password = args.password or os.environ.get(PASSWORD_ENV)
    if not password:
        parser.error(f"give --password or set {PASSWORD_ENV}")
    try:
        user_id = ensure_staff_user(args.login, password, args.role, args.display_name, args.email)
    except ServiceError as error:
        print(f"{error.message} {error.details or ''}".strip(), file=sys.stderr)
        return 2
    print(user_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
