"""Retention: each rule anonymises exactly what is past its period, once, and audits its count."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from heatportal.retention import ANONYMISED, retention_apply, retention_preview, rules
from labs.models import CaseUpdate, Enrolment, Lab, LabMeeting
from municipalities.models import Contact
from sessions.models import Invitation, Session, SessionDay, SignupRequest
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
INSIDE = dt.date(2024, 6, 15)  # exactly RETENTION_MONTHS (24) ago: not yet past
PAST = dt.date(2024, 6, 14)  # one day more


def _session(last_day):
    session = Session.objects.create(title=f"Sessie {last_day}", organiser_name="Programma")
    SessionDay.objects.create(
        session=session, date=last_day - dt.timedelta(days=1), start_time="09:00", end_time="12:00"
    )
    SessionDay.objects.create(session=session, date=last_day, start_time="09:00", end_time="12:00")
    return session


def _signup(session, name):
    return SignupRequest.objects.create(
        session=session, name=name, email=f"{name.lower()}@example.org", organisation_name="Buro", motivation="Ik wil"
    )


def _mail(key, status, sent_days_ago):
    sent_at = timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days=sent_days_ago), dt.time(12)))
    return Email.objects.create(
        key=key,
        to_email=f"{key}@example.org",
        to_name="Jan Jansen",
        subject="Uitnodiging",
        body_text="Beste Jan",
        body_html="<p>Beste Jan</p>",
        attachments=[{"filename": "a.ics", "mimetype": "text/calendar", "content": "x"}],
        status=status,
        sent_at=sent_at if status == Email.Status.SENT else None,
    )


def test_signup_requests_past_the_period_are_anonymised_and_nothing_else():
    old, recent = _session(PAST), _session(INSIDE)
    gone, kept = _signup(old, "Piet"), _signup(recent, "Klaas")

    assert retention_apply(today=TODAY)["sessions.signup_requests"] == 1

    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.email, gone.organisation_name, gone.motivation) == (
        ANONYMISED,
        f"anoniem-{gone.pk}@geanonimiseerd.invalid",
        "",
        "",
    )
    assert gone.status == SignupRequest.Status.PENDING and gone.session == old
    assert (kept.name, kept.email, kept.motivation) == ("Klaas", "klaas@example.org", "Ik wil")


def test_invitation_keeps_its_register_contact_intact():
    old = _session(PAST)
    officer = UserFactory()
    contact = ContactFactory(name="Anna de Vries", email="anna@example.org")
    outbox = _mail("inv", Email.Status.SENT, 10)
    invitation = Invitation.objects.create(
        session=old, contact=contact, invited_by=officer, email=outbox, attended=True
    )
    recent_invitation = Invitation.objects.create(session=_session(INSIDE), contact=contact, invited_by=officer)

    assert retention_apply(today=TODAY)["sessions.invitations"] == 1

    invitation.refresh_from_db()
    recent_invitation.refresh_from_db()
    contact.refresh_from_db()
    assert invitation.invited_by is None and invitation.email is None
    assert invitation.contact_id == contact.pk and invitation.attended is True
    assert (contact.name, contact.email) == ("Anna de Vries", "anna@example.org")
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert recent_invitation.invited_by == officer


def _lab(drenthe, last_meeting):
    lab = Lab.objects.create(
        title="Lab",
        summary="s",
        organiser_province=drenthe,
        organiser_name="Servicepunt",
        enrolment_deadline=last_meeting - dt.timedelta(days=90),
        status=Lab.Status.COMPLETED,
    )
    LabMeeting.objects.create(
        lab=lab, topic="Slot", starts_at=timezone.make_aware(dt.datetime.combine(last_meeting, dt.time(10)))
    )
    return lab


def _enrolment(lab, municipality, user):
    enrolment = Enrolment.objects.create(
        lab=lab,
        municipality=municipality,
        enrolled_by=user,
        case_title="Wijk Noord",
        case_description="Met Jan Jansen",
        colleagues="Jan Jansen, Els Bakker",
        status=Enrolment.Status.ACTIVE,
        queued_at=timezone.now(),
    )
    CaseUpdate.objects.create(enrolment=enrolment, author=user, body="Jan belt Els")
    return enrolment


def test_lab_enrolments_of_labs_ended_past_the_period_lose_their_personal_fields(drenthe, assen):
    user = UserFactory()
    gone = _enrolment(_lab(drenthe, PAST), assen, user)
    kept = _enrolment(_lab(drenthe, INSIDE), assen, user)

    counts = retention_apply(today=TODAY)

    assert counts["labs.enrolments"] == 1 and counts["labs.case_updates"] == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.colleagues, gone.case_description, gone.enrolled_by) == ("", "", None)
    assert gone.case_title == "Wijk Noord" and gone.municipality == assen
    assert CaseUpdate.objects.get(enrolment=gone).body == ANONYMISED
    assert kept.colleagues == "Jan Jansen, Els Bakker" and kept.enrolled_by == user
    assert CaseUpdate.objects.get(enrolment=kept).body == "Jan belt Els"


def test_sent_mail_bodies_are_emptied_after_the_period_queued_and_failed_are_kept():
    past = _mail("past", Email.Status.SENT, 91)
    inside = _mail("inside", Email.Status.SENT, 90)
    queued = _mail("queued", Email.Status.QUEUED, 200)
    failed = _mail("failed", Email.Status.FAILED, 200)

    assert retention_apply(today=TODAY)["mail.sent_bodies"] == 1

    past.refresh_from_db()
    assert (past.body_text, past.body_html, past.attachments, past.to_name) == ("", "", [], "")
    assert (past.to_email, past.subject, past.status) == ("past@example.org", "Uitnodiging", Email.Status.SENT)
    for email in (inside, queued, failed):
        email.refresh_from_db()
        assert email.body_text == "Beste Jan" and email.to_name == "Jan Jansen"


def test_second_run_changes_nothing_and_each_run_audits_every_rule():
    _signup(_session(PAST), "Piet")
    _mail("past", Email.Status.SENT, 91)

    first = retention_apply(today=TODAY)
    second = retention_apply(today=TODAY)

    assert first["sessions.signup_requests"] == 1 and first["mail.sent_bodies"] == 1
    assert set(second.values()) == {0}
    logs = ActionLog.objects.filter(action=Action.DATA_ANONYMISED)
    assert logs.count() == 2 * len(rules())
    assert {(log.changes["rule"], log.changes["count"]) for log in logs} >= {
        ("sessions.signup_requests", 1),
        ("sessions.signup_requests", 0),
        ("mail.sent_bodies", 1),
    }
    assert all(log.actor_id is None for log in logs)


def test_preview_counts_equal_what_apply_then_changes(drenthe, assen):
    _signup(_session(PAST), "Piet")
    _signup(_session(TODAY - dt.timedelta(days=365 * 2 - 20)), "Soon")  # due within 30 days
    _enrolment(_lab(drenthe, PAST), assen, UserFactory())
    _mail("past", Email.Status.SENT, 91)

    preview = {row["rule"].key: row for row in retention_preview(today=TODAY)}
    assert preview["sessions.signup_requests"]["due_soon"] == 1
    applied = retention_apply(today=TODAY)

    assert {key: row["due_now"] for key, row in preview.items()} == applied
    assert applied["sessions.signup_requests"] == 1


def test_batches_cover_everything_due():
    from heatportal.retention import rule_apply

    session = _session(PAST)
    for n in range(7):
        _signup(session, f"P{n}")
    rule = next(r for r in rules() if r.key == "sessions.signup_requests")

    assert rule_apply(rule=rule, today=TODAY, batch_size=3) == 7
    assert not SignupRequest.objects.exclude(name=ANONYMISED).exists()


@override_settings(RETENTION_MONTHS=12)
def test_period_follows_the_setting():
    _signup(_session(TODAY - dt.timedelta(days=400)), "Piet")
    assert retention_apply(today=TODAY)["sessions.signup_requests"] == 1


def test_command_dry_run_changes_nothing_and_apply_does(capsys):
    gone = _signup(_session(dt.date(2000, 1, 3)), "Piet")

    call_command("retention", "--dry-run")
    gone.refresh_from_db()
    assert gone.name == "Piet"
    assert "sessions.signup_requests: 1 due now" in capsys.readouterr().out

    call_command("retention", "--apply")
    gone.refresh_from_db()
    assert gone.name == ANONYMISED


def test_beat_task_runs_the_rules():
    from heatportal.tasks import retention_apply as task

    gone = _signup(_session(dt.date(2000, 1, 3)), "Piet")
    task.apply()
    gone.refresh_from_db()
    assert gone.name == ANONYMISED


def test_statements_show_the_configured_periods(client):
    with override_settings(RETENTION_MONTHS=18, OUTBOX_BODY_RETENTION_DAYS=1, SESSION_IDLE_TIMEOUT_SECONDS=3600):
        text = client.get("/privacy/").content.decode()
    assert "tot 18 maanden na de laatste sessiedag" in text
    assert "1 dag na verzending" in text
    assert "na 1 uur zonder activiteit" in text
    assert "(wie wat wanneer wijzigde): 5 jaar" in text

    with override_settings(SESSION_IDLE_TIMEOUT_SECONDS=90 * 60, AUDIT_RETENTION_DAYS=400):
        text = client.get("/privacy/").content.decode()
    assert "na 90 minuten zonder activiteit" in text and "wijzigde): 400 dagen" in text
    assert "artikel 6, lid 1, onder e" in text and "Autoriteit Persoonsgegevens" in text
    assert "Nationaal Programma Lokale Warmtetransitie" in text

    with override_settings(RETENTION_MONTHS=1, PRIVACY_CONTROLLER_NAME="Gemeente Testdorp"):
        text = client.get("/privacy/").content.decode()
    assert "tot 1 maand na" in text and "Gemeente Testdorp" in text


def test_accessibility_statement_gives_an_honest_status_and_the_date(client):
    with override_settings(ACCESSIBILITY_STATEMENT_DATE="2026-11-05"):
        text = client.get("/toegankelijkheid/").content.decode()
    assert "C: eerste maatregelen genomen" in text and "WCAG" in text
    assert "5 november 2026" in text
    assert "Besluit digitale toegankelijkheid overheid" in text


def test_footer_links_to_both_statements(client):
    text = client.get("/").content.decode()
    assert 'href="/privacy/"' in text and 'href="/toegankelijkheid/"' in text


def test_preview_page_shows_due_counts_and_apply_now_is_audited_with_the_admin(client, world):
    gone = _signup(_session(dt.date(2000, 1, 3)), "Piet")
    admin = world.users["programme_admin"]
    client.force_login(admin)

    page = client.get("/beheer/bewaartermijnen/").content.decode()
    assert "Aanmeldverzoeken voor sessies" in page and "Nu toepassen" in page
    assert "<td>1</td>" in page

    response = client.post("/beheer/bewaartermijnen/toepassen/")
    assert response.status_code == 302
    gone.refresh_from_db()
    assert gone.name == ANONYMISED
    log = ActionLog.objects.get(action=Action.DATA_ANONYMISED, changes__rule="sessions.signup_requests")
    assert log.actor == admin and log.changes["count"] == 1


def test_preview_query_count_does_not_grow_with_the_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.users["programme_admin"])
    session = _session(dt.date(2000, 1, 3))
    _signup(session, "A")
    client.get("/beheer/bewaartermijnen/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/beheer/bewaartermijnen/")
    for n in range(20):
        _signup(_session(dt.date(2000, 1, 3)), f"P{n}")
        _mail(f"m{n}", Email.Status.SENT, 400)
    with CaptureQueriesContext(connection) as many:
        client.get("/beheer/bewaartermijnen/")
    assert len(many) == len(few)
