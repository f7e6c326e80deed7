"""Every French string of the gateway has its English, and the compiled catalogue is rebuilt.

A failure here means: add the English to gateway/translations/english.py or english_pages.py, then
rebuild as english.py's docstring says.
"""
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from flask_babel import gettext, ngettext

from gateway.translations.english import ENGLISH

GATEWAY = Path(__file__).resolve().parent.parent
MO_FILE = GATEWAY / "translations" / "en" / "LC_MESSAGES" / "messages.mo"


def extracted_ids() -> list:
    """The msgids `pybabel extract -F babel.cfg -k lazy_gettext -k _l` finds, plurals as tuples."""
    with open(GATEWAY / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
            str(GATEWAY), method_map, options_map, keywords=keywords):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return [message.id for message in catalog if message.id]


def test_every_french_string_has_its_english():
    ids = extracted_ids()
    assert len(ids) > 1000  # the extraction did run over the templates and the code
    missing = [message_id for message_id in ids if not ENGLISH.get(message_id)]
    assert not missing, f"{len(missing)} string(s) without English:\n" + "\n".join(map(repr, missing))
    wrong_shape = [message_id for message_id in ids
                   if isinstance(message_id, tuple) != isinstance(ENGLISH[message_id], tuple)]
    assert not wrong_shape, f"plural ids need an (English singular, English plural) tuple: {wrong_shape}"


def test_the_compiled_catalogue_is_up_to_date():
    with open(MO_FILE, "rb") as mo:
        compiled = read_mo(mo)
    stale = []
    for message_id in extracted_ids():
        message = compiled.get(message_id)
        english = ENGLISH.get(message_id)
        string = message.string if message else None
        if isinstance(string, list):
            string = tuple(string)
        if not english or string != english:  # equal to the English, so present and non-empty
            stale.append(message_id)
    assert not stale, (f"{len(stale)} string(s) missing or outdated in messages.mo, rebuild the catalogue:\n"
                       + "\n".join(map(repr, stale)))


def test_pages_are_served_in_english_when_the_parent_switches(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    page = client.get("/login").get_data(as_text=True)
    assert "Forgotten your password?" in page and "Mot de passe oublié" not in page
    client.set_cookie("lang", "fr")
    assert "Mot de passe oublié ?" in client.get("/login").get_data(as_text=True)

    singular, plural, sentence = "%(num)d non lu", "%(num)d non lus", "Activités de %(name)s"
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert ngettext(singular, plural, 1) == "1 unread"
        assert ngettext(singular, plural, 3) == "3 unread"
        assert gettext(sentence, name="Léa") == "Léa's activities"
