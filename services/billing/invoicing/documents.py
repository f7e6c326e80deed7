"""What invoices and credit notes look like: their numbers, their API shape and the invoice PDF."""
from __future__ import annotations

from datetime import date

from services.billing import ledger
from services.billing.pdf import BillingDocument, Column, money

PREFIXES = {"invoice": "F", "credit_note": "AV"}


def document_number(regie: dict, kind: str, sequence_number: int) -> str:
    """`TOURS-F000042`: numbers are unique across régies (the régie's code, or the start of its id)."""
    code = regie.get("code") or str(regie["id"])[:8].upper()
    return f"{code}-{PREFIXES[kind]}{sequence_number:06d}"


def invoice_view(invoice: dict, lines: list[dict], credit_notes: list[dict]) -> dict:
    """The API shape of an invoice."""
    return {
        "id": invoice["id"], "number": invoice["number"], "regie": invoice["regie"],
        "regie_id": invoice["regie_id"], "family_id": invoice["family_id"],
        "period_start": invoice["period_start"], "period_end": invoice["period_end"],
        "issued_on": invoice["issued_on"], "due_on": invoice["due_on"],
        "total_cents": invoice["total_cents"], "paid_cents": invoice["paid_cents"],
        "credited_cents": invoice["credited_cents"], "due_cents": max(invoice["due_cents"], 0),
        "status": ledger.invoice_status(invoice["paid_cents"], invoice["credited_cents"], invoice["due_cents"]),
        "lines": [{key: line[key] for key in ("date", "child", "activity", "unit", "quantity", "unit_price_cents",
                                              "amount_cents")} for line in lines],
        "credit_notes": [{key: note[key] for key in ("id", "number", "issued_on", "amount_cents", "reason", "lines")}
                         for note in credit_notes],
    }


def _french(day: str | None) -> str:
    return date.fromisoformat(day).strftime("%d/%m/%Y") if day else ""


LINE_COLUMNS = [Column("Date", 22), Column("Enfant", 30), Column("Activité", 58), Column("Unité", 20),
                Column("Qté", 12, "R"), Column("Prix unitaire", 20, "R"), Column("Montant", 18, "R")]


def invoice_pdf(invoice: dict, family_number: str | None, family_name: str | None,
                payment_instructions: str | None) -> bytes:
    """The invoice as a PDF: who owes what for which days, what is left to pay, by when and how."""
    document = BillingDocument(f"Facture {invoice['number']}")
    document.header(
        invoice["regie"],
        [family_name or "", f"Famille n° {family_number}" if family_number else ""],
        f"Facture n° {invoice['number']}",
        [("Période", f"du {_french(invoice['period_start'])} au {_french(invoice['period_end'])}"),
         ("Émise le", _french(invoice["issued_on"])),
         ("À payer avant le", _french(invoice["due_on"]))],
    )
    document.table(LINE_COLUMNS, [
        [_french(line["date"]), line["child"] or "", line["activity"], line["unit"] or "", line["quantity"],
         money(line["unit_price_cents"]), money(line["amount_cents"])]
        for line in invoice["lines"]
    ])
    totals = [("Total de la facture", invoice["total_cents"])]
    if invoice["credited_cents"]:
        totals.append(("Avoirs", -invoice["credited_cents"]))
    if invoice["paid_cents"]:
        totals.append(("Déjà réglé", -invoice["paid_cents"]))
    totals.append(("Reste à payer", invoice["due_cents"]))
    document.totals(totals)
    for note in invoice["credit_notes"]:
        document.paragraph(f"Avoir n° {note['number']} du {_french(note['issued_on'])} : "
                           f"{money(note['amount_cents'])} ({note['reason']})")
    document.heading("Comment payer")
    document.paragraph(
        f"Montant à régler avant le {_french(invoice['due_on'])} : {money(invoice['due_cents'])}. "
        "Payez en ligne par carte bancaire sur le Portail Famille (rubrique « Mes factures », bouton « Payer »)"
        f", en rappelant la référence {invoice['number']}."
    )
    if payment_instructions:
        document.paragraph(payment_instructions)
    return document.to_bytes()
