"""The tax attestation as a PDF, through billing's shared document layout."""
from __future__ import annotations

from services.billing import pdf

_COLUMNS = [pdf.Column("Enfant", 90), pdf.Column("Né(e) le", 40, "C"), pdf.Column("Montant payé", 50, "R")]


def render(attestation: dict, family: dict, regies: list[str], issued_on: str) -> bytes:
    year = attestation["year"]
    document = pdf.BillingDocument(f"Attestation de frais de garde {year}")
    document.header(
        regie=", ".join(regies) or "Portail Famille",
        family_lines=[family["display_name"], f"Dossier n° {family['number']}"],
        title=f"Attestation de frais de garde - année {year}",
        references=[("Année civile", str(year)), ("Établie le", issued_on)],
    )
    document.paragraph(
        f"Nous attestons que la famille {family['display_name']} a payé en {year}, pour la garde de ses "
        f"enfants âgés de moins de 6 ans au 1er janvier {year}, les sommes suivantes (hors repas).")
    document.table(_COLUMNS, [[f"{child['first_name']} {child['last_name']}", child["birth_date"],
                               pdf.money(child["amount_cents"])] for child in attestation["children"]])
    document.totals([("Total payé pour la garde", attestation["total_cents"])])
    document.paragraph(
        "Document à conserver : il justifie les frais de garde des jeunes enfants déclarés pour le crédit "
        "d'impôt. Les sommes comptées sont celles encaissées dans l'année.")
    return document.to_bytes()
