"""The main menu, grouped as the family portals do: Accueil, then sections that open (<details>); every page
of the former flat menu is still there, the section of the current page is open and its link marked."""
from __future__ import annotations

import re

PARENT_SECTIONS = {
    "Ma famille": ["/family", "/documents", "/requests", "/notification-settings"],
    "Réservations": ["/activities", "/planning", "/bookings", "/bookings/history", "/planning#ical"],
    "Factures": ["/invoices", "/payments/new", "/payments/history", "/account", "/statement", "/consumptions",
                 "/wallets", "/attestations"],
    "Messagerie": ["/messages", "/messages/new", "/contact", "/news", "/forms"],
}
STAFF_SECTIONS = {
    "Familles": ["/staff/families", "/staff/change-requests", "/staff/documents", "/staff/import"],
    "Réservations": ["/staff/activities", "/staff/enrolments", "/staff/bookings/pending", "/staff/waiting-lists",
                     "/staff/roll-call", "/staff/contracts"],
    "Facturation et règlements": ["/staff/invoicing", "/staff/tariffs", "/staff/payments"],
    "Messagerie": ["/staff/messages", "/staff/messages/new", "/staff/contact", "/staff/news", "/staff/forms"],
}


def menu(response) -> dict:
    """The menu of a page: its home link, its sections (title, links, open or not) and the current link."""
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    [nav] = re.findall(r'<nav class="main-menu" aria-label="Menu principal">(.*?)</nav>', html, re.S)
    sections = {}
    for details in re.findall(r"<details.*?</details>", nav, re.S):
        title = re.sub(r"<[^>]+>|\s+", " ", re.search(r"<summary>(.*?)</summary>", details, re.S)[1]).strip()
        sections[title] = {"links": re.findall(r'href="([^"]+)"', details),
                           "open": bool(re.match(r"<details[^>]*\sopen>", details))}
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
    return {"home": re.search(r'<li class="menu-home"><a href="([^"]+)"', nav)[1], "sections": sections,
            "current": current}


def test_a_parent_finds_every_page_in_sections(new_family, parent_of):
    parent = parent_of(new_family("Menu"))
    home = menu(parent.get("/"))
    assert home["home"] == "/" and home["current"] == ["/"]
    assert list(home["sections"]) == list(PARENT_SECTIONS)
    for title, links in PARENT_SECTIONS.items():
        assert home["sections"][title]["links"] == links, title
        assert not home["sections"][title]["open"]
    assert 'href="/profile"' in parent.get("/").get_data(as_text=True)

    for title, links in PARENT_SECTIONS.items():
        for link in links:
            if "#" in link:
                continue  # a part of the planning page
            page = menu(parent.get(link, follow_redirects=True))  # /planning: the first child's month
            assert page["current"] == [link], (link, page["current"])
            assert [t for t, s in page["sections"].items() if s["open"]] == [title], link


def test_staff_find_their_pages_in_sections_too(staff):
    home = menu(staff.get("/"))
    assert list(home["sections"]) == list(STAFF_SECTIONS)
    for title, links in STAFF_SECTIONS.items():
        assert home["sections"][title]["links"] == links, title
        for link in links:
            page = menu(staff.get(link))
            assert page["current"] == [link], (link, page["current"])
            assert [t for t, s in page["sections"].items() if s["open"]] == [title], link
