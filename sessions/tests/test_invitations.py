import datetime as dt
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from heatportal.mail.models import Email
from municipalities.models import Contact
from municipalities.services import contact_erase, contact_export
from sessions.models import Invitation, SignupRequest, WorkshopPreference
from sessions.services import answers
from sessions.services.answers import ANSWER_LINK_MAX_AGE, answer_token, invitation_answer
from sessions.services.invitations import invitations_paste
from sessions.services.sending import invitation_batch, invitations_queue_emails
from sessions.services.signups import signup_request_create, signup_request_decide
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import InvitationFactory, SessionFactory, WorkshopFactory
from tests.factories import ContactFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


def test_pasted_lines_add_the_good_ones_and_report_each_bad_line(planned):
    existing = ContactFactory(name="Henk Bosma", email="henk@actium.example", organisation=None)
    text = "\n".join(
        [
            "Henk Bosma <henk@actium.example>",
            "Femke Post <femke@duurzaammeppel.example>",
            "zonder adres",
            "Kapot <niet-een-adres>",
            "<lotte@pittelo.example>",
            "Femke Post <FEMKE@duurzaammeppel.example>",
            "",
        ]
    )
    result = invitations_paste(session=planned, text=text)
    added = result.added
    assert [inv.contact.email for inv in added] == ["henk@actium.example", "femke@duurzaammeppel.example"]
    assert added[0].contact == existing  # reused, not duplicated
    assert Contact.objects.filter(email="femke@duurzaammeppel.example", organisation=None).count() == 1
    assert [line for line, _reason in result.bad] == [
        "zonder adres",
        "Kapot <niet-een-adres>",
        "<lotte@pittelo.example>",
    ]
    assert result.skipped == [("Femke Post <FEMKE@duurzaammeppel.example>", "dubbel in de lijst")]
    # Pasting again adds nobody twice, and says so.
    again = invitations_paste(session=planned, text="Henk Bosma <henk@actium.example>")
    assert again.added == [] and planned.invitations.count() == 2
    assert again.skipped == [("Henk Bosma <henk@actium.example>", "al uitgenodigd")]


def test_invite_page_keeps_bad_lines_for_correction(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    response = client.post(
        reverse("sessions:invite", kwargs={"pk": planned.pk}), {"lines": "Jan <jan@example.org>\nfout regel"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Regel 1 in het vak: “fout regel”" in body
    assert planned.invitations.get().contact.email == "jan@example.org"


def test_pasted_duplicates_are_reported_per_line_and_numbers_match_the_box(client, world, planned):
    InvitationFactory(session=planned, contact=ContactFactory(name="Henk", email="henk@actium.example"))
    client.force_login(world.users["staff_drenthe"])
    text = "\n".join(
        [
            "Henk <henk@actium.example>",
            "Femke <femke@meppel.example>",
            "kapotte regel",
            "Femke Post <FEMKE@meppel.example>",
            "ook kapot",
        ]
    )
    response = client.post(reverse("sessions:invite", kwargs={"pk": planned.pk}), {"lines": text})
    body = response.content.decode()
    assert "“Henk &lt;henk@actium.example&gt;” – al uitgenodigd" in body
    assert "“Femke Post &lt;FEMKE@meppel.example&gt;” – dubbel in de lijst" in body
    # The box now holds the two bad lines; the numbers count lines in that box.
    assert "Regel 1 in het vak: “kapotte regel”" in body and "Regel 2 in het vak: “ook kapot”" in body
    assert "kapotte regel\nook kapot</textarea>" in body
    assert sorted(planned.invitations.values_list("contact__email", flat=True)) == [
        "femke@meppel.example",
        "henk@actium.example",
    ]


def test_contacts_of_participating_municipalities_are_picked_by_type(client, world, planned):
    corporation = OrganisationFactory(name="Actium", type="housing_corporation", municipalities=[world.assen])
    grid = OrganisationFactory(name="Enexis", type="grid_operator", municipalities=[world.assen])
    elsewhere = OrganisationFactory(name="Parteon", type="housing_corporation", municipalities=[world.zaanstad])
    henk = ContactFactory(name="Henk", organisation=corporation)
    tom = ContactFactory(name="Tom", organisation=grid)
    ContactFactory(name="Ruben", organisation=elsewhere)
    from sessions.invitation_selectors import invitable_contacts

    assert list(invitable_contacts(session=planned, types=["housing_corporation"])) == [henk]
    assert set(invitable_contacts(session=planned, types=[])) == {henk, tom}
    client.force_login(world.users["staff_drenthe"])
    client.post(
        reverse("sessions:invite", kwargs={"pk": planned.pk}),
        {"contacts": [henk.pk], "soort": ["housing_corporation"], "actie": "uitnodigen"},
    )
    assert list(planned.invitations.values_list("contact__name", flat=True)) == ["Henk"]


def test_sending_goes_through_celery_after_commit_and_records_each_invitation(
    client, world, planned, django_capture_on_commit_callbacks
):
    InvitationFactory(session=planned, contact=ContactFactory(name="Henk"))
    InvitationFactory(session=planned, contact=ContactFactory(name="Ilse"))
    client.force_login(world.users["staff_drenthe"])
    with mock.patch("sessions.tasks.queue_invitations.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(reverse("sessions:invitations_send", kwargs={"pk": planned.pk}))
        assert not Email.objects.exists()  # nothing sent in the web request
        assert len(callbacks) == 1
        callbacks[0]()
        delay.assert_called_once_with(planned.pk)
    from sessions.tasks import queue_invitations

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_invitations.apply(args=[planned.pk]).get() == 2
    emails = Email.objects.filter(batch=invitation_batch(planned))
    assert emails.count() == 2 and all(e.status == Email.Status.SENT for e in emails)
    assert all(inv.email_id for inv in planned.invitations.all())
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject == f"Uitnodiging: {planned.title}"
    assert "/sessies/antwoord/" in message.body
    (attachment,) = message.attachments
    assert attachment[0] == "sessie.ics" and "METHOD:REQUEST" in attachment[1]
    # Running the task again (a retry) sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        queue_invitations.apply(args=[planned.pk])
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("with_workshops", [False, True])
def test_invitation_mentions_workshops_only_when_there_are_any(planned, with_workshops):
    if with_workshops:
        WorkshopFactory(session=planned)
        WorkshopFactory(session=planned)
    (invitation,) = invite_sent(planned)
    email = invitation.email
    assert ("workshop" in email.body_text.lower()) is with_workshops
    assert ("workshop" in email.body_html.lower()) is with_workshops


def test_invitations_page_shows_delivery_state_in_constant_queries(client, world, planned, django_assert_num_queries):
    workshop = WorkshopFactory(session=planned)
    invitations = invite_sent(planned, 3)
    Email.objects.filter(pk=invitations[0].email_id).update(status=Email.Status.FAILED, last_error="550 unknown user")
    invitation_answer(invitation=invitations[1], accept=True, ranking=[workshop.pk])
    client.force_login(world.users["staff_drenthe"])
    # The partial builds only its own context (no programme, workshops or missing seats): one
    # page of rows with their preferences, days and places, the page count, the counts in one aggregate,
    # and whether the session has more than one day (its rows then name the days).
    url = reverse("sessions:invitations", kwargs={"pk": planned.pk})
    client.get(url, headers={"HX-Request": "true"})
    with django_assert_num_queries(14):
        response = client.get(url, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "mislukt" in body and "Controleer het adres" in body and "550 unknown user" not in body and "Komt" in body
    invite_sent(planned, 5)
    with django_assert_num_queries(14):
        client.get(url, headers={"HX-Request": "true"})


def test_progress_counts_the_current_invitations_per_state(client, world, planned):
    invitations = invite_sent(planned, 5)
    ids = [inv.email_id for inv in invitations]
    Email.objects.filter(pk__in=ids[:4]).update(status=Email.Status.SENT)
    Email.objects.filter(pk=ids[4]).update(
        status=Email.Status.FAILED, last_error="SMTPRecipientsRefused: 550 5.1.1 <x@example.org>: user unknown"
    )
    InvitationFactory(session=planned, contact=ContactFactory())
    InvitationFactory(session=planned, contact=ContactFactory())
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:detail", kwargs={"pk": planned.pk})

    body = client.get(url).content.decode()
    assert "Verzonden: 4 van 5" in body
    assert "1 mislukt" in body and "0 in wachtrij" in body and "2 nog niet verstuurd" in body
    assert "550 5.1.1" not in body and "Controleer het adres" in body

    contact_erase(contact=invitations[0].contact)
    body = client.get(url).content.decode()
    assert "Verzonden: 3 van 4" in body and "1 mislukt" in body and "2 nog niet verstuurd" in body


def test_answer_link_accepts_with_ranking_and_can_change_until_the_deadline(client, planned, today):
    first, second = (
        WorkshopFactory(session=planned, title="Stappen"),
        WorkshopFactory(session=planned, title="Afweging"),
    )
    planned.answer_deadline = today + dt.timedelta(days=5)
    planned.save()
    (invitation,) = invite_sent(planned)
    url = reverse("sessions:answer", kwargs={"token": answer_token(invitation)})
    page = client.get(url)
    assert page.status_code == 200 and "Eerste keus" in page.content.decode()
    days = list(planned.days.values_list("pk", flat=True))  # ticked, as the form opens
    client.post(url, {"answer": "accept", "days": days, "choice_1": second.pk, "choice_2": first.pk})
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.ACCEPTED
    assert list(invitation.preferences.values_list("workshop_id", "rank")) == [(second.pk, 1), (first.pk, 2)]
    client.post(url, {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.DECLINED and not invitation.preferences.exists()
    # The same workshop twice is refused.
    response = client.post(url, {"answer": "accept", "days": days, "choice_1": first.pk, "choice_2": first.pk})
    assert "maar één keer" in response.content.decode()
    # After the deadline the answer stands.
    planned.answer_deadline = today - dt.timedelta(days=1)
    planned.save()
    response = client.post(url, {"answer": "accept", "days": days})
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.DECLINED
    assert "Reageren kan niet meer" in response.content.decode()


def test_duplicate_workshop_choice_error_sits_at_the_ranking_fields(client, planned):
    first, _second = WorkshopFactory(session=planned), WorkshopFactory(session=planned)
    (invitation,) = invite_sent(planned)
    url = reverse("sessions:answer", kwargs={"token": answer_token(invitation)})
    body = client.post(url, {"answer": "accept", "choice_1": first.pk, "choice_2": first.pk}).content.decode()
    start = body.index("Uw voorkeur voor de parallelle workshops")
    fieldset = body[body.rindex("<fieldset", 0, start) : body.index("</fieldset>", start)]
    assert 'aria-describedby="ranking-error"' in fieldset
    assert 'id="ranking-error"' in fieldset and "Kies elke workshop maar één keer" in fieldset
    assert fieldset.count('aria-invalid="true"') == 2
    assert body.count("Kies elke workshop maar één keer") == 1  # not repeated above the radios
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.PENDING


def test_tampered_answer_link_gets_a_clear_page_with_400(client, planned):
    (invitation,) = invite_sent(planned)
    token = answer_token(invitation)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.get(reverse("sessions:answer", kwargs={"token": tampered}))
    assert response.status_code == 400
    assert "Deze link werkt niet" in response.content.decode()
    response = client.post(reverse("sessions:answer", kwargs={"token": "zomaar-iets"}), {"answer": "accept"})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.PENDING


def test_expired_answer_link_gets_a_clear_page_with_410(client, planned):
    (invitation,) = invite_sent(planned)
    token = answer_token(invitation)
    later = time.time() + ANSWER_LINK_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(reverse("sessions:answer", kwargs={"token": token}))
    assert response.status_code == 410
    assert "Deze link is verlopen" in response.content.decode()


def test_link_problem_pages_send_people_to_the_organiser(client, planned, monkeypatch):
    (invitation,) = invite_sent(planned)
    token = answer_token(invitation)
    broken = client.get(reverse("sessions:answer", kwargs={"token": token[:-3] + "xyz"}))
    body = broken.content.decode()
    assert broken.status_code == 400
    assert "Antwoord dan op de uitnodigingsmail" not in body and "contact op met de organisator" in body

    monkeypatch.setattr(answers, "ANSWER_LINK_MAX_AGE", -1)
    expired = client.get(reverse("sessions:answer", kwargs={"token": token}))
    body = expired.content.decode()
    assert expired.status_code == 410
    assert planned.title in body and "Provincie Drenthe" in body and "contact op met de organisator" in body


def test_link_of_an_erased_person_is_refused_not_an_error(client, planned):
    (invitation,) = invite_sent(planned)
    token = answer_token(invitation)
    contact_erase(contact=invitation.contact)
    assert client.get(reverse("sessions:answer", kwargs={"token": token})).status_code == 400


def test_request_then_approval_sends_the_invitation(client, world, planned, django_capture_on_commit_callbacks):
    cache.clear()
    planned.invitation_only = True
    planned.save()
    url = reverse("sessions:signup_request", kwargs={"pk": planned.pk})
    response = client.post(
        url,
        {"name": "Krijn Korver", "email": "krijn@example.org", "organisation": "Gemeente", "motivation": "Leren"},
    )
    assert "Verzoek ontvangen" in response.content.decode()
    signup = SignupRequest.objects.get()
    assert signup.email == "krijn@example.org" and signup.status == SignupRequest.Status.PENDING
    assert signup.contact is None  # the register only gets the person on approval
    assert not planned.invitations.exists()

    client.force_login(world.users["staff_drenthe"])
    decide = reverse("sessions:signup_decide", kwargs={"pk": planned.pk, "request_pk": signup.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"besluit": "goedkeuren"})
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.APPROVED and signup.decided_by == world.users["staff_drenthe"]
    invitation = planned.invitations.get()
    assert invitation.contact == signup.contact and invitation.email.status == Email.Status.SENT
    assert [m.to for m in mail.outbox] == [["Krijn Korver <krijn@example.org>"]]


def test_rejected_request_is_told_and_not_invited(world, planned, django_capture_on_commit_callbacks):
    planned.invitation_only = True
    planned.save()
    signup = signup_request_create(session=planned, name="Piet", email="piet@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        signup_request_decide(signup=signup, approve=False, user=world.users["staff_drenthe"])
    assert not planned.invitations.exists()
    assert mail.outbox[0].subject == f"Uw aanmelding voor {planned.title}"


def test_request_form_is_rate_limited(client, planned):
    cache.clear()
    planned.invitation_only = True
    planned.save()
    url = reverse("sessions:signup_request", kwargs={"pk": planned.pk})
    data = {"name": "Spam", "email": "spam@example.org", "motivation": "x"}
    statuses = [client.post(url, {**data, "email": f"spam{i}@example.org"}).status_code for i in range(6)]
    assert statuses == [200] * 5 + [429]
    assert SignupRequest.objects.count() == 5
    cache.clear()


def test_request_form_only_exists_for_invitation_only_sessions(client, planned):
    assert client.get(reverse("sessions:signup_request", kwargs={"pk": planned.pk})).status_code == 404


def test_erasing_a_contact_leaves_no_personal_data_in_session_tables(planned, world):
    workshop = WorkshopFactory(session=planned)
    person = ContactFactory(name="Marloes Jonker", email="marloes@woonconcept.example")
    invitation = InvitationFactory(session=planned, contact=person, send_requested_at=timezone.now())
    invitations_queue_emails(session_id=planned.pk)
    invitation_answer(invitation=invitation, accept=True, ranking=[workshop.pk])
    # A request for another session: for this one she is invited, so her request would not be stored.
    signup_request_create(
        session=SessionFactory(invitation_only=True),
        name="Marloes Jonker",
        email="marloes@woonconcept.example",
        motivation="Wil erbij zijn",
    )
    exported = contact_export(contact=person)
    assert "uitnodigingen" in exported["gekoppelde gegevens"]
    assert "aanmeldverzoeken" in exported["gekoppelde gegevens"]

    contact_erase(contact=person)

    assert not Invitation.objects.exists()
    assert not WorkshopPreference.objects.exists()
    assert not SignupRequest.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'sprints_%%'")
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the catalogue)
            dump = repr(cursor.fetchall()).lower()
            assert "marloes" not in dump and "woonconcept" not in dump, table


def test_invitation_email_status_is_visible_to_staff_only(client, world, planned):
    invite_sent(planned)
    client.force_login(world.users["officer_assen"])
    body = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert "@example.org" not in body
    assert municipality("GM0106").name in body
