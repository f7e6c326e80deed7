"""Marshmallow field helpers shared by the accounts areas."""
from marshmallow import fields, validate

MAX_PASSWORD_LENGTH = 256  # bounds the cost of hashing what a client sends
NOT_BLANK = validate.Regexp(r"\S", error="Ce champ ne peut pas être vide.")


def name_field():
    return fields.String(required=True, validate=[validate.Length(min=1, max=100), NOT_BLANK])


def password_field():
    return fields.String(required=True, validate=validate.Length(max=MAX_PASSWORD_LENGTH))


def login_field(**kwargs):
    return fields.String(validate=validate.Regexp(r"^\S{3,254}$", error="Identifiant invalide."), **kwargs)
