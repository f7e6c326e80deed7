"""The gateway: the parents' website and the public JSON API, in front of the services.

It owns no business data: it authenticates requests, calls the services over pooled nameko RPC and
gathers their data for the dashboard. `create_app()` needs no broker; proxies open on first call.
"""
from __future__ import annotations

import os

from flask import Flask, request
from flask_babel import Babel

from services.chassis import config

LANGUAGES = ("fr", "en")
MAX_UPLOAD_REQUEST_BYTES = 10 * 1024 * 1024 + 256 * 1024  # gateway.uploads.MAX_REQUEST_BYTES


def _env_flag(name: str, default: str = "false") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def default_config() -> dict:
    return {
        "SECRET_KEY": config.get("SECRET_KEY"),
        "AMQP_URI": config.amqp_uri(),
        "SESSION_COOKIE_SECURE": _env_flag("SESSION_COOKIE_SECURE"),
        # Reverse proxies in front that set X-Forwarded-For/-Proto (0: the gateway faces clients).
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        "SESSION_TTL_HOURS": config.get_int("SESSION_TTL_HOURS"),
        # ≥ the gunicorn threads, with room for the dashboard's panels asked in parallel (bench-dashboard).
        "GATEWAY_RPC_POOL_SIZE": int(os.environ.get("GATEWAY_RPC_POOL_SIZE", "32")),
        "RPC_TIMEOUT": float(os.environ.get("RPC_TIMEOUT", "10")),
        "DASHBOARD_PANEL_TIMEOUT": float(os.environ.get("DASHBOARD_PANEL_TIMEOUT", "0.8")),
        # A service whose panel failed is skipped this long (one load per period tries it again).
        "DASHBOARD_REST_SECONDS": float(os.environ.get("DASHBOARD_REST_SECONDS", "2")),
        # A panel's answer is kept until something changes it (gateway.invalidation), at most this long:
        # the bound for what no event tells (a waiting-list rank moved by another family's cancellation).
        "DASHBOARD_CACHE_SECONDS": float(os.environ.get("DASHBOARD_CACHE_SECONDS", "120")),
        # Uploads of documents (10 MB files); JSON bodies keep their own, smaller limit.
        "MAX_CONTENT_LENGTH": MAX_UPLOAD_REQUEST_BYTES,
        "MAX_JSON_BYTES": 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": config.get("TIMEZONE"),
    }


def select_locale() -> str:
    """The `lang` cookie (the site's language switch) wins; API clients may also ask with
    Accept-Language; the website itself is French unless the parent chose otherwise."""
    chosen = request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(LANGUAGES, default="fr")
    return "fr"


def create_app(test_config: dict | None = None) -> Flask:
    from gateway import api, cache, errors, invalidation, panels, rpc, security, sessions, web

    app = Flask(__name__)
    app.config.from_mapping(default_config())
    if test_config:
        app.config.from_mapping(test_config)

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    Babel(app, locale_selector=select_locale)
    app.extensions["portail.rpc"] = rpc.RpcPool(
        {"AMQP_URI": app.config["AMQP_URI"]},
        size=app.config["GATEWAY_RPC_POOL_SIZE"], timeout=app.config["RPC_TIMEOUT"],
    )
    panel_cache = cache.TaggedCache(app.config["DASHBOARD_CACHE_SECONDS"])

    def forget(tag: str) -> None:
        panel_cache.forget(tag)
        sessions.cache(app).forget_tag(tag)

    app.extensions["portail.invalidation"] = invalidation.Invalidation(app.config["AMQP_URI"], forget)
    app.extensions["portail.dashboard"] = panels.Dashboard(
        panels.discover(), timeout=app.config["DASHBOARD_PANEL_TIMEOUT"], rest=app.config["DASHBOARD_REST_SECONDS"],
        cache=panel_cache if panel_cache.seconds > 0 else None, invalidation=app.extensions["portail.invalidation"],
    )

    errors.register(app)
    invalidation.init_app(app)
    security.init_app(app)
    app.register_blueprint(api.create_blueprint())
    app.register_blueprint(web.bp)
    app.add_url_rule("/health", "health", lambda: {"status": "ok"})
    return app
