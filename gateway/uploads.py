"""Files sent by parents and staff: read from a multipart form, checked for size before any service is
called, passed on as base64 (the RPC wire is JSON). The form's other fields are loaded with a
marshmallow schema, the one the OpenAPI document gives for the body. Which types are accepted is the
service's rule: it recognises them by their content, not their name."""
from __future__ import annotations

import base64

from flask import request
from flask_babel import gettext as _
from marshmallow import Schema, fields
from werkzeug.exceptions import RequestEntityTooLarge

from gateway.errors import error
from gateway.schemas import DocumentUploadSchema

MAX_FILE_BYTES = 10 * 1024 * 1024
ACCEPT = ".pdf,.jpg,.jpeg,.png"
FILE_FIELD = "file"
CHECKED = ("1", "true", "on")


class Checkbox(fields.Boolean):
    """A form's checkbox: checked when sent as 1, true or on; any other value (blank included) is unchecked."""

    def _deserialize(self, value, attr, data, **kwargs):
        return value in CHECKED


def file_too_large():
    return error("file_too_large", _("Le fichier dépasse la taille maximale de 10 Mo."), 413,
                 {"max_bytes": MAX_FILE_BYTES})


def _multipart_files():
    if request.mimetype != "multipart/form-data":
        raise error("unsupported_media_type", _("Envoyez le fichier dans un formulaire multipart/form-data."), 415)
    try:
        return request.files
    except RequestEntityTooLarge:
        raise file_too_large() from None


def form_fields(schema: Schema) -> dict:
    """The form fields of a multipart request loaded with `schema` (415 / 413 first, 422 next): text is
    stripped and a blank field counts as absent, but a checkbox sent blank is unchecked."""
    _multipart_files()
    checkboxes = {field.data_key or name for name, field in schema.fields.items() if isinstance(field, Checkbox)}
    return schema.load({key: value if key in checkboxes else value.strip() for key, value in request.form.items()
                        if key in checkboxes or value.strip()})


def read_file(field: str = FILE_FIELD) -> tuple[str, bytes]:
    """(filename, content) of the uploaded file; 413 above 10 MB, 422 when there is none."""
    upload = _multipart_files().get(field)
    if upload is None or not upload.filename:
        raise error("invalid_input", _("Choisissez un fichier à envoyer."), 422,
                    {"fields": {field: [_("Fichier manquant.")]}})
    content = upload.stream.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise file_too_large()
    if not content:
        raise error("invalid_input", _("Le fichier envoyé est vide."), 422, {"fields": {field: [_("Fichier vide.")]}})
    return upload.filename, content


def file_payload() -> dict:
    """`{filename, content_base64}` of the uploaded file, as the services take it."""
    filename, content = read_file()
    return {"filename": filename[-255:], "content_base64": base64.b64encode(content).decode("ascii")}


def document_payload() -> dict:
    """The `upload_document` payload of a multipart request: type, child_id, file."""
    data = form_fields(DocumentUploadSchema())
    return {"type": data["type"], "child_id": data.get("child_id"), **file_payload()}


def csv_text() -> str:
    """The CSV of an import: a multipart `file` or a text/csv body, in UTF-8 (a BOM is dropped)."""
    if request.mimetype in ("text/csv", "text/plain"):
        try:
            raw = request.get_data(cache=True)
        except RequestEntityTooLarge:
            raise file_too_large() from None
        if len(raw) > MAX_FILE_BYTES:
            raise file_too_large()
    else:
        _filename, raw = read_file()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error("invalid_csv", _("Le fichier CSV doit être encodé en UTF-8."), 422,
                    {"errors": [{"line": None, "field": None, "message": _("Encodage non UTF-8.")}]}) from None
