"""A read-only web page of the emails the mail sink saved (development): the list, newest first, with
date, recipient and subject, and each email's text and HTML. Served by the sink's process
(`python -m deploy.mail_sink --web-port 8026`)."""
from __future__ import annotations

import email
import html
import re
from email import policy
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NAME = re.compile(r"^[\w-]+\.eml$")  # as the sink names them: never a path


def read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def summaries(directory: Path) -> list[dict]:
    """Every saved email, newest first (the sink's names start with the time received)."""
    found = []
    for path in sorted(directory.glob("*.eml"), reverse=True):
        message = read(path)
        try:
            received = parsedate_to_datetime(message["Date"]).strftime("%d/%m/%Y %H:%M")
        except (TypeError, ValueError):
            received = ""
        found.append({"name": path.name, "date": received, "to": message["To"] or "",
                      "subject": message["Subject"] or ""})
    return found


def _page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left}"
            "pre{white-space:pre-wrap;background:#f6f6f6;padding:1em}</style></head>"
            f"<body>{body}</body></html>").encode()


def list_page(directory: Path) -> bytes:
    rows = "".join(
        f"<tr><td>{html.escape(s['date'])}</td><td>{html.escape(s['to'])}</td>"
        f"<td><a href=\"/emails/{s['name']}\">{html.escape(s['subject']) or '(sans objet)'}</a></td></tr>"
        for s in summaries(directory))
    table = (f"<table><tr><th>Date</th><th>Destinataire</th><th>Objet</th></tr>{rows}</table>" if rows
             else "<p>Aucun email reçu pour l'instant.</p>")
    return _page("Emails de démonstration", f"<h1>Emails de démonstration</h1>{table}")


def email_page(path: Path) -> bytes:
    message = read(path)
    text = message.get_body(("plain",))
    headers = "".join(f"<tr><th>{name}</th><td>{html.escape(message[name] or '')}</td></tr>"
                      for name in ("Date", "From", "To", "Subject"))
    links = "<p><a href=\"/\">← tous les emails</a>"
    if message.get_body(("html",)) is not None:
        links += f" · <a href=\"/emails/{path.name}/html\">version HTML</a>"
    content = html.escape(text.get_content()) if text is not None else ""
    return _page(message["Subject"] or path.name, f"{links}</p><table>{headers}</table><pre>{content}</pre>")


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8026) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = [part for part in self.path.split("?", 1)[0].split("/") if part]
            if not parts:
                return self._send(list_page(directory))
            if parts[0] != "emails" or len(parts) not in (2, 3) or not NAME.match(parts[1]):
                return self._send(_page("Introuvable", "<p>Introuvable.</p>"), 404)
            path = directory / parts[1]
            if not path.is_file():
                return self._send(_page("Introuvable", "<p>Introuvable.</p>"), 404)
            if len(parts) == 3:
                body = read(path).get_body(("html",))
                if parts[2] != "html" or body is None:
                    return self._send(_page("Introuvable", "<p>Introuvable.</p>"), 404)
                return self._send(body.get_content().encode())  # our own emails, shown as sent
            return self._send(email_page(path))

        def _send(self, content: bytes, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    return ThreadingHTTPServer((host, port), Handler)
