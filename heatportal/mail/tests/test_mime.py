"""The outbox's own MIME building says what Django's message() says, in the form SMTP wants."""

import email
import email.policy

import pytest
from django.core.mail import EmailMultiAlternatives

from heatportal.mail.mime import OutboxMessage

CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
CASES = {
    "plain": {"subject": "Nieuw wachtwoord", "to": ["Petra Prins <petra@example.org>"], "html": "", "ics": False},
    "comma and accents": {
        "subject": "Uitnodiging: “Warmte” – sessie in Súdwest-Fryslân",
        "to": ['"Jansen, Zoë" <zoe@example.org>'],
        "html": "<p>Beste Zoë &amp; Piet,</p>",
        "ics": True,
        "reply_to": ['"Fryslân, Provinsje" <warmte@fryslan.frl>'],
    },
    "long line": {"subject": "Lang", "to": ["a@example.org"], "html": "<p>" + "ë" * 900 + "</p>", "ics": False},
    "international domain": {"subject": "IDN", "to": ["Kees <kees@bücher.example>"], "html": "", "ics": True},
    "long headers": {
        "subject": "Herinnering: " + "warmtetransitie in de wijk " * 6 + "– Súdwest-Fryslân",
        "to": ['"Gemeente Súdwest-Fryslân, afdeling Ruimtelijke Ontwikkeling en Duurzaamheid" <ro@example.org>'],
        "html": "<p>x</p>",
        "ics": False,
        "pdf": True,
    },
    "long ascii subject": {"subject": "Uitnodiging " * 12, "to": ["a@example.org"], "html": "", "ics": False},
}


def _pair(case: dict):
    body = "Beste Zoë & Piet,\n\nRegel twee met een link: https://example.org/a?b=c&d=e\n"
    kwargs = {
        "subject": case["subject"],
        "body": body,
        "from_email": "Warmteportaal <noreply@warmteportaal.nl>",
        "to": case["to"],
        "headers": {"Message-ID": "<1.2.3@warmteportaal.nl>", "X-Heatportal-Key": "session:1:invitation:2"},
        "reply_to": case.get("reply_to", []),
    }
    messages = OutboxMessage(**kwargs), EmailMultiAlternatives(**kwargs)
    for message in messages:
        if case["html"]:
            message.attach_alternative(case["html"], "text/html")
        if case["ics"]:
            message.attach("sessie.ics", CALENDAR, "text/calendar")
        if case.get("pdf"):
            message.attach("verslag wijk één.pdf", bytes(range(256)) * 4, "application/pdf")
    return [m.message(policy=email.policy.SMTP).as_bytes() for m in messages]


def _leaves(message):
    def content(part):
        value = part.get_content()
        return value.replace("\r\n", "\n") if isinstance(value, str) else value

    return [
        (part.get_content_type(), part.get_filename(), content(part))
        for part in message.walk()
        if not part.is_multipart()
    ]


@pytest.mark.parametrize("name", CASES)
def test_the_outbox_message_reads_as_djangos_own(name):
    ours, django = _pair(CASES[name])
    parsed = [email.message_from_bytes(raw, policy=email.policy.default) for raw in (ours, django)]
    for header in ("Subject", "From", "To", "Reply-To", "Message-ID", "X-Heatportal-Key", "MIME-Version"):
        assert str(parsed[0][header]) == str(parsed[1][header]), header
    assert parsed[0]["Date"].datetime  # a date a mail program reads
    assert [p.get_content_type() for p in parsed[0].walk()] == [p.get_content_type() for p in parsed[1].walk()]
    assert _leaves(parsed[0]) == _leaves(parsed[1])


@pytest.mark.parametrize("name", CASES)
def test_the_outbox_message_is_fit_for_smtp(name):
    ours, _ = _pair(CASES[name])
    assert ours.isascii() or b"Content-Transfer-Encoding: 8bit" in ours  # raw UTF-8 only in 8bit bodies
    lines = ours.split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines)  # CRLF only, never a bare LF
    assert max(len(line) for line in lines) <= 998
    head = ours.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # headers 7-bit: RFC 2047 words and IDNA, no SMTPUTF8 needed


def test_a_header_with_a_line_break_is_refused_as_django_does():
    message = OutboxMessage(subject="Hallo\r\nBcc: iedereen@example.org", body="x", to=["a@example.org"])
    with pytest.raises(ValueError, match="line breaks"):
        message.message(policy=email.policy.SMTP)  # the bytes for the wire
