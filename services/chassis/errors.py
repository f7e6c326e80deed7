"""The one error type services raise for a refused request.

It travels over RPC intact (the gateway registers it with nameko's deserializer), and the gateway
turns it into the API's error shape: `{"error": {"code", "message", "details"}}` with `status`.
"""


class ServiceError(Exception):
    def __init__(self, code: str, message: str, details: dict | None = None, status: int = 400):
        super().__init__(code, message, details or {}, status)
        self.code = code
        self.message = message
        self.details = details or {}
        self.status = status

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
