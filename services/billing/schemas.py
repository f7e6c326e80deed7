"""Marshmallow schemas of billing's RPC payloads and of the event data it consumes."""
from marshmallow import ValidationError, fields, validate, validates

from services.billing import pricing
from services.chassis.schemas import EventDataSchema, StrictSchema

NOT_BLANK = validate.Regexp(r"\S", error="Ce champ ne peut pas être vide.")
MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="Mois attendu au format AAAA-MM.")


class RegiePayload(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), NOT_BLANK])


class TariffPayload(StrictSchema):
    regie_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    unit = fields.String(required=True, validate=[validate.Length(min=1, max=50), NOT_BLANK])
    rule = fields.String(required=True)
    amount_cents = fields.Integer(
        required=True, strict=True,
        validate=validate.Range(min=0, error="Le montant ne peut pas être négatif."),
    )
    valid_from = fields.Date(load_default=None)

    @validates("rule")
    def known_rule(self, value, **_):
        if value not in pricing.rules():
            raise ValidationError("Règle de tarification inconnue.")


class MonthArgument(StrictSchema):
    month = fields.String(required=True, validate=MONTH)


# Event data: tolerant readers, so a producer may add fields without breaking us.

class FamilyNamesData(EventDataSchema):
    """`family.updated` (and the start of `family.created`): what billing keeps of the names."""

    family_id = fields.UUID(required=True)
    number = fields.String(required=True)
    display_name = fields.String(required=True)


class FamilyCreatedData(FamilyNamesData):
    quotient = fields.Integer(load_default=None, allow_none=True)


class QuotientChangedData(EventDataSchema):
    family_id = fields.UUID(required=True)
    quotient = fields.Integer(required=True, allow_none=True)
    quotient_valid_until = fields.Date(load_default=None, allow_none=True)


class ChildData(EventDataSchema):
    """`child.created` and `child.updated`."""

    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)


class FamilyAnonymisedData(EventDataSchema):
    family_id = fields.UUID(required=True)
    number = fields.String(required=True)


class BookingData(EventDataSchema):
    """`reservations` `booking.accepted|promoted|cancelled` data (an outing carries its own price)."""

    booking_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_name = fields.String(required=True)
    date = fields.Date(required=True)
    unit = fields.String(required=True)
    price_cents = fields.Integer(load_default=None, allow_none=True)


class PriceGridArguments(StrictSchema):
    family_id = fields.UUID(required=True)
    activity_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(max=100))
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
