"""What a daily report counts and says, without I/O.

The report of a day, per structure: the requests received that day (new bookings, the family's
cancellations) and where every booking that moved that day stands at the end of it.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

# A booking's first movement is its creation (a request, or a booking accepted or waitlisted at once).
CREATIONS = ("booking.requested", "booking.accepted", "booking.waitlisted")

# Each sentence as (singular, plural), in each language of the emails; outcomes in the report's order
# (the status a booking ends the day in).
TEXTS = {
    "fr": {
        "outcomes": {
            "accepted": ("{n} réservation a été acceptée", "{n} réservations ont été acceptées"),
            "pending": ("{n} réservation est en attente de traitement par nos services",
                        "{n} réservations sont en attente de traitement par nos services"),
            "waiting_list": ("{n} réservation a été mise en liste d'attente",
                             "{n} réservations ont été mises en liste d'attente"),
            "refused": ("{n} réservation a été refusée", "{n} réservations ont été refusées"),
            "cancelled": ("{n} réservation a été annulée", "{n} réservations ont été annulées"),
        },
        "received": ("{n} mouvement sur vos demandes de réservation a été reçu",
                     "{n} mouvements sur vos demandes de réservation ont été reçus"),
        "new": ("{n} nouvelle demande de réservation", "{n} nouvelles demandes de réservation"),
        "cancellations": ("{n} demande d'annulation", "{n} demandes d'annulation"),
        "of_which": ", dont : ", "and": " et ",
    },
    "en": {
        "outcomes": {
            "accepted": ("{n} booking was accepted", "{n} bookings were accepted"),
            "pending": ("{n} booking is awaiting processing by our services",
                        "{n} bookings are awaiting processing by our services"),
            "waiting_list": ("{n} booking was put on the waiting list", "{n} bookings were put on the waiting list"),
            "refused": ("{n} booking was refused", "{n} bookings were refused"),
            "cancelled": ("{n} booking was cancelled", "{n} bookings were cancelled"),
        },
        "received": ("{n} change to your booking requests was received",
                     "{n} changes to your booking requests were received"),
        "new": ("{n} new booking request", "{n} new booking requests"),
        "cancellations": ("{n} cancellation request", "{n} cancellation requests"),
        "of_which": ", of which: ", "and": " and ",
    },
}
OUTCOMES = tuple(TEXTS["fr"]["outcomes"])


def plural(n: int, singular: str, plural_form: str) -> str:
    return (singular if n == 1 else plural_form).format(n=n)


def local_day(instant: datetime, timezone: str) -> date:
    return instant.astimezone(ZoneInfo(timezone)).date()


def due_report_date(now: datetime, timezone: str, hour: int) -> date | None:
    """From `hour` o'clock (town time), yesterday's report is due; before it, none."""
    local = now.astimezone(ZoneInfo(timezone))
    return local.date() - timedelta(days=1) if local.hour >= hour else None


def summarise(movements: list[dict]) -> dict:
    """Counts of one family's movements of a day (each `{booking_id, event, status, by, first}`, in the
    order they happened; `first`: the booking's earliest movement known)."""
    new = sum(1 for m in movements if m["first"] and m["event"] in CREATIONS)
    cancellations = sum(1 for m in movements if m["event"] == "booking.cancelled" and m["by"] == "family")
    final = {m["booking_id"]: m["status"] for m in movements}  # the last movement of each booking wins
    outcomes = {status: sum(1 for s in final.values() if s == status) for status in OUTCOMES}
    return {"new": new, "cancellations": cancellations, "outcomes": outcomes}


def received_lines(counts: dict, locale: str = "fr") -> list[str]:
    """`45 mouvements … ont été reçus`, then what they were; nothing when the family asked nothing."""
    texts = TEXTS[locale]
    received = counts["new"] + counts["cancellations"]
    if not received:
        return []
    parts = [plural(counts[kind], *texts[kind]) for kind in ("new", "cancellations") if counts[kind]]
    return [plural(received, *texts["received"]) + texts["of_which"] + texts["and"].join(parts)]


def outcome_lines(counts: dict, locale: str = "fr") -> list[str]:
    return [plural(n, *TEXTS[locale]["outcomes"][status]) for status, n in counts["outcomes"].items() if n]


def report_context(display_name: str, report_date: date, sections: list[dict], public_url: str,
                   locale: str = "fr") -> dict:
    """`sections`: `[{structure_name, movements}]`, one per structure the family's bookings moved in."""
    rendered = []
    for section in sections:
        counts = summarise(section["movements"])
        rendered.append({"structure_name": section["structure_name"], "received": received_lines(counts, locale),
                         "outcomes": outcome_lines(counts, locale)})
    return {"display_name": display_name, "report_date": report_date.isoformat(), "sections": rendered,
            "public_url": public_url}
