"""iCalendar feeds of a child's bookings at a secret, revocable URL."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from nameko.rpc import rpc

from services.chassis.clock import PARIS
from services.chassis.errors import not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.feeds import ical, schemas, storage

FEED_PAST_DAYS = 90


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedRpc:
    @rpc
    def create_calendar_feed(self, caller, child_id):
        caller = caller_from(caller)
        child_id = load(schemas.ChildSchema(), {"child_id": child_id})["child_id"]
        token = secrets.token_urlsafe(32)
        with self.db.transaction() as conn:
            child = access.visible_child(conn, caller, child_id)
            storage.insert_feed(conn, _hash(token), child["id"], child["family_id"], self.clock.now())
        return {"token": token}

    @rpc
    def revoke_calendar_feeds(self, caller, child_id):
        caller = caller_from(caller)
        child_id = load(schemas.ChildSchema(), {"child_id": child_id})["child_id"]
        with self.db.transaction() as conn:
            access.visible_child(conn, caller, child_id)
            return {"revoked": storage.revoke_feeds(conn, child_id, self.clock.now())}

    @rpc
    def calendar_feed(self, token):
        """No caller: knowing the token is the authorisation."""
        token = load(schemas.TokenSchema(), {"token": token})["token"]
        now = self.clock.now()
        with self.db.transaction() as conn:
            feed = storage.live_feed(conn, _hash(token))
            if feed is None:
                raise not_found("calendar_feed")
            since = now.astimezone(PARIS).date() - timedelta(days=FEED_PAST_DAYS)
            bookings = storage.accepted_bookings(conn, feed["child_id"], since)
        return {"filename": ical.filename(feed["first_name"]),
                "content": ical.calendar(feed["first_name"], bookings, now)}
