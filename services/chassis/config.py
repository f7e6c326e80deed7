"""Configuration from environment variables, with defaults that work on a developer's machine."""
import os

DEFAULTS = {
    "AMQP_URI": "pyamqp://guest:guest@127.0.0.1:5672/",
    "DATABASE_HOST_URL": "postgresql://postgres@127.0.0.1:5432",
    "DATABASE_NAME_PREFIX": "portail_",
    "SMTP_HOST": "127.0.0.1",
    "SMTP_PORT": "8025",
    "MAIL_WEB_PORT": "8026",  # `make run`: the page where the demo's emails can be read
    "MAIL_FROM": "Portail Famille <ne-pas-repondre@portail-famille.localhost>",
    "PUBLIC_URL": "http://127.0.0.1:8000",
    # Development default only: production sets its own (see README, configuration table).
    "SECRET_KEY": "dev-only-secret-change-me",
    "SESSION_TTL_HOURS": "12",
    "TIMEZONE": "Europe/Paris",
    "SCHOOL_ZONE": "C",  # the town's school-holiday zone (A, B or C)
    "OUTBOX_POLL_SECONDS": "0.5",
    "EMAIL_POLL_SECONDS": "0.5",
    "DATABASE_POOL_SIZE": "10",
    # Online payments: the provider plugin, the sandbox's notification key (development default only),
    # PayFiP's web service, and how long a payment may stay without a result.
    "PAYMENT_PROVIDER": "sandbox",
    "SANDBOX_SECRET": "dev-only-sandbox-secret",
    "PAYFIP_URL": "https://www.payfip.gouv.fr/tpa/services/securite",
    "PAYFIP_PAGE_URL": "https://www.payfip.gouv.fr/tpa/paiementws.web",
    "PAYFIP_SAISIE": "T",
    "PAYMENT_EXPIRY_MINUTES": "20",
    "PAYMENT_POLL_HOURS": "4",
    # Billing: tax attestations of a year are available from this day (MM-DD) of the next year; the
    # account review (debts that fell overdue, attestations that became available) runs this often.
    "ATTESTATION_AVAILABLE_FROM": "01-31",
    "ACCOUNT_REVIEW_SECONDS": "3600",
    # Notifications: the hour (town time) from which yesterday's daily reports go out; the SMS provider
    # plugin (`logging` writes the texts to SMS_LOG_FILE); how long a webhook's server may take.
    "DAILY_REPORT_HOUR": "7",
    "SMS_PROVIDER": "logging",
    "SMS_LOG_FILE": "var/sms.jsonl",
    "WEBHOOK_TIMEOUT_SECONDS": "10",
    # Webhooks: how often each replica re-syncs the queue's bindings with the subscriptions.
    "WEBHOOK_SYNC_SECONDS": "5",
}


def get(name: str) -> str:
    return os.environ.get(name, DEFAULTS.get(name, ""))


def get_int(name: str) -> int:
    return int(get(name))


def get_float(name: str) -> float:
    return float(get(name))


def amqp_uri() -> str:
    return get("AMQP_URI")


def database_url(service: str) -> str:
    """`<SERVICE>_DATABASE_URL`, else a database named after the service on the local server."""
    explicit = os.environ.get(f"{service.upper()}_DATABASE_URL")
    if explicit:
        return explicit
    return f"{get('DATABASE_HOST_URL')}/{get('DATABASE_NAME_PREFIX')}{service}"


def nameko_config() -> dict:
    """The configuration a nameko container or standalone proxy needs."""
    return {"AMQP_URI": amqp_uri(), "serializer": "json"}
