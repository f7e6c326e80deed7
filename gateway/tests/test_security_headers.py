"""Security headers: a content security policy the templates can live with (no inline script or
style), frame denial, no cache of private pages, secure cookies and HSTS behind an HTTPS proxy."""
import re
from pathlib import Path

import pytest

from gateway import create_app
from gateway.auth import COOKIE
from gateway.security import CONTENT_SECURITY_POLICY
from gateway.tests.conftest import STAFF_LOGIN, STAFF_PASSWORD

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_a_public_page_is_framed_by_nobody_and_may_be_cached():
    client = create_app({"TESTING": True}).test_client()
    page = client.get("/login")
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in page.headers.get("Cache-Control", "")
    assert "Strict-Transport-Security" not in page.headers


def test_private_pages_are_never_kept_in_a_cache(staff):
    for path in ("/api/v1/me", "/"):
        answer = staff.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["Cache-Control"] == "private, no-store", path
        assert answer.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("forwarded_proto, secure", [("https", True), ("http", False)])
def test_behind_an_https_proxy_cookies_are_secure_and_hsts_is_sent(staff, rabbit_config, forwarded_proto, secure):
    app = create_app({"TESTING": True, "AMQP_URI": rabbit_config["AMQP_URI"], "PROXY_HOPS": 1})
    client = app.test_client()
    answer = client.post("/api/v1/auth/login", json={"login": STAFF_LOGIN, "password": STAFF_PASSWORD},
                         headers={"X-Forwarded-Proto": forwarded_proto, "X-Forwarded-For": "203.0.113.9"})
    assert answer.status_code == 200
    cookie = next(value for value in answer.headers.getlist("Set-Cookie") if value.startswith(COOKIE))
    assert ("; Secure" in cookie) is secure
    assert ("Strict-Transport-Security" in answer.headers) is secure
    app.extensions["portail.rpc"].close()
    app.extensions["portail.dashboard"].close()


def test_templates_have_no_inline_script_style_or_handler():
    """What the policy forbids would silently stop working in the browser: keep it out of the source."""
    offences = []
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text()
        offences += [f"{template.name}: inline script" for _ in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", source)]
        offences += [f"{template.name}: style attribute" for _ in re.finditer(r"\sstyle=", source)]
        offences += [f"{template.name}: event handler" for _ in re.finditer(r"\son[a-z]+=", source)]
        offences += [f"{template.name}: javascript: URL" for _ in re.finditer(r"javascript:", source)]
    assert offences == []


def test_the_planning_script_is_served_from_the_site():
    client = create_app({"TESTING": True}).test_client()
    script = client.get("/static/planning.js")
    assert script.status_code == 200 and b"planning-form" in script.data
