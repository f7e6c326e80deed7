"""The email channel's message as a mail client reads it back."""
import email
import email.policy

from services.notifications.channels import EmailChannel, OutgoingMessage
from services.notifications.tests.mail import wait_until


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


def test_a_session_sends_a_batch_over_one_connection(sink):
    """The sender's batch: one SMTP connection for all its emails, not one each (half the cost of an
    email on the opening-day rush, on both sides)."""
    sink.start()
    channel = EmailChannel(host="127.0.0.1", port=sink.port, sender="Portail <ne-pas-repondre@example.org>")
    with channel.session() as send:
        for number in range(3):
            send(OutgoingMessage(to=f"parent{number}@example.org", subject=f"Message {number}", text="Bonjour"))
    channel.send(OutgoingMessage(to="parent3@example.org", subject="Message 3", text="Bonjour"))
    wait_until(lambda: len(sink.messages()) == 4)
    assert sorted(message["Subject"] for message in sink.messages()) == [f"Message {n}" for n in range(4)]
    assert sink.connections() == 2
