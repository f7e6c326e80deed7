"""Fixtures of the identity tests whose links travel by email: notifications running beside accounts,
delivering to the stack's mail sink. Test modules import the fixtures they use from here."""
import psycopg
import pytest
from psycopg.rows import dict_row

from services.chassis import config
from services.notifications.service import NotificationsService
from services.notifications.tests.mail import SmtpSink

PUBLIC_URL = "https://portail.example.fr"


@pytest.fixture
def sink(tmp_path):
    sink = SmtpSink(tmp_path / "mail")
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def notifications(start_service, sink, monkeypatch):
    """Notifications delivering to the sink; accounts builds its links on the same PUBLIC_URL."""
    monkeypatch.setenv("PUBLIC_URL", PUBLIC_URL)
    return start_service(NotificationsService, SMTP_PORT=sink.port, EMAIL_POLL_SECONDS=0.1)


def accounts_connection():
    """A connection to accounts' database, as another area of accounts (the family file) has it."""
    return psycopg.connect(config.database_url("accounts"), row_factory=dict_row)
