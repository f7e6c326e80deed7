"""What the account RPCs accept."""
from __future__ import annotations

import re

from marshmallow import ValidationError, fields, validate, validates

from services.chassis.schemas import StrictSchema

_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


class MonthArgument(StrictSchema):
    month = fields.String(required=True, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$",
                                                                  error="Mois attendu au format AAAA-MM."))


class SchoolYearArgument(StrictSchema):
    school_year = fields.String(required=True)

    @validates("school_year")
    def two_following_years(self, value, **_):
        match = _SCHOOL_YEAR.match(value)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise ValidationError("Année scolaire attendue sous la forme 2025-2026.")
