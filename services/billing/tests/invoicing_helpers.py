"""What the invoicing and credit note tests share: families and their consumptions written as the
consumption handlers would have left them, and waiting for a background run."""
from __future__ import annotations

import time
import uuid

from services.billing.tests.conftest import STAFF


def new_regie(api, name="Régie périscolaire", **settings):
    return api.create_regie(STAFF, {"name": name, **settings})


def flat_activity(api, regie_id, amount_cents=350) -> str:
    """A new activity whose unit `soir` costs `amount_cents` at the régie; → its id."""
    activity_id = str(uuid.uuid4())
    api.set_tariff(STAFF, {"regie_id": regie_id, "activity_id": activity_id, "unit": "soir", "rule": "flat",
                           "amount_cents": amount_cents, "valid_from": "2026-01-01"})
    return activity_id


def add_family(sql, regie_id, days, activity_id, family_id=None, name="Famille Martin", billable=True):
    """A family with one child and a consumption of the activity on each of `days`; → the family id."""
    family_id = family_id or str(uuid.uuid4())
    child_id = str(uuid.uuid4())
    sql("INSERT INTO families (id, number, display_name) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
        (family_id, f"F{family_id[:5]}", name))
    sql("INSERT INTO children (id, family_id, first_name, last_name) VALUES (%s, %s, 'Léa', 'Martin')",
        (child_id, family_id))
    for day in days:
        add_consumption(sql, regie_id, family_id, child_id, day, activity_id, billable)
    return family_id


def add_consumption(sql, regie_id, family_id, child_id, day, activity_id, billable=True):
    """A consumption as the consumption handlers record it (priced again when invoiced)."""
    consumption_id = str(uuid.uuid4())
    sql("INSERT INTO consumptions (id, booking_id, family_id, child_id, activity_id, activity_name, date, unit, "
        "quantity, unit_price_cents, amount_cents, regie_id, booking_event_at, billable) VALUES "
        "(%s, %s, %s, %s, %s, 'Accueil du soir', %s, 'soir', 1, 0, 0, %s, now(), %s)",
        (consumption_id, str(uuid.uuid4()), family_id, child_id, activity_id, day, regie_id, billable))
    return consumption_id


def wait_for_run(api, run_id, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = api.get_invoicing_run(STAFF, run_id)
        if run["status"] != "running":
            return run
        assert time.monotonic() < deadline, f"run still running: {run}"
        time.sleep(0.05)


def run_month(api, regie_id, start="2026-11-01", end="2026-11-30", **extra) -> dict:
    run = api.start_invoicing_run(STAFF, {"regie_id": regie_id, "period_start": start, "period_end": end,
                                          **extra})
    return wait_for_run(api, run["id"])
