"""Marshmallow schemas of the event data notifications consumes (tolerant readers)."""
from marshmallow import Schema, fields, validate

from services.chassis.schemas import EventDataSchema, LinesOf, StrictSchema
from services.notifications.domain import LINK_KINDS
from services.notifications.rendering import LOCALES


class FamilyCreatedData(EventDataSchema):
    family_id = fields.UUID(required=True)
    display_name = fields.String(required=True)
    email = fields.String(load_default=None, allow_none=True)
    login = fields.String(required=True)
    consent_email = fields.Boolean(load_default=True)
    # False when the family's account was created without a password (it gets an activation link).
    password_set = fields.Boolean(load_default=True)
    guardians = fields.List(fields.Dict(), load_default=list)  # the first one's `consent_sms` is kept


class ChildCreatedData(EventDataSchema):
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    first_name = fields.String(required=True)


class BookingAcceptedData(EventDataSchema):
    booking_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    activity_name = fields.String(required=True)
    date = fields.Date(required=True)
    unit = fields.String(required=True)
    unit_label = fields.String(load_default=None, allow_none=True)
    by = fields.String(load_default=None, allow_none=True)  # family | staff | system: who made the change


def booking_lines(line: Schema) -> LinesOf:
    """A `booking.*` event of reservations (v2: a child's bookings changed together) as its bookings,
    each read by `line` with the child, family and author they share."""
    return LinesOf(line, "bookings", ("child_id", "family_id", "by"))


class BookingOutcomeLine(EventDataSchema):
    activity_name = fields.String(required=True)
    date = fields.Date(required=True)
    unit = fields.String(required=True)
    unit_label = fields.String(load_default=None, allow_none=True)
    action = fields.String(required=True)
    status = fields.String(required=True)
    waiting_position = fields.Integer(load_default=None, allow_none=True)
    reason = fields.String(load_default=None, allow_none=True)


class BookingRequestProcessedData(EventDataSchema):
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    child_first_name = fields.String(load_default=None, allow_none=True)
    by = fields.String(required=True)
    lines = fields.List(fields.Nested(BookingOutcomeLine), required=True)


class InvoiceIssuedData(EventDataSchema):
    invoice_id = fields.UUID(required=True)
    number = fields.String(required=True)
    family_id = fields.UUID(required=True)
    regie = fields.String(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    due_on = fields.Date(required=True)
    total_cents = fields.Integer(required=True)


class PaymentReceivedData(EventDataSchema):
    payment_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    method = fields.String(required=True)
    amount_cents = fields.Integer(required=True)
    received_on = fields.Date(required=True)
    # The address the parent gave for the receipt of an online payment; none for a payment at the desk.
    email = fields.String(load_default=None, allow_none=True)


class FamilyUpdatedData(EventDataSchema):
    family_id = fields.UUID(required=True)
    display_name = fields.String(load_default=None, allow_none=True)
    email = fields.String(load_default=None, allow_none=True)
    consent_email = fields.Boolean(load_default=True)
    consent_sms = fields.Boolean(load_default=False)


class UserEmailChangedData(EventDataSchema):
    user_id = fields.UUID(required=True)
    family_id = fields.UUID(load_default=None, allow_none=True)
    email = fields.String(required=True)


class FamilyAnonymisedData(EventDataSchema):
    family_id = fields.UUID(required=True)


class ChangeRequestDecidedData(EventDataSchema):
    request_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    status = fields.String(required=True)
    reason = fields.String(load_default=None, allow_none=True)
    target = fields.String(load_default=None, allow_none=True)


class DocumentDecidedData(EventDataSchema):
    document_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    child_id = fields.UUID(load_default=None, allow_none=True)
    label = fields.String(required=True)
    reason = fields.String(load_default=None, allow_none=True)


class LinkContext(StrictSchema):
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    login = fields.String(required=True, validate=validate.Length(min=1, max=254))
    link = fields.Url(required=True, require_tld=False, schemes={"http", "https"})


class SendEmailInput(StrictSchema):
    """`send_email`'s arguments: only the kinds that carry a link, in French or English."""
    kind = fields.String(required=True, validate=validate.OneOf(LINK_KINDS))
    to_address = fields.Email(required=True, validate=validate.Length(max=254))
    context = fields.Nested(LinkContext, required=True)
    locale = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(LOCALES))
    family_id = fields.UUID(load_default=None, allow_none=True)
