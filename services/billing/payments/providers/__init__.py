"""Online payment providers, one module each, discovered as entry points `portail.payment_providers`.

A provider starts a payment at the bank (`start`), reads what the bank posts back (`verify`: which
payment it is about, and its result when the message itself can be trusted), and asks the bank for the
result when the message carries none (`fetch_result`; also used to poll payments left without news).
Billing, not the provider, decides what a result does to the family's account, once.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from services.chassis import config, plugins

GROUP = "portail.payment_providers"
OUTCOMES = ("paid", "refused", "cancelled", "pending", "mismatch")


class Forged(Exception):
    """A notification that cannot be trusted (no signature, a wrong one, an unreadable body)."""


class ProviderUnavailable(Exception):
    """The bank did not answer, or answered something we cannot read: try again later."""


@dataclass(frozen=True)
class Started:
    reference: str      # the bank's id of the payment (sandbox: ours; PayFiP: the idOp)
    redirect_url: str   # where the parent pays


@dataclass(frozen=True)
class Result:
    outcome: str                      # one of OUTCOMES
    amount_cents: int | None = None   # what the bank says it took
    piece_number: str | None = None   # the bank's authorisation number, shown in the payment history
    details: dict = field(default_factory=dict)  # kept as the payment's `result`, for staff


@dataclass(frozen=True)
class Notice:
    reference: str               # which payment the notification is about
    result: Result | None = None  # None: the notification proves nothing, ask the bank


@dataclass(frozen=True)
class Links:
    """The addresses a provider gives the bank for one payment."""
    notify_url: str
    return_url: str


def links(provider: str, online_payment_id) -> Links:
    public = config.get("PUBLIC_URL").rstrip("/")
    return Links(notify_url=f"{public}/api/v1/payments/notify/{provider}",
                 return_url=f"{public}/payments/{online_payment_id}/return")


def configured():
    """The provider chosen by PAYMENT_PROVIDER (default `sandbox`)."""
    return plugins.load(GROUP, config.get("PAYMENT_PROVIDER"))


def named(name: str):
    """The provider of that name, or None when no such provider is installed."""
    try:
        return plugins.load(GROUP, name)
    except LookupError:
        return None
