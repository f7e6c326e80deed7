"""The email channel's message as a mail client reads it back."""
import email
import email.policy

from services.notifications.channels import EmailChannel, OutgoingMessage


def test_a_long_accented_subject_arrives_word_for_word():
    subject = "Votre demande de réservation pour Léa a été traitée : résultat détaillé de votre demande"
    channel = EmailChannel(host="127.0.0.1", port=25, sender="Portail <ne-pas-repondre@example.org>")
    built = channel.build(OutgoingMessage(to="marie@example.org", subject=subject, text="é" * 300,
                                          html="<p>" + "é" * 300 + "</p>"))
    raw = built.as_bytes()
    read = email.message_from_bytes(raw, policy=email.policy.default)
    assert read["Subject"] == subject
    assert read.get_body(("plain",)).get_content().strip() == "é" * 300
    # encoded bodies stay within 76 columns, headers within the 998 of RFC 5322
    body_lines = raw.split(b"\n\n", 1)[1].split(b"\n")
    assert max(len(line.rstrip(b"\r")) for line in body_lines) <= 76
    assert max(len(line) for line in raw.split(b"\n")) <= 998
