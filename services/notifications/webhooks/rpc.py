"""Webhooks: admins subscribe a URL to event names (`invoice.*`, AMQP topic patterns); every event of
the four services whose name matches is queued for it once (whatever the redeliveries, see `relay`) and
POSTed as its CloudEvents JSON, signed `X-Portail-Signature: sha256=<HMAC of the body>`, retried with
backoff until it is accepted."""
from __future__ import annotations

import secrets
from uuid import uuid4

from nameko.rpc import rpc

from services.chassis import config
from services.chassis.dependencies import BackgroundLoop
from services.chassis.errors import not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.notifications.channels import OutgoingMessage, load_channel
from services.notifications.sender import DeliveryLoop
from services.notifications.webhooks import schemas, storage
from services.notifications.webhooks.channel import SIGNATURE_HEADER, signature
from services.notifications.webhooks.relay import WebhookRelay, change_bindings

_create = schemas.WebhookCreateSchema()
_webhook_id = schemas.WebhookIdSchema()


class WebhookSender(DeliveryLoop):
    what = "webhook call"
    table = storage.QUEUE

    def message(self, conn, delivery: dict) -> OutgoingMessage:
        body = delivery["body"]
        return OutgoingMessage(to=delivery["url"], subject="", text=body,
                               headers=((SIGNATURE_HEADER, signature(delivery["secret"], body.encode())),))


class WebhookSenderRunner(BackgroundLoop):
    def make_loop(self):
        return WebhookSender(self.postgres.pool, load_channel("webhook"),
                             poll_seconds=config.get_float("EMAIL_POLL_SECONDS"))


class WebhookRelayRunner(BackgroundLoop):
    def make_loop(self):
        return WebhookRelay(self.postgres.pool, config.amqp_uri(),
                            sync_seconds=config.get_float("WEBHOOK_SYNC_SECONDS"))


def webhook_view(row: dict) -> dict:
    view = {"id": str(row["id"]), "url": row["url"], "events": list(row["patterns"]),
            "created_at": row["created_at"].isoformat()}
    return {**view, **{key: row[key] for key in ("pending", "sent", "failed") if key in row}}


class WebhookRpc:
    webhook_sender = WebhookSenderRunner()
    webhook_relay = WebhookRelayRunner()

    @rpc
    def create_webhook(self, caller, payload):
        """Admin: `{url, events: [patterns], secret?}` → the webhook with its `secret` (made when not
        given; shown only here)."""
        caller = caller_from(caller)
        caller.require_admin()
        data = load(_create, payload)
        webhook = {"id": uuid4(), "url": data["url"], "patterns": data["events"],
                   "secret": data["secret"] or secrets.token_urlsafe(32), "created_by": caller.user_id,
                   "created_at": self.clock.now()}
        with self.db.transaction() as conn:
            row = storage.insert_webhook(conn, webhook)
        # Bound before answering: an event published from now on is relayed.
        change_bindings(config.amqp_uri(), bind=data["events"])
        return {**webhook_view(row), "secret": row["secret"]}

    @rpc
    def list_webhooks(self, caller):
        """Admin → `[{id, url, events, created_at, pending, sent, failed}]` (no secrets)."""
        caller_from(caller).require_admin()
        with self.db.transaction() as conn:
            return [webhook_view(row) for row in storage.webhooks(conn)]

    @rpc
    def delete_webhook(self, caller, webhook_id):
        """Admin: the subscription and its calls still waiting are dropped → `{deleted: true}`."""
        caller_from(caller).require_admin()
        webhook_id = load(_webhook_id, {"webhook_id": webhook_id})["webhook_id"]
        with self.db.transaction() as conn:
            patterns = storage.delete_webhook(conn, webhook_id)
            if patterns is None:
                raise not_found("webhook")
            unused = set(patterns) - storage.patterns_in_use(conn)
        change_bindings(config.amqp_uri(), unbind=unused)
        return {"deleted": True}
