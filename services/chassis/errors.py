"""The one error type services raise for a refused request.

It travels over RPC intact (the gateway registers it with nameko's deserializer), and the gateway
turns it into the API's error shape: `{"error": {"code", "message", "details"}}` with `status`.
"""
import json


class ServiceError(Exception):
    def __init__(self, code: str, message: str, details: dict | str | None = None, status: int | str = 400):
        # Nameko turns exception arguments into strings on the wire (`safe_for_serialization`), so the
        # details travel as JSON text and the status as digits; both come back to their types here.
        if isinstance(details, str):
            details = json.loads(details)
        self.code = code
        self.message = message
        self.details = details or {}
        self.status = int(status)
        super().__init__(code, message, json.dumps(self.details), self.status)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "details": self.details}


def not_found(what: str = "resource") -> ServiceError:
    # One answer for "does not exist" and "not yours": an id from another family reveals nothing.
    return ServiceError("not_found", "Élément introuvable.", {"resource": what}, 404)


def forbidden() -> ServiceError:
    return ServiceError("forbidden", "Vous n'avez pas accès à cette action.", {}, 403)


def invalid(details: dict, message: str = "Certaines données sont invalides.") -> ServiceError:
    return ServiceError("invalid_input", message, details, 422)
