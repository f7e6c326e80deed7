"""`sandbox`: a pretend bank for development and tests. Its pages are served by the gateway
(`/sandbox-bank/<id>`); when the parent pays, refuses or cancels there, the bank posts a notification
signed with HMAC-SHA256 (key SANDBOX_SECRET) to `POST /api/v1/payments/notify/sandbox`."""
from __future__ import annotations

import hashlib
import hmac
import json

from services.billing.payments.providers import Forged, Notice, Result, Started
from services.chassis import config

SIGNATURE_HEADER = "X-Sandbox-Signature"
BANK_OUTCOMES = ("paid", "refused", "cancelled")


def sign(body: str) -> str:
    return hmac.new(config.get("SANDBOX_SECRET").encode(), body.encode(), hashlib.sha256).hexdigest()


def notification(online_payment_id: str, outcome: str, amount_cents: int) -> tuple[str, dict]:
    """What the sandbox bank posts: the body and its headers."""
    body = json.dumps({"online_payment_id": str(online_payment_id), "outcome": outcome,
                       "amount_cents": amount_cents})
    return body, {SIGNATURE_HEADER: sign(body), "Content-Type": "application/json"}


class SandboxProvider:
    name = "sandbox"
    polls = False  # nobody to ask: a payment without notification simply expires

    def start(self, payment: dict, regie: dict, links) -> Started:
        public = config.get("PUBLIC_URL").rstrip("/")
        return Started(reference=str(payment["id"]), redirect_url=f"{public}/sandbox-bank/{payment['id']}")

    def verify(self, body: str, headers: dict) -> Notice:
        signature = next((value for key, value in headers.items() if key.lower() == SIGNATURE_HEADER.lower()), "")
        if not signature or not hmac.compare_digest(str(signature), sign(body)):
            raise Forged("missing or wrong signature")
        try:
            data = json.loads(body)
            reference, outcome, amount = data["online_payment_id"], data["outcome"], data["amount_cents"]
        except (ValueError, KeyError, TypeError):
            raise Forged("unreadable body") from None
        if outcome not in BANK_OUTCOMES or not isinstance(amount, int) or isinstance(amount, bool):
            raise Forged("unknown outcome or amount")
        return Notice(reference=str(reference),
                      result=Result(outcome=outcome, amount_cents=amount, details={"outcome": outcome}))

    def fetch_result(self, payment: dict, regie: dict) -> Result:
        return Result(outcome="pending")
