"""When a consumption is billable, from the two streams of events that make it: the booking
(accepted, promoted, cancelled in time or late) and the roll call. Each stream keeps only its newest
event (by event time), so redeliveries and events arriving out of order end in the same state; an
invoiced consumption never changes (a credit note corrects it)."""
from __future__ import annotations

BOOKING = "booking_event_at"
ATTENDANCE = "attendance_event_at"
# Crèche extra hours are billed per started half hour, on this unit of the contract's activity.
EXTRA_HOURS_UNIT = "extra_half_hour"
EXTRA_HOURS_LABEL = "Heures supplémentaires"


def applies(row: dict, stream: str, at) -> bool:
    """Whether an event of `stream` at time `at` changes the consumption."""
    return row["invoice_id"] is None and (row[stream] is None or row[stream] < at)


def is_billable(row: dict) -> bool:
    """Booked (not cancelled, or cancelled too late), and not excused at roll call. A row that only
    the roll call has made so far waits for its booking."""
    return (row[BOOKING] is not None
            and (row["cancelled_at"] is None or bool(row["cancelled_late"]))
            and row["attendance"] != "absent_excused")



def started_half_hours(minutes: int) -> int:
    return max(1, -(-minutes // 30))
