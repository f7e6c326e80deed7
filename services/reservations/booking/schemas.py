"""Schemas of the booking RPC payloads and of the booking events."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.chassis.schemas import StrictSchema
from services.reservations.booking.domain import ACTIONS, STATUSES
from services.reservations.offer.schemas import unit_code

MAX_PLANNING_DAYS = 366



class ChangeSchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    unit = unit_code()
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))


class BookSchema(StrictSchema):
    child_id = fields.UUID(required=True)
    changes = fields.List(fields.Nested(ChangeSchema), required=True,
                          validate=validate.Length(min=1, max=500))
    idempotency_key = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ChildQuerySchema(StrictSchema):
    child_id = fields.UUID(required=True)


class PlanningQuerySchema(StrictSchema):
    child_id = fields.UUID(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)

    @validates_schema
    def sensible_range(self, data, **_):
        span = (data["date_to"] - data["date_from"]).days
        if span < 0:
            raise ValidationError("La date de fin précède la date de début.", "date_to")
        if span >= MAX_PLANNING_DAYS:
            raise ValidationError(f"Au plus {MAX_PLANNING_DAYS} jours à la fois.", "date_to")


class BookingsQuerySchema(StrictSchema):
    family_id = fields.UUID(required=True)
    child_id = fields.UUID(load_default=None, allow_none=True)
    date_from = fields.Date(load_default=None, allow_none=True)
    date_to = fields.Date(load_default=None, allow_none=True)
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATUSES))


class BookingEventLineSchema(StrictSchema):
    """One booking of a `booking.*` event."""

    booking_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_name = fields.String(required=True)
    structure_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    unit = fields.String(required=True)
    unit_label = fields.String(required=True)
    waiting_position = fields.Integer(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    reason = fields.String(required=True, allow_none=True)
    price_cents = fields.Integer(required=True, allow_none=True)
    late = fields.Boolean()  # booking.cancelled only: after the day's cancel deadline (staff)


class BookingEventSchema(StrictSchema):
    """Data of every `booking.*` event (v2): a child's bookings changed together, by one author."""

    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    by = fields.String(required=True, validate=validate.OneOf(("family", "staff", "system")))
    bookings = fields.List(fields.Nested(BookingEventLineSchema), required=True, validate=validate.Length(min=1))


class HistoryQuerySchema(StrictSchema):
    family_id = fields.UUID(required=True)
    child_id = fields.UUID(load_default=None, allow_none=True)
    limit = fields.Integer(load_default=200, strict=True, validate=validate.Range(min=1, max=1000))


class PendingQuerySchema(StrictSchema):
    structure_id = fields.UUID(load_default=None, allow_none=True)
    date = fields.Date(load_default=None, allow_none=True)


class DecisionSchema(StrictSchema):
    booking_id = fields.UUID(required=True)
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "waiting_list", "refuse")))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))

    @validates_schema
    def reason_to_refuse(self, data, **_):
        if data["decision"] == "refuse" and not (data.get("reason") or "").strip():
            raise ValidationError("Indiquez le motif du refus.", "reason")


class WaitingQuerySchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    date = fields.Date(required=True)
