"""`payfip`: the DGFiP's public-sector payment service, through its web service (PAYFIP.md).

1. `creerPaiementSecurise` (SOAP) gives an `idOp`; the parent pays at `paiementws.web?idop=<idOp>`.
2. PayFiP posts the `idOp` to our notification URL: it proves nothing, so we ask
   `recupererDetailPaiementSecurise(idOp)` and check the answer's client number and debt reference.
The XML is built and read with the standard library; HTTP goes through `requests` with a timeout.
"""
from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs
from uuid import UUID

import requests

from services.billing.payments.providers import Forged, Notice, ProviderUnavailable, Result, Started
from services.chassis import config

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE = ("http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/"
           "contrat_paiement_securise/PaiementSecuriseService")
TIMEOUT_SECONDS = 10
MIN_CENTS, MAX_CENTS = 100, 10_000_000  # 1 € to 100,000 €
RESULTS = {"P": "paid", "V": "paid", "R": "refused", "Z": "refused", "A": "cancelled"}
# P5: in progress or abandoned; P1: unknown (purged at night). Neither is a result.
STILL_OPEN = {"P5", "P1"}

ET.register_namespace("soapenv", SOAP_ENV)
ET.register_namespace("pai", SERVICE)


class InvalidRequest(ValueError):
    """A field breaks PayFiP's rules: the request would be refused, so it is never sent."""


def refdet(online_payment_id) -> str:
    """Our debt reference for a payment: 30 alphanumerics of its id (1–30 allowed)."""
    return UUID(str(online_payment_id)).hex[:30].upper()


def objet(text: str) -> str:
    """ASCII alphanumerics and spaces, 100 characters at most."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9]", " ", ascii_text)).strip()[:100]


def payment_request(numcli: str, exer: int, reference: str, montant: int, mel: str, label: str,
                    saisie: str, urlnotif: str, urlredirect: str) -> dict:
    """The fields of `creerPaiementSecurise`, checked against PayFiP's rules."""
    fields = {"numcli": numcli or "", "exer": str(exer), "refdet": reference, "montant": str(montant),
              "mel": mel, "objet": objet(label), "saisie": saisie, "urlnotif": urlnotif,
              "urlredirect": urlredirect}
    problems = []
    if not re.fullmatch(r"\d{6}", fields["numcli"]):
        problems.append("numcli: 6 digits")
    if not re.fullmatch(r"\d{4}", fields["exer"]):
        problems.append("exer: a year")
    if not re.fullmatch(r"[A-Za-z0-9]{1,30}", reference):
        problems.append("refdet: 1-30 alphanumerics")
    if not MIN_CENTS <= montant <= MAX_CENTS:
        problems.append("montant: 1 € to 100,000 €")
    if not 6 <= len(mel) <= 80:
        problems.append("mel: 6-80 characters")
    if not fields["objet"]:
        problems.append("objet: empty")
    if saisie not in ("T", "X", "W"):
        problems.append("saisie: T, X or W")
    if problems:
        raise InvalidRequest("; ".join(problems))
    return fields


def envelope(operation: str, fields: dict) -> bytes:
    root = ET.Element(f"{{{SOAP_ENV}}}Envelope")
    ET.SubElement(root, f"{{{SOAP_ENV}}}Header")
    body = ET.SubElement(root, f"{{{SOAP_ENV}}}Body")
    arguments = ET.SubElement(ET.SubElement(body, f"{{{SERVICE}}}{operation}"), "arg0")
    for name, value in fields.items():
        ET.SubElement(arguments, name).text = value
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_response(xml: bytes) -> dict:
    """The fields of a response's `return` element, by local name; a SOAP fault → `{"fault": code}`."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ProviderUnavailable(f"unreadable PayFiP answer: {exc}") from None
    elements = list(root.iter())
    if any(_local(element.tag) == "Fault" for element in elements):
        codes = [e.text.strip() for e in elements if _local(e.tag) == "code" and e.text]
        texts = {_local(e.tag): e.text.strip() for e in elements if e.text and e.text.strip()}
        message = texts.get("libelle") or texts.get("faultstring", "")
        return {"fault": codes[0] if codes else "unknown", "message": message}
    returned = next((element for element in elements if _local(element.tag) == "return"), None)
    if returned is None:
        raise ProviderUnavailable("PayFiP answer without a return element")
    return {_local(child.tag): (child.text or "").strip() for child in returned.iter() if child is not returned}


def call(operation: str, fields: dict) -> dict:
    try:
        response = requests.post(config.get("PAYFIP_URL"), data=envelope(operation, fields),
                                 headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": ""},
                                 timeout=TIMEOUT_SECONDS)
    except requests.RequestException as exc:
        raise ProviderUnavailable(f"PayFiP unreachable: {exc}") from None
    if response.status_code >= 500 and b"Fault" not in response.content:
        raise ProviderUnavailable(f"PayFiP answered {response.status_code}")
    return read_response(response.content)


def result_of(detail: dict, payment: dict, regie: dict) -> Result:
    """What PayFiP's detail means for our payment. A detail that is not about it (another client
    number or debt reference) is a mismatch for staff, never applied."""
    if "fault" in detail:
        if detail["fault"] in STILL_OPEN:
            return Result(outcome="pending", details=detail)
        raise ProviderUnavailable(f"PayFiP fault {detail['fault']}: {detail.get('message')}")
    try:
        amount = int(detail.get("montant", ""))
    except ValueError:
        amount = None
    if detail.get("numcli") != regie.get("payfip_numcli") or detail.get("refdet") != refdet(payment["id"]):
        return Result(outcome="mismatch", amount_cents=amount, details=detail)
    outcome = RESULTS.get(detail.get("resultrans", ""))
    if outcome is None:
        return Result(outcome="pending", details=detail)
    return Result(outcome=outcome, amount_cents=amount, piece_number=detail.get("numauto") or None, details=detail)


class PayfipProvider:
    name = "payfip"
    polls = True  # the notification may never come: pending payments are asked for a few hours

    def start(self, payment: dict, regie: dict, links) -> Started:
        fields = payment_request(
            numcli=regie.get("payfip_numcli"), exer=payment["created_at"].year, reference=refdet(payment["id"]),
            montant=payment["amount_cents"], mel=payment["email"], label=payment["label"],
            saisie=config.get("PAYFIP_SAISIE"), urlnotif=links.notify_url, urlredirect=links.return_url)
        answer = call("creerPaiementSecurise", fields)
        if "fault" in answer or not answer.get("idOp"):
            raise ProviderUnavailable(f"PayFiP refused the payment: {answer}")
        return Started(reference=answer["idOp"],
                       redirect_url=f"{config.get('PAYFIP_PAGE_URL')}?idop={answer['idOp']}")

    def verify(self, body: str, headers: dict) -> Notice:
        """PayFiP posts `idop=<idOp>` (form-encoded); that names a payment and proves nothing else."""
        values = {key.lower(): value for key, value in parse_qs(body).items()}
        reference = (values.get("idop") or [""])[0].strip()
        if not re.fullmatch(r"[A-Za-z0-9-]{1,64}", reference):
            raise Forged("no idOp")
        return Notice(reference=reference)

    def fetch_result(self, payment: dict, regie: dict) -> Result:
        detail = call("recupererDetailPaiementSecurise", {"idOp": payment["provider_reference"]})
        return result_of(detail, payment, regie)
