"""English catalogue of the gateway (French is the source language).

Rebuild after adding strings:
    cd gateway && ../.venv/bin/pybabel extract -F babel.cfg -k lazy_gettext -k _l -o /tmp/messages.pot .
    ../.venv/bin/python translations/english.py /tmp/messages.pot
which writes translations/en/LC_MESSAGES/messages.po and compiles messages.mo; a string missing
here stays in French and is listed on the way.
"""
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

try:
    from english_pages import PAGES  # run as a script: this directory is on the path
except ImportError:
    from gateway.translations.english_pages import PAGES

ENGLISH = {
    "Vous devez vous connecter.": "You need to log in.",
    "Aller au contenu": "Skip to content",
    "Le jeton de sécurité (CSRF) est absent ou invalide.": "The security (CSRF) token is missing or invalid.",
    "Vous devez d'abord remplacer votre mot de passe provisoire.": "You must first replace your temporary password.",
    "Vous n'avez pas accès à cette action.": "You are not allowed to do this.",
    "Élément introuvable.": "Not found.",
    "L'enfant est déjà inscrit à cette activité, ou sa demande est en cours.":
        "The child is already enrolled in this activity, or the request is being processed.",
    "L'âge de l'enfant ne correspond pas à cette activité.": "The child's age does not fit this activity.",
    "Des pièces justificatives manquent pour cette inscription.": "Supporting documents are missing for this enrolment.",
    "Des réservations à venir existent encore pour cette inscription.":
        "Upcoming bookings still exist for this enrolment.",
    "Cette activité n'est plus proposée.": "This activity is no longer offered.",
    "Cette inscription ne peut plus être annulée.": "This enrolment can no longer be cancelled.",
    "Le calendrier scolaire de cette période n'est pas encore connu.":
        "The school calendar of this period is not known yet.",
    "Cette unité a déjà des réservations : son groupe de places ne peut plus changer.":
        "This unit already has bookings: its group of places can no longer change.",
    "Il n'y a plus de place ce jour-là.": "There is no place left that day.",
    "Seul le premier de la liste d'attente peut recevoir la place.":
        "Only the first on the waiting list can be given the place.",
    "L'appel d'un jour à venir ne peut pas encore être fait.": "The roll call of a day to come cannot be made yet.",
    "Certaines réservations ne sont pas acceptées ce jour-là pour cette activité.":
        "Some bookings are not accepted bookings of this activity on that day.",
    "Ces dates sont en dehors du contrat.": "These dates are outside the contract.",
    "Un contrat de cet enfant couvre déjà ces dates.": "A contract of this child already covers these dates.",
    "La requête est invalide.": "The request is invalid.",
    "Cette méthode n'est pas permise ici.": "This method is not allowed here.",
    "La requête est trop volumineuse.": "The request is too large.",
    "Ce type de contenu n'est pas accepté.": "This content type is not accepted.",
    "Trop de requêtes : réessayez dans un moment.": "Too many requests: try again in a moment.",
    "Certaines données sont invalides.": "Some data is invalid.",
    "Ce service est momentanément indisponible, réessayez dans un moment.":
        "This service is temporarily unavailable, try again in a moment.",
    "Une erreur interne est survenue.": "An internal error occurred.",
    "Le corps de la requête doit être du JSON.": "The request body must be JSON.",
    "Le corps de la requête n'est pas du JSON valide.": "The request body is not valid JSON.",
    "La période demandée est invalide.": "The requested period is invalid.",
    "La période doit compter au plus %(n)s jours.": "The period may span at most %(n)s days.",
    "L'en-tête Idempotency-Key est obligatoire (255 caractères au plus).":
        "The Idempotency-Key header is required (at most 255 characters).",
    "Identifiant ou mot de passe incorrect.": "Wrong login or password.",
    "Ce mot de passe n'est pas accepté : au moins 8 caractères, dont une majuscule, une minuscule et un "
    "chiffre, différent de l'actuel.":
        "This password is not accepted: at least 8 characters, with an upper case letter, a lower case "
        "letter and a digit, different from the current one.",
    "Cet identifiant est déjà utilisé.": "This login is already taken.",
    "Cette clé d'idempotence a déjà servi pour une autre demande.":
        "This idempotency key was already used for another request.",
    "dossier famille": "family file",
    "réservations": "bookings",
    "facturation": "billing",
    "messages": "messages",
    "Portail Famille": "Family Portal",
    "Menu principal": "Main menu",
    "Tableau de bord": "Dashboard",
    "Mot de passe": "Password",
    "Se déconnecter": "Log out",
    "Bonjour %(name)s": "Hello %(name)s",
    "Bonjour": "Hello",
    "Nous sommes le %(date)s.": "Today is %(date)s.",
    "Certaines informations sont momentanément indisponibles : %(services)s. Le reste de la page est à jour.":
        "Some information is temporarily unavailable: %(services)s. The rest of the page is up to date.",
    "Ma famille": "My family",
    "dossier n° %(number)s": "file no. %(number)s",
    "planning de %(name)s": "%(name)s's planning",
    "Aucun enfant enregistré.": "No child registered.",
    "Informations indisponibles.": "Information unavailable.",
    "Prochaines réservations": "Upcoming bookings",
    "Aucune réservation dans les 30 prochains jours.": "No booking in the next 30 days.",
    "Mon compte": "My account",
    "À facturer : %(amount)s": "To be invoiced: %(amount)s",
    "Reste à payer : %(amount)s": "Left to pay: %(amount)s",
    "Avoir : %(amount)s": "Credit: %(amount)s",
    "Erreur": "Error",
    "Une erreur est survenue": "An error occurred",
    "Retour au tableau de bord": "Back to the dashboard",
    "Connexion": "Log in",
    "Connexion à votre espace famille": "Log in to your family space",
    "Identifiant": "Login",
    "Se connecter": "Log in",
    "Changer de mot de passe": "Change password",
    "Pour votre première connexion, remplacez le mot de passe provisoire qui vous a été remis.":
        "As this is your first login, replace the temporary password you were given.",
    "Mot de passe actuel": "Current password",
    "Nouveau mot de passe": "New password",
    "Au moins 8 caractères, dont une majuscule, une minuscule et un chiffre.":
        "At least 8 characters, with an upper case letter, a lower case letter and a digit.",
    "Nouveau mot de passe (confirmation)": "New password (again)",
    "Enregistrer": "Save",
    "Planning": "Planning",
    "Planning de %(name)s": "%(name)s's planning",
    "Mois": "Month",
    "« Mois précédent": "« Previous month",
    "Mois suivant »": "Next month »",
    "Résultat de vos demandes": "Outcome of your requests",
    "Aucune modification demandée.": "No change requested.",
    "Cochez les jours à réserver, décochez ceux à annuler, puis validez.":
        "Tick the days to book, untick those to cancel, then confirm.",
    "Jour": "Day",
    "Valider mes changements": "Confirm my changes",
    "Aucun jour d'ouverture ce mois-ci.": "No opening day this month.",
    "Saisissez votre identifiant et votre mot de passe.": "Enter your login and your password.",
    "Les deux saisies du nouveau mot de passe diffèrent.": "The two entries of the new password differ.",
    "Remplissez les trois champs.": "Fill in the three fields.",
    "Mois attendu au format AAAA-MM.": "Month expected as YYYY-MM.",
    "Le formulaire a expiré : rechargez la page.": "The form has expired: reload the page.",
    "Disponible": "Available",
    "Complet": "Full",
    "Réservé": "Booked",
    "En attente": "Pending",
    "Liste d'attente": "Waiting list",
    "Refusé": "Refused",
    "Fermé": "Closed",
    "Vacances": "Holiday",
    "Présent": "Present",
    "Absent excusé": "Absent (excused)",
    "Absent facturé": "Absent (billed)",
    "verrouillé": "locked",
    "réservation acceptée": "booking accepted",
    "demande en attente de validation": "request awaiting approval",
    "inscrit sur liste d'attente": "put on the waiting list",
    "refusé": "refused",
    "réservation annulée": "booking cancelled",
    "le délai de prévenance est dépassé": "the notice deadline has passed",
    "l'enfant n'est pas inscrit à cette activité": "the child is not enrolled in this activity",
    "choix des temps d'accueil non valide": "this combination of units is not allowed",
    "le compte de la famille présente un impayé": "the family account has unpaid invoices",
    "l'accueil est fermé ce jour-là": "closed on that day",
    "l'âge de l'enfant ne correspond pas à l'activité": "the child's age does not fit the activity",
    "les réservations ne sont pas ouvertes pour cette période": "bookings are not open for this period",
}


ENGLISH.update(PAGES)


def build(pot_path: str) -> None:
    here = Path(__file__).parent / "en" / "LC_MESSAGES"
    with open(pot_path, "rb") as pot:
        catalog = read_po(pot, locale="en")
    missing = []
    for message in catalog:
        if message.id:
            english = ENGLISH.get(message.id)  # a plural id is a (singular, plural) tuple, so is its English
            message.string = english or ("" if isinstance(message.id, str) else ("", ""))
            if not english:
                missing.append(message.id)
    with open(here / "messages.po", "wb") as po:
        write_po(po, catalog, omit_header=False, no_location=True)
    with open(here / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    for message_id in missing:
        print("untranslated:", message_id)


if __name__ == "__main__":
    build(sys.argv[1])
