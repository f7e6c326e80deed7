"""English of the pages' strings (merged into english.ENGLISH).

Keys are the French msgids exactly as extracted; a plural message is keyed by its
(singular, plural) tuple and translated by an (English singular, English plural) tuple.
"""
PAGES = {
    # api/notification_settings.py
    "Valeur attendue : vrai ou faux.": "Expected value: true or false.",
    # calls.py
    "Choisissez une structure de la liste.": "Choose a facility from the list.",
    # errors.py
    "Trop de tentatives de connexion : réessayez plus tard.": "Too many login attempts: try again later.",
    "Ce lien n'est plus valable : demandez-en un nouveau.":
        "This link is no longer valid: ask for a new one.",
    "Les deux saisies de l'adresse électronique diffèrent.": "The two entries of the email address differ.",
    "Cette adresse électronique est déjà utilisée.": "This email address is already in use.",
    "Certaines modifications doivent passer par une demande de modification.":
        "Some changes must go through a change request.",
    "Cette demande a déjà été traitée.": "This request has already been handled.",
    "Ce type de fichier n'est pas accepté : PDF, JPEG ou PNG.":
        "This file type is not accepted: PDF, JPEG or PNG.",
    "Le fichier dépasse la taille maximale de 10 Mo.": "The file exceeds the maximum size of 10 MB.",
    "Le fichier CSV contient des erreurs.": "The CSV file contains errors.",
    # templates/_bookings.html
    "Choisir un autre enfant": "Choose another child",
    "Enfant": "Child",
    "Tous les enfants": "All children",
    # templates/_family_file.html
    "non renseigné": "not provided",
    "oui": "yes",
    "non": "no",
    "Foyer": "Household",
    "Numéro de dossier": "File number",
    "Nom": "Name",
    "Numéro d'allocataire CAF ou MSA": "CAF or MSA claimant number",
    "Régime d'allocations": "Benefits scheme",
    "Quotient familial": "Family quotient",
    "valable jusqu'au %(date)s": "valid until %(date)s",
    "IBAN": "IBAN",
    "Titulaire du compte": "Account holder",
    "Responsables": "Guardians",
    "Adresse": "Address",
    "non renseignée": "not provided",
    "Adresse électronique": "Email address",
    "Téléphone portable": "Mobile phone",
    "Téléphone du domicile": "Home phone",
    "Téléphone professionnel": "Work phone",
    "Profession": "Occupation",
    "Employeur": "Employer",
    "Courriels acceptés": "Emails accepted",
    "SMS acceptés": "Text messages accepted",
    "Enfants": "Children",
    "Date de naissance": "Date of birth",
    "École et classe": "School and class",
    "Droit à l'image": "Image rights",
    "Allergies": "Allergies",
    "Régime alimentaire": "Diet",
    "PAI": "Individual care plan (PAI)",
    "Médecin traitant": "GP",
    "Vaccinations à jour": "Vaccinations up to date",
    "Personnes autorisées à venir chercher l'enfant": "People allowed to pick up the child",
    "Je ne sais pas": "I don't know",
    "Oui": "Yes",
    "Non": "No",
    "Lien avec l'enfant": "Relationship to the child",
    "Téléphone": "Phone",
    "personne %(n)s": "person %(n)s",
    # templates/account_balance.html
    "Solde : vous devez %(amount)s": "Balance: you owe %(amount)s",
    "Solde en votre faveur : %(amount)s": "Balance in your favour: %(amount)s",
    "Consommations pas encore facturées : %(amount)s": "Usage not yet invoiced: %(amount)s",
    "Mes factures": "My invoices",
    "Relevé de compte": "Account statement",
    "Historique des consommations": "Usage history",
    "Historique des règlements": "Payment history",
    "Attestations fiscales": "Tax certificates",
    # templates/activation.html
    "Activation du compte": "Account activation",
    "Activer votre compte": "Activate your account",
    "Choisissez le mot de passe de votre espace famille.": "Choose the password for your family space.",
    "Activer mon compte": "Activate my account",
    # templates/activities.html
    "Activités de %(name)s": "%(name)s's activities",
    "Activités": "Activities",
    "Pour réserver des jours, inscrivez d'abord votre enfant à l'activité. Certaines inscriptions sont "
    "examinées par la structure avant d'être acceptées.":
        "To book days, first enrol your child in the activity. Some enrolments are reviewed by the "
        "facility before being accepted.",
    "Voir le planning et réserver": "See the planning and book",
    "Mes documents": "My documents",
    "Autres activités": "Other activities",
    "Âge": "Age",
    "Temps d'accueil": "Care times",
    "Réservations": "Bookings",
    "Inscription": "Enrolment",
    "Soumise à la validation de la structure.": "Subject to the facility's approval.",
    "Acceptée dès la demande si les conditions sont remplies.":
        "Accepted on request if the conditions are met.",
    "Documents requis": "Required documents",
    "Aucun": "None",
    "État de l'inscription": "Enrolment status",
    "Motif : %(reason)s": "Reason: %(reason)s",
    "Demander l'inscription": "Request enrolment",
    "Réserver dans le planning": "Book in the planning",
    "Retirer ma demande": "Withdraw my request",
    "Annuler l'inscription": "Cancel the enrolment",
    "Aucune activité n'est proposée pour le moment.": "No activity is offered at the moment.",
    # templates/attestations.html
    "Les sommes payées dans l'année civile pour la garde de vos enfants de moins de 6 ans au 1er janvier "
    "(repas exclus), à joindre à votre déclaration de revenus.":
        "The amounts paid in the calendar year for the care of your children under 6 on 1 January (meals "
        "excluded), to attach to your tax return.",
    "Année %(year)s": "Year %(year)s",
    "Total : %(amount)s": "Total: %(amount)s",
    "Télécharger l'attestation %(year)s (PDF)": "Download the %(year)s certificate (PDF)",
    "Disponible à partir du %(date)s.": "Available from %(date)s.",
    "Aucune somme payée pour la garde d'enfants de moins de 6 ans.":
        "No amount paid for the care of children under 6.",
    # templates/base.html, templates/_menu.html
    "Profil et déconnexion": "Profile and log out",
    "Accueil": "Home",
    "Mon dossier famille": "My family file",
    "Liste des familles": "List of families",
    "Facturation et règlements": "Invoicing and payments",
    "Mes réservations": "My bookings",
    "Mes demandes": "My requests",
    "Préférences de notification": "Notification preferences",
    "Actualités": "News",
    "Documents à télécharger": "Downloadable documents",
    "Contact": "Contact",
    "Paiement": "Payment",
    "Porte-monnaie": "Wallet",
    "Attestations": "Certificates",
    "Messagerie": "Messages",
    ("%(num)d non lu",
     "%(num)d non lus"):
        ("%(num)d unread",
         "%(num)d unread"),
    "Familles": "Families",
    "Demandes de modification": "Change requests",
    "Pièces à valider": "Documents to approve",
    "Import CSV": "CSV import",
    "Inscriptions à valider": "Enrolments to approve",
    "Réservations à valider": "Bookings to approve",
    "Listes d'attente": "Waiting lists",
    "Appel": "Roll call",
    "Contrats de crèche": "Nursery contracts",
    "Facturation": "Billing",
    "Régies et tarifs": "Billing offices and rates",
    "Règlements": "Payments",
    "Demandes de contact": "Contact requests",
    "Mon profil": "My profile",
    # templates/booking_history.html
    "Historique de mes réservations": "History of my bookings",
    "Chaque changement de vos réservations, du plus récent au plus ancien : qui l'a fait, et quand.":
        "Every change to your bookings, newest first: who made it, and when.",
    "Filtrer": "Filter",
    "Afficher": "Show",
    "position %(n)s": "position %(n)s",
    "motif : %(reason)s": "reason: %(reason)s",
    "Aucun changement enregistré.": "No change recorded.",
    # templates/bookings.html
    "Historique des changements": "Change history",
    "Format AAAA-MM, par exemple 2026-03.": "Format YYYY-MM, for example 2026-03.",
    "État": "Status",
    "Tous les états": "All statuses",
    "Changer de mois": "Change month",
    ("%(num)d réservation en %(month)s",
     "%(num)d réservations en %(month)s"):
        ("%(num)d booking in %(month)s",
         "%(num)d bookings in %(month)s"),
    "Activité": "Activity",
    "Dernier changement": "Last change",
    "Aucune réservation pour ce mois avec ces critères.": "No booking this month matching these criteria.",
    "Réserver": "Book",
    # templates/calendar_feed.html
    "Votre lien de calendrier": "Your calendar link",
    "Copiez ce lien maintenant : il ne sera plus jamais affiché. Toute personne qui le connaît voit les "
    "réservations de votre enfant.":
        "Copy this link now: it will never be shown again. Anyone who knows it can see your child's "
        "bookings.",
    "Lien secret du calendrier de %(name)s": "Secret calendar link for %(name)s",
    "Lien secret du calendrier": "Secret calendar link",
    "S'abonner avec l'agenda de cet appareil": "Subscribe with this device's calendar",
    "Dans Google Agenda, Outlook ou l'agenda de votre téléphone, choisissez « Ajouter un calendrier à "
    "partir d'une URL » et collez ce lien. Seules les réservations acceptées y figurent.":
        "In Google Calendar, Outlook or your phone's calendar, choose “Add calendar from URL” and paste "
        "this link. Only accepted bookings appear in it.",
    "Retour au planning": "Back to the planning",
    # templates/consumptions.html
    "Ce qui est facturé ou le sera : présences, absences non excusées et annulations tardives.":
        "What is or will be invoiced: attendance, unexcused absences and late cancellations.",
    "Date": "Date",
    "Prix unitaire": "Unit price",
    "Quantité": "Quantity",
    "Montant": "Amount",
    "Total du mois": "Month total",
    "Aucune consommation ce mois-ci.": "No usage this month.",
    # templates/contact.html
    "Contacter une structure": "Contact a facility",
    "Structure": "Facility",
    "Choisissez une structure": "Choose a facility",
    "Votre nom": "Your name",
    "Votre adresse électronique": "Your email address",
    "Objet": "Subject",
    "Message": "Message",
    "Envoyer": "Send",
    "Aucune structure ne reçoit de messages pour le moment.": "No facility receives messages at the moment.",
    # templates/contact_staff.html
    "De %(name)s (%(email)s), le %(date)s": "From %(name)s (%(email)s), on %(date)s",
    "dossier de la famille": "family file",
    "Transmise par courriel à la structure.": "Forwarded by email to the facility.",
    "Non transmise par courriel : répondez à l'adresse ci-dessus.":
        "Not forwarded by email: reply to the address above.",
    "Aucune demande de contact.": "No contact request.",
    "Structures joignables par le formulaire de contact": "Facilities reachable through the contact form",
    "pas d'adresse : les demandes sont seulement listées ici": "no address: requests are only listed here",
    "Adresse qui reçoit les demandes (facultative)": "Address that receives the requests (optional)",
    "Rendre joignable": "Make reachable",
    # templates/dashboard.html
    "À suivre": "To follow up",
    ("%(num)d demande de modification en attente",
     "%(num)d demandes de modification en attente"):
        ("%(num)d change request pending",
         "%(num)d change requests pending"),
    "Aucune demande de modification en attente": "No pending change request",
    ("%(num)d document à fournir",
     "%(num)d documents à fournir"):
        ("%(num)d document to provide",
         "%(num)d documents to provide"),
    "Tous vos documents sont à jour": "All your documents are up to date",
    ("%(num)d facture à payer",
     "%(num)d factures à payer"):
        ("%(num)d invoice to pay",
         "%(num)d invoices to pay"),
    "Voir mon compte": "See my account",
    ("%(num)d message non lu",
     "%(num)d messages non lus"):
        ("%(num)d unread message",
         "%(num)d unread messages"),
    "Aucun message non lu": "No unread message",
    "Toutes les actualités": "All news",
    "Aucune actualité pour le moment.": "No news at the moment.",
    # templates/documents.html
    "Les pièces justificatives demandées pour votre dossier. Formats acceptés : PDF, JPEG ou PNG, 10 Mo "
    "au plus.":
        "The supporting documents requested for your file. Accepted formats: PDF, JPEG or PNG, 10 MB at "
        "most.",
    "État : %(status)s": "Status: %(status)s",
    "Envoyé le %(date)s :": "Sent on %(date)s:",
    "télécharger %(name)s": "download %(name)s",
    "Fichier pour « %(label)s »": "File for “%(label)s”",
    "Aucun document n'est demandé pour le moment.": "No document is requested at the moment.",
    # templates/email_confirm.html
    "Confirmation de l'adresse électronique": "Email address confirmation",
    "Confirmer votre nouvelle adresse électronique": "Confirm your new email address",
    "Confirmer cette adresse": "Confirm this address",
    # templates/family.html
    "Enregistré immédiatement": "Saved immediately",
    "Soumis à validation : une demande de modification sera envoyée à nos services":
        "Subject to approval: a change request will be sent to our staff",
    "Voir mes demandes de modification": "See my change requests",
    "Télécharger toutes mes données (RGPD)": "Download all my data (GDPR)",
    "Modifier mon dossier": "Edit my file",
    "Les téléphones, la profession, l'employeur, les consentements, le droit à l'image, les informations "
    "de santé et les personnes autorisées sont enregistrés immédiatement. Les autres informations (noms, "
    "adresse, adresse électronique, école, CAF, quotient, coordonnées bancaires) font l'objet d'une "
    "demande de modification, examinée par nos services.":
        "Phones, occupation, employer, consents, image rights, health information and authorised people "
        "are saved immediately. The other information (names, address, email address, school, CAF, "
        "quotient, bank details) goes through a change request, reviewed by our staff.",
    "Ajouter un enfant": "Add a child",
    "L'ajout d'un enfant est une demande de modification, examinée par nos services.":
        "Adding a child is a change request, reviewed by our staff.",
    "Demander l'ajout": "Request the addition",
    # templates/forgot_password.html
    "Mot de passe oublié": "Forgotten password",
    "Saisissez l'adresse électronique de votre compte : nous vous enverrons un lien pour choisir un "
    "nouveau mot de passe.":
        "Enter your account's email address: we will send you a link to choose a new password.",
    "Recevoir un lien": "Get a link",
    "Retour à la connexion": "Back to login",
    # templates/forms.html
    "Télécharger %(name)s (%(size)s Ko)": "Download %(name)s (%(size)s KB)",
    "Aucun document n'est publié pour le moment.": "No document is published at the moment.",
    # templates/invoices.html
    "Toutes": "All",
    "À payer": "To pay",
    "Payées": "Paid",
    "Payer les factures à payer": "Pay the unpaid invoices",
    "Vos factures, de la plus récente à la plus ancienne": "Your invoices, newest first",
    "N°": "No.",
    "Régie": "Billing office",
    "Période": "Period",
    "Émise le": "Issued on",
    "Échéance": "Due date",
    "Reste à payer": "Left to pay",
    "Actions": "Actions",
    "du %(start)s au %(end)s": "from %(start)s to %(end)s",
    "PDF": "PDF",
    "Payer": "Pay",
    "Aucune facture.": "No invoice.",
    # templates/invoices_detail.html
    "Facture %(number)s": "Invoice %(number)s",
    "Télécharger le PDF": "Download the PDF",
    # templates/invoices_part.html
    "À payer avant le": "To pay before",
    "Déjà réglé": "Already paid",
    "Avoirs": "Credit notes",
    "Détail de la facture": "Invoice details",
    "Unité": "Unit",
    "Avoir %(number)s du %(day)s : %(amount)s (%(reason)s)":
        "Credit note %(number)s of %(day)s: %(amount)s (%(reason)s)",
    # templates/login.html
    "Mot de passe oublié ?": "Forgotten your password?",
    # templates/logins.html
    "Historique de mes connexions": "History of my logins",
    "Les 50 dernières tentatives de connexion à votre compte, de la plus récente à la plus ancienne.":
        "The last 50 login attempts on your account, newest first.",
    "Appareil": "Device",
    "Réussie": "Succeeded",
    "Non (échec)": "No (failed)",
    "Aucune connexion enregistrée.": "No login recorded.",
    "Retour à mon profil": "Back to my profile",
    # templates/messages.html
    "Écrire un nouveau message": "Write a new message",
    # templates/messages_new.html
    "Nouveau message": "New message",
    "Aucune structure ne peut recevoir de message pour l'instant.":
        "No facility can receive messages for now.",
    "Retour à la messagerie": "Back to messages",
    # templates/messages_parts.html
    "Dossiers de la messagerie": "Message folders",
    "Famille": "Family",
    ("%(num)d message",
     "%(num)d messages"):
        ("%(num)d message",
         "%(num)d messages"),
    "dernier le %(date)s": "last on %(date)s",
    "Aucune conversation dans ce dossier.": "No conversation in this folder.",
    "Famille : %(name)s": "Family: %(name)s",
    "inconnue": "unknown",
    "Structure : %(name)s": "Facility: %(name)s",
    "Vous": "You",
    "nouveau": "new",
    "Votre réponse": "Your reply",
    "Répondre": "Reply",
    "Restaurer la conversation": "Restore the conversation",
    "Mettre à la corbeille": "Move to the bin",
    "Texte seul, 5 000 caractères au plus.": "Plain text only, 5,000 characters at most.",
    # templates/news_list.html
    "pour les familles de l'activité « %(name)s »": "for the families of the activity “%(name)s”",
    # templates/notification_settings.html
    "Langue des courriels": "Email language",
    "Les courriels du portail vous sont écrits en": "The portal's emails are written to you in",
    "Ce que vous acceptez de recevoir": "What you agree to receive",
    "J'accepte de recevoir des courriels": "I agree to receive emails",
    "J'accepte de recevoir des SMS": "I agree to receive text messages",
    "Je souhaite recevoir le compte rendu quotidien de mes réservations":
        "I would like to receive the daily summary of my bookings",
    "Adresses supplémentaires pour les factures": "Additional addresses for invoices",
    "Chaque nouvelle facture est aussi annoncée à ces adresses (3 au plus), même si vous refusez les "
    "autres courriels.":
        "Each new invoice is also announced to these addresses (3 at most), even if you decline the other "
        "emails.",
    "Adresse %(number)d": "Address %(number)d",
    # templates/payments_history.html
    "Payer en ligne": "Pay online",
    "Chèque": "Cheque",
    "Espèces": "Cash",
    "CESU": "CESU",
    "Prélèvement": "Direct debit",
    "Virement": "Bank transfer",
    "Carte bancaire": "Bank card",
    "Vos règlements, du plus récent au plus ancien": "Your payments, newest first",
    "Mode": "Method",
    "N° de pièce": "Reference no.",
    "Payeur": "Payer",
    "Banque": "Bank",
    "Affecté à": "Allocated to",
    "Porte-monnaie %(regie)s": "Wallet %(regie)s",
    "Facture %(number)s : %(amount)s": "Invoice %(number)s: %(amount)s",
    "Aucun règlement pour le moment.": "No payment yet.",
    # templates/payments_new.html
    "Paiement en ligne": "Online payment",
    "Choisir les factures à payer": "Choose the invoices to pay",
    "Factures à régler (une seule régie par paiement)": "Invoices to pay (one billing office per payment)",
    "Facture %(number)s — %(regie)s — reste %(due)s, échéance le %(date)s":
        "Invoice %(number)s — %(regie)s — %(due)s left, due on %(date)s",
    "Adresse électronique pour le reçu": "Email address for the receipt",
    "Voir le récapitulatif": "See the summary",
    "Ou payer tout le solde d'une régie": "Or pay the whole balance of a billing office",
    "%(regie)s : %(due)s à payer": "%(regie)s: %(due)s to pay",
    "Payer le solde": "Pay the balance",
    "Vous n'avez aucune facture à payer.": "You have no invoice to pay.",
    "Le paiement en ligne est possible à partir de %(min)s.": "Online payment is possible from %(min)s.",
    # templates/payments_return.html
    "Résultat du paiement": "Payment outcome",
    # templates/payments_summary.html
    "Récapitulatif du paiement": "Payment summary",
    "Factures payées": "Invoices paid",
    "Facture": "Invoice",
    "Total à payer : %(total)s": "Total to pay: %(total)s",
    "Reçu envoyé à : %(email)s": "Receipt sent to: %(email)s",
    "Payer par carte bancaire": "Pay by bank card",
    "Modifier mon choix": "Change my choice",
    # templates/planning.html
    "Activités et inscriptions": "Activities and enrolments",
    "Légende": "Key",
    "Calendrier (iCal)": "Calendar (iCal)",
    "Les places ont été vérifiées au moment de votre confirmation ; le planning ci-dessous est à jour.":
        "Places were checked when you confirmed; the planning below is up to date.",
    "Vos choix ne sont pas encore enregistrés : cliquez sur « Valider mes choix » pour voir le "
    "récapitulatif avant de confirmer.":
        "Your choices are not saved yet: click “Confirm my choices” to see the summary before confirming.",
    "Valider mes choix": "Confirm my choices",
    "Cochez les cases à réserver, décochez celles à annuler, puis validez : un récapitulatif vous sera "
    "présenté avant tout enregistrement.":
        "Tick the boxes to book, untick those to cancel, then confirm: a summary will be shown to you "
        "before anything is saved.",
    "Planning de %(month)s": "Planning for %(month)s",
    "Toute la journée": "All day",
    "Tout cocher": "Tick all",
    "Tout décocher": "Untick all",
    "Verrouillé": "Locked",
    "Aucun jour d'accueil ce mois-ci pour les activités auxquelles votre enfant est inscrit.":
        "No care day this month for the activities your child is enrolled in.",
    "Voir les activités et demander une inscription": "See the activities and request an enrolment",
    "Les montants sont indicatifs : ils suivent les tarifs en vigueur pour votre famille.":
        "Amounts are for guidance: they follow the rates currently applying to your family.",
    "Retrouvez les réservations acceptées de votre enfant dans l'agenda de votre téléphone ou de votre "
    "ordinateur grâce à un lien secret. Le lien n'est affiché qu'une seule fois ; toute personne qui le "
    "connaît voit ces réservations. Révoquez-le à tout moment.":
        "Find your child's accepted bookings in your phone's or computer's calendar through a secret "
        "link. The link is shown only once; anyone who knows it can see these bookings. Revoke it at any "
        "time.",
    "Créer un lien secret": "Create a secret link",
    "Révoquer tous les liens": "Revoke all links",
    # templates/planning_summary.html
    "Récapitulatif de vos changements": "Summary of your changes",
    "Planning de %(name)s, %(month)s.": "%(name)s's planning, %(month)s.",
    "Rien n'est encore enregistré. Vérifiez vos changements puis confirmez : les places seront vérifiées "
    "au moment de la confirmation.":
        "Nothing is saved yet. Check your changes then confirm: places will be checked at the time of "
        "confirmation.",
    ("%(num)d nouvelle réservation",
     "%(num)d nouvelles réservations"):
        ("%(num)d new booking",
         "%(num)d new bookings"),
    "Montant estimé des nouvelles réservations : %(amount)s":
        "Estimated amount of the new bookings: %(amount)s",
    ("%(num)d annulation",
     "%(num)d annulations"):
        ("%(num)d cancellation",
         "%(num)d cancellations"),
    "Aucun changement : vous n'avez rien coché ni décoché par rapport à votre planning actuel.":
        "No change: you have not ticked or unticked anything compared with your current planning.",
    "Confirmer": "Confirm",
    "Retour": "Back",
    "Abandonner": "Discard",
    "« Confirmer » enregistre ces changements.": "“Confirm” saves these changes.",
    "« Retour » revient au planning en gardant vos choix, pour les modifier.":
        "“Back” returns to the planning keeping your choices, so you can change them.",
    "« Abandonner » efface les choix que vous venez de faire : rien n'est modifié.":
        "“Discard” clears the choices you have just made: nothing is changed.",
    # templates/profile.html
    "Changer d'adresse électronique": "Change email address",
    "Saisissez la nouvelle adresse deux fois et votre mot de passe : un lien de confirmation sera envoyé "
    "à la nouvelle adresse.":
        "Enter the new address twice and your password: a confirmation link will be sent to the new "
        "address.",
    "Nouvelle adresse électronique": "New email address",
    "Nouvelle adresse électronique (confirmation)": "New email address (again)",
    "Changer d'adresse": "Change address",
    # templates/requests.html
    "Vos demandes de modification du dossier, de la plus récente à la plus ancienne.":
        "Your requests to change your file, newest first.",
    "Demandée le": "Requested on",
    "Modifications": "Changes",
    "le %(date)s": "on %(date)s",
    "Vous n'avez fait aucune demande de modification.": "You have not made any change request.",
    "Retour à ma famille": "Back to my family",
    # templates/reset_password.html
    "Choisir un nouveau mot de passe": "Choose a new password",
    "Demander un nouveau lien": "Ask for a new link",
    # templates/sandbox_bank.html
    "Banque de test": "Test bank",
    "Banque de test (sandbox)": "Test bank (sandbox)",
    "Cette page imite une banque pour les essais : aucune carte n'est débitée.":
        "This page mimics a bank for testing: no card is charged.",
    "Paiement de %(amount)s à %(regie)s.": "Payment of %(amount)s to %(regie)s.",
    "Carte refusée": "Card declined",
    "Annuler": "Cancel",
    "Fermer sans jamais revenir": "Close without ever coming back",
    "Ce paiement est déjà traité.": "This payment has already been processed.",
    "Voir le résultat": "See the outcome",
    # templates/sandbox_bank_gone.html
    "Vous avez quitté la banque sans payer ni revenir sur le portail. Sans nouvelle de la banque, le "
    "paiement sera abandonné au bout de quelques minutes.":
        "You left the bank without paying or coming back to the portal. Without news from the bank, the "
        "payment will be abandoned after a few minutes.",
    # templates/staff/_reservations.html
    "Choisir une activité": "Choose an activity",
    "Laissez vide ce qui ne s'applique pas. Si plusieurs règles sont remplies, la plus tôt l'emporte ; "
    "passé ce délai, le jour est verrouillé pour les familles (pas pour la structure).":
        "Leave empty what does not apply. If several rules apply, the earliest wins; after that deadline, "
        "the day is locked for families (not for the facility).",
    "Nombre de jours avant le jour réservé": "Number of days before the booked day",
    "Par exemple 2 jours avant, à 10:00.": "For example 2 days before, at 10:00.",
    "À l'heure (jours avant)": "At (days before)",
    "Compter seulement les jours ouvrés (sans samedi ni dimanche)":
        "Count working days only (no Saturday or Sunday)",
    "Ne pas compter les jours fériés": "Do not count bank holidays",
    "Ou au plus tard ce jour de la semaine précédente": "Or at the latest on this day of the previous week",
    "— pas de règle de ce type —": "— no rule of this type —",
    "Par exemple vendredi à 12:00 : avant le vendredi midi pour toute la semaine suivante.":
        "For example Friday at 12:00: before Friday noon for the whole following week.",
    "À l'heure (semaine précédente)": "At (previous week)",
    "Jours de vacances scolaires : nombre de jours avant le début des vacances":
        "School holiday days: number of days before the holidays start",
    "Par exemple 15 : plus de changement pour les vacances dans les 15 jours qui les précèdent.":
        "For example 15: no more changes for the holidays in the 15 days before them.",
    "Choisir une structure": "Choose a facility",
    "Nom de l'activité": "Activity name",
    "Par exemple « ALSH 3-6 ans » ou « Restauration scolaire ».":
        "For example “Leisure centre 3-6 years” or “School catering”.",
    "Mode de réservation": "Booking mode",
    "Âge minimum (en mois, inclus)": "Minimum age (in months, included)",
    "Vide : pas de minimum. 3 ans = 36 mois.": "Empty: no minimum. 3 years = 36 months.",
    "Âge maximum (en mois, exclu)": "Maximum age (in months, excluded)",
    "Vide : pas de maximum. Pour « 3-6 ans » : 36 et 72.": "Empty: no maximum. For “3-6 years”: 36 and 72.",
    "Les demandes d'inscription des familles sont validées par la structure":
        "Families' enrolment requests are approved by the facility",
    "Bloquer les réservations des familles qui ont des impayés":
        "Block bookings of families with unpaid invoices",
    "Pièces exigées pour s'inscrire (validées et en cours de validité)":
        "Documents required to enrol (approved and still valid)",
    "Unités de la journée": "Units of the day",
    "Le code s'écrit en minuscules sans espace (matin, midi, apres_midi) ; il ne peut plus changer "
    "ensuite. Les unités d'un même groupe de places partagent leurs places (vide : un groupe par unité). "
    "Laissez vides les lignes inutiles.":
        "The code is written in lower case without spaces (matin, midi, apres_midi); it cannot change "
        "afterwards. Units of the same group of places share their places (empty: one group per unit). "
        "Leave unneeded rows empty.",
    "Unités": "Units",
    "Code": "Code",
    "Libellé": "Label",
    "Groupe de places": "Group of places",
    "Début": "Start",
    "Fin": "End",
    "Unité %(n)s, code": "Unit %(n)s, code",
    "Unité %(n)s, libellé": "Unit %(n)s, label",
    "Unité %(n)s, groupe de places": "Unit %(n)s, group of places",
    "Unité %(n)s, heure de début": "Unit %(n)s, start time",
    "Unité %(n)s, heure de fin": "Unit %(n)s, end time",
    "Combinaisons d'unités permises pour un enfant et un jour":
        "Combinations of units allowed for a child on one day",
    "Une combinaison par ligne, codes séparés par des virgules (par exemple « matin, midi »). Vide : "
    "toutes les combinaisons sont permises. Les sorties n'en font pas partie.":
        "One combination per line, codes separated by commas (for example “matin, midi”). Empty: all "
        "combinations are allowed. Outings are not part of them.",
    "Activité archivée : retirée de l'offre des familles (son historique reste)":
        "Archived activity: removed from what families are offered (its history remains)",
    "Délai pour réserver (délai de prévenance)": "Deadline to book (notice period)",
    "Délai pour annuler": "Deadline to cancel",
    "Enregistrer la configuration": "Save the configuration",
    # templates/staff/activities.html
    "Structures et activités": "Facilities and activities",
    "réservation automatique": "automatic booking",
    "réservation validée par la structure": "booking approved by the facility",
    "archivée": "archived",
    "inscription validée par la structure": "enrolment approved by the facility",
    "Unités : %(units)s": "Units: %(units)s",
    "Aucune activité pour l'instant.": "No activity for now.",
    "Créer une activité dans « %(name)s »": "Create an activity in “%(name)s”",
    "Vous ne gérez encore aucune structure.": "You do not manage any facility yet.",
    "Créer une structure": "Create a facility",
    "Nom de la structure": "Facility name",
    "Par exemple « Centre de loisirs Jean Moulin ».": "For example “Jean Moulin leisure centre”.",
    "Type de structure": "Facility type",
    "Choisir un type": "Choose a type",
    "Créer la structure": "Create the facility",
    # templates/staff/activity.html
    "Retour aux activités": "Back to the activities",
    "Sections de la page": "Page sections",
    "Configuration": "Configuration",
    "Ouvrir une période": "Open a period",
    "Jours et places": "Days and places",
    "Fermetures": "Closures",
    "Fenêtres de réservation": "Booking windows",
    "Sorties": "Outings",
    "Ouvrir une période d'après le calendrier scolaire": "Open a period from the school calendar",
    "Les jours fériés ne sont pas ouverts : ils apparaissent comme fermés. Rouvrir une période déjà "
    "ouverte met à jour ses places.":
        "Bank holidays are not opened: they appear as closed. Reopening a period already open updates its "
        "places.",
    "Du": "From",
    "Au (inclus)": "To (included)",
    "Jours à ouvrir": "Days to open",
    "Jours choisis (seulement pour « jours de la semaine choisis »)":
        "Chosen days (only for “chosen weekdays”)",
    "Places par jour": "Places per day",
    "Places par jour (tous les groupes)": "Places per day (all groups)",
    "Ou un nombre par groupe ci-dessous ; un groupe laissé vide prend ce nombre.":
        "Or a number per group below; a group left empty takes this number.",
    "Places du groupe « %(pool)s »": "Places of the group “%(pool)s”",
    "Ouvrir la période": "Open the period",
    "Au": "To",
    "Places du %(from)s au %(to)s": "Places from %(from)s to %(to)s",
    "Places": "Places",
    "Acceptées": "Accepted",
    "À valider": "To approve",
    "Fermeture": "Closure",
    "Suivi": "Follow-up",
    "Rouvrir": "Reopen",
    "le %(day)s": "on %(day)s",
    "du %(day)s": "for %(day)s",
    "Aucun jour ouvert ni fermé sur cette période.": "No day open or closed in this period.",
    "Changer les places d'un jour": "Change the places of a day",
    "Ouvre le jour s'il ne l'était pas ; augmenter les places sert la liste d'attente dans l'ordre.":
        "Opens the day if it was not open; increasing the places serves the waiting list in order.",
    "Enregistrer les places": "Save the places",
    "Fermer des jours": "Close days",
    "Les réservations de ces jours sont annulées et les familles prévenues. Pour rouvrir un jour, "
    "utilisez le bouton « Rouvrir » du tableau des places.":
        "Bookings on these days are cancelled and families are notified. To reopen a day, use the "
        "“Reopen” button of the places table.",
    "Fermé du": "Closed from",
    "au (inclus, facultatif pour un seul jour)": "to (included, optional for a single day)",
    "Motif, montré aux familles": "Reason, shown to families",
    "Par exemple « Pont de l'Ascension » ou « Journée pédagogique ».":
        "For example “Ascension bridge day” or “Staff training day”.",
    "Fermer ces jours": "Close these days",
    "Les jours d'une période ne se réservent qu'entre l'ouverture et la clôture (heure de Paris), par "
    "exemple l'été à partir du 2 mai. Sans fenêtre, l'activité se réserve à tout moment, dans ses délais. "
    "Videz une ligne pour retirer sa fenêtre.":
        "Days of a period can only be booked between the opening and the closing (Paris time), for "
        "example the summer from 2 May. Without a window, the activity can be booked at any time, within "
        "its deadlines. Empty a row to remove its window.",
    "Fenêtre %(n)s": "Window %(n)s",
    "Par exemple « Vacances d'été ».": "For example “Summer holidays”.",
    "Jours concernés : du": "Days concerned: from",
    "au": "to",
    "Ouverture des réservations": "Bookings open",
    "Clôture des réservations": "Bookings close",
    "Enregistrer les fenêtres": "Save the windows",
    "Sorties de l'activité": "Outings of the activity",
    "Sortie": "Outing",
    "Horaires": "Times",
    "Prix": "Price",
    "Aucune sortie.": "No outing.",
    "Ajouter une sortie": "Add an outing",
    "Par exemple « Sortie au zoo ».": "For example “Trip to the zoo”.",
    "En minuscules sans espace, par exemple sortie_zoo.":
        "In lower case without spaces, for example sortie_zoo.",
    "Supplément (en euros)": "Extra charge (in euros)",
    "Par exemple 8,50.": "For example 8.50.",
    "Heure de départ (facultatif)": "Departure time (optional)",
    "Heure de retour (facultatif)": "Return time (optional)",
    "Ajouter la sortie": "Add the outing",
    # templates/staff/activity_new.html
    "Nouvelle activité": "New activity",
    "Créer l'activité": "Create the activity",
    "Aucune structure : créez d'abord une structure.": "No facility: create a facility first.",
    # templates/staff/change_requests.html
    "Demandes de modification en attente": "Pending change requests",
    "demandée le %(date)s": "requested on %(date)s",
    "Voir le dossier de la famille": "See the family's file",
    "Accepter": "Accept",
    "Motif du refus": "Reason for refusal",
    "Refuser": "Refuse",
    "Aucune demande en attente.": "No pending request.",
    # templates/staff/contracts.html
    "Rechercher une famille (numéro, nom, prénom, adresse électronique)":
        "Search for a family (number, surname, first name, email address)",
    "Rechercher": "Search",
    "Résultats": "Results",
    "Enfants : %(names)s": "Children: %(names)s",
    "Aucune famille ne correspond à cette recherche.": "No family matches this search.",
    "Famille %(number)s — %(name)s": "Family %(number)s — %(name)s",
    "activité": "activity",
    "du %(from)s au %(to)s": "from %(from)s to %(to)s",
    "Heures prévues": "Planned hours",
    "soit %(d)s par semaine": "i.e. %(d)s per week",
    "Heures supplémentaires": "Extra hours",
    "aucune": "none",
    "Absences déclarées": "Reported absences",
    "Ajouter des heures supplémentaires": "Add extra hours",
    "Heures": "Hours",
    "Minutes": "Minutes",
    "Enregistrer les heures": "Save the hours",
    "Déclarer une absence": "Report an absence",
    "Absent du": "Absent from",
    "Motif": "Reason",
    "Par exemple « Maladie (certificat médical) » ou « Congés de la famille ».":
        "For example “Illness (medical certificate)” or “Family holiday”.",
    "Déclarer l'absence": "Report the absence",
    "Aucun contrat pour cette famille.": "No contract for this family.",
    "Nouveau contrat": "New contract",
    "Choisir l'activité": "Choose the activity",
    "Début du contrat": "Contract start",
    "Fin du contrat": "Contract end",
    "Heures d'accueil par jour (laissez vides les jours sans accueil)":
        "Care hours per day (leave empty the days without care)",
    "Arrivée %(n)s": "Arrival %(n)s",
    "Départ %(n)s": "Departure %(n)s",
    "arrivée": "arrival",
    "départ": "departure",
    "Créer le contrat": "Create the contract",
    "Il faut un enfant dans le dossier et une activité que vous gérez pour créer un contrat.":
        "A child in the file and an activity you manage are needed to create a contract.",
    # templates/staff/documents.html
    "Pièces justificatives à valider": "Supporting documents to approve",
    "Envoyé le %(date)s": "Sent on %(date)s",
    "voir le fichier %(name)s": "see the file %(name)s",
    "Valable jusqu'au (facultatif)": "Valid until (optional)",
    "Valider": "Approve",
    "Aucune pièce en attente de validation.": "No document awaiting approval.",
    # templates/staff/enrolments.html
    "Demandes d'inscription à valider": "Enrolment requests to approve",
    "Toutes mes structures": "All my facilities",
    "l'inscription de %(name)s": "%(name)s's enrolment",
    "Aucune demande d'inscription en attente.": "No pending enrolment request.",
    # templates/staff/family.html
    "Dossier %(number)s — %(name)s": "File %(number)s — %(name)s",
    "Retour à la recherche": "Back to the search",
    "Exporter le dossier (RGPD)": "Export the file (GDPR)",
    "Pièces justificatives": "Supporting documents",
    "voir %(name)s": "see %(name)s",
    "Aucune pièce demandée.": "No document requested.",
    "Aucune demande.": "No request.",
    "Anonymiser la famille": "Anonymise the family",
    "Les noms, coordonnées, données de santé, IBAN et pièces sont effacés ; le numéro de dossier est "
    "conservé pour la comptabilité. Cette action est définitive.":
        "Names, contact details, health data, IBAN and documents are erased; the file number is kept for "
        "the accounts. This action is permanent.",
    "Anonymiser définitivement": "Anonymise permanently",
    # templates/staff/forms.html
    "Publier un document à télécharger": "Publish a downloadable document",
    "Formats acceptés : PDF, JPEG, PNG, ODT, ODS, DOCX ou XLSX, 10 Mo au plus.":
        "Accepted formats: PDF, JPEG, PNG, ODT, ODS, DOCX or XLSX, 10 MB at most.",
    "Titre": "Title",
    "Description (facultative)": "Description (optional)",
    "Publié par": "Published by",
    "La commune": "The town council",
    "Fichier": "File",
    "Publier tout de suite": "Publish right away",
    "Documents enregistrés": "Saved documents",
    "Publié": "Published",
    "Non publié": "Not published",
    "Retirer": "Withdraw",
    "Publier": "Publish",
    "Remplacer le fichier": "Replace the file",
    "Remplacer": "Replace",
    "Supprimer": "Delete",
    "Aucun document.": "No document.",
    # templates/staff/import.html
    "Importer des familles (CSV)": "Import families (CSV)",
    "Le fichier est importé en entier ou pas du tout : s'il contient une erreur, rien n'est importé et "
    "les erreurs sont listées par ligne.":
        "The file is imported entirely or not at all: if it contains an error, nothing is imported and "
        "the errors are listed by line.",
    "Erreurs du fichier": "Errors in the file",
    "Ligne": "Line",
    "Colonne": "Column",
    "Fichier CSV (UTF-8)": "CSV file (UTF-8)",
    "Importer": "Import",
    # templates/staff/invoicing.html
    "Factures d'une famille, avoirs": "A family's invoices, credit notes",
    "Lancer une facturation": "Start an invoicing run",
    "Début de la période": "Start of the period",
    "Fin de la période": "End of the period",
    "Date d'émission": "Issue date",
    "Aujourd'hui si vide.": "Today if empty.",
    "Selon le délai de paiement de la régie si vide.":
        "According to the billing office's payment period if empty.",
    "Lancer la facturation": "Start the invoicing",
    "Facturations": "Invoicing runs",
    "Factures": "Invoices",
    "Aucune facturation pour le moment.": "No invoicing run yet.",
    # templates/staff/invoicing_invoice.html
    "Factures de la famille": "The family's invoices",
    "Émettre un avoir": "Issue a credit note",
    "Une facture émise n'est jamais modifiée : un avoir la corrige. Ce qui a déjà été payé au-delà "
    "devient un crédit de la famille.":
        "An issued invoice is never changed: a credit note corrects it. Anything already paid beyond that "
        "becomes a credit for the family.",
    "Montant (en euros)": "Amount (in euros)",
    "Par exemple 12,50.": "For example 12.50.",
    "Émettre l'avoir": "Issue the credit note",
    # templates/staff/invoicing_invoices.html
    "Factures d'une famille": "A family's invoices",
    "Identifiant de la famille": "Family ID",
    "Aucune facture pour cette famille.": "No invoice for this family.",
    # templates/staff/invoicing_run.html
    "Facturation %(regie)s": "Invoicing %(regie)s",
    "Toutes les facturations": "All invoicing runs",
    "Émission": "Issue date",
    "Familles traitées": "Families processed",
    "Factures émises": "Invoices issued",
    "Montant facturé": "Amount invoiced",
    "Avancement": "Progress",
    "Reprendre la facturation": "Resume the invoicing",
    "Les familles déjà facturées ne le sont pas une deuxième fois.":
        "Families already invoiced are not invoiced a second time.",
    # templates/staff/invoicing_status.html
    "En cours": "In progress",
    "Terminée": "Finished",
    "Échouée": "Failed",
    # templates/staff/messages.html
    "Messagerie des structures": "Facilities' messages",
    "Écrire à une famille": "Write to a family",
    # templates/staff/messages_new.html
    "changer": "change",
    "Rechercher une famille (nom, numéro)": "Search for a family (name, number)",
    "Aucune famille trouvée.": "No family found.",
    # templates/staff/messages_thread.html
    "Dossier de la famille": "Family's file",
    # templates/staff/news.html
    "Publier une actualité": "Publish a news item",
    "Texte": "Text",
    "Pour qui ?": "For whom?",
    "Tout le monde (visible avant connexion)": "Everyone (visible before logging in)",
    "Les familles de « %(name)s »": "The families of “%(name)s”",
    "Publiée par": "Published by",
    "Actualités enregistrées": "Saved news",
    "Publiée le %(date)s": "Published on %(date)s",
    "Non publiée": "Not published",
    "familles de « %(name)s »": "families of “%(name)s”",
    "tout le monde": "everyone",
    "Aucune actualité.": "No news.",
    # templates/staff/payments.html
    "Paiements en ligne à vérifier": "Online payments to check",
    "Enregistrer un règlement": "Record a payment",
    "reste dû %(due)s": "%(due)s still due",
    "Mode de règlement": "Payment method",
    "Par exemple 45,50.": "For example 45.50.",
    "Reçu le": "Received on",
    "N° de pièce (chèque, CESU)": "Reference no. (cheque, CESU)",
    "Factures à payer": "Invoices to pay",
    "Facture %(number)s — %(regie)s — reste %(due)s": "Invoice %(number)s — %(regie)s — %(due)s left",
    "Règlements de la famille": "The family's payments",
    "avoir %(amount)s": "credit %(amount)s",
    "Aucun règlement.": "No payment.",
    # templates/staff/payments_mismatched.html
    "Le résultat donné par la banque ne correspond pas au paiement demandé : ces paiements n'ont pas été "
    "appliqués.":
        "The result given by the bank does not match the requested payment: these payments have not been "
        "applied.",
    "Montant demandé": "Amount requested",
    "Montant annoncé par la banque": "Amount reported by the bank",
    "Prestataire": "Provider",
    "Aucun paiement à vérifier.": "No payment to check.",
    # templates/staff/pending_bookings.html
    "Demandes de réservation à valider": "Booking requests to approve",
    "Jour (facultatif)": "Day (optional)",
    "%(n)s demande(s), de la plus ancienne à la plus récente.": "%(n)s request(s), oldest first.",
    "Demandes en attente": "Pending requests",
    "Jour et unité": "Day and unit",
    "Places restantes": "Places left",
    "Décision": "Decision",
    "dossier": "file",
    "de la famille de %(name)s": "of %(name)s's family",
    "Aucune demande de réservation en attente.": "No pending booking request.",
    # templates/staff/regies.html
    "Régies": "Billing offices",
    "Tarifs": "Rates",
    "Délai de paiement": "Payment period",
    "Paiement en ligne minimum": "Minimum online payment",
    "N° client PayFiP": "PayFiP customer no.",
    ("%(num)d jour",
     "%(num)d jours"):
        ("%(num)d day",
         "%(num)d days"),
    "Modifier": "Edit",
    "Aucune régie.": "No billing office.",
    "Créer une régie": "Create a billing office",
    "Créer la régie": "Create the billing office",
    # templates/staff/regies_edit.html
    "Régie %(name)s": "Billing office %(name)s",
    "Toutes les régies": "All billing offices",
    # templates/staff/regies_form.html
    "Majuscules et chiffres, par exemple PERI : il préfixe les numéros de facture.":
        "Capital letters and digits, for example PERI: it prefixes the invoice numbers.",
    "Délai de paiement (en jours)": "Payment period (in days)",
    "Paiement en ligne minimum (en euros)": "Minimum online payment (in euros)",
    "Par exemple 30,00.": "For example 30.00.",
    "Régie à porte-monnaie (prépayée)": "Wallet billing office (prepaid)",
    "6 chiffres, donnés par la DGFiP.": "6 digits, given by the DGFiP.",
    "Comment payer (imprimé sur les factures)": "How to pay (printed on the invoices)",
    # templates/staff/roll_call.html
    "Appel (pointage)": "Roll call (attendance)",
    "Ce jour n'est pas encore passé : l'appel ne pourra être enregistré que le jour même ou après.":
        "This day has not come yet: the roll call can only be saved on the day itself or after.",
    "Absent excusé : sur justificatif (certificat médical), non facturé. Absent non excusé : facturé.":
        "Absent (excused): with a supporting document (medical certificate), not billed. Absent (not "
        "excused): billed.",
    "pointé : %(status)s": "marked: %(status)s",
    "Marquer présents les enfants non pointés": "Mark the unmarked children present",
    "Enregistrer l'appel": "Save the roll call",
    "Aucune réservation acceptée ce jour-là.": "No accepted booking that day.",
    # templates/staff/tariffs.html
    "À partir du": "From",
    "Règle": "Rule",
    "Catégorie": "Category",
    "Fratrie": "Siblings",
    "au-delà : %(amount)s": "above: %(amount)s",
    "jusqu'à %(limit)d : %(amount)s": "up to %(limit)d: %(amount)s",
    "sans quotient : %(amount)s": "without quotient: %(amount)s",
    "Aucun tarif.": "No rate.",
    "Ajouter un tarif": "Add a rate",
    "Enregistrer le tarif": "Save the rate",
    "Créez d'abord une régie.": "Create a billing office first.",
    # templates/staff/tariffs_edit.html
    "Modifier un tarif": "Edit a rate",
    "Tous les tarifs": "All rates",
    "Les consommations pas encore facturées seront facturées avec le tarif modifié.":
        "Usage not yet invoiced will be invoiced with the changed rate.",
    # templates/staff/tariffs_form.html
    "Identifiant de l'activité": "Activity ID",
    "Le code de l'unité de l'activité, par exemple matin, midi, soir.":
        "The code of the activity's unit, for example matin, midi, soir.",
    "Règle de prix": "Price rule",
    "Prix fixe : le prix d'une unité. Quotient : le prix des familles sans quotient valide (vide : la "
    "tranche la plus haute). Sortie : le prix si la sortie n'en a pas. Forfait : le prix par enfant et "
    "par période.":
        "Fixed price: the price of one unit. Quotient: the price for families without a valid quotient "
        "(empty: the highest band). Outing: the price if the outing has none. Flat rate: the price per "
        "child and per period.",
    "Valable à partir du": "Valid from",
    "Vide : le premier jour du mois en cours.": "Empty: the first day of the current month.",
    "Tranches de quotient familial (règle « Selon le quotient familial »)":
        "Family quotient bands (rule “According to the family quotient”)",
    "Une tranche par ligne, plafonds croissants ; la dernière tranche n'a pas de plafond.":
        "One band per line, increasing ceilings; the last band has no ceiling.",
    "Tranche": "Band",
    "Quotient jusqu'à (inclus)": "Quotient up to (included)",
    "Tranche %(n)d, plafond": "Band %(n)d, ceiling",
    "Tranche %(n)d, montant": "Band %(n)d, amount",
    "Période du forfait (règle « Forfait »)": "Flat-rate period (rule “Flat rate”)",
    "Réductions fratrie (en %%, par rang d'âge)": "Sibling discounts (in %%, by age rank)",
    "Par exemple « 0, 10, 20 » : rien pour l'aîné, 10 %% pour le 2e enfant présent le même jour, 20 %% à "
    "partir du 3e.":
        "For example “0, 10, 20”: nothing for the eldest, 10 %% for the 2nd child present on the same "
        "day, 20 %% from the 3rd.",
    # templates/staff/waiting_lists.html
    "Une liste d'attente est servie dans l'ordre d'arrivée : seule la première demande peut être "
    "acceptée, quand une place est libre. En réservation automatique, une place libérée ou ajoutée va "
    "d'elle-même au premier de la liste.":
        "A waiting list is served in order of arrival: only the first request can be accepted, when a "
        "place is free. With automatic booking, a place freed or added goes by itself to the first on the "
        "list.",
    "Groupe « %(pool)s » : %(accepted)s place(s) prise(s) sur %(capacity)s":
        "Group “%(pool)s”: %(accepted)s place(s) taken out of %(capacity)s",
    "Liste d'attente du groupe « %(pool)s »": "Waiting list of the group “%(pool)s”",
    "Rang": "Rank",
    "En attente depuis": "Waiting since",
    "rang %(n)s, %(name)s": "rank %(n)s, %(name)s",
    "Pas de place libre": "No free place",
    "Personne en liste d'attente.": "Nobody on the waiting list.",
    "Aucun groupe de places ouvert ce jour-là.": "No group of places open that day.",
    # templates/statement.html
    "Relevé de compte %(year)s": "Account statement %(year)s",
    "L'année scolaire va du 1er septembre au 31 août : les factures au débit, les règlements et les "
    "avoirs au crédit.":
        "The school year runs from 1 September to 31 August: invoices as debits, payments and credit "
        "notes as credits.",
    "Année scolaire": "School year",
    "Opérations de l'année scolaire %(year)s": "Transactions of the school year %(year)s",
    "Opération": "Transaction",
    "Débit": "Debit",
    "Crédit": "Credit",
    "Solde au début de l'année": "Balance at the start of the year",
    "Aucune opération cette année.": "No transaction this year.",
    "Solde à la fin de l'année": "Balance at the end of the year",
    "Un solde négatif est une somme due ; un solde positif est un avoir en votre faveur.":
        "A negative balance is an amount due; a positive balance is a credit in your favour.",
    # templates/wallets.html
    "Les réservations des régies prépayées sont débitées de leur porte-monnaie à la date du jour réservé.":
        "Bookings of prepaid billing offices are debited from their wallet on the date of the booked day.",
    "Estimer jusqu'au": "Estimate until",
    "Estimer": "Estimate",
    "Solde aujourd'hui": "Balance today",
    "Coût estimé des jours réservés jusqu'au %(date)s": "Estimated cost of the days booked until %(date)s",
    "Solde estimé au %(date)s": "Estimated balance on %(date)s",
    "Montant à recharger (en euros)": "Amount to top up (in euros)",
    "Par exemple 50 ou 45,50.": "For example 50 or 45.50.",
    "Recharger": "Top up",
    "Aucune régie ne fonctionne en prépaiement.": "No billing office works with prepayment.",
    # uploads.py
    "Envoyez le fichier dans un formulaire multipart/form-data.":
        "Send the file in a multipart/form-data form.",
    "Choisissez un fichier à envoyer.": "Choose a file to send.",
    "Fichier manquant.": "Missing file.",
    "Le fichier envoyé est vide.": "The file sent is empty.",
    "Fichier vide.": "Empty file.",
    "Le fichier CSV doit être encodé en UTF-8.": "The CSV file must be encoded in UTF-8.",
    "Encodage non UTF-8.": "Encoding is not UTF-8.",
    # web/account.py
    "Remplissez les deux champs.": "Fill in both fields.",
    "Votre compte est activé : connectez-vous avec l'identifiant %(login)s.":
        "Your account is activated: log in with the login %(login)s.",
    "Votre mot de passe est changé : connectez-vous avec le nouveau.":
        "Your password has been changed: log in with the new one.",
    "Saisissez votre adresse électronique.": "Enter your email address.",
    "Si cette adresse correspond à un compte, un lien pour choisir un nouveau mot de passe vient d'y être "
    "envoyé. Il est valable une heure.":
        "If this address matches an account, a link to choose a new password has just been sent to it. It "
        "is valid for one hour.",
    "Votre nouvelle adresse électronique est confirmée.": "Your new email address is confirmed.",
    "Un lien de confirmation a été envoyé à la nouvelle adresse : votre adresse changera quand vous "
    "l'aurez suivi.":
        "A confirmation link has been sent to the new address: your address will change once you have "
        "followed it.",
    # web/billing_pages.py
    "Règlement": "Payment",
    "Avoir": "Credit note",
    "chèque": "cheque",
    "espèces": "cash",
    "prélèvement": "direct debit",
    "carte bancaire": "bank card",
    "virement": "bank transfer",
    # web/bookings.py
    "Non inscrit": "Not enrolled",
    "Demande d'inscription en attente de validation": "Enrolment request awaiting approval",
    "Inscrit": "Enrolled",
    "Inscription refusée": "Enrolment refused",
    "Réservation acceptée tout de suite dans la limite des places, sinon liste d'attente.":
        "Booking accepted at once within the places available, otherwise waiting list.",
    "Chaque réservation est soumise à la validation de la structure.":
        "Each booking is subject to the facility's approval.",
    "Acceptée": "Accepted",
    "En attente de validation": "Awaiting approval",
    "Refusée": "Refused",
    "Annulée": "Cancelled",
    "Réservation acceptée": "Booking accepted",
    "Demande de réservation envoyée": "Booking request sent",
    "Mise en liste d'attente": "Put on the waiting list",
    "Réservation refusée": "Booking refused",
    "Réservation annulée": "Booking cancelled",
    "Aucun enfant n'est enregistré dans votre dossier.": "No child is registered in your file.",
    "le %(date)s à %(time)s": "on %(date)s at %(time)s",
    "par vous sur le web %(when)s": "by you on the web %(when)s",
    "par la mairie %(when)s": "by the town hall %(when)s",
    "automatiquement %(when)s": "automatically %(when)s",
    "tous âges": "all ages",
    "à partir de %(age)s": "from %(age)s",
    "moins de %(age)s": "under %(age)s",
    "de %(low)d à %(high)d ans": "%(low)d to %(high)d years",
    "de %(low)s à %(high)s": "%(low)s to %(high)s",
    ("%(num)d mois",
     "%(num)d mois"):
        ("%(num)d month",
         "%(num)d months"),
    ("%(num)d an",
     "%(num)d ans"):
        ("%(num)d year",
         "%(num)d years"),
    "%(years)s et %(months)s mois": "%(years)s and %(months)s months",
    "Documents à fournir (rubrique « Mes documents ») : %(list)s.":
        "Documents to provide (“My documents” section): %(list)s.",
    "Inscription à « %(name)s » acceptée : vous pouvez réserver dans le planning.":
        "Enrolment in “%(name)s” accepted: you can book in the planning.",
    "Demande d'inscription à « %(name)s » envoyée : elle sera examinée par la structure.":
        "Enrolment request for “%(name)s” sent: it will be reviewed by the facility.",
    "L'inscription est annulée.": "The enrolment is cancelled.",
    "Le formulaire a expiré : recommencez depuis le planning.":
        "The form has expired: start again from the planning.",
    "Vos changements sont abandonnés : rien n'a été modifié.":
        "Your changes are discarded: nothing has been changed.",
    ("%(num)d lien de calendrier révoqué : il ne fonctionne plus.",
     "%(num)d liens de calendrier révoqués : ils ne fonctionnent plus."):
        ("%(num)d calendar link revoked: it no longer works.",
         "%(num)d calendar links revoked: they no longer work."),
    "Aucun lien de calendrier à révoquer.": "No calendar link to revoke.",
    # web/family.py
    "Manquant": "Missing",
    "Envoyé, en attente de validation": "Sent, awaiting approval",
    "Validé": "Approved",
    "Expiré": "Expired",
    "Responsable": "Guardian",
    "Ajout d'un enfant": "Adding a child",
    "Aucune modification à enregistrer.": "No change to save.",
    "Vos modifications immédiates sont enregistrées.": "Your immediate changes are saved.",
    "Votre demande de modification est envoyée : elle sera examinée par nos services.":
        "Your change request is sent: it will be reviewed by our staff.",
    "Votre demande d'ajout d'un enfant est envoyée : elle sera examinée par nos services.":
        "Your request to add a child is sent: it will be reviewed by our staff.",
    "Choisissez le type de document et le fichier.": "Choose the document type and the file.",
    "Votre document est envoyé : il sera vérifié par nos services.":
        "Your document is sent: it will be checked by our staff.",
    # web/family_form.py
    "CAF": "CAF",
    "MSA": "MSA",
    "Autre régime": "Other scheme",
    "Père": "Father",
    "Mère": "Mother",
    "Tuteur ou tutrice": "Legal guardian",
    "Autre": "Other",
    "Madame": "Mrs",
    "Monsieur": "Mr",
    "Fille": "Girl",
    "Garçon": "Boy",
    "Quotient familial (euros)": "Family quotient (euros)",
    "IBAN (prélèvement)": "IBAN (direct debit)",
    "Civilité": "Title",
    "Prénom": "First name",
    "Qualité": "Relationship",
    "Complément d'adresse": "Address line 2",
    "Code postal": "Postcode",
    "Commune": "Town",
    "Adresse électronique de contact": "Contact email address",
    "J'autorise les photos de mon enfant (droit à l'image)": "I allow photos of my child (image rights)",
    "Projet d'accueil individualisé (PAI)": "Individual care plan (PAI)",
    "Précisions sur le PAI": "Details of the PAI",
    "Téléphone du médecin": "Doctor's phone",
    "Autres informations de santé": "Other health information",
    "Sexe": "Sex",
    "École": "School",
    "Classe": "Class",
    "Santé": "Health",
    # web/invoices.py
    "Payée en partie": "Partly paid",
    "Payée": "Paid",
    # web/messages.py
    "Boîte de réception": "Inbox",
    "Messages envoyés": "Sent messages",
    "Corbeille": "Bin",
    "La famille": "The family",
    "La structure": "The facility",
    "Votre réponse a été envoyée.": "Your reply has been sent.",
    "Votre message a été envoyé.": "Your message has been sent.",
    "La conversation a été mise à la corbeille.": "The conversation has been moved to the bin.",
    "La conversation a été restaurée.": "The conversation has been restored.",
    # web/notification_settings.py
    "Français": "French (Français)",
    "Anglais (English)": "English",
    "Vos préférences de notification sont enregistrées.": "Your notification preferences are saved.",
    # web/payments.py
    "Votre paiement est en attente de la confirmation de la banque. Cette page se met à jour toute seule "
    "; vous recevrez un reçu par courriel.":
        "Your payment is awaiting the bank's confirmation. This page updates itself; you will receive a "
        "receipt by email.",
    "Paiement accepté. Merci ! Un reçu vous est envoyé par courriel.":
        "Payment accepted. Thank you! A receipt is being sent to you by email.",
    "La banque a refusé le paiement. Rien n'a été débité.":
        "The bank refused the payment. Nothing has been charged.",
    "Vous avez annulé le paiement. Rien n'a été débité.":
        "You cancelled the payment. Nothing has been charged.",
    "Le paiement n'a pas été confirmé à temps : il est abandonné. Rien n'a été débité.":
        "The payment was not confirmed in time: it is abandoned. Nothing has been charged.",
    "Le montant confirmé par la banque ne correspond pas : la régie vérifie votre paiement et reviendra "
    "vers vous.":
        "The amount confirmed by the bank does not match: the billing office is checking your payment and "
        "will get back to you.",
    "Solde du compte": "Account balance",
    "Rechargement du porte-monnaie": "Wallet top-up",
    "Choisissez au moins une facture à payer.": "Choose at least one invoice to pay.",
    "Choisissez une régie et un montant.": "Choose a billing office and an amount.",
    # web/planning.py
    "Place libre : cochez pour réserver.": "Free place: tick to book.",
    "Réservation acceptée : décochez pour l'annuler.": "Booking accepted: untick to cancel it.",
    "Demande transmise : la structure va l'examiner.": "Request sent: the facility will review it.",
    "Votre enfant est sur la liste d'attente (sa position est indiquée) : vous serez prévenu si une place "
    "se libère. Décochez pour quitter la liste.":
        "Your child is on the waiting list (their position is shown): you will be told if a place becomes "
        "free. Untick to leave the list.",
    "Plus de place : en cochant, votre enfant est inscrit sur la liste d'attente.":
        "No place left: by ticking, your child is put on the waiting list.",
    "La structure a refusé la demande.": "The facility refused the request.",
    "L'accueil est fermé ce jour-là.": "Closed on that day.",
    "Jour férié": "Bank holiday",
    "Jour férié : pas d'accueil.": "Bank holiday: no care.",
    "Présence relevée par la structure.": "Attendance recorded by the facility.",
    "Absence justifiée : non facturée.": "Excused absence: not billed.",
    "Absence non justifiée : facturée.": "Unexcused absence: billed.",
    "Pas d'accueil": "No care",
    "Cette activité n'a pas lieu ce jour-là.": "This activity does not take place that day.",
    "Le délai de prévenance est passé ou les réservations sont fermées : modification impossible en "
    "ligne, adressez-vous à la structure.":
        "The notice period has passed or bookings are closed: no change possible online, contact the "
        "facility.",
    "demande en attente de validation par la structure": "request awaiting approval by the facility",
    "inscrit sur la liste d'attente": "put on the waiting list",
    "ce temps d'accueil n'existe pas pour cette activité": "this care time does not exist for this activity",
    "il n'y avait pas de réservation à annuler": "there was no booking to cancel",
    "fermeture de l'accueil": "the facility is closed",
    "%(label)s (position %(position)s)": "%(label)s (position %(position)s)",
    "délai dépassé depuis le %(when)s": "deadline passed since %(when)s",
    "modification impossible en ligne": "no change possible online",
    "jusqu'au %(when)s": "until %(when)s",
    "complet : votre enfant sera inscrit sur la liste d'attente":
        "full: your child will be put on the waiting list",
    "soumis à la validation de la structure": "subject to the facility's approval",
    "%(outcome)s (position %(position)s)": "%(outcome)s (position %(position)s)",
    "annulation refusée": "cancellation refused",
    "réservation refusée": "booking refused",
    ("%(num)d réservation acceptée",
     "%(num)d réservations acceptées"):
        ("%(num)d booking accepted",
         "%(num)d bookings accepted"),
    ("%(num)d demande en attente de validation",
     "%(num)d demandes en attente de validation"):
        ("%(num)d request awaiting approval",
         "%(num)d requests awaiting approval"),
    ("%(num)d inscription sur liste d'attente",
     "%(num)d inscriptions sur liste d'attente"):
        ("%(num)d added to the waiting list",
         "%(num)d added to the waiting list"),
    ("%(num)d réservation annulée",
     "%(num)d réservations annulées"):
        ("%(num)d booking cancelled",
         "%(num)d bookings cancelled"),
    ("%(num)d demande refusée",
     "%(num)d demandes refusées"):
        ("%(num)d request refused",
         "%(num)d requests refused"),
    # web/publications.py
    "Votre message est envoyé : la réponse arrivera dans votre messagerie.":
        "Your message is sent: the reply will arrive in your messages.",
    "Votre message est envoyé à la structure.": "Your message is sent to the facility.",
    "Votre message est enregistré : la structure vous répondra.":
        "Your message is saved: the facility will reply to you.",
    "L'actualité est enregistrée.": "The news item is saved.",
    "L'actualité est publiée.": "The news item is published.",
    "L'actualité est retirée.": "The news item is withdrawn.",
    "L'actualité est supprimée.": "The news item is deleted.",
    "Le document est publié.": "The document is published.",
    "Le document est enregistré.": "The document is saved.",
    "Le document est retiré.": "The document is withdrawn.",
    "Le fichier est remplacé.": "The file is replaced.",
    "Le document est supprimé.": "The document is deleted.",
    "L'adresse de contact est enregistrée.": "The contact address is saved.",
    # web/staff.py
    "La famille est anonymisée.": "The family is anonymised.",
    "Demande acceptée.": "Request accepted.",
    "Demande refusée.": "Request refused.",
    "Document validé.": "Document approved.",
    "Document refusé.": "Document refused.",
    "%(n)s famille(s) importée(s).": "%(n)s family(ies) imported.",
    # web/staff_invoicing.py
    "Facturation lancée.": "Invoicing started.",
    "Facturation reprise.": "Invoicing resumed.",
    "Indiquez un montant en euros, par exemple 12,50.": "Enter an amount in euros, for example 12.50.",
    "Avoir émis.": "Credit note issued.",
    # web/staff_offer_forms.py
    "lundi": "Monday",
    "mardi": "Tuesday",
    "mercredi": "Wednesday",
    "jeudi": "Thursday",
    "vendredi": "Friday",
    "samedi": "Saturday",
    "dimanche": "Sunday",
    "Automatique (accepté tant qu'il reste des places, sinon liste d'attente)":
        "Automatic (accepted while places remain, otherwise waiting list)",
    "Validation par la structure (demande à accepter ou refuser)":
        "Approval by the facility (request to accept or refuse)",
    "Jours d'école (lundi, mardi, jeudi, vendredi des semaines d'école)":
        "School days (Monday, Tuesday, Thursday, Friday of school weeks)",
    "Mercredis en période scolaire": "Wednesdays in term time",
    "Vacances scolaires (du lundi au vendredi)": "School holidays (Monday to Friday)",
    "Jours de la semaine choisis ci-dessous": "Weekdays chosen below",
    "Accueil de loisirs (ALSH)": "Leisure centre (ALSH)",
    "Périscolaire (garderie)": "After-school care",
    "Restauration scolaire": "School catering",
    "Crèche / micro-crèche": "Nursery / micro-nursery",
    "Espace jeunes": "Youth club",
    "%(field)s : ce champ est obligatoire.": "%(field)s: this field is required.",
    "%(field)s : nombre entier de %(low)s à %(high)s attendu.":
        "%(field)s: whole number from %(low)s to %(high)s expected.",
    "%(field)s : l'heure est obligatoire.": "%(field)s: the time is required.",
    "%(field)s : heure attendue au format HH:MM.": "%(field)s: time expected as HH:MM.",
    "%(field)s : la date est obligatoire.": "%(field)s: the date is required.",
    "%(field)s : date attendue (AAAA-MM-JJ).": "%(field)s: date expected (YYYY-MM-DD).",
    "%(field)s : montant en euros attendu (par exemple 12,50).":
        "%(field)s: amount in euros expected (for example 12.50).",
    "Unité, ligne %(n)s : le code commence par une lettre minuscule, suivie de lettres minuscules, "
    "chiffres ou « _ » (par exemple apres_midi).":
        "Unit, line %(n)s: the code starts with a lower case letter, followed by lower case letters, "
        "digits or “_” (for example apres_midi).",
    "Unité, ligne %(n)s : le libellé est obligatoire.": "Unit, line %(n)s: the label is required.",
    "Unité, ligne %(n)s : le groupe de places s'écrit comme un code (minuscules, chiffres, « _ »).":
        "Unit, line %(n)s: the group of places is written like a code (lower case, digits, “_”).",
    "heure de début": "start time",
    "heure de fin": "end time",
    "Unité, ligne %(n)s, %(what)s": "Unit, line %(n)s, %(what)s",
    "Chaque unité doit avoir un code différent.": "Each unit must have a different code.",
    "Combinaison, ligne %(n)s : des codes d'unités séparés par des virgules sont attendus (par exemple "
    "matin, midi).":
        "Combination, line %(n)s: unit codes separated by commas are expected (for example matin, midi).",
    "Nombre de jours avant": "Number of days before",
    "Heure limite": "Time limit",
    "Jour de la semaine inconnu.": "Unknown day of the week.",
    "Heure limite du jour précédent": "Time limit on the previous day",
    "Jours avant les vacances": "Days before the holidays",
    "Le nom de l'activité est obligatoire.": "The activity name is required.",
    "Choisissez le mode de réservation.": "Choose the booking mode.",
    "Donnez au moins une unité (par exemple matin, Matin).":
        "Give at least one unit (for example matin, Morning).",
    "Âge minimum (mois)": "Minimum age (months)",
    "Âge maximum (mois)": "Maximum age (months)",
    "L'âge maximum doit dépasser l'âge minimum.": "The maximum age must exceed the minimum age.",
    "Choisissez la structure.": "Choose the facility.",
    "Sortie : %(label)s": "Outing: %(label)s",
    "La fin de la période précède son début.": "The end of the period comes before its start.",
    "Choisissez les jours à ouvrir.": "Choose the days to open.",
    "Places (%(pool)s)": "Places (%(pool)s)",
    "Donnez le nombre de places de chaque groupe, ou un nombre pour tous.":
        "Give the number of places of each group, or one number for all.",
    "Places : ce champ est obligatoire.": "Places: this field is required.",
    "Cochez au moins un jour de la semaine.": "Tick at least one day of the week.",
    "Choisissez le groupe de places.": "Choose the group of places.",
    "La fin de la fermeture précède son début.": "The end of the closure comes before its start.",
    "Le motif de la fermeture est obligatoire (il est montré aux familles).":
        "The reason for the closure is required (it is shown to families).",
    "Une fermeture couvre au plus %(n)s jours.": "A closure covers at most %(n)s days.",
    "%(field)s : date et heure attendues.": "%(field)s: date and time expected.",
    "Fenêtre %(n)s : le libellé est obligatoire.": "Window %(n)s: the label is required.",
    "%(w)s, début de la période": "%(w)s, start of the period",
    "%(w)s, fin de la période": "%(w)s, end of the period",
    "%(w)s, ouverture": "%(w)s, opening",
    "%(w)s, clôture": "%(w)s, closing",
    "%(w)s : la fin de la période précède son début.": "%(w)s: the end of the period comes before its start.",
    "%(w)s : la clôture doit suivre l'ouverture.": "%(w)s: the closing must come after the opening.",
    "Date de la sortie": "Date of the outing",
    "Code de la sortie : une lettre minuscule, puis minuscules, chiffres ou « _ ».":
        "Outing code: a lower case letter, then lower case letters, digits or “_”.",
    "Le libellé de la sortie est obligatoire.": "The outing label is required.",
    "Heure de départ": "Departure time",
    "Heure de retour": "Return time",
    "%(day)s, plage %(n)s": "%(day)s, slot %(n)s",
    "%(field)s : une heure d'arrivée puis une heure de départ plus tardive.":
        "%(field)s: an arrival time then a later departure time.",
    "Indiquez les heures d'accueil d'au moins un jour.": "Enter the care hours of at least one day.",
    "Choisissez l'enfant.": "Choose the child.",
    "Choisissez l'activité (la crèche).": "Choose the activity (the nursery).",
    "La fin du contrat précède son début.": "The end of the contract comes before its start.",
    "Indiquez une durée d'au moins une minute.": "Enter a duration of at least one minute.",
    "La fin de l'absence précède son début.": "The end of the absence comes before its start.",
    "Le motif de l'absence est obligatoire.": "The reason for the absence is required.",
    "Le motif du refus est obligatoire.": "The reason for refusal is required.",
    "Statut de présence inconnu.": "Unknown attendance status.",
    "Aucun enfant pointé : choisissez un statut pour au moins un enfant.":
        "No child marked: choose a status for at least one child.",
    # web/staff_payments.py
    "Règlement enregistré.": "Payment recorded.",
    # web/staff_reservations.py
    "Absent excusé (non facturé)": "Absent, excused (not billed)",
    "Absent non excusé (facturé)": "Absent, not excused (billed)",
    "Terminé": "Finished",
    "La structure « %(name)s » est créée.": "The facility “%(name)s” is created.",
    "L'activité « %(name)s » est créée : ouvrez maintenant ses jours.":
        "The activity “%(name)s” is created: now open its days.",
    "Choisissez une période d'au plus %(n)s jours, dans l'ordre.":
        "Choose a period of at most %(n)s days, in order.",
    "La configuration de l'activité est enregistrée.": "The activity's configuration is saved.",
    "%(n)s jour(s) ouvert(s).": "%(n)s day(s) opened.",
    "Jours fériés laissés fermés : %(days)s.": "Bank holidays left closed: %(days)s.",
    "Le nombre de places est enregistré.": "The number of places is saved.",
    "%(n)s jour(s) fermé(s) ; %(c)s réservation(s) annulée(s).":
        "%(n)s day(s) closed; %(c)s booking(s) cancelled.",
    "Ce jour n'était pas fermé.": "This day was not closed.",
    "Le %(day)s est rouvert.": "%(day)s is reopened.",
    "Les fenêtres de réservation sont enregistrées.": "The booking windows are saved.",
    "La sortie « %(label)s » est ajoutée.": "The outing “%(label)s” is added.",
    "Inscription acceptée.": "Enrolment accepted.",
    "Inscription refusée.": "Enrolment refused.",
    "Réservation acceptée.": "Booking accepted.",
    "Réservation mise en liste d'attente.": "Booking put on the waiting list.",
    "Réservation refusée.": "Booking refused.",
    "Choisissez l'activité et le jour.": "Choose the activity and the day.",
    "L'appel est enregistré (%(n)s enfant(s)).": "The roll call is saved (%(n)s child(ren)).",
    "La famille n'est pas indiquée.": "The family is not given.",
    "Le contrat est créé.": "The contract is created.",
    "Les heures supplémentaires sont enregistrées.": "The extra hours are saved.",
    "L'absence est enregistrée.": "The absence is saved.",
    # web/staff_tariffs.py
    "Prix fixe": "Fixed price",
    "Selon le quotient familial": "According to the family quotient",
    "Supplément sortie": "Outing extra charge",
    "Forfait": "Flat rate",
    "Garde (comptée dans l'attestation fiscale)": "Childcare (counted in the tax certificate)",
    "Repas": "Meals",
    "Par semaine": "Per week",
    "Par mois": "Per month",
    "%(field)s : un nombre entier est attendu.": "%(field)s: a whole number is expected.",
    "%(field)s : un montant en euros est attendu, par exemple 3,50.":
        "%(field)s: an amount in euros is expected, for example 3.50.",
    "Réductions fratrie : des pourcentages séparés par des virgules, par exemple 0, 10, 20.":
        "Sibling discounts: percentages separated by commas, for example 0, 10, 20.",
    "Tranche %(n)d : indiquez le montant.": "Band %(n)d: enter the amount.",
    "La régie « %(name)s » est créée.": "The billing office “%(name)s” is created.",
    "La régie est enregistrée.": "The billing office is saved.",
    "Le tarif est enregistré.": "The rate is saved.",
}
