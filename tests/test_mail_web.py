"""The demo's mail catcher: what the sink saved is listed and readable in a browser (`make run`
prints its address)."""
import smtplib
import subprocess
import threading
import urllib.error
import urllib.request
from email.message import EmailMessage

import pytest

from deploy import mail_web, processes
from services.notifications.tests.mail import free_port, wait_until


def saved(directory, name, subject, to, text, html=None):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "Portail Famille <ne-pas-repondre@example.fr>", to, subject
    message["Date"] = "Thu, 26 Nov 2026 10:15:00 +0100"
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    (directory / name).write_bytes(message.as_bytes())


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


@pytest.fixture
def web(tmp_path):
    saved(tmp_path, "1764148500000000000-aaaa1111.eml", "Bienvenue sur le Portail Famille", "claire@example.org",
          "Bonjour Claire <3", "<p>Bonjour <b>Claire</b></p>")
    saved(tmp_path, "1764148600000000000-bbbb2222.eml", "Nouvelle facture ALSH-000042 : 42,50 €", "paul@example.org",
          "Votre facture")
    (tmp_path / "notes.txt").write_text("not an email")
    server = mail_web.make_server(tmp_path, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_list_shows_every_email_newest_first_with_date_recipient_and_subject(web):
    page = get(web + "/")
    assert "Emails de démonstration" in page
    invoice, welcome = page.index("Nouvelle facture ALSH-000042 : 42,50 €"), page.index("Bienvenue sur le Portail")
    assert invoice < welcome
    assert "claire@example.org" in page and "paul@example.org" in page and "26/11/2026 10:15" in page
    assert 'href="/emails/1764148500000000000-aaaa1111.eml"' in page and "notes.txt" not in page


def test_an_email_is_shown_with_its_text_escaped_and_its_html_version(web):
    page = get(web + "/emails/1764148500000000000-aaaa1111.eml")
    assert "Bonjour Claire &lt;3" in page and "claire@example.org" in page
    assert 'href="/emails/1764148500000000000-aaaa1111.eml/html"' in page
    assert "<p>Bonjour <b>Claire</b></p>" in get(web + "/emails/1764148500000000000-aaaa1111.eml/html")


@pytest.mark.parametrize("path", ["/emails/notes.txt", "/emails/..%2F..%2Fetc%2Fpasswd", "/emails/missing.eml",
                                  "/emails/1764148600000000000-bbbb2222.eml/html", "/other"])
def test_nothing_else_is_served(web, path):
    with pytest.raises(urllib.error.HTTPError) as error:
        get(web + path)
    assert error.value.code == 404


def test_the_sink_process_serves_what_it_receives(tmp_path):
    smtp_port, web_port = free_port(), free_port()
    sink = subprocess.Popen(processes.mail_sink_command(smtp_port, tmp_path, web_port), cwd=processes.ROOT,
                            stdout=subprocess.DEVNULL)
    try:
        def sent():
            try:
                with smtplib.SMTP("127.0.0.1", smtp_port, timeout=2) as smtp:
                    smtp.sendmail("a@example.org", ["b@example.org"],
                                  b"Subject: Une place s'est liberee\r\nTo: b@example.org\r\n\r\nBonjour\r\n")
                return True
            except OSError:
                return False
        wait_until(sent)
        assert "Une place s&#x27;est liberee" in wait_until(lambda: _page_or_none(f"http://127.0.0.1:{web_port}/"))
    finally:
        sink.terminate()
        sink.wait(timeout=10)


def _page_or_none(url):
    try:
        page = get(url)
    except OSError:
        return None
    return page if "liberee" in page else None
