"""The PDF receipt attached to the `payment_receipt` email, in the email's language."""
from __future__ import annotations

from services.chassis.pdf import SimpleDocument
from services.notifications.rendering import long_date

CONTENT_TYPE = "application/pdf"

WORDING = {
    "fr": {"title": "Reçu de paiement", "family": "Famille", "amount": "Montant", "method": "Moyen de paiement",
           "date": "Date", "reference": "Référence", "file": "recu",
           "note": "Ce reçu atteste que le paiement ci-dessus a été reçu. Conservez-le avec vos factures."},
    "en": {"title": "Payment receipt", "family": "Family", "amount": "Amount", "method": "Payment method",
           "date": "Date", "reference": "Reference", "file": "receipt",
           "note": "This receipt confirms that the payment above was received. Keep it with your invoices."},
}


def receipt_pdf(context: dict, locale: str) -> tuple[str, str, bytes]:
    """`(filename, content type, bytes)` of the receipt of a payment, from the email's context."""
    words = WORDING[locale]
    document = SimpleDocument(words["title"])
    document.facts([
        (words["family"], context["display_name"]),
        (words["amount"], context["amount"]),
        (words["method"], context["method"]),
        (words["date"], long_date(context["received_on"], locale)),
        (words["reference"], context["reference"]),
    ])
    document.paragraph(words["note"])
    return f"{words['file']}-{context['reference'][:8]}.pdf", CONTENT_TYPE, document.to_bytes()
