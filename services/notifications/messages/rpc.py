"""The inbox between families and structures.

One set of RPCs for both sides: a parent writes as their family, staff as one of their structures
(`caller.manages`). A thread another family's parent (or another structure's staff) names looks like
a missing one. A message from a structure queues the `message_received` email to the family.
"""
from __future__ import annotations

from uuid import uuid4

from nameko.rpc import rpc

from services.chassis import config
from services.chassis.errors import forbidden, not_found
from services.chassis.identity import Caller, caller_from, is_uuid
from services.chassis.schemas import load
from services.notifications import storage as contacts
from services.notifications.messages import schemas, storage
from services.notifications.publications.rpc import published_news


def side_of(caller: Caller) -> str:
    return "staff" if caller.is_staff else "family"


def managed_structures(caller: Caller) -> list[str] | None:
    """The structures whose threads staff see (None: an admin sees every one)."""
    return None if caller.is_admin else list(caller.structure_ids)


def may_reach(caller: Caller, thread: dict) -> bool:
    if caller.is_staff:
        return caller.manages(thread["structure_id"])
    return caller.family_id is not None and str(thread["family_id"]) == str(caller.family_id)


def thread_summary(row: dict) -> dict:
    return {"id": str(row["id"]), "subject": row["subject"],
            "structure": {"id": str(row["structure_id"]), "name": row["structure_name"]},
            "family_id": str(row["family_id"]), "family_name": row["family_name"],
            "started_by": row["started_by"], "last_message_at": row["last_message_at"].isoformat(),
            "message_count": row["message_count"], "unread": row["unread"]}


def message_view(row: dict) -> dict:
    return {"id": str(row["id"]), "from": row["sender"], "body": row["body"],
            "sent_at": row["sent_at"].isoformat(), "read_at": row["read_at"] and row["read_at"].isoformat()}


class MessageRpc:
    """Mixin of NotificationsService."""

    @rpc
    def list_messages(self, caller, family_id, box="inbox"):
        """A parent's box: the family's threads, most recent first."""
        caller = caller_from(caller)
        if caller.is_staff:
            raise forbidden()  # staff read through their structures, never as the family
        query = load(schemas.FamilyBoxSchema(), {"family_id": caller.require_family(family_id), "box": box})
        with self.db.transaction() as conn:
            rows = storage.list_threads(conn, "family", query["box"], family_id=query["family_id"])
        return [thread_summary(row) for row in rows]

    @rpc
    def list_structure_messages(self, caller, structure_id=None, box="inbox"):
        """Staff: the threads of one of their structures, or of all of them."""
        caller = caller_from(caller)
        caller.require_staff()
        query = load(schemas.StructureBoxSchema(), {"structure_id": structure_id, "box": box})
        if query["structure_id"] is not None:
            caller.require_structure(query["structure_id"])
            structure_ids = [str(query["structure_id"])]
        else:
            structure_ids = managed_structures(caller)
        with self.db.transaction() as conn:
            rows = storage.list_threads(conn, "staff", query["box"], structure_ids=structure_ids)
        return [thread_summary(row) for row in rows]

    @rpc
    def get_thread(self, caller, thread_id):
        """A thread and its messages; what the caller's side had received is read from now on."""
        caller = caller_from(caller)
        with self.db.transaction() as conn:
            thread = self._reachable_thread(conn, caller, thread_id)
            messages = storage.thread_messages(conn, thread["id"])
            storage.mark_read(conn, thread["id"], side_of(caller), self.clock.now())
        return self._thread_view(thread, messages, side_of(caller))

    @rpc
    def send_message(self, caller, payload):
        """A new thread `{family_id, structure_id, structure_name, subject, body}`: a parent writes to a
        structure for their own family, staff to a family for one of their structures."""
        caller = caller_from(caller)
        data = load(schemas.NewThreadSchema(), payload)
        side = side_of(caller)
        if side == "family":
            caller.require_family(data["family_id"])
        else:
            caller.require_structure(data["structure_id"])
        now = self.clock.now()
        thread_id = uuid4()
        with self.db.transaction() as conn:
            if side == "staff" and contacts.contact(conn, data["family_id"]) is None:
                raise not_found("family")
            storage.insert_thread(conn, {"id": thread_id, "family_id": data["family_id"],
                                         "structure_id": data["structure_id"],
                                         "structure_name": data["structure_name"], "subject": data["subject"],
                                         "started_by": side, "at": now})
            self._add_message(conn, caller, storage.thread(conn, thread_id), data["body"], now)
            return self._thread_view(storage.thread(conn, thread_id), storage.thread_messages(conn, thread_id), side)

    @rpc
    def reply_message(self, caller, thread_id, payload):
        """A reply `{body}` in a thread the caller reaches → the thread."""
        caller = caller_from(caller)
        data = load(schemas.ReplySchema(), payload)
        now = self.clock.now()
        with self.db.transaction() as conn:
            thread = self._reachable_thread(conn, caller, thread_id, lock=True)
            self._add_message(conn, caller, thread, data["body"], now)
            # Answering is having read what came before.
            storage.mark_read(conn, thread["id"], side_of(caller), now)
            return self._thread_view(storage.thread(conn, thread["id"]),
                                     storage.thread_messages(conn, thread["id"]), side_of(caller))

    @rpc
    def trash_thread(self, caller, thread_id):
        """Into the caller's side's trash (the other side keeps it) → `{id, trashed: true}`."""
        return self._set_trashed(caller, thread_id, trashed=True)

    @rpc
    def restore_thread(self, caller, thread_id):
        return self._set_trashed(caller, thread_id, trashed=False)

    @rpc
    def unread_count(self, caller, family_id=None):
        """Messages received and not read yet, out of the trash: a parent's family's (for the
        dashboard), or staff's over the structures they manage → an integer."""
        caller = caller_from(caller)
        with self.db.transaction() as conn:
            if caller.is_staff:
                return storage.unread_count(conn, "staff", structure_ids=managed_structures(caller))
            return storage.unread_count(conn, "family", family_id=caller.require_family(family_id))

    @rpc
    def family_summary(self, caller, family_id, activity_ids=None, news_limit=50):
        """The dashboard's notifications sections in one transaction → `{unread_messages, news}`, as a
        parent's `unread_count` and `list_news(activity_ids, news_limit)` answer them."""
        caller = caller_from(caller)
        if caller.is_staff:
            raise forbidden()  # the family's side of the inbox; staff count theirs with `unread_count`
        family_id = caller.require_family(family_id)
        with self.db.transaction() as conn:
            return {"unread_messages": storage.unread_count(conn, "family", family_id=family_id),
                    "news": published_news(conn, activity_ids, news_limit)}

    def _set_trashed(self, caller, thread_id, trashed: bool) -> dict:
        caller = caller_from(caller)
        with self.db.transaction() as conn:
            thread = self._reachable_thread(conn, caller, thread_id, lock=True)
            storage.set_trashed(conn, thread["id"], side_of(caller), self.clock.now() if trashed else None)
        return {"id": str(thread["id"]), "trashed": trashed}

    @staticmethod
    def _reachable_thread(conn, caller: Caller, thread_id, lock: bool = False) -> dict:
        thread = storage.thread(conn, str(thread_id), lock=lock) if is_uuid(thread_id) else None
        if thread is None or not may_reach(caller, thread):
            raise not_found("message")
        return thread

    def _add_message(self, conn, caller: Caller, thread: dict, body: str, now) -> None:
        side = side_of(caller)
        message_id = uuid4()
        storage.insert_message(conn, {"id": message_id, "thread_id": thread["id"], "sender": side,
                                      "author_id": caller.user_id, "body": body, "at": now})
        event = self.db.emit(conn, "message.sent", {
            "message_id": str(message_id), "thread_id": str(thread["id"]), "family_id": str(thread["family_id"]),
            "structure_id": str(thread["structure_id"]), "from": side}, subject=thread["id"])
        if side == "staff":
            family_id = str(thread["family_id"])
            public_url = config.get("PUBLIC_URL")
            context = {"structure_name": thread["structure_name"], "subject": thread["subject"],
                       "public_url": public_url, "thread_url": f"{public_url}/messages/{thread['id']}"}
            self._queue_informational(conn, event, "message_received", family_id,
                                      contacts.contact(conn, family_id), context)

    @staticmethod
    def _thread_view(thread: dict, messages: list[dict], side: str) -> dict:
        return {"id": str(thread["id"]), "subject": thread["subject"],
                "structure": {"id": str(thread["structure_id"]), "name": thread["structure_name"]},
                "family_id": str(thread["family_id"]), "family_name": thread["family_name"],
                "started_by": thread["started_by"], "last_message_at": thread["last_message_at"].isoformat(),
                "trashed": thread[f"{side}_trashed_at"] is not None,
                "messages": [message_view(message) for message in messages]}
