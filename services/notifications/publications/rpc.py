"""News, forms and the contact form.

Reading is public: `list_news`, `list_forms`, `get_form_file` and `list_contact_structures` take no
caller. News for the families of an activity are listed when the caller (the gateway) names the
family's activities, which it reads from reservations' enrolments. Staff publish within their
structures; the town's own news and forms (no structure) are the admins'.
"""
from __future__ import annotations

import base64
from uuid import uuid4

from nameko.rpc import rpc

from services.chassis.errors import not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.notifications import storage as emails
from services.notifications.publications import files, schemas, storage
from services.notifications.rendering import render


def _scope(caller) -> list | None:
    """The structures whose publications the caller manages; None for all (an admin)."""
    return None if caller.is_admin else list(caller.structure_ids)


def _require_manages(caller, structure_id) -> None:
    """A structure's publication is its staff's; the town's (no structure) is the admins'."""
    if structure_id is None:
        caller.require_admin()
    else:
        caller.require_structure(structure_id)


def _iso(row: dict, *columns: str) -> dict:
    return {**row, **{column: row[column] and row[column].isoformat() for column in columns}}


def news_view(row: dict) -> dict:
    return {**_iso(row, "published_at", "created_at", "updated_at"), "published": row["published_at"] is not None,
            "audience": "activity" if row["activity_id"] else "public"}


def form_view(row: dict) -> dict:
    return _iso(row, "created_at", "updated_at")


def published_news(conn, activity_ids, limit) -> list[dict]:
    """`list_news`' answer."""
    query = load(schemas.NewsQuerySchema(), {"activity_ids": activity_ids or [], "limit": limit})
    return [news_view(row) for row in storage.published_news(conn, query["activity_ids"], query["limit"])]


class PublicationRpc:
    # --- news
    @rpc
    def list_news(self, activity_ids=None, limit=50):
        """Published news for everyone, and those of the named activities; newest first."""
        with self.db.transaction() as conn:
            return published_news(conn, activity_ids, limit)

    @rpc
    def staff_list_news(self, caller):
        caller = caller_from(caller)
        caller.require_staff()
        with self.db.transaction() as conn:
            return [news_view(row) for row in storage.all_news(conn, _scope(caller))]

    @rpc
    def create_news(self, caller, payload):
        caller = caller_from(caller)
        caller.require_staff()
        news = load(schemas.NewsCreateSchema(), payload)
        _require_manages(caller, news["structure_id"])
        if news["activity_id"] is None:
            news["activity_name"] = None
        now = self.clock.now()
        published = news.pop("published")
        with self.db.transaction() as conn:
            row = storage.insert_news(conn, {**news, "id": uuid4(), "published_at": now if published else None,
                                             "created_by": caller.user_id, "now": now})
        return news_view(row)

    @rpc
    def update_news(self, caller, news_id, payload):
        """Title, body, and `published` (false takes it down, true puts it back as new)."""
        caller = caller_from(caller)
        caller.require_staff()
        news_id = load(schemas.IdSchema(), {"id": news_id})["id"]
        changes = load(schemas.NewsUpdateSchema(), payload)
        now = self.clock.now()
        with self.db.transaction() as conn:
            current = self._managed(conn, caller, storage.locked_news(conn, news_id), "news")
            if "published" in changes:
                published = changes.pop("published")
                if published != (current["published_at"] is not None):
                    changes["published_at"] = now if published else None
            row = storage.update_news(conn, news_id, changes, now)
        return news_view(row)

    @rpc
    def delete_news(self, caller, news_id):
        caller = caller_from(caller)
        caller.require_staff()
        news_id = load(schemas.IdSchema(), {"id": news_id})["id"]
        with self.db.transaction() as conn:
            self._managed(conn, caller, storage.locked_news(conn, news_id), "news")
            storage.delete_news(conn, news_id)

    # --- forms
    @rpc
    def list_forms(self):
        with self.db.transaction() as conn:
            return [form_view(row) for row in storage.forms(conn, published_only=True)]

    @rpc
    def get_form_file(self, form_id, caller=None):
        """`{filename, content_type, content_base64}` of a published form (staff also reach the
        unpublished forms they manage)."""
        form_id = load(schemas.IdSchema(), {"id": form_id})["id"]
        with self.db.transaction() as conn:
            found = storage.form_file(conn, form_id)
        if found is None or not (found["published"] or self._may_manage(caller, found["structure_id"])):
            raise not_found("form")
        return {"filename": found["filename"], "content_type": found["content_type"],
                "content_base64": base64.b64encode(bytes(found["content"])).decode("ascii")}

    @rpc
    def staff_list_forms(self, caller):
        caller = caller_from(caller)
        caller.require_staff()
        with self.db.transaction() as conn:
            return [form_view(row) for row in storage.forms(conn, published_only=False,
                                                            structure_ids=_scope(caller))]

    @rpc
    def create_form(self, caller, payload):
        """payload `{title, description?, structure_id?, published?, filename, content_base64}`."""
        caller = caller_from(caller)
        caller.require_staff()
        form = load(schemas.FormCreateSchema(), payload)
        _require_manages(caller, form["structure_id"])
        file = files.checked(form)
        del form["content_base64"]
        with self.db.transaction() as conn:
            row = storage.insert_form(conn, {**form, **file, "id": uuid4(), "now": self.clock.now()})
        return form_view(row)

    @rpc
    def update_form(self, caller, form_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        form_id = load(schemas.IdSchema(), {"id": form_id})["id"]
        changes = load(schemas.FormUpdateSchema(), payload)
        with self.db.transaction() as conn:
            self._managed(conn, caller, storage.locked_form(conn, form_id), "form")
            return form_view(storage.update_form(conn, form_id, changes, self.clock.now()))

    @rpc
    def replace_form_file(self, caller, form_id, payload):
        """payload `{filename, content_base64}`: the form's new file."""
        caller = caller_from(caller)
        caller.require_staff()
        form_id = load(schemas.IdSchema(), {"id": form_id})["id"]
        file = files.checked(load(schemas.FileSchema(), payload))
        with self.db.transaction() as conn:
            self._managed(conn, caller, storage.locked_form(conn, form_id), "form")
            return form_view(storage.update_form(conn, form_id, file, self.clock.now()))

    @rpc
    def delete_form(self, caller, form_id):
        caller = caller_from(caller)
        caller.require_staff()
        form_id = load(schemas.IdSchema(), {"id": form_id})["id"]
        with self.db.transaction() as conn:
            self._managed(conn, caller, storage.locked_form(conn, form_id), "form")
            storage.delete_form(conn, form_id)

    # --- contact
    @rpc
    def list_contact_structures(self):
        """`[{id, name}]`: the structures the contact form may write to (their addresses stay here)."""
        with self.db.transaction() as conn:
            return [{"id": s["id"], "name": s["name"]} for s in storage.structure_contacts(conn)]

    @rpc
    def staff_list_contact_structures(self, caller):
        caller = caller_from(caller)
        caller.require_staff()
        with self.db.transaction() as conn:
            return [s for s in storage.structure_contacts(conn) if caller.manages(s["id"])]

    @rpc
    def set_structure_contact(self, caller, structure_id, payload):
        """Staff of the structure: its name on the contact form and the address requests go to."""
        caller = caller_from(caller)
        caller.require_staff()
        structure_id = load(schemas.IdSchema(), {"id": structure_id})["id"]
        caller.require_structure(structure_id)
        contact = load(schemas.StructureContactSchema(), payload)
        with self.db.transaction() as conn:
            return storage.save_structure_contact(conn, structure_id, contact["name"], contact["email"],
                                                  self.clock.now())

    @rpc
    def submit_contact(self, payload, caller=None):
        """A visitor's (or a parent's) request to a structure: recorded for its staff, and emailed to
        the structure's address when it has one. → `{id, emailed}`."""
        family_id = caller_from(caller).family_id if caller else None
        request = load(schemas.ContactRequestSchema(), payload)
        with self.db.transaction() as conn:
            structure = storage.structure_contact(conn, request["structure_id"])
            if structure is None:
                raise not_found("structure")
            email_id = None
            if structure["email"]:
                rendered = render("contact_request", {**request, "structure_name": structure["name"],
                                                      "from_family": family_id is not None})
                email_id = emails.queue_email(conn, {
                    "event_id": None, "kind": "contact_request", "family_id": None,
                    "to_address": structure["email"], "subject": rendered.subject, "body_text": rendered.text,
                    "body_html": rendered.html})
            row = storage.insert_contact_request(conn, {**request, "id": uuid4(), "family_id": family_id,
                                                        "email_id": email_id, "now": self.clock.now()})
        return {"id": row["id"], "emailed": email_id is not None}

    @rpc
    def list_contact_requests(self, caller):
        caller = caller_from(caller)
        caller.require_staff()
        with self.db.transaction() as conn:
            return [_iso(row, "created_at") for row in storage.contact_requests(conn, _scope(caller))]

    # --- shared
    @staticmethod
    def _managed(conn, caller, row: dict | None, what: str) -> dict:
        """The locked publication, if the caller manages it; else 404 (missing) or 403."""
        if row is None:
            raise not_found(what)
        _require_manages(caller, row["structure_id"])
        return row

    @staticmethod
    def _may_manage(caller, structure_id) -> bool:
        if not caller:
            return False
        caller = caller_from(caller)
        return caller.is_admin if structure_id is None else caller.manages(structure_id)
