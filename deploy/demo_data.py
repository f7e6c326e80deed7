"""Demo data taken from the seeds' manuals: the DUPONT family (Jean-Paul, Lilou, Antoine), an ALSH with
its units, a périscolaire, a canteen, their opening days for the coming weeks, régies with their
settings, tariffs (flat, the canteen by quotient brackets, sibling reductions), and a director's account. Loaded through the services' RPC interfaces, so every rule applies.

Idempotent: the DUPONT family is created first; when its login is taken, the demo is already loaded.
"""
from __future__ import annotations

import time
from datetime import date, timedelta

from nameko.standalone.rpc import ClusterRpcProxy

import services.chassis.rpc_errors  # noqa: F401
from services.accounts.bootstrap import ensure_staff_user
from services.chassis import config
from services.chassis.errors import ServiceError

STAFF_LOGIN = "directrice"
STAFF_PASSWORD = "Directrice-2026"  # development-only demo credential, printed by `make run`
PARENT_LOGIN = "dupontjp@free.fr"
PARENT_PASSWORD = "Bienvenue-2026"  # temporary: the demo parent changes it at first login

UNITS = {
    "matin": "Matin",
    "midi": "Midi (repas)",
    "apres_midi": "Après-midi",
    "soir": "Soir",
}

# name, structure, units with flat prices in cents (from the seeds' consumption histories), the
# calendar patterns it opens on, capacity, and its rules as the seeds' portals state them.
FRIDAY_NOON = {"kind": "previous_weekday", "weekday": 4, "time": "12:00"}
ACTIVITIES = [
    ("ALSH 3-6 ans", "Accueil de loisirs Gagnague",
     {"matin": 475, "midi": 320, "apres_midi": 475}, ("wednesdays", "holidays"), 40,
     {"min_age_months": 36, "max_age_months": 72, "booking_deadline": [FRIDAY_NOON],
      "cancel_deadline": [FRIDAY_NOON, {"kind": "before_holidays", "days": 15}],
      "unit_combinations": [["matin"], ["matin", "midi"], ["matin", "midi", "apres_midi"],
                            ["midi", "apres_midi"], ["apres_midi"]]}),
    ("ALSH 6-12 ans", "Accueil de loisirs Gagnague",
     {"matin": 1035, "midi": 320, "apres_midi": 1035}, ("wednesdays", "holidays"), 40,
     {"min_age_months": 72, "max_age_months": 144, "booking_mode": "validation",
      "booking_deadline": [FRIDAY_NOON], "cancel_deadline": [{"kind": "before_holidays", "days": 15}]}),
    ("Garderie périscolaire", "Périscolaire école Jules Ferry",
     {"matin": 150, "soir": 210}, ("school_days",), 30,
     {"booking_deadline": [{"kind": "days_before", "days": 1, "time": "18:00", "skip_weekends": True,
                            "skip_holidays": True}], "blocks_on_debt": True}),
    ("Restauration scolaire", "Restaurant scolaire Jules Ferry",
     {"midi": 345}, ("school_days",), 120,
     {"booking_deadline": [{"kind": "days_before", "days": 2, "time": "10:00", "skip_weekends": True,
                            "skip_holidays": True}],
      "cancel_deadline": [{"kind": "days_before", "days": 2, "time": "10:00", "skip_weekends": True,
                           "skip_holidays": True}]}),
]
STRUCTURE_KINDS = {
    "Accueil de loisirs Gagnague": "alsh",
    "Périscolaire école Jules Ferry": "periscolaire",
    "Restaurant scolaire Jules Ferry": "restauration",
}
DUPONT_FAMILY = {
    "guardians": [{"civility": "M.", "first_name": "Jean-Paul", "last_name": "DUPONT",
                   "email": PARENT_LOGIN, "phone": "0561000000"}],
    "children": [
        {"first_name": "Lilou", "last_name": "DUPONT", "birth_date": "2017-05-14"},
        {"first_name": "Antoine", "last_name": "DUPONT", "birth_date": "2021-02-03"},
    ],
    "quotient": 850,
    "login": PARENT_LOGIN,
    "temporary_password": PARENT_PASSWORD,
}
REGIES = {"alsh": "Régie accueil de loisirs", "periscolaire": "Régie restauration et garderie",
          "restauration": "Régie restauration et garderie"}
# Settings of each régie: online payment from 30,00 € of balance due, as in the seeds.
REGIE_SETTINGS = {
    "Régie accueil de loisirs": {"code": "AL", "due_days": 30, "minimum_payment_cents": 3000,
                                 "payment_instructions": "Chèque à l'ordre du Trésor public, à déposer à "
                                                         "l'accueil de loisirs, ou paiement en ligne."},
    "Régie restauration et garderie": {"code": "RG", "due_days": 30, "minimum_payment_cents": 3000,
                                       "payment_instructions": "Chèque à l'ordre du Trésor public, à déposer "
                                                               "en mairie, ou paiement en ligne."},
}
# Meals apart from care (the tax attestation counts only care). The canteen goes by quotient brackets
# (the seeds' 3,45 € is the bracket of the DUPONT family's quotient, 850); the garderie and the canteen
# take 10 % off for the 2nd child present the same day, 20 % from the 3rd.
SIBLINGS = [0, 10, 20]
CANTEEN = {"rule": "quotient", "amount_cents": None, "sibling_reductions": SIBLINGS, "parameters": {"brackets": [
    {"up_to": 450, "amount_cents": 100}, {"up_to": 700, "amount_cents": 250},
    {"up_to": 1200, "amount_cents": 345}, {"up_to": None, "amount_cents": 420}]}}
TARIFF_RULES = {("Restauration scolaire", "midi"): CANTEEN,
                ("Garderie périscolaire", "matin"): {"sibling_reductions": SIBLINGS},
                ("Garderie périscolaire", "soir"): {"sibling_reductions": SIBLINGS}}


def tariff_payload(regie_id: str, activity: dict, unit: str, cents: int) -> dict:
    """A flat tariff at the seeds' price, unless TARIFF_RULES says otherwise."""
    return {"regie_id": regie_id, "activity_id": activity["id"], "unit": unit, "rule": "flat",
            "amount_cents": cents, "category": "meal" if unit == "midi" else "care",
            **TARIFF_RULES.get((activity["name"], unit), {})}


def load(today: date | None = None, weeks: int = 8) -> bool:
    """Load the demo; returns False when it was already there."""
    today = today or date.today()
    admin_id = ensure_staff_user(STAFF_LOGIN, STAFF_PASSWORD, role="admin", display_name="Claire MARTIN")
    staff = {"user_id": str(admin_id), "role": "admin", "family_id": None, "structure_ids": []}
    with ClusterRpcProxy(config.nameko_config(), timeout=30) as rpc:
        try:
            family = rpc.accounts.create_family(staff, DUPONT_FAMILY)
        except ServiceError as exc:
            if exc.code == "login_taken":
                return False
            raise
        structures, regies = {}, {}
        for name, structure, prices, patterns, capacity, rules in ACTIVITIES:
            structure_kind = STRUCTURE_KINDS[structure]
            if structure not in structures:
                structures[structure] = rpc.reservations.create_structure(
                    staff, {"name": structure, "kind": structure_kind})["id"]
            regie_name = REGIES[structure_kind]
            if regie_name not in regies:
                regies[regie_name] = rpc.billing.create_regie(
                    staff, {"name": regie_name, **REGIE_SETTINGS[regie_name]})["id"]
            activity = rpc.reservations.create_activity(staff, {
                "structure_id": structures[structure], "name": name, "booking_mode": "automatic",
                "units": [{"code": code, "label": UNITS[code]} for code in prices], **rules,
            })
            for pattern in patterns:  # public holidays are skipped and shown as such
                rpc.reservations.open_period(staff, activity["id"], {
                    "date_from": today.isoformat(), "date_to": (today + timedelta(weeks=weeks)).isoformat(),
                    "pattern": pattern, "capacity": capacity})
            for code, cents in prices.items():
                rpc.billing.set_tariff(staff, tariff_payload(regies[regie_name], activity, code, cents))
            for child in family["children"]:
                enrol(rpc, staff, child["id"], activity["id"])
    return True


def enrol(rpc, staff: dict, child_id: str, activity_id: str, timeout: float = 30) -> None:
    """The child enrolled where its age allows, once reservations has learnt of it (from accounts'
    `child.created`)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            rpc.reservations.request_enrolment(staff, {"child_id": child_id, "activity_id": activity_id})
            return
        except ServiceError as exc:
            if exc.code == "age_out_of_range":
                return
            if exc.code != "not_found" or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    print("demo data loaded" if load() else "demo data already present")
