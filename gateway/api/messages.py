"""The inbox under /api/v1: a parent's `/messages`, staff's `/staff/messages` (per structure).

Payloads are checked by notifications (lengths, plain text); the gateway reads its query strings and
names the structure written to from the structures the caller may reach (calls.message_structures).
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from marshmallow import fields, validate

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import QuerySchema, UuidString, json_object

BOXES = ("inbox", "sent", "trash")

bp = Blueprint("messages", __name__)
staff_bp = Blueprint("staff_messages", __name__, url_prefix="/staff/messages")
staff_bp.before_request(auth.require_staff)


class BoxQuery(QuerySchema):
    box = fields.String(load_default="inbox", validate=validate.OneOf(BOXES))


class StructureBoxQuery(BoxQuery):
    structure_id = UuidString(load_default=None)


def body() -> dict:
    return json_object(json_body())


# a parent's inbox
@bp.get("/messages")
def messages():
    return jsonify(calls.messages(g.caller, BoxQuery().load(request.args)["box"]))


@bp.post("/messages")
def send():
    return jsonify(calls.send_message(g.caller, body())), 201


@bp.get("/messages/<uuid:thread_id>")
def thread(thread_id):
    return jsonify(calls.message_thread(g.caller, str(thread_id)))


@bp.post("/messages/<uuid:thread_id>/reply")
def reply(thread_id):
    return jsonify(calls.reply_message(g.caller, str(thread_id), body())), 201


@bp.delete("/messages/<uuid:thread_id>")
def trash(thread_id):
    return jsonify(calls.trash_message(g.caller, str(thread_id)))


@bp.post("/messages/<uuid:thread_id>/restore")
def restore(thread_id):
    return jsonify(calls.restore_message(g.caller, str(thread_id)))


@bp.get("/messages/structures")
def structures():
    """Where a new message may go."""
    return jsonify(calls.message_structures(g.caller))


# staff, per structure
@staff_bp.get("")
def staff_messages():
    query = StructureBoxQuery().load(request.args)
    return jsonify(calls.structure_messages(g.caller, query["structure_id"], query["box"]))


@staff_bp.post("")
def staff_send():
    return jsonify(calls.send_message(g.caller, body())), 201


@staff_bp.get("/unread")
def staff_unread():
    return jsonify({"unread": calls.unread_messages(g.caller)})


@staff_bp.get("/<uuid:thread_id>")
def staff_thread(thread_id):
    return jsonify(calls.message_thread(g.caller, str(thread_id)))


@staff_bp.post("/<uuid:thread_id>/reply")
def staff_reply(thread_id):
    return jsonify(calls.reply_message(g.caller, str(thread_id), body())), 201


@staff_bp.delete("/<uuid:thread_id>")
def staff_trash(thread_id):
    return jsonify(calls.trash_message(g.caller, str(thread_id)))


@staff_bp.post("/<uuid:thread_id>/restore")
def staff_restore(thread_id):
    return jsonify(calls.restore_message(g.caller, str(thread_id)))


bp.register_blueprint(staff_bp)
