"""Tax attestations of sums paid for childcare, per family and calendar year (rule: `storage`)."""
from __future__ import annotations

import base64
from datetime import date
from itertools import groupby

from marshmallow import fields, validate
from nameko.rpc import rpc

from services.billing.attestations import document, storage
from services.chassis import config
from services.chassis.errors import not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import StrictSchema, load


class YearArgument(StrictSchema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2999))


_year = YearArgument()


def available_on(year: int) -> date:
    """The day the attestation of `year` can be had: `ATTESTATION_AVAILABLE_FROM` (MM-DD) of the next year."""
    month, day = (int(part) for part in config.get("ATTESTATION_AVAILABLE_FROM").split("-"))
    return date(year + 1, month, day)


def latest_available_year(today: date) -> int:
    return today.year - 1 if today >= available_on(today.year - 1) else today.year - 2


def _attestations(rows: list[dict], today: date) -> list[dict]:
    attestations = []
    for year, children in groupby(rows, key=lambda row: row["year"]):
        children = [{key: child[key] for key in ("child_id", "first_name", "last_name", "birth_date",
                                                  "amount_cents")} for child in children]
        attestations.append({
            "year": year, "available": today >= available_on(year), "available_on": available_on(year).isoformat(),
            "total_cents": sum(child["amount_cents"] for child in children), "children": children,
        })
    return attestations


class AttestationRpc:
    @rpc
    def list_attestations(self, caller, family_id):
        """Every year the family paid for eligible care, newest first; `available` from its date."""
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            rows = storage.paid_for_care(conn, family_id)
        return _attestations(rows, self.clock.today())

    @rpc
    def attestation_pdf(self, caller, family_id, year):
        family_id = caller_from(caller).require_family(family_id)
        year = load(_year, {"year": year})["year"]
        today = self.clock.today()
        with self.db.transaction() as conn:
            found = _attestations(storage.paid_for_care(conn, family_id, year), today)
            family = storage.family_header(conn, family_id)
            regies = storage.regies_paid_in(conn, family_id, year)
        if not found or not found[0]["available"]:
            raise not_found("attestation")
        content = document.render(found[0], family, regies, today.isoformat())
        return {"filename": f"attestation-{year}-{family['number'] or family_id}.pdf",
                "content_base64": base64.b64encode(content).decode("ascii")}

    def _announce_attestations(self) -> int:
        """`attestation.available` once per family for the latest year whose attestations are out."""
        year = latest_available_year(self.clock.today())
        announced = 0
        with self.db.transaction() as conn:
            for family_id in storage.families_paid_in(conn, year):
                if storage.announce(conn, family_id, year, self.clock.now()):
                    self.db.emit(conn, "attestation.available", {"family_id": family_id, "year": year},
                                 subject=family_id)
                    announced += 1
        return announced
