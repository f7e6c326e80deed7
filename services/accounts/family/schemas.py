"""Marshmallow schemas of the family file's RPC payloads, results and events.

The same entity schemas serve creation (required fields, defaults) and changes: a change is loaded
with `partial=True`, which keeps only the fields sent (nested address and health included).
"""
from marshmallow import Schema, ValidationError, fields, post_load, validate

from services.accounts.family import rules
from services.accounts.fields import MAX_PASSWORD_LENGTH, login_field, name_field
from services.chassis.schemas import StrictSchema

CIVILITIES = ("M.", "Mme")
POSITIONS = ("father", "mother", "guardian", "other")
SEXES = ("F", "M")
ALLOWANCE_SCHEMES = ("caf", "msa", "other")
TARGETS = ("family", "guardian", "child", "new_child")
STATUSES = ("pending", "accepted", "refused")
DECISIONS = ("accept", "refuse")


def _text(max_length: int = 200, **kwargs):
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=max_length), **kwargs)


def _phone():
    return fields.String(load_default=None, allow_none=True,
                         validate=validate.Regexp(r"^[0-9+().\- ]{0,30}$", error="Numéro de téléphone invalide."))


class IbanField(fields.String):
    """An IBAN checked (country format and check digits) and kept in its compact form."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return rules.normalise_iban(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class WholeNested(fields.Nested):
    """A nested object that is always given whole, even inside a partial change (a list item)."""

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        return self._load(value, partial=False)


class AddressInput(StrictSchema):
    line1 = _text()
    line2 = _text()
    postcode = fields.String(load_default=None, allow_none=True,
                             validate=validate.Regexp(r"^[0-9A-Za-z \-]{0,10}$", error="Code postal invalide."))
    city = _text(100)


class GuardianInput(StrictSchema):
    civility = fields.String(required=True, validate=validate.OneOf(CIVILITIES))
    first_name = name_field()
    last_name = name_field()
    position = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(POSITIONS))
    address = fields.Nested(AddressInput, load_default=dict)
    email = fields.Email(load_default=None, allow_none=True)
    phone = _phone()  # the milestone-1 name of the mobile phone, still accepted
    mobile_phone = _phone()
    home_phone = _phone()
    work_phone = _phone()
    profession = _text(100)
    employer = _text(200)
    consent_email = fields.Boolean(load_default=True)
    consent_sms = fields.Boolean(load_default=False)

    @post_load
    def phone_is_mobile(self, data, **_):
        phone = data.pop("phone", None)
        if phone is not None and data.get("mobile_phone") is None:
            data["mobile_phone"] = phone
        return data


class PickupInput(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), validate.Regexp(r"\S")])
    relationship = _text(100)
    phone = _phone()


class HealthInput(StrictSchema):
    allergies = _text(2000)
    diet = _text(500)
    pai = fields.Boolean(load_default=False)
    pai_details = _text(2000)
    doctor_name = _text(200)
    doctor_phone = _phone()
    vaccinations_up_to_date = fields.Boolean(load_default=None, allow_none=True)
    notes = _text(4000)


class ChildInput(StrictSchema):
    first_name = name_field()
    last_name = name_field()
    birth_date = fields.Date(required=True)
    sex = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(SEXES))
    school = _text()
    school_class = _text(50)
    image_consent = fields.Boolean(load_default=False)
    authorised_pickups = fields.List(WholeNested(PickupInput), load_default=list, validate=validate.Length(max=10))
    health = fields.Nested(HealthInput, load_default=dict)


class FamilyFieldsInput(StrictSchema):
    caf_number = fields.String(load_default=None, allow_none=True,
                               validate=validate.Regexp(r"^[0-9A-Za-z]{0,20}$", error="Numéro d'allocataire invalide."))
    allowance_scheme = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(ALLOWANCE_SCHEMES))
    quotient = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=0))
    quotient_valid_until = fields.Date(load_default=None, allow_none=True)
    iban = IbanField(load_default=None, allow_none=True)
    bank_account_holder = _text()


class CreateFamilyInput(FamilyFieldsInput):
    guardians = fields.List(fields.Nested(GuardianInput), required=True, validate=validate.Length(min=1, max=4))
    children = fields.List(fields.Nested(ChildInput), load_default=list, validate=validate.Length(max=20))
    login = login_field(load_default=None, allow_none=True)
    temporary_password = fields.String(load_default=None, allow_none=True,
                                       validate=validate.Length(max=MAX_PASSWORD_LENGTH))


# Changes, loaded with partial=True: only what was sent. Guardians and children name themselves by id.

class GuardianChanges(GuardianInput):
    id = fields.UUID(required=True)


class ChildChanges(ChildInput):
    id = fields.UUID(required=True)


class FamilyChanges(FamilyFieldsInput):
    guardians = fields.List(fields.Nested(GuardianChanges), validate=validate.Length(max=4))
    children = fields.List(fields.Nested(ChildChanges), validate=validate.Length(max=20))


# Health is edited at once by parents: it never waits, in clear, in a change request.
CHANGE_SCHEMAS = {
    "family": lambda: FamilyFieldsInput(),
    "guardian": lambda: GuardianInput(),
    "child": lambda: ChildInput(exclude=("health",)),
    "new_child": lambda: ChildInput(exclude=("health",)),
}


class ChangeRequestInput(StrictSchema):
    target = fields.String(required=True, validate=validate.OneOf(TARGETS))
    target_id = fields.UUID(load_default=None, allow_none=True)
    changes = fields.Dict(required=True)


class ChangeRequestQuery(StrictSchema):
    family_id = fields.UUID(load_default=None, allow_none=True)
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATUSES))


class DecisionInput(StrictSchema):
    request_id = fields.UUID(required=True)
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class SearchInput(StrictSchema):
    query = fields.String(required=True, validate=[validate.Length(min=1, max=100), validate.Regexp(r"\S")])
    limit = fields.Integer(load_default=50, strict=True, validate=validate.Range(min=1, max=200))


class ImportInput(StrictSchema):
    csv_text = fields.String(required=True, validate=validate.Length(min=1, max=5_000_000))


# Results ------------------------------------------------------------------------------------------

class AddressResult(Schema):
    line1 = fields.String(allow_none=True)
    line2 = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    city = fields.String(allow_none=True)


class GuardianResult(Schema):
    id = fields.UUID()
    civility = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    position = fields.String(allow_none=True)
    address = fields.Nested(AddressResult)
    mobile_phone = fields.String(allow_none=True)
    home_phone = fields.String(allow_none=True)
    work_phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    profession = fields.String(allow_none=True)
    employer = fields.String(allow_none=True)
    consent_email = fields.Boolean()
    consent_sms = fields.Boolean()


class PickupResult(Schema):
    name = fields.String()
    relationship = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class HealthResult(Schema):
    allergies = fields.String(allow_none=True)
    diet = fields.String(allow_none=True)
    pai = fields.Boolean()
    pai_details = fields.String(allow_none=True)
    doctor_name = fields.String(allow_none=True)
    doctor_phone = fields.String(allow_none=True)
    vaccinations_up_to_date = fields.Boolean(allow_none=True)
    notes = fields.String(allow_none=True)


class ChildSummary(Schema):
    """A child as events carry it: no health, no third parties."""

    id = fields.UUID()
    first_name = fields.String()
    last_name = fields.String()
    birth_date = fields.Date()
    sex = fields.String(allow_none=True)
    school = fields.String(allow_none=True)
    school_class = fields.String(allow_none=True)


class ChildResult(ChildSummary):
    image_consent = fields.Boolean()
    authorised_pickups = fields.List(fields.Nested(PickupResult))
    health = fields.Nested(HealthResult)


class FamilyResult(Schema):
    """The family file; `iban` is given as the caller may see it (masked for parents)."""

    id = fields.UUID()
    number = fields.String()
    display_name = fields.String()
    caf_number = fields.String(allow_none=True)
    allowance_scheme = fields.String(allow_none=True)
    quotient = fields.Integer(allow_none=True)
    quotient_valid_until = fields.Date(allow_none=True)
    iban = fields.String(allow_none=True)
    bank_account_holder = fields.String(allow_none=True)
    guardians = fields.List(fields.Nested(GuardianResult))
    children = fields.List(fields.Nested(ChildResult))


class SearchResult(Schema):
    id = fields.UUID()
    number = fields.String()
    display_name = fields.String()
    guardians = fields.List(fields.Dict())
    children = fields.List(fields.Dict())


class ChangeRequestResult(Schema):
    id = fields.UUID()
    family_id = fields.UUID()
    target = fields.String()
    target_id = fields.UUID(allow_none=True)
    changes = fields.Dict()
    status = fields.String()
    reason = fields.String(allow_none=True)
    requested_at = fields.AwareDateTime()
    decided_at = fields.AwareDateTime(allow_none=True)


class LoginRecord(Schema):
    at = fields.AwareDateTime()
    ip = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    success = fields.Boolean()


class ExportedUser(Schema):
    id = fields.UUID()
    login = fields.String()
    role = fields.String()
    display_name = fields.String()
    email = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    logins = fields.List(fields.Nested(LoginRecord))


# Events -------------------------------------------------------------------------------------------

class FamilyCreatedData(Schema):
    family_id = fields.UUID(required=True)
    number = fields.String(required=True)
    display_name = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    consent_email = fields.Boolean(required=True)
    login = fields.String(required=True)
    password_set = fields.Boolean(required=True)  # false: the parent activates the account by email
    guardians = fields.List(fields.Nested(GuardianResult), required=True)
    children = fields.List(fields.Nested(ChildSummary), required=True)
    quotient = fields.Integer(required=True, allow_none=True)


class ChildCreatedData(Schema):
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    birth_date = fields.Date(required=True)


class ChildUpdatedData(ChildCreatedData):
    sex = fields.String(required=True, allow_none=True)
    school = fields.String(required=True, allow_none=True)
    school_class = fields.String(required=True, allow_none=True)


class FamilyUpdatedData(Schema):
    family_id = fields.UUID(required=True)
    number = fields.String(required=True)
    display_name = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    consent_email = fields.Boolean(required=True)
    consent_sms = fields.Boolean(required=True)
    changed = fields.List(fields.String(), required=True)


class QuotientChangedData(Schema):
    family_id = fields.UUID(required=True)
    quotient = fields.Integer(required=True, allow_none=True)
    quotient_valid_until = fields.Date(required=True, allow_none=True)


class ChangeRequestDecidedData(Schema):
    request_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    status = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    target = fields.String(required=True)


class FamilyAnonymisedData(Schema):
    family_id = fields.UUID(required=True)
    number = fields.String(required=True)
