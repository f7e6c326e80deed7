import base64
import io

from flask import Blueprint, Response, g, jsonify, request, send_file

from gateway import calls, uploads
from gateway.schemas import FamilyQuery

bp = Blueprint("documents", __name__, url_prefix="/documents")

# The only types the service accepts (shown in the browser on request); anything else is downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


@bp.get("")
def documents():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.documents(g.caller, query.get("family_id")))


@bp.post("")
def upload():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.upload_document(g.caller, uploads.document_payload(), query.get("family_id"))), 201


@bp.get("/<uuid:document_id>/file")
def document_file(document_id):
    return file_response(calls.document_file(g.caller, str(document_id)), request.args.get("inline") != "1")


def file_response(found: dict, download: bool = True) -> Response:
    content_type = found.get("content_type")
    if content_type not in INLINE_TYPES:
        content_type, download = "application/octet-stream", True
    response = send_file(io.BytesIO(base64.b64decode(found["content_base64"])), mimetype=content_type,
                         as_attachment=download, download_name=found.get("filename") or "document")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
