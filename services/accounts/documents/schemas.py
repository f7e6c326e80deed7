"""Marshmallow schemas of required documents' RPC payloads, results and events."""
from marshmallow import Schema, fields, validate

from services.accounts.fields import NOT_BLANK
from services.chassis.schemas import StrictSchema

DECISIONS = ("validate", "refuse")


class UploadInput(StrictSchema):
    type = fields.String(required=True, validate=validate.Length(max=50))
    child_id = fields.UUID(load_default=None, allow_none=True)
    filename = fields.String(required=True, validate=[
        validate.Length(min=1, max=255), NOT_BLANK,
        validate.Regexp(r"^[^\x00-\x1f\x7f]*$", error="Nom de fichier invalide."),
    ])
    content_base64 = fields.String(required=True)


class DecisionInput(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    valid_until = fields.Date(load_default=None, allow_none=True)


class DocumentTypeResult(Schema):
    code = fields.String()
    label = fields.String()
    scope = fields.String()
    validity_months = fields.Integer(allow_none=True)
    mandatory = fields.Boolean()


class DocumentResult(Schema):
    id = fields.UUID(allow_none=True)
    type = fields.String()
    label = fields.String()
    mandatory = fields.Boolean()
    child_id = fields.UUID(allow_none=True)
    child_name = fields.String(allow_none=True)
    status = fields.String()
    filename = fields.String(allow_none=True)
    uploaded_at = fields.DateTime(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    reason = fields.String(allow_none=True)
    valid_until = fields.Date(allow_none=True)


class PendingDocumentResult(DocumentResult):
    family_id = fields.UUID()
    family_number = fields.String()
    family_name = fields.String()
    content_type = fields.String()
    size = fields.Integer()


class MissingDocumentsResult(Schema):
    count = fields.Integer()
    documents = fields.List(fields.Nested(DocumentResult))


class DocumentSubmittedData(Schema):
    document_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True, allow_none=True)
    type = fields.String(required=True)
    label = fields.String(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)
    uploaded_at = fields.DateTime(required=True)


class DocumentDecidedData(Schema):
    """`document.validated` and `document.refused`."""
    document_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True, allow_none=True)
    type = fields.String(required=True)
    label = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    valid_until = fields.Date(required=True, allow_none=True)
