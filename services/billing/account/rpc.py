"""The family's account: balance, statement, consumption history, debt status.

Debt status: every money transaction publishes `balance.changed` (`ledger.publish_balance`); an invoice
that falls overdue changes the status with no transaction, so a periodic review publishes it for the
families whose status time changed. It is idempotent and safe with several billing processes: each
family is reviewed under the lock of its last published status.
"""
from __future__ import annotations

import logging
from datetime import date

from nameko.rpc import rpc
from nameko.timer import timer

from services.billing import domain, ledger
from services.billing.account import storage
from services.billing.account.schemas import MonthArgument, SchoolYearArgument
from services.billing.invoicing.rpc import family_invoices
from services.chassis import config
from services.chassis.identity import caller_from
from services.chassis.schemas import load

log = logging.getLogger(__name__)

_month = MonthArgument()
_school_year = SchoolYearArgument()


def school_year_bounds(school_year: str) -> tuple[date, date]:
    """`2025-2026` → (1 September 2025, 31 August 2026)."""
    first = int(school_year.split("-")[0])
    return date(first, 9, 1), date(first + 1, 8, 31)


def account_view(conn, family_id: str, today: date) -> dict:
    balance = ledger.balance(conn, family_id, today)
    return {"due_cents": balance["due_cents"], "credit_cents": balance["credit_cents"],
            "balance_cents": balance["balance_cents"], "uninvoiced_cents": storage.uninvoiced_cents(conn, family_id)}


class AccountRpc:
    @rpc
    def get_account(self, caller, family_id):
        """`{due_cents, credit_cents, balance_cents, uninvoiced_cents}`; balance = credit − due
        (negative: the family owes); uninvoiced = consumptions not invoiced yet."""
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            return account_view(conn, family_id, self.clock.today())

    @rpc
    def account_summary(self, caller, family_id):
        """The dashboard's billing sections in one transaction → `{account, unpaid_invoices}`, as
        `get_account` and `list_invoices(…, "unpaid")` answer them."""
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            return {"account": account_view(conn, family_id, self.clock.today()),
                    "unpaid_invoices": family_invoices(conn, family_id, "unpaid")}

    @rpc
    def list_consumptions(self, caller, family_id, month):
        family_id = caller_from(caller).require_family(family_id)
        first_day, next_first_day = domain.month_bounds(load(_month, {"month": month})["month"])
        with self.db.transaction() as conn:
            lines = storage.consumption_lines(conn, family_id, first_day, next_first_day)
        return {"lines": lines, "total_cents": sum(line["amount_cents"] for line in lines)}

    @rpc
    def consumption_months(self, caller, family_id):
        """The months with consumptions (`YYYY-MM`), newest first: the history's month picker."""
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            return storage.consumption_months(conn, family_id)

    @rpc
    def statement(self, caller, family_id, school_year):
        """The account over a school year (1 September – 31 August): the balance before it, invoices as
        debits, payments and credit notes as credits, the balance at its end (credit − debit)."""
        family_id = caller_from(caller).require_family(family_id)
        first_day, last_day = school_year_bounds(load(_school_year, {"school_year": school_year})["school_year"])
        with self.db.transaction() as conn:
            opening = int(storage.balance_before(conn, family_id, first_day))
            operations = storage.operations_between(conn, family_id, first_day, last_day)
        operations = [{**op, "debit_cents": int(op["debit_cents"]), "credit_cents": int(op["credit_cents"])}
                      for op in operations]
        closing = opening + sum(op["credit_cents"] - op["debit_cents"] for op in operations)
        return {"school_year": school_year, "opening_balance_cents": opening, "operations": operations,
                "closing_balance_cents": closing}

    # The periodic review ---------------------------------------------------------------------------

    @timer(interval=config.get_float("ACCOUNT_REVIEW_SECONDS"))
    def review_accounts_periodically(self):
        self._review_accounts()

    @rpc
    def review_accounts(self, caller):
        """Staff: run the review now → `{balances_published, attestations_announced}`."""
        caller_from(caller).require_staff()
        return self._review_accounts()

    def _review_accounts(self) -> dict:
        published = self._publish_debts_changed_by_time()
        announced = self._announce_attestations()
        if published or announced:
            log.info("account review: %s balances published, %s attestations announced", published, announced)
        return {"balances_published": published, "attestations_announced": announced}

    def _publish_debts_changed_by_time(self) -> int:
        today = self.clock.today()
        with self.db.transaction() as conn:
            families = storage.families_to_review(conn, today)
        published = 0
        for family_id in families:  # one short transaction per family: money transactions wait little
            with self.db.transaction() as conn:
                last = storage.lock_published(conn, family_id, self.clock.now())
                now = ledger.balance(conn, family_id, today)
                if (now["in_debt"], now["overdue_cents"]) != (last["in_debt"], last["overdue_cents"]):
                    ledger.publish_balance(self.db, conn, family_id, today)
                    published += 1
        return published
