from marshmallow import fields, validate

from services.chassis.schemas import EventDataSchema, StrictSchema


class BookingMovementData(EventDataSchema):
    """What a daily report needs of any `booking.*` event of reservations."""

    booking_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    structure_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(
        ("accepted", "pending", "waiting_list", "refused", "cancelled")))
    by = fields.String(load_default="family")


class ReportDayInput(StrictSchema):
    report_date = fields.Date(required=True)
