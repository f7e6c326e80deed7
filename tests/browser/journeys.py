"""The browser journeys, driven by Playwright in Debian's Chromium.

Run by tests/browser/test_journeys.py as `python -m tests.browser.journeys JOURNEY IN.json OUT.json` in a
clean interpreter: the test process is monkey-patched by eventlet, and Playwright's sync API hangs there.
Each step saves a full-page screenshot under test-artifacts/browser/<journey>/ and runs axe-core on the
page; OUT.json gets the serious and critical violations found and the error that stopped the journey.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import traceback
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BLOCKING_IMPACTS = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTH = 360
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Journey:
    """One browser page walked step by step: screenshots, axe on every page, the phone-width check."""

    def __init__(self, page: Page, name: str, base_url: str):
        self.page, self.base_url = page, base_url
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.steps = 0
        self.violations: list[dict] = []
        self.axe = Axe()

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def nav(self, name: str) -> None:
        """Follow a link of the main menu, opening its section first; the link then marks the current page."""
        menu = self.page.get_by_role("navigation", name="Menu principal")
        named = re.compile(f"^{re.escape(name)}")
        link = menu.get_by_role("link", name=named, include_hidden=True)
        if not link.is_visible():
            section = menu.locator("details").filter(
                has=self.page.get_by_role("link", name=named, include_hidden=True))
            section.locator("summary").click()
        link.click()
        expect(menu.get_by_role("link", name=named)).to_have_attribute("aria-current", "page")

    def step(self, name: str) -> None:
        """The page as it is now: a screenshot and an accessibility audit."""
        self.page.wait_for_load_state()
        self.steps += 1
        self.page.screenshot(path=str(self.folder / f"{self.steps:02d}-{name}.png"), full_page=True)
        found = self.axe.run(self.page).response["violations"]
        for violation in found:
            if violation["impact"] in BLOCKING_IMPACTS:
                self.violations.append({
                    "step": f"{self.steps:02d}-{name}", "page": self.page.url.removeprefix(self.base_url),
                    "id": violation["id"], "impact": violation["impact"], "help": violation["help"],
                    "targets": [node["target"] for node in violation["nodes"]][:5]})

    def fits_a_phone(self, name: str) -> None:
        """At 360 px wide the page scrolls only downwards."""
        self.page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
        try:
            width = self.page.evaluate("document.scrollingElement.scrollWidth")
            self.step(f"{name}-phone")
            assert width <= PHONE_WIDTH, f"{name}: {width} px wide at {PHONE_WIDTH} px, it scrolls sideways"
        finally:
            self.page.set_viewport_size(DESKTOP)

    def prints_plainly(self, name: str, table) -> None:
        """On paper: the table is there, the menu and the buttons are not (a PDF of the page is kept)."""
        self.page.emulate_media(media="print")
        try:
            expect(table).to_be_visible()
            expect(self.page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
            expect(self.page.get_by_role("button").first).to_be_hidden()
            self.page.pdf(path=str(self.folder / f"{self.steps:02d}-{name}-print.pdf"))
        finally:
            self.page.emulate_media(media="screen")

    def log_in(self, login: str, password: str) -> None:
        self.page.get_by_label("Identifiant").fill(login)
        self.page.get_by_label("Mot de passe").fill(password)
        self.page.get_by_role("button", name="Se connecter").click()

    def title(self, name) -> None:
        """Wait for the page whose main heading is `name` (a string or a pattern)."""
        expect(self.page.get_by_role("heading", level=1, name=name)).to_be_visible()

    def flash(self, text: str) -> None:
        expect(self.page.get_by_role("status").filter(has_text=text)).to_be_visible()


# --- the parent ----------------------------------------------------------------------------------

def parent(journey: Journey, data: dict) -> None:
    page = journey.page
    journey.open("/login")
    journey.step("login")
    journey.log_in(data["login"], data["temporary"])

    journey.title("Changer de mot de passe")
    journey.step("first-password")
    page.get_by_label("Mot de passe actuel").fill(data["temporary"])
    page.get_by_label("Nouveau mot de passe", exact=True).fill(data["password"])
    page.get_by_label("Nouveau mot de passe (confirmation)").fill(data["password"])
    page.get_by_role("button", name="Enregistrer").click()

    journey.title(re.compile("^Bonjour"))
    journey.step("dashboard")
    journey.fits_a_phone("dashboard")

    _enrol(journey, data)
    _book(journey, data)
    _pay(journey, data)
    _answer(journey, data["subject"], "Merci, nous serons là à 8 h 30.")
    _upload(journey)


def _enrol(journey: Journey, data: dict) -> None:
    page = journey.page
    page.get_by_role("link", name=f"planning de {data['child']}").click()
    journey.title(f"Planning de {data['child']}")
    journey.step("planning-empty")
    page.get_by_role("link", name="Voir les activités et demander une inscription").click()
    journey.title(f"Activités de {data['child']}")
    journey.step("activities")
    page.get_by_role("button", name=f"Demander l'inscription — {data['activity']}").click()
    journey.flash("acceptée")
    journey.step("enrolled")


def _book(journey: Journey, data: dict) -> None:
    page = journey.page
    journey.nav("Planning")
    journey.title(f"Planning de {data['child']}")
    if page.get_by_role("row", name=re.compile(data["day_label"], re.I)).count() == 0:
        page.get_by_role("link", name="Mois suivant »").click()
    row = page.get_by_role("row", name=re.compile(data["day_label"], re.I))
    expect(row).to_be_visible()
    journey.step("planning")
    journey.fits_a_phone("planning")
    matin = page.get_by_role("checkbox", name=re.compile(f"Matin, {data['day_label']}", re.I))
    midi = page.get_by_role("checkbox", name=re.compile(f"Midi, {data['day_label']} : Complet", re.I))
    matin.check()
    midi.check()
    journey.step("planning-ticked")
    page.get_by_role("button", name="Valider mes choix").click()

    journey.title("Récapitulatif de vos changements")
    expect(page.get_by_text("2 nouvelles réservations")).to_be_visible()
    expect(page.get_by_text("votre enfant sera inscrit sur la liste d'attente")).to_be_visible()
    journey.step("summary")
    page.get_by_role("button", name="Confirmer").click()

    outcome = page.get_by_role("status", name="Résultat de vos demandes")
    expect(outcome).to_contain_text("1 réservation acceptée")
    expect(outcome).to_contain_text("inscrit sur la liste d'attente (position 1)")
    expect(page.get_by_role("checkbox", name=re.compile(r"Midi, .*Liste d'attente \(position 1\)"))).to_be_checked()
    journey.step("outcome")
    journey.prints_plainly("planning", page.get_by_role("table").first)


def _pay(journey: Journey, data: dict) -> None:
    page, number = journey.page, data["invoice_number"]
    journey.nav("Mes factures")
    expect(page.get_by_role("table", name=re.compile("Vos factures"))).to_contain_text(number)
    journey.step("invoices")
    journey.prints_plainly("invoices", page.get_by_role("table", name=re.compile("Vos factures")))
    with page.expect_download() as download:
        page.get_by_role("link", name=f"PDF {number}").click()
    saved = journey.folder / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"facture-{number}.pdf", saved.name
    assert saved.read_bytes().startswith(b"%PDF"), "the invoice download is not a PDF"

    page.get_by_role("link", name=f"Payer {number}").click()
    expect(page.get_by_role("checkbox", name=re.compile(f"Facture {number}"))).to_be_checked()
    journey.step("payment-choice")
    page.get_by_role("button", name="Voir le récapitulatif").click()
    expect(page.get_by_text(f"Total à payer : {data['invoice_amount']}")).to_be_visible()
    journey.step("payment-summary")
    page.get_by_role("button", name="Payer par carte bancaire").click()
    journey.title("Banque de test (sandbox)")
    journey.step("sandbox-bank")
    page.get_by_role("button", name="Payer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Paiement accepté")
    journey.step("payment-paid")


def _answer(journey: Journey, subject: str, answer: str) -> None:
    page = journey.page
    journey.nav("Boîte de réception")
    journey.title(re.compile("^Messagerie"))
    journey.step("messages")
    page.get_by_role("link", name=subject).click()
    journey.title(subject)
    journey.step("message")
    page.get_by_label("Votre réponse").fill(answer)
    page.get_by_role("button", name="Répondre").click()
    journey.flash("Votre réponse a été envoyée.")
    expect(page.get_by_text(answer)).to_be_visible()
    journey.step("message-answered")


def _upload(journey: Journey) -> None:
    page = journey.page
    journey.nav("Mes documents")
    journey.title("Mes documents")
    journey.step("documents")
    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Attestation CAF"))
    item.get_by_label("Fichier pour « Attestation CAF »").set_input_files(
        {"name": "attestation-caf.pdf", "mimeType": "application/pdf", "buffer": PDF})
    item.get_by_role("button", name="Envoyer").click()
    journey.flash("Votre document est envoyé")
    expect(page.get_by_role("link", name="télécharger attestation-caf.pdf")).to_be_visible()
    journey.step("document-sent")


# --- the director --------------------------------------------------------------------------------

def director(journey: Journey, data: dict) -> None:
    page = journey.page
    journey.open("/login?next=/staff/bookings/pending")
    journey.step("login")
    journey.log_in(data["login"], data["password"])

    journey.title("Demandes de réservation à valider")
    journey.step("pending-bookings")
    page.get_by_role("button", name=re.compile(f"^Accepter .*{data['child']}")).click()
    journey.flash("Réservation acceptée.")
    journey.step("booking-accepted")

    journey.nav("Appel")
    journey.title("Appel (pointage)")
    page.get_by_label("Activité", exact=True).select_option(label=data["activity_option"])
    page.get_by_label("Jour", exact=True).fill(data["today"])
    page.get_by_role("button", name="Afficher").click()
    attendance = page.get_by_role("group", name=re.compile(data["child"]))
    expect(attendance).to_be_visible()
    journey.step("roll-call")
    attendance.get_by_label("Présent", exact=True).check()
    page.get_by_role("button", name="Enregistrer l'appel").click()
    journey.flash("L'appel est enregistré")
    journey.step("roll-call-recorded")

    journey.nav("Facturation")
    journey.title("Facturation")
    page.get_by_label("Régie").select_option(label=data["regie"])
    page.get_by_label("Début de la période").fill(data["period_start"])
    page.get_by_label("Fin de la période").fill(data["period_end"])
    journey.step("invoicing")
    page.get_by_role("button", name="Lancer la facturation").click()
    journey.flash("Facturation lancée.")
    # the run page refreshes itself every 3 s while the run goes on
    expect(page.get_by_text("Terminée", exact=True)).to_be_visible(timeout=15_000)
    journey.step("invoicing-done")

    _answer(journey, data["subject"], "Bonjour, oui, la sieste est prévue à 13 h.")


# --- the keyboard alone --------------------------------------------------------------------------

def keyboard(journey: Journey, data: dict) -> None:
    """The month planning with the keyboard alone: the menu, the skip link, a box, "Tout cocher", the
    summary and the confirmation, the focus visible at each stop."""
    page = journey.page
    journey.open("/login")
    page.get_by_label("Identifiant").fill(data["login"])
    page.get_by_label("Mot de passe").fill(data["password"])
    page.keyboard.press("Enter")
    journey.title(re.compile("^Bonjour"))

    # From the page start: the skip link first, then the menu, whose "Réservations" opens with Enter.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    _focus_is_visible(page, "the skip link")
    menu = page.get_by_role("navigation", name="Menu principal")
    section = menu.locator("details").filter(has=page.locator("summary", has_text="Réservations"))
    _tab_to(page, section.locator("summary"))
    _focus_is_visible(page, "a section of the menu")
    page.keyboard.press("Enter")
    expect(section).to_have_attribute("open", "")
    journey.step("keyboard-menu")
    _tab_to(page, menu.get_by_role("link", name="Planning"), limit=5)
    page.keyboard.press("Enter")
    journey.title(f"Planning de {data['child']}")

    first = re.compile(f"— Matin, {data['first_day']}", re.I)
    if page.get_by_role("checkbox", name=first).count() == 0:
        _tab_to(page, page.get_by_role("link", name="Mois suivant »"))
        page.keyboard.press("Enter")
        journey.title(f"Planning de {data['child']}")

    # The skip link passes the menu: the grid is a few Tab presses away.
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    _tab_to(page, page.get_by_role("region", name=re.compile("^Planning de")), limit=15)
    _focus_is_visible(page, "the scrolling grid")
    box = page.get_by_role("checkbox", name=first)
    _tab_to(page, box, limit=15)
    _focus_is_visible(page, "a box of the grid")
    page.keyboard.press("Space")
    expect(box).to_be_checked()

    second = data["second_day"]
    tick = page.get_by_role("button", name=re.compile(f"^Tout cocher — {second}", re.I))
    _tab_to(page, tick, limit=10)
    _focus_is_visible(page, "a day's « Tout cocher »")
    page.keyboard.press("Enter")
    for unit in ("Matin", "Midi"):
        expect(page.get_by_role("checkbox", name=re.compile(f"— {unit}, {second}", re.I))).to_be_checked()
    expect(page.get_by_role("button", name=re.compile(f"^Tout décocher — {second}", re.I))).to_be_focused()
    expect(page.get_by_role("checkbox", name=re.compile(f"— Midi, {data['first_day']}", re.I))).not_to_be_checked()
    journey.step("keyboard-ticked")

    send = page.get_by_role("button", name="Valider mes choix")
    _tab_to(page, send, limit=15)
    _focus_is_visible(page, "« Valider mes choix »")
    page.keyboard.press("Enter")
    journey.title("Récapitulatif de vos changements")
    expect(page.get_by_text("3 nouvelles réservations")).to_be_visible()

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name="Confirmer")
    _tab_to(page, confirm, limit=10)
    _focus_is_visible(page, "« Confirmer »")
    journey.step("keyboard-summary")
    page.keyboard.press("Enter")

    outcome = page.get_by_role("status", name="Résultat de vos demandes")
    expect(outcome).to_contain_text("3 réservations acceptées")
    expect(page.get_by_role("checkbox", name=first)).to_be_checked()
    journey.step("keyboard-outcome")


def _tab_to(page: Page, target, limit: int = 60) -> int:
    """Press Tab until `target` has the focus; how many presses it took (an error past `limit`)."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return presses
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{limit} Tab presses do not reach {target}; the focus is on {focused}")


def _focus_is_visible(page: Page, what: str) -> None:
    """The focused element draws a ring: an outline of at least 2 px."""
    ring = page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return {style: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0};
    }""")
    assert ring["style"] != "none" and ring["width"] >= 2, f"no visible focus on {what}: {ring}"


JOURNEYS = {"parent": parent, "director": director, "keyboard": keyboard}


def main(name: str, given: str, report: str) -> None:
    data = json.loads(Path(given).read_text())
    result = {"violations": [], "error": None, "steps": 0}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=DESKTOP, locale="fr-FR", accept_downloads=True)
        context.set_default_timeout(10_000)
        journey = Journey(context.new_page(), name, data["base_url"])
        try:
            JOURNEYS[name](journey, data)
        except Exception:  # noqa: BLE001 — reported to the test with the page it happened on
            result["error"] = f"at {journey.page.url}:\n{traceback.format_exc()}"
            journey.page.screenshot(path=str(journey.folder / "failure.png"), full_page=True)
        result.update(violations=journey.violations, steps=journey.steps)
        browser.close()
    Path(report).write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:4])
