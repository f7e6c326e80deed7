"""Marshmallow schemas of the answers a parent's client reads (API.md), for the OpenAPI document.

They are never loaded nor dumped: they describe what the services answer (their own result schemas
and views), and the fuzzing tests check every answer against them. `required` means always present,
`allow_none` that it may be null. Objects stay open: a service may add fields (API.md).
"""
from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate


class Answer(Schema):
    class Meta:
        unknown = INCLUDE  # documented as additionalProperties: true


def _text(**kwargs):
    return fields.String(required=True, **kwargs)


def _maybe(field_class=fields.String, *args, **kwargs):
    """Always present, null when unknown."""
    return field_class(*args, required=True, allow_none=True, **kwargs)


def _one_of(*values: str, **kwargs):
    return fields.String(required=True, validate=validate.OneOf(values), **kwargs)


ID = dict(required=True)
CENTS = dict(required=True)

BOOKING_STATUSES = ("accepted", "pending", "waiting_list", "refused", "cancelled")
SIDES = ("family", "staff")


# accounts
class MeAnswer(Answer):
    id = fields.UUID(**ID)
    login = _text()
    role = _one_of("parent", "staff", "admin")
    family_id = _maybe(fields.UUID)
    display_name = _text()
    email = _maybe()
    must_change_password = fields.Boolean(required=True)
    csrf_token = _text()


class AddressAnswer(Answer):
    line1 = _maybe()
    line2 = _maybe()
    postcode = _maybe()
    city = _maybe()


class GuardianAnswer(Answer):
    id = fields.UUID(**ID)
    civility = _text()
    first_name = _text()
    last_name = _text()
    position = _maybe()
    address = fields.Nested(AddressAnswer, required=True)
    mobile_phone = _maybe()
    home_phone = _maybe()
    work_phone = _maybe()
    email = _maybe()
    profession = _maybe()
    employer = _maybe()
    consent_email = fields.Boolean(required=True)
    consent_sms = fields.Boolean(required=True)


class PickupAnswer(Answer):
    name = _text()
    relationship = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class HealthAnswer(Answer):
    allergies = fields.String(allow_none=True)
    diet = fields.String(allow_none=True)
    pai = fields.Boolean(allow_none=True)
    pai_details = fields.String(allow_none=True)
    doctor_name = fields.String(allow_none=True)
    doctor_phone = fields.String(allow_none=True)
    vaccinations_up_to_date = fields.Boolean(allow_none=True)
    notes = fields.String(allow_none=True)


class ChildAnswer(Answer):
    id = fields.UUID(**ID)
    first_name = _text()
    last_name = _text()
    birth_date = fields.Date(required=True)
    sex = _maybe(validate=validate.OneOf(("F", "M")))
    school = _maybe()
    school_class = _maybe()
    image_consent = fields.Boolean(required=True)
    authorised_pickups = fields.List(fields.Nested(PickupAnswer), required=True)
    health = fields.Nested(HealthAnswer, required=True)


class FamilyAnswer(Answer):
    """The family file; `iban` masked for parents."""
    id = fields.UUID(**ID)
    number = _text()
    display_name = _text()
    caf_number = _maybe()
    allowance_scheme = _maybe(validate=validate.OneOf(("caf", "msa", "other")))
    quotient = _maybe(fields.Integer)
    quotient_valid_until = _maybe(fields.Date)
    iban = _maybe()
    bank_account_holder = _maybe()
    guardians = fields.List(fields.Nested(GuardianAnswer), required=True)
    children = fields.List(fields.Nested(ChildAnswer), required=True)


class ChangeRequestAnswer(Answer):
    id = fields.UUID(**ID)
    family_id = fields.UUID(**ID)
    target = _one_of("family", "guardian", "child", "new_child")
    target_id = _maybe(fields.UUID)
    changes = fields.Dict(required=True)
    status = _one_of("pending", "accepted", "refused")
    reason = _maybe()
    requested_at = fields.DateTime(required=True)
    decided_at = _maybe(fields.DateTime)


class DocumentAnswer(Answer):
    """A required document of the family: `id` null while nothing was sent."""
    id = _maybe(fields.UUID)
    type = _text()
    label = _text()
    mandatory = fields.Boolean(required=True)
    child_id = _maybe(fields.UUID)
    child_name = _maybe()
    status = _one_of("missing", "submitted", "validated", "refused", "expired")
    filename = _maybe()
    uploaded_at = _maybe(fields.DateTime)
    decided_at = _maybe(fields.DateTime)
    reason = _maybe()
    valid_until = _maybe(fields.Date)


class MissingDocumentsAnswer(Answer):
    count = fields.Integer(required=True)
    documents = fields.List(fields.Nested(DocumentAnswer), required=True)


# reservations
class PlanningDayAnswer(Answer):
    date = fields.Date(required=True)
    activity_id = fields.UUID(**ID)
    activity_name = _text()
    unit = _text()
    unit_label = _text()
    state = _one_of("closed", "holiday", "available", "full", "booked", "pending", "waiting_list", "refused",
                    "present", "absent_excused", "absent_billed")
    booking_id = _maybe(fields.UUID)
    waiting_position = _maybe(fields.Integer)
    locked = fields.Boolean(required=True)
    deadline = _maybe(fields.DateTime)
    price_cents = _maybe(fields.Integer)
    closure_label = _maybe()


class PlanningAnswer(Answer):
    days = fields.List(fields.Nested(PlanningDayAnswer), required=True)


class BookingResultAnswer(Answer):
    activity_id = fields.UUID(**ID)
    date = fields.Date(required=True)
    unit = _text()
    action = _one_of("book", "cancel")
    status = _one_of(*BOOKING_STATUSES)
    booking_id = _maybe(fields.UUID)
    waiting_position = _maybe(fields.Integer)
    reason = _maybe(metadata={"description": "why a line was refused: deadline_passed, not_enrolled, "
                                            "invalid_unit_combination, account_in_debt, closed, age_out_of_range, "
                                            "window_closed, invalid_unit, not_booked…"})


class BookingsAnswer(Answer):
    """POST /bookings: one result per change asked, in the same order."""
    results = fields.List(fields.Nested(BookingResultAnswer), required=True)


class BookingAnswer(Answer):
    id = fields.UUID(**ID)
    child_id = fields.UUID(**ID)
    child_name = _text()
    activity_id = fields.UUID(**ID)
    activity_name = _text()
    date = fields.Date(required=True)
    unit = _text()
    status = _one_of(*BOOKING_STATUSES)
    waiting_position = _maybe(fields.Integer)
    by = _one_of("family", "staff", "system")
    updated_at = fields.DateTime(required=True)


# billing
class AccountAnswer(Answer):
    due_cents = fields.Integer(**CENTS)
    credit_cents = fields.Integer(**CENTS)
    balance_cents = fields.Integer(**CENTS)
    uninvoiced_cents = fields.Integer(**CENTS)


class InvoiceLineAnswer(Answer):
    date = _maybe(fields.Date)
    child = _maybe()
    activity = _text()
    unit = _maybe()
    quantity = fields.Integer(required=True)
    unit_price_cents = fields.Integer(**CENTS)
    amount_cents = fields.Integer(**CENTS)


class CreditNoteAnswer(Answer):
    id = fields.UUID(**ID)
    number = _text()
    issued_on = fields.Date(required=True)
    amount_cents = fields.Integer(**CENTS)
    reason = _text()
    lines = fields.List(fields.Dict(), required=True)


class InvoiceAnswer(Answer):
    id = fields.UUID(**ID)
    number = _text()
    regie = _text()
    regie_id = fields.UUID(**ID)
    family_id = fields.UUID(**ID)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    issued_on = fields.Date(required=True)
    due_on = fields.Date(required=True)
    total_cents = fields.Integer(**CENTS)
    paid_cents = fields.Integer(**CENTS)
    credited_cents = fields.Integer(**CENTS)
    due_cents = fields.Integer(**CENTS)
    status = _one_of("unpaid", "partly_paid", "paid")
    lines = fields.List(fields.Nested(InvoiceLineAnswer), required=True)
    credit_notes = fields.List(fields.Nested(CreditNoteAnswer), required=True)


# notifications
class StructureRef(Answer):
    id = fields.UUID(**ID)
    name = _text()


class ThreadHead(Answer):
    """What a thread's summary and the thread itself both say of it."""
    id = fields.UUID(**ID)
    subject = _text()
    structure = fields.Nested(StructureRef, required=True)
    family_id = fields.UUID(**ID)
    family_name = _maybe()
    started_by = _one_of(*SIDES)
    last_message_at = fields.DateTime(required=True)


class ThreadSummaryAnswer(ThreadHead):
    message_count = fields.Integer(required=True)
    unread = fields.Integer(required=True)


class MessageAnswer(Answer):
    id = fields.UUID(**ID)
    sender = _one_of(*SIDES, data_key="from")
    body = _text()
    sent_at = fields.DateTime(required=True)
    read_at = _maybe(fields.DateTime)


class ThreadAnswer(ThreadHead):
    trashed = fields.Boolean(required=True)
    messages = fields.List(fields.Nested(MessageAnswer), required=True)


class NewsAnswer(Answer):
    id = fields.UUID(**ID)
    title = _text()
    body = _text()
    audience = _one_of("public", "activity")
    activity_id = fields.UUID(allow_none=True)
    activity_name = fields.String(allow_none=True)
    structure_id = fields.UUID(allow_none=True)
    published_at = fields.DateTime(allow_none=True)


# gateway
class DashboardAnswer(Answer):
    """Every section; one whose service did not answer in time is null and its service in `unavailable`
    (staff, who have no family, get null family sections)."""
    family = fields.Nested(FamilyAnswer, required=True, allow_none=True)
    unread_messages = _maybe(fields.Integer)
    account = fields.Nested(AccountAnswer, required=True, allow_none=True)
    unpaid_invoices = fields.List(fields.Nested(InvoiceAnswer), required=True, allow_none=True)
    upcoming_bookings = fields.List(fields.Nested(BookingAnswer), required=True, allow_none=True)
    pending_requests = fields.List(fields.Nested(ChangeRequestAnswer), required=True, allow_none=True)
    missing_documents = fields.Nested(MissingDocumentsAnswer, required=True, allow_none=True)
    news = fields.List(fields.Nested(NewsAnswer), required=True, allow_none=True)
    unavailable = fields.List(fields.String(), required=True, metadata={"description": "services that did not answer"})
