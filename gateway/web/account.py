"""Account pages: activation, forgotten password, email change and its confirmation, profile, logins."""
from __future__ import annotations

from flask import g, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from gateway import auth, calls
from gateway.errors import error
from gateway.schemas import EmailChangeSchema, ForgotPasswordSchema, TokenPasswordSchema, TokenSchema
from gateway.web import bp, done, form_data
from services.chassis.errors import ServiceError


def _new_password() -> dict:
    """Token and new password typed twice, from a form; the two entries must match."""
    form = request.form
    data = TokenPasswordSchema().load({"token": form.get("token", ""), "password": form.get("password", "")})
    if data["password"] != form.get("password_confirm"):
        raise error("password_mismatch", _("Les deux saisies du nouveau mot de passe diffèrent."), 422)
    return data


def _token_form(template: str, action):
    """GET shows the form for the emailed token; POST runs `action(data)` or shows why it failed."""
    token = request.values.get("token", "")
    if request.method == "GET":
        return render_template(template, token=token)
    try:
        return action(_new_password())
    except ValidationError:
        problem, status = _("Remplissez les deux champs."), 422
    except ServiceError as exc:
        problem, status = exc.message, int(exc.status)
    return render_template(template, token=token, problem=problem), status


@bp.route("/activation", methods=["GET", "POST"])
@auth.public
def activation():
    def activate(data):
        result = calls.activate_account(data["token"], data["password"])
        return done(_("Votre compte est activé : connectez-vous avec l'identifiant %(login)s.",
                      login=result.get("login", "")), "web.login")
    return _token_form("activation.html", activate)


@bp.route("/reset-password", methods=["GET", "POST"])
@auth.public
def reset_password():
    def reset(data):
        calls.reset_password(data["token"], data["password"])
        return done(_("Votre mot de passe est changé : connectez-vous avec le nouveau."), "web.login")
    return _token_form("reset_password.html", reset)


@bp.route("/forgot-password", methods=["GET", "POST"])
@auth.public
def forgot_password():
    if request.method == "GET":
        return render_template("forgot_password.html")
    try:
        data = ForgotPasswordSchema().load({"email": request.form.get("email", "").strip()})
    except ValidationError:
        return render_template("forgot_password.html", problem=_("Saisissez votre adresse électronique.")), 422
    calls.request_password_reset(data["email"], auth.client_info()[0])
    return done(_("Si cette adresse correspond à un compte, un lien pour choisir un nouveau mot de passe "
                  "vient d'y être envoyé. Il est valable une heure."), "web.login")


@bp.route("/email/confirm", methods=["GET", "POST"])
@auth.public
def confirm_email():
    """GET only shows a button: a mail scanner following the link must not confirm anything."""
    token = request.values.get("token", "")
    if request.method == "GET":
        return render_template("email_confirm.html", token=token)
    try:
        calls.confirm_email_change(TokenSchema().load({"token": token})["token"])
    except ValidationError:
        problem, status = _("Ce lien n'est plus valable : demandez-en un nouveau."), 400
    except ServiceError as exc:
        problem, status = exc.message, int(exc.status)
    else:
        return done(_("Votre nouvelle adresse électronique est confirmée."), "web.login")
    return render_template("email_confirm.html", token=token, problem=problem), status


@bp.get("/profile")
def profile():
    return render_template("profile.html", me=calls.me(g.caller))


@bp.post("/profile/email")
def change_email():
    try:
        data = EmailChangeSchema().load(form_data("password", "new_email", "new_email_confirm"))
        calls.request_email_change(g.caller, data["password"], data["new_email"], data["new_email_confirm"])
    except ValidationError:
        problem, status = _("Remplissez les trois champs."), 422
    except ServiceError as exc:
        problem, status = exc.message, int(exc.status)
    else:
        return done(_("Un lien de confirmation a été envoyé à la nouvelle adresse : votre adresse changera "
                      "quand vous l'aurez suivi."), "web.profile")
    return render_template("profile.html", me=calls.me(g.caller), problem=problem,
                           new_email=request.form.get("new_email", "")), status


@bp.get("/profile/logins")
def logins():
    return render_template("logins.html", logins=calls.logins(g.caller))
