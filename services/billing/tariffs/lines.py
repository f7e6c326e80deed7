"""Consumptions priced when they are invoiced, with the tariffs valid on their days.

`invoice_lines` runs once per family in an invoicing run: everything it needs is loaded in a few
queries per call (tariffs, the family's quotient and children), or taken from a `TariffBook` loaded
once for the whole run. Amounts are integer cents; percent reductions are rounded half up per unit.
"""
from __future__ import annotations

import bisect
import logging
from collections import defaultdict
from datetime import date
from typing import NamedTuple

from services.billing import pricing
from services.billing.readmodels import storage as readmodels
from services.billing.tariffs import storage

log = logging.getLogger(__name__)

_UNKNOWN_BIRTH = date.max


class _Priced(NamedTuple):
    """An invoice line and what its sibling reduction depends on."""

    line: dict
    tariff: dict | None
    day: date  # the consumption's day, or the package's period start
    birth: date


class TariffBook:
    """Tariffs by activity and unit (and, if given, the pricing data of families), to look up the
    tariff valid on a day without a query."""

    def __init__(self, tariffs: list[dict], families: dict[str, dict] | None = None):
        self._units: dict[tuple, tuple[list[date], list[dict]]] = {}
        self._activities: dict[str, tuple[list[date], list[dict]]] = {}
        for tariff in sorted(tariffs, key=lambda t: t["valid_from"]):
            tariff = {**tariff, "valid_from": _as_date(tariff["valid_from"])}
            for index, key in ((self._units, (tariff["activity_id"], tariff["unit"])),
                               (self._activities, tariff["activity_id"])):
                days, rows = index.setdefault(key, ([], []))
                days.append(tariff["valid_from"])
                rows.append(tariff)
        self.families = dict(families or {})

    @classmethod
    def load(cls, conn, activity_ids=None, family_ids=()) -> "TariffBook":
        """Every tariff (or those of `activity_ids`), and the families of `family_ids`."""
        families = readmodels.pricing_families(conn, family_ids) if family_ids else {}
        return cls(storage.tariffs_of(conn, activity_ids), families)

    def on(self, activity_id: str, unit: str, day: date) -> dict | None:
        """The tariff of the activity's unit whose first day is the latest on or before `day`."""
        return _latest(self._units.get((str(activity_id), unit)), day)

    def of_activity_on(self, activity_id: str, day: date) -> dict | None:
        """Any tariff of the activity valid on `day` (for an outing without a tariff of its own)."""
        return _latest(self._activities.get(str(activity_id)), day)

    def family(self, conn, family_id) -> dict:
        family_id = str(family_id)
        if family_id not in self.families:
            self.families.update(readmodels.pricing_families(conn, [family_id]))
        return self.families[family_id]


def _latest(found, day: date) -> dict | None:
    if not found:
        return None
    days, rows = found
    position = bisect.bisect_right(days, day)
    return rows[position - 1] if position else None


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def valid_quotient(family: dict, day: date) -> int | None:
    """The family's quotient if it is still valid on `day`."""
    until = family.get("quotient_valid_until")
    if family.get("quotient") is None or (until is not None and _as_date(until) < day):
        return None
    return family["quotient"]


def invoice_lines(conn, family_id, regie_id, consumptions: list[dict], book: TariffBook | None = None) -> list[dict]:
    """The invoice lines of a family's consumptions at a régie: one line per consumption at the unit
    price of the tariff valid on its day (0 when covered by a package), then one line per package
    (child and period) and one per sibling reduction (negative amounts), the last two without
    `consumption_id`. A consumption is a dict with `consumption_id` (or `id`), `date`, `child_id`,
    `activity_id`, `activity_name`, `unit`, and optionally `quantity` (1) and `outing_price_cents`."""
    items = [_item(consumption) for consumption in consumptions]
    if book is None:
        book = TariffBook.load(conn, {item["activity_id"] for item in items}, [family_id])
    family = book.family(conn, family_id)
    rules = pricing.rules()

    priced, packages = [], {}
    for item in items:
        tariff = book.on(item["activity_id"], item["unit"], item["date"])
        rule = rules.get(tariff["rule"]) if tariff else None
        context = pricing.PricingContext(
            family_id=str(family_id), child_id=item["child_id"], date=item["date"],
            quotient=valid_quotient(family, item["date"]), outing_price_cents=item["outing_price_cents"])
        if rule is None:
            unit_price, category = _without_tariff(book, item)
        else:
            unit_price, category = rule.unit_price(tariff, context), tariff["category"]
            if rule.kind == "package":
                start, end = rule.period(tariff, item["date"])
                packages.setdefault((tariff["id"], item["child_id"], start), (tariff, item, start, end))
        priced.append(_line(item, family, category, unit_price, item["quantity"], item["consumption_id"], tariff))
    priced.sort(key=lambda p: (p.line["date"], p.line["child_name"], p.line["activity"], p.line["unit"]))

    packaged = _package_lines(conn, family_id, regie_id, family, packages, priced)
    return [p.line for p in priced] + [p.line for p in packaged] + _reduction_lines(priced, packaged)


def _item(consumption: dict) -> dict:
    return {
        "consumption_id": str(consumption.get("consumption_id") or consumption["id"]),
        "date": _as_date(consumption["date"]),
        "child_id": str(consumption["child_id"]),
        "activity_id": str(consumption["activity_id"]),
        "activity_name": consumption.get("activity_name") or "",
        "unit": consumption["unit"],
        "quantity": int(consumption.get("quantity") or 1),
        "outing_price_cents": consumption.get("outing_price_cents"),
    }


def _without_tariff(book: TariffBook, item: dict) -> tuple[int, str]:
    """An outing keeps its own price in the category of its activity; anything else is 0 (staff set
    the tariff, then correct with a credit note or the next run)."""
    activity_tariff = book.of_activity_on(item["activity_id"], item["date"])
    category = activity_tariff["category"] if activity_tariff else "care"
    if item["outing_price_cents"] is not None:
        return int(item["outing_price_cents"]), category
    log.warning("no tariff for activity %s unit %s on %s: consumption %s invoiced at 0",
                item["activity_id"], item["unit"], item["date"], item["consumption_id"])
    return 0, category


def _line(item: dict, family: dict, category: str, unit_price: int, quantity: int, consumption_id,
          tariff: dict | None, day: date | None = None, activity: str | None = None) -> _Priced:
    child = family["children"].get(item["child_id"], {})
    day = day or item["date"]
    line = {
        "consumption_id": consumption_id, "date": day.isoformat(),
        "child_id": item["child_id"], "child_name": child.get("first_name") or "",
        "activity_id": item["activity_id"], "activity": activity or item["activity_name"], "unit": item["unit"],
        "category": category, "quantity": quantity, "unit_price_cents": unit_price,
        "amount_cents": unit_price * quantity,
    }
    return _Priced(line, tariff, day, child.get("birth_date") or _UNKNOWN_BIRTH)


def _package_lines(conn, family_id, regie_id, family: dict, packages: dict, priced: list[_Priced]) -> list[_Priced]:
    """One line per child and period of each package, unless an earlier invoice already covered some
    consumption of that period (the package was charged there). The consumptions being priced do not
    count: an invoicing run has already claimed them for the invoice these lines go on."""
    if not packages:
        return []
    being_priced = [p.line["consumption_id"] for p in priced]
    charged = _periods_already_invoiced(conn, family_id, regie_id, packages, being_priced)
    lines = []
    for (tariff_id, child_id, start), (tariff, item, _, end) in sorted(packages.items(), key=lambda p: p[0][2]):
        if (tariff_id, child_id, start) in charged:
            continue
        period = (f"semaine du {start:%d/%m/%Y}" if tariff["parameters"]["period"] == "week"
                  else f"{start:%m/%Y}")
        lines.append(_line(item, family, tariff["category"], int(tariff["amount_cents"]), 1, None, tariff,
                           day=start, activity=f"{item['activity_name']} — forfait {period}"))
    return lines


def _periods_already_invoiced(conn, family_id, regie_id, packages: dict, being_priced: list[str]) -> set:
    starts = [key[2] for key in packages]
    rows = conn.execute(
        "SELECT child_id::text, activity_id::text, unit, date FROM consumptions "
        "WHERE family_id = %s AND regie_id = %s AND invoice_id IS NOT NULL AND billable "
        "AND date >= %s AND date <= %s AND id::text <> ALL(%s::text[])",
        (family_id, regie_id, min(starts), max(end for _, _, _, end in packages.values()), being_priced),
    ).fetchall()
    charged = set()
    for (tariff_id, child_id, start), (tariff, _, _, end) in packages.items():
        if any(row["child_id"] == child_id and row["activity_id"] == tariff["activity_id"]
               and row["unit"] == tariff["unit"] and start <= row["date"] <= end for row in rows):
            charged.add((tariff_id, child_id, start))
    return charged


def _reduction_lines(priced: list[_Priced], packaged: list[_Priced]) -> list[dict]:
    """Sibling reductions: a child's rank is its place by birth date (eldest first; unknown dates last)
    among the family's children who have a line of the same activity that day (of the same package and
    period for packages). One negative line per child, activity, unit and reduction."""
    reductions: dict[tuple, dict] = {}
    for group in (priced, packaged):
        siblings = defaultdict(set)
        for p in group:
            siblings[(p.line["activity_id"], p.day)].add((p.birth, p.line["child_id"]))
        for p in group:
            line, tariff = p.line, p.tariff
            if not tariff or not tariff.get("sibling_reductions") or line["unit_price_cents"] <= 0:
                continue
            rank = sorted(siblings[(line["activity_id"], p.day)]).index((p.birth, line["child_id"])) + 1
            cents = pricing.sibling_reduction(line["unit_price_cents"], tariff["sibling_reductions"], rank)
            if cents <= 0:
                continue
            percent = tariff["sibling_reductions"][min(rank, len(tariff["sibling_reductions"])) - 1]
            reduction = reductions.setdefault((line["child_id"], line["activity_id"], line["unit"], cents, rank), {
                **line, "consumption_id": None, "quantity": 0, "unit_price_cents": -cents, "amount_cents": 0,
                "activity": f"{line['activity']} — réduction {_ordinal(rank)} enfant (−{percent} %)"})
            reduction["quantity"] += line["quantity"]
            reduction["amount_cents"] -= cents * line["quantity"]
            reduction["date"] = min(reduction["date"], line["date"])
    return sorted(reductions.values(), key=lambda line: (line["date"], line["child_name"], line["activity"]))


def _ordinal(rank: int) -> str:
    return "1er" if rank == 1 else f"{rank}e"


def estimate(conn, consumption: dict) -> dict:
    """`{regie_id, unit_price_cents}` of one consumption when it is recorded: the tariff valid on its
    day for a first child (the price kept for the history; invoicing prices it again)."""
    item = _item({"id": consumption.get("booking_id"), **consumption})
    book = TariffBook.load(conn, [item["activity_id"]], [consumption["family_id"]])
    family = book.family(conn, consumption["family_id"])
    tariff = book.on(item["activity_id"], item["unit"], item["date"])
    rule = pricing.rules().get(tariff["rule"]) if tariff else None
    context = pricing.PricingContext(
        family_id=str(consumption["family_id"]), child_id=item["child_id"], date=item["date"],
        quotient=valid_quotient(family, item["date"]), outing_price_cents=item["outing_price_cents"])
    if rule is not None:
        return {"regie_id": tariff["regie_id"], "unit_price_cents": rule.unit_price(tariff, context)}
    activity_tariff = book.of_activity_on(item["activity_id"], item["date"])
    return {"regie_id": activity_tariff["regie_id"] if activity_tariff else None,
            "unit_price_cents": item["outing_price_cents"] or 0}
