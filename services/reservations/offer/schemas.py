"""Schemas of the offer's RPC payloads."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.chassis.schemas import StrictSchema
from services.reservations.booking.domain import BOOKING_MODES

CODE = r"^[a-z][a-z0-9_]{0,39}$"
MAX_DAYS = 400
PATTERNS = ("school_days", "wednesdays", "holidays", "weekdays")


def _name():
    return fields.String(required=True, validate=validate.Length(min=1, max=200))


def unit_code():
    return fields.String(required=True, validate=validate.Regexp(CODE))


def _label(required=True):
    return fields.String(required=required, validate=validate.Length(min=1, max=100))


def _check_times(data):
    if data.get("starts_at") and data.get("ends_at") and data["starts_at"] >= data["ends_at"]:
        raise ValidationError("L'heure de fin doit suivre l'heure de début.", "ends_at")


class StructureSchema(StrictSchema):
    name = _name()
    kind = fields.String(required=True, validate=validate.Length(min=1, max=100))


class UnitSchema(StrictSchema):
    code = unit_code()
    label = _label()
    pool = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(CODE))
    starts_at = fields.Time(load_default=None, allow_none=True)
    ends_at = fields.Time(load_default=None, allow_none=True)

    @validates_schema
    def times(self, data, **_):
        _check_times(data)


class _ActivityFields(StrictSchema):
    """The fields create and update share; required and defaults are set by each."""

    name = _name()
    booking_mode = fields.String(required=True, validate=validate.OneOf(BOOKING_MODES))
    units = fields.List(fields.Nested(UnitSchema), required=True, validate=validate.Length(min=1, max=20))
    min_age_months = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=0, max=1200))
    max_age_months = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=1200))
    enrolment_approval = fields.Boolean()
    required_documents = fields.List(fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,49}$")),
                                     validate=validate.Length(max=20))
    unit_combinations = fields.List(fields.List(fields.String(validate=validate.Regexp(CODE)),
                                                validate=validate.Length(min=1, max=20)),
                                    allow_none=True, validate=validate.Length(max=100))
    booking_deadline = fields.List(fields.Dict(), validate=validate.Length(max=10))
    cancel_deadline = fields.List(fields.Dict(), validate=validate.Length(max=10))
    blocks_on_debt = fields.Boolean()

    @validates_schema
    def unique_codes(self, data, **_):
        codes = [unit["code"] for unit in data.get("units") or []]
        if len(codes) != len(set(codes)):
            raise ValidationError("Chaque unité doit avoir un code différent.", "units")


class ActivitySchema(_ActivityFields):
    structure_id = fields.UUID(required=True)
    min_age_months = fields.Integer(strict=True, load_default=None, allow_none=True,
                                    validate=validate.Range(min=0, max=1200))
    max_age_months = fields.Integer(strict=True, load_default=None, allow_none=True,
                                    validate=validate.Range(min=1, max=1200))
    enrolment_approval = fields.Boolean(load_default=False)
    required_documents = fields.List(fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,49}$")),
                                     load_default=list, validate=validate.Length(max=20))
    unit_combinations = fields.List(fields.List(fields.String(validate=validate.Regexp(CODE)),
                                                validate=validate.Length(min=1, max=20)),
                                    load_default=None, allow_none=True, validate=validate.Length(max=100))
    booking_deadline = fields.List(fields.Dict(), load_default=list, validate=validate.Length(max=10))
    cancel_deadline = fields.List(fields.Dict(), load_default=list, validate=validate.Length(max=10))
    blocks_on_debt = fields.Boolean(load_default=False)


class ActivityUpdateSchema(_ActivityFields):
    name = fields.String(validate=validate.Length(min=1, max=200))
    booking_mode = fields.String(validate=validate.OneOf(BOOKING_MODES))
    units = fields.List(fields.Nested(UnitSchema), validate=validate.Length(min=1, max=20))
    archived = fields.Boolean()  # an archived activity leaves the families' offer; its history stays


class ActivityIdSchema(StrictSchema):
    activity_id = fields.UUID(required=True)


class StructureQuerySchema(StrictSchema):
    structure_id = fields.UUID(load_default=None, allow_none=True)


class OpeningDaySchema(StrictSchema):
    date = fields.Date(required=True)
    unit = fields.String(validate=validate.Regexp(CODE))
    pool = fields.String(validate=validate.Regexp(CODE))
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=100000))

    @validates_schema
    def unit_or_pool(self, data, **_):
        if ("unit" in data) == ("pool" in data):
            raise ValidationError("Indiquez une unité ou un groupe de places (pool), pas les deux.", "unit")


class OpenDaysSchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    days = fields.List(fields.Nested(OpeningDaySchema), required=True,
                       validate=validate.Length(min=1, max=5000))

    @validates_schema
    def unique_days(self, data, **_):
        keys = [(day["date"], day.get("unit"), day.get("pool")) for day in data["days"]]
        if len(keys) != len(set(keys)):
            raise ValidationError("Un même jour et une même unité apparaissent deux fois.", "days")


def _check_range(data, limit=MAX_DAYS):
    span = (data["date_to"] - data["date_from"]).days
    if span < 0:
        raise ValidationError("La date de fin précède la date de début.", "date_to")
    if span >= limit:
        raise ValidationError(f"Au plus {limit} jours à la fois.", "date_to")


class CapacityField(fields.Field):
    """An int (every pool) or {pool: int}."""

    def _deserialize(self, value, attr, data, **kwargs):
        def places(n):
            if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 100000:
                raise ValidationError("Un nombre de places entre 0 et 100000 est attendu.")
            return n
        if isinstance(value, dict):
            if not value or any(not isinstance(k, str) for k in value):
                raise ValidationError("Indiquez les places de chaque groupe de places (pool).")
            return {k: places(n) for k, n in value.items()}
        return places(value)


class OpenPeriodSchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    pattern = fields.String(required=True, validate=validate.OneOf(PATTERNS))
    capacity = CapacityField(required=True)
    weekdays = fields.List(fields.Integer(strict=True, validate=validate.Range(min=0, max=6)),
                           load_default=None, allow_none=True, validate=validate.Length(min=1, max=7))

    @validates_schema
    def sensible(self, data, **_):
        _check_range(data)
        if data.get("weekdays") is not None and data["pattern"] != "weekdays":
            raise ValidationError("Les jours de la semaine ne valent que pour le modèle « weekdays ».",
                                  "weekdays")


class CloseDaysSchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    dates = fields.List(fields.Date(), required=True, validate=validate.Length(min=1, max=MAX_DAYS))
    label = fields.String(required=True, validate=validate.Length(min=1, max=200))


class DaySchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    date = fields.Date(required=True)


class DaysQuerySchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)

    @validates_schema
    def sensible(self, data, **_):
        _check_range(data, 366)


class WindowSchema(StrictSchema):
    label = _label()
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    opens_at = fields.AwareDateTime(required=True)
    closes_at = fields.AwareDateTime(required=True)

    @validates_schema
    def ordered(self, data, **_):
        if data["period_start"] > data["period_end"]:
            raise ValidationError("La fin de la période précède son début.", "period_end")
        if data["opens_at"] >= data["closes_at"]:
            raise ValidationError("La fermeture des réservations doit suivre leur ouverture.", "closes_at")


class WindowsSchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    windows = fields.List(fields.Nested(WindowSchema), required=True, validate=validate.Length(max=100))


class OutingSchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    code = unit_code()
    label = _label()
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=100000))
    price_cents = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=10_000_000))
    starts_at = fields.Time(load_default=None, allow_none=True)
    ends_at = fields.Time(load_default=None, allow_none=True)

    @validates_schema
    def times(self, data, **_):
        _check_times(data)
