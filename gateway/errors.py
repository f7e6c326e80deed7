"""Every refusal as `{"error": {"code", "message", "details"}}` with its status.

Under /api the answer is JSON; on the web pages it is the error page. Services' `ServiceError`s keep
their status, code, message and details; the gateway raises `ServiceError` too for its own refusals.
"""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask_babel import get_locale, gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from gateway.rpc import ServiceUnavailable
from services.chassis.errors import ServiceError

log = logging.getLogger(__name__)

# Codes of the HTTP errors Flask raises itself (unknown route, wrong method, body too large…).
_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def _http_messages() -> dict:
    return {
        400: _("La requête est invalide."),
        401: _("Vous devez vous connecter."),
        403: _("Vous n'avez pas accès à cette action."),
        404: _("Élément introuvable."),
        405: _("Cette méthode n'est pas permise ici."),
        413: _("La requête est trop volumineuse."),
        415: _("Ce type de contenu n'est pas accepté."),
        429: _("Trop de requêtes : réessayez dans un moment."),
    }


def _service_messages() -> dict:
    """Services answer in French; for another language the gateway words the codes it knows."""
    return {
        "not_found": _("Élément introuvable."),
        "forbidden": _("Vous n'avez pas accès à cette action."),
        "invalid_input": _("Certaines données sont invalides."),
        "invalid_credentials": _("Identifiant ou mot de passe incorrect."),
        "weak_password": _("Ce mot de passe n'est pas accepté : au moins 8 caractères, dont une majuscule, "
                           "une minuscule et un chiffre, différent de l'actuel."),
        "login_taken": _("Cet identifiant est déjà utilisé."),
        "idempotency_key_reused": _("Cette clé d'idempotence a déjà servi pour une autre demande."),
        "too_many_attempts": _("Trop de tentatives de connexion : réessayez plus tard."),
        "invalid_token": _("Ce lien n'est plus valable : demandez-en un nouveau."),
        "emails_differ": _("Les deux saisies de l'adresse électronique diffèrent."),
        "email_taken": _("Cette adresse électronique est déjà utilisée."),
        "requires_change_request": _("Certaines modifications doivent passer par une demande de modification."),
        "already_decided": _("Cette demande a déjà été traitée."),
        "unsupported_file_type": _("Ce type de fichier n'est pas accepté : PDF, JPEG ou PNG."),
        "file_too_large": _("Le fichier dépasse la taille maximale de 10 Mo."),
        "invalid_csv": _("Le fichier CSV contient des erreurs."),
        "already_enrolled": _("L'enfant est déjà inscrit à cette activité, ou sa demande est en cours."),
        "age_out_of_range": _("L'âge de l'enfant ne correspond pas à cette activité."),
        "missing_documents": _("Des pièces justificatives manquent pour cette inscription."),
        "has_bookings": _("Des réservations à venir existent encore pour cette inscription."),
        "activity_archived": _("Cette activité n'est plus proposée."),
        "not_cancellable": _("Cette inscription ne peut plus être annulée."),
        "calendar_unknown": _("Le calendrier scolaire de cette période n'est pas encore connu."),
        "unit_in_use": _("Cette unité a déjà des réservations : son groupe de places ne peut plus changer."),
        "full": _("Il n'y a plus de place ce jour-là."),
        "not_first_in_line": _("Seul le premier de la liste d'attente peut recevoir la place."),
        "future_day": _("L'appel d'un jour à venir ne peut pas encore être fait."),
        "not_accepted_booking": _("Certaines réservations ne sont pas acceptées ce jour-là pour cette activité."),
        "outside_contract": _("Ces dates sont en dehors du contrat."),
        "contract_overlap": _("Un contrat de cet enfant couvre déjà ces dates."),
        "idempotency_key_required": _("L'en-tête Idempotency-Key est obligatoire (255 caractères au plus)."),
    }


def error(code: str, message: str, status: int, details: dict | None = None) -> ServiceError:
    """A gateway refusal; raise it and the handlers below answer it."""
    return ServiceError(code, str(message), details or {}, status)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def respond(exc: ServiceError):
    # Over RPC nameko stringifies an exception's arguments: a service's status arrives as "404".
    status = int(exc.status)
    body = exc.as_dict()
    if str(get_locale()) != "fr":
        body["message"] = _service_messages().get(exc.code, exc.message)
    headers = retry_after(exc)
    if wants_json():
        return jsonify({"error": body}), status, headers
    return render_template("error.html", error=body), status, headers


def retry_after(exc: ServiceError) -> dict:
    """A 429 says when to come back, in seconds, as the service computed it."""
    seconds = exc.details.get("retry_after_seconds") if int(exc.status) == 429 else None
    return {"Retry-After": str(int(seconds))} if isinstance(seconds, (int, float)) else {}


def register(app) -> None:
    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError):
        return respond(exc)

    @app.errorhandler(ValidationError)
    def invalid_input(exc: ValidationError):
        return respond(error("invalid_input", _("Certaines données sont invalides."), 422,
                             {"fields": exc.messages}))

    @app.errorhandler(ServiceUnavailable)
    def unavailable(exc: ServiceUnavailable):
        log.warning("%s", exc)
        return respond(error("service_unavailable",
                             _("Ce service est momentanément indisponible, réessayez dans un moment."),
                             503, {"service": exc.service}))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        if status >= 500:
            return respond(error("internal_error", _("Une erreur interne est survenue."), status))
        code = _HTTP_CODES.get(status, "bad_request")
        message = _http_messages().get(status, _("La requête est invalide."))
        response = respond(error(code, message, status))
        if status == 405 and exc.valid_methods:  # keep the Allow header werkzeug computed
            body, status, _headers = response
            return body, status, {"Allow": ", ".join(exc.valid_methods)}
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return respond(error("internal_error", _("Une erreur interne est survenue."), 500))
