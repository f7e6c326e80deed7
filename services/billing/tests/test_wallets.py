"""Wallets of prepaid régies: topped up online, debited by bookings (dated on the booked day), and
the estimated cost of the booked days to come."""
import uuid
from datetime import date, timedelta

import psycopg
import pytest
from psycopg.rows import dict_row

from services.billing.tests.conftest import parent_of
from services.billing.tests.test_payments import new_family, notify, regie
from services.billing.wallets import movements
from services.chassis import config
from services.chassis.testing import refused

TODAY = date.today()


def consumption(books, day, amount_cents=800, booking_id=None) -> dict:
    return {"booking_id": booking_id or str(uuid.uuid4()), "family_id": books["family_id"],
            "regie_id": books["regie_id"], "date": day.isoformat(), "amount_cents": amount_cents,
            "activity_name": "Accueil du mercredi"}


def in_transaction(change, *consumptions) -> None:
    """As the consumption handlers call them: in the transaction that records the consumption."""
    with psycopg.connect(config.database_url("billing"), row_factory=dict_row) as conn:
        for data in consumptions:
            change(conn, data)


@pytest.fixture
def books(sql):
    family_id = new_family(sql)
    return {"regie_id": regie(sql, prepaid=True, name="Régie centre de loisirs"), "family_id": family_id,
            "parent": parent_of(family_id), "other_regie": regie(sql, name="Régie cantine")}


def wallet(api, books, until=None):
    wallets = api.list_wallets(books["parent"], books["family_id"], until)
    assert [w["regie"] for w in wallets] == ["Régie centre de loisirs"]  # prepaid régies only
    return wallets[0]


def test_a_top_up_fills_the_wallet_and_pays_no_invoice(api, sql, books):
    online = api.start_online_payment(books["parent"], books["family_id"], {
        "amount_cents": 5000, "regie_id": books["regie_id"], "purpose": "wallet", "email": "parent@example.org"})
    assert online["purpose"] == "wallet"
    notify(api, online["id"], "paid", 5000)
    notify(api, online["id"], "paid", 5000)
    assert wallet(api, books)["balance_cents"] == 5000
    assert sql("SELECT to_wallet, method FROM payments") == [{"to_wallet": True, "method": "card"}]
    assert sql("SELECT kind, amount_cents FROM wallet_movements") == [{"kind": "top_up", "amount_cents": 5000}]
    [history] = api.list_payments(books["parent"], books["family_id"])
    assert history["to_wallet"] and history["unallocated_cents"] == 0


def test_bookings_debit_the_wallet_once_and_days_to_come_are_estimated(api, sql, books):
    sql("INSERT INTO wallet_movements (id, family_id, regie_id, kind, amount_cents, at) "
        "VALUES (%s, %s, %s, 'top_up', 5000, now() - interval '1 day')",
        (str(uuid.uuid4()), books["family_id"], books["regie_id"]))
    past = consumption(books, TODAY - timedelta(days=2))
    soon = consumption(books, TODAY + timedelta(days=3))
    later = consumption(books, TODAY + timedelta(days=40))
    in_transaction(movements.on_consumption_recorded, past, soon, later, past)  # `past` redelivered

    shown = wallet(api, books, (TODAY + timedelta(days=10)).isoformat())
    assert (shown["balance_cents"], shown["estimated_cost_cents"], shown["estimated_balance_cents"]) == (
        4200, 800, 3400)
    assert wallet(api, books, (TODAY + timedelta(days=40)).isoformat())["estimated_cost_cents"] == 1600

    in_transaction(movements.on_consumption_cancelled, soon, soon)
    shown = wallet(api, books, (TODAY + timedelta(days=10)).isoformat())
    assert (shown["balance_cents"], shown["estimated_cost_cents"]) == (4200, 0)
    in_transaction(movements.on_consumption_cancelled, past)
    assert wallet(api, books)["balance_cents"] == 5000


def test_a_booking_accepted_again_after_its_cancellation_is_debited_again(api, sql, books):
    day = consumption(books, TODAY + timedelta(days=3))
    in_transaction(movements.on_consumption_recorded, day)
    in_transaction(movements.on_consumption_cancelled, day)
    in_transaction(movements.on_consumption_recorded, day, day)  # accepted again, then redelivered
    until = (TODAY + timedelta(days=10)).isoformat()
    assert wallet(api, books, until)["estimated_cost_cents"] == 800
    assert [m["kind"] for m in sql("SELECT kind FROM wallet_movements ORDER BY kind")] == [
        "booking", "booking", "refund"]
    in_transaction(movements.on_consumption_cancelled, day)
    assert wallet(api, books, until)["estimated_cost_cents"] == 0


def test_consumptions_of_other_regies_leave_wallets_alone(api, sql, books):
    in_transaction(movements.on_consumption_recorded,
                   {**consumption(books, TODAY), "regie_id": books["other_regie"]},
                   {**consumption(books, TODAY), "regie_id": None})
    in_transaction(movements.on_consumption_cancelled, consumption(books, TODAY))
    assert sql("SELECT count(*) AS n FROM wallet_movements")[0]["n"] == 0


def test_wallets_are_the_family_s_own(api, sql, books):
    with refused(404):
        api.list_wallets(books["parent"], new_family(sql, "Durand"))
    with refused(422):
        api.list_wallets(books["parent"], books["family_id"], "demain")
    with refused(422):
        api.list_wallets(books["parent"], books["family_id"], (TODAY - timedelta(days=1)).isoformat())
