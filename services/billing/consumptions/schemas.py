"""What billing reads of reservations' events (tolerant readers)."""
from marshmallow import fields, validate

from services.chassis.schemas import EventDataSchema

ATTENDANCE_STATUSES = ("present", "absent_excused", "absent_billed")


class BookingLine(EventDataSchema):
    """A booking of a `booking.accepted|promoted|cancelled` event (v2: one event lists a child's bookings,
    `child_id` and `family_id` shared by them): an outing carries its own price; a cancellation says
    whether it came after the cancellation deadline (`late`, false when missing)."""

    booking_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_name = fields.String(required=True)
    date = fields.Date(required=True)
    unit = fields.String(required=True)
    price_cents = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    late = fields.Boolean(load_default=False, allow_none=True)


class AttendanceData(EventDataSchema):
    """`attendance.recorded`."""

    booking_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    unit = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ATTENDANCE_STATUSES))



class ExtraHoursData(EventDataSchema):
    """`contract.extra_hours_recorded`: crèche hours beyond the contract."""

    extra_hours_id = fields.UUID(required=True)
    contract_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    minutes = fields.Integer(required=True, validate=validate.Range(min=1, max=1440))
