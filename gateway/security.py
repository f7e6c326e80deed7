"""Security headers on every response: a content security policy without inline scripts or styles,
frame denial, no sniffing, and no cache of private pages. Behind a TLS-terminating proxy
(`PROXY_HOPS` trusted hops), requests are known to be HTTPS: cookies become secure and HSTS is sent."""
from __future__ import annotations

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"


def add_headers(response):
    headers = response.headers
    # A view may set a stricter policy of its own (a document shown inline is sandboxed).
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if g.get("session") is not None or g.get("private_response"):
        # a family's data must not stay in a shared or back-button cache
        headers.setdefault("Cache-Control", "private, no-store")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def cookies_secure(app: Flask) -> bool:
    """Secure cookies when configured so, and always on a request that came over HTTPS."""
    return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def init_app(app: Flask) -> None:
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.after_request(add_headers)
