"""Who is calling: every RPC that touches family data receives the caller and checks it itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from marshmallow import fields, post_load, validate

from services.chassis.errors import forbidden, not_found
from services.chassis.schemas import StrictSchema, load

ROLES = ("parent", "staff", "admin")


@dataclass(frozen=True)
class Caller:
    user_id: str
    role: str
    family_id: str | None = None
    structure_ids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_staff(self) -> bool:
        return self.role in ("staff", "admin")

    def require_staff(self) -> None:
        if not self.is_staff:
            raise forbidden()

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require_admin(self) -> None:
        if not self.is_admin:
            raise forbidden()

    def manages(self, structure_id) -> bool:
        """Admins manage every structure; staff only the structures of their account."""
        return self.is_admin or (self.role == "staff" and str(structure_id) in self.structure_ids)

    def require_structure(self, structure_id) -> None:
        if not self.manages(structure_id):
            raise forbidden()

    def require_family(self, family_id) -> str:
        """The family id, if the caller may reach it: parents reach only their own family; another
        family's id, like an id that cannot exist, looks like a missing one."""
        if not is_uuid(family_id):
            raise not_found("family")
        if not self.is_staff and str(family_id) != str(self.family_id):
            raise not_found("family")
        return str(family_id)

    def as_dict(self) -> dict:
        return {
            "user_id": self.user_id,
            "role": self.role,
            "family_id": self.family_id,
            "structure_ids": list(self.structure_ids),
        }


class CallerSchema(StrictSchema):
    user_id = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    family_id = fields.String(load_default=None, allow_none=True)
    structure_ids = fields.List(fields.String(), load_default=list)

    @post_load
    def make(self, data, **_):
        return Caller(
            user_id=data["user_id"],
            role=data["role"],
            family_id=data["family_id"],
            structure_ids=tuple(data["structure_ids"]),
        )


_caller_schema = CallerSchema()


def caller_from(data) -> Caller:
    return load(_caller_schema, data)


def is_uuid(value) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True
