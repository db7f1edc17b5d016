"""What every outgoing mail says about itself: who answers a reply, that a machine sent it, and,
at its foot, why the person gets it."""

import email
import email.policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail

from heatportal.mail.mime import wire_bytes
from heatportal.mail.models import Email
from heatportal.mail.services import email_deliver, email_message, email_queue, render_email

pytestmark = pytest.mark.django_db

EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"


def _wire(row: Email):
    return email.message_from_bytes(wire_bytes(email_message(email=row)), policy=email.policy.default)


def _queue(**kwargs) -> Email:
    context = {"contact": {"name": "Zoë"}, "session": {"title": "Sprint Assen", "organiser": "Provincie Drenthe"}}
    row, _ = email_queue(
        key="test:headers", to_email="zoe@example.org", template="sessions_request_rejected", context=context, **kwargs
    )
    return row


def test_a_reply_goes_to_the_organiser_named_when_queued():
    parsed = _wire(_queue(reply_to=("Jansen, Petra", "p.jansen@drenthe.nl")))
    assert parsed["Reply-To"].addresses[0].display_name == "Jansen, Petra"
    assert parsed["Reply-To"].addresses[0].addr_spec == "p.jansen@drenthe.nl"
    assert parsed["From"].addresses[0].addr_spec == "noreply@warmteportaal.nl"


def test_without_an_organiser_a_reply_goes_to_the_portals_contact_address(settings):
    settings.CONTACT_EMAIL = "Warmteportaal <vragen@warmteportaal.nl>"
    assert _wire(_queue())["Reply-To"].addresses[0].addr_spec == "vragen@warmteportaal.nl"


def test_the_mail_says_a_machine_sent_it_under_a_message_id_of_the_portals_own_domain(settings):
    parsed = _wire(_queue())
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["X-Auto-Response-Suppress"] == "All"
    assert parsed["Message-ID"].endswith(f"@{urlsplit(settings.SITE_URL).hostname}>")


def test_the_headers_survive_the_mailer_as_django_sends_it():
    email_deliver(email=_queue(reply_to=("Petra", "petra@drenthe.nl")))
    [sent] = mail.outbox
    assert sent.reply_to == ["Petra <petra@drenthe.nl>"]
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_control_character_in_the_organisers_name_cannot_add_a_header():
    row = _queue(reply_to=("Petra\r\nBcc: everyone@example.org", "petra@drenthe.nl"))
    parsed = _wire(row)
    assert parsed["Bcc"] is None
    assert parsed["Reply-To"].addresses[0].addr_spec == "petra@drenthe.nl"


def test_both_bodies_end_with_why_the_person_gets_the_mail():
    context = {"contact": {"name": "Zoë"}, "session": {"title": "Sprint & Assen", "organiser": "Drenthe"}}
    _, text, html = render_email(template="sessions_request_rejected", context=context)
    reason = "U ontvangt dit bericht omdat met dit e-mailadres een aanmelding is gevraagd voor “Sprint & Assen”."
    assert text.endswith(f"\n\n-- \n{reason}\n")  # the signature separator mail programs know
    assert reason.replace("&", "&amp;") in html


def test_a_kind_of_mail_without_its_own_reason_gets_the_portals_general_line(tmp_path, settings):
    (tmp_path / "emails").mkdir()
    for part in ("subject.txt", "body.txt", "body.html"):
        (tmp_path / "emails" / f"zonder_{part}").write_text("x")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    _, text, _ = render_email(template="zonder", context={})
    assert text.endswith("-- \nU ontvangt dit bericht via het Warmteportaal voor de gemeentelijke warmtetransitie.\n")


def test_every_kind_of_mail_says_why_it_is_sent():
    kinds = {p.name.removesuffix("_subject.txt") for p in EMAILS.glob("*_subject.txt")}
    assert kinds, "no mail templates found"
    missing = sorted(k for k in kinds if not (EMAILS / f"{k}_reason.txt").exists())
    assert not missing, f"no <kind>_reason.txt for {missing}"
    for kind in kinds:
        reason = (EMAILS / f"{kind}_reason.txt").read_text()
        assert "{% autoescape off %}" in reason, f"{kind}: the reason is text; the HTML layout escapes it"
