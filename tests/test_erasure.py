"""Erasure covers every place a person can appear (AVG art. 17), export every kind (art. 15).

One person is put everywhere the portal can hold them; after erasing, every text column of
every table (history tables included) and the mail folder is searched for their name and address.
"""

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from heatportal.mail.models import Email
from heatportal.mail.services import email_queue
from heatportal.mail.tasks import send_email
from heatportal.shredder import person_export
from labs.models import CaseUpdate
from labs.tests.factories import EnrolmentFactory, LabFactory
from municipalities.models import Contact
from outcomes.services_actions import action_link_send, action_status_set
from outcomes.tests.factories import AgreedActionFactory
from progress.models import Initiative, ProgressComment
from progress.tests.factories import InitiativeFactory
from sessions.models import Invitation, SignupRequest, WorkshopPreference
from sessions.services.answers import invitation_answer
from sessions.services.sending import invitations_queue_emails
from sessions.services.signups import signup_request_create
from sessions.tests.factories import InvitationFactory, SessionFactory, WorkshopFactory
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

NAME = "Marloes Jonker"
EMAIL = "Marloes.Jonker@WoonConcept.example"
TEXT_TYPES = {"CharField", "TextField", "EmailField", "JSONField", "SlugField", "URLField"}


def _hits(needles: list[str]) -> list[str]:
    """Every (table.column, needle) where a text value still contains a needle, any case."""
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            for field in meta.concrete_fields:
                if field.get_internal_type() not in TEXT_TYPES:
                    continue
                for needle in needles:
                    cursor.execute(
                        f'SELECT count(*) FROM "{meta.db_table}" WHERE "{field.column}"::text ILIKE %s',  # noqa: S608
                        [f"%{needle}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{meta.db_table}.{field.column}: {needle}")
    return found


def _mail_files_with(folder, needles) -> list[str]:
    return [
        path.name
        for path in folder.glob("*")
        if any(n.lower() in path.read_bytes().decode("utf-8", "replace").lower() for n in needles)
    ]


@pytest.fixture
def mail_folder(settings, tmp_path):
    """The file backend the embedded default uses, writing into a folder of this test."""
    settings.EMAIL_FILE_DIR = tmp_path
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    return tmp_path


@pytest.fixture
def everywhere(world, mail_folder):
    """The person in every place, as the portal's own services put them there."""
    contact = ContactFactory(name=NAME, email=EMAIL.lower())
    ContactFactory(name=NAME, email=EMAIL.upper(), organisation=OrganisationFactory())  # a second organisation
    session = SessionFactory(title="Sprintsessie Assen")
    workshop = WorkshopFactory(session=session)
    invitation = InvitationFactory(session=session, contact=contact, send_requested_at=timezone.now())
    invitations_queue_emails(session_id=session.pk)
    invitation_answer(invitation=invitation, accept=True, ranking=[workshop.pk])
    send_email.apply(args=[Invitation.objects.get(pk=invitation.pk).email_id])  # a mail file on disk
    signup_request_create(
        session=SessionFactory(invitation_only=True), name=NAME, email=EMAIL, motivation="Namens Woonconcept"
    )
    initiative = InitiativeFactory(contact_name=NAME, contact_email=EMAIL)
    initiative.collaboration_notes = f"Afspraken gemaakt met {NAME}."
    initiative.save()  # a second history row
    nameless = InitiativeFactory(contact_name=NAME, contact_email="")
    ProgressComment.objects.create(municipality=world.assen, body=f"Bellen met {NAME} over de wijk.")
    # She owns an agreed action: its link is mailed to her, and she sets its status under her name.
    action = AgreedActionFactory(municipality=world.assen, owner_contact=contact, description="Renovatieplanning delen")
    action_link_send(action=action)
    action_status_set(action=action, status="done", note=f"Gedeeld door {NAME}", contact_name=NAME)
    # A message to someone else that names her, and a portal account and failed login of hers.
    other, _ = email_queue(
        key="test:colleague",
        to_email="collega@example.org",
        template="password_reset",
        context={"user": {"full_name": f"{NAME} ({EMAIL})"}, "uid": "MQ", "token": "t"},
    )
    send_email.apply(args=[other.pk])
    user = UserFactory(email=EMAIL.lower(), full_name=NAME)
    if apps.is_installed("axes"):
        apps.get_model("axes", "AccessAttempt").objects.create(
            username=EMAIL, ip_address="10.0.0.1", user_agent="x", http_accept="*/*", path_info="/", get_data="",
            post_data="", failures_since_start=1,
        )  # fmt: skip
    enrolment = EnrolmentFactory(lab=LabFactory(), municipality=world.assen, colleagues=f"{NAME}, Piet de Vries")
    CaseUpdate.objects.create(enrolment=enrolment, author=world.users["officer_assen"], body=f"{NAME} sluit aan.")
    LogEntry.objects.create(
        user=world.users["programme_admin"], content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(contact.pk), object_repr=str(contact), action_flag=CHANGE, change_message="[]",
    )  # fmt: skip
    return {"contact": contact, "initiative": initiative, "nameless": nameless, "user": user, "enrolment": enrolment}


def test_the_fixture_really_puts_the_person_everywhere(everywhere, mail_folder):
    """Guard for the erasure test below: the search finds her in each place before erasure."""
    tables = {hit.split(".")[0] for hit in _hits([NAME, EMAIL])}
    expected = {
        "municipalities_contact",
        "sprints_signuprequest",
        "progress_initiative",
        "progress_historicalinitiative",
        "progress_progresscomment",
        "outcomes_agreedaction",
        "outcomes_historicalagreedaction",
        "mail_email",
        "accounts_user",
        "labs_enrolment",
        "labs_caseupdate",
        "django_admin_log",
    }
    assert expected <= tables, expected - tables
    # Two messages; the file backend may append both to one file when sent in the same second.
    assert _mail_files_with(mail_folder, [EMAIL]) and _mail_files_with(mail_folder, ["collega@example.org"])


def test_export_before_erasure_holds_every_kind(everywhere):
    data = person_export(email=EMAIL)
    for kind in (
        "contactpersonen",
        "uitnodigingen",
        "aanmeldverzoeken",
        "lokale initiatieven",
        "e-mails",
        "e-mailbestanden",
        "gebruikersaccount",
        "vermeldingen in Leer Lab-aanmeldingen",
        "vermeldingen in opmerkingen bij de voortgang",
        "vermeldingen bij afspraken uit sessies",
        "beheerlogboek",
    ):
        assert data.get(kind), kind
    assert len(data["contactpersonen"]) == 2
    assert data["uitnodigingen"][0]["workshopvoorkeuren"] == [f"1. {WorkshopPreference.objects.get().workshop.title}"]
    # The initiative now, its two history rows, and the one that names her without an address.
    assert len(data["lokale initiatieven"]) == 2 + 3
    text = json.dumps(data, ensure_ascii=False)
    assert "token" not in text.lower() and "/sessies/antwoord/" not in text  # no working link in an export
    assert "/afspraak/" not in text


def test_erasing_leaves_the_name_and_address_nowhere_in_the_database_or_the_mail_folder(
    client, world, everywhere, mail_folder
):
    client.force_login(world.users["programme_admin"])
    response = client.post(reverse("municipalities:contact_erase", args=[everywhere["contact"].pk]))
    assert response.status_code == 302

    assert _hits([NAME, EMAIL]) == []
    assert _mail_files_with(mail_folder, [NAME, EMAIL]) == []
    # What is not hers stays: the initiatives, the enrolment, the colleague's message and name.
    assert Initiative.objects.filter(pk=everywhere["initiative"].pk, contact_name="", contact_email="").exists()
    assert Initiative.objects.filter(pk=everywhere["nameless"].pk, contact_name="").exists()
    everywhere["enrolment"].refresh_from_db()
    assert everywhere["enrolment"].colleagues == "[gewist], Piet de Vries"
    assert Email.objects.get(key="test:colleague").to_email == "collega@example.org"
    assert not Invitation.objects.exists() and not WorkshopPreference.objects.exists()
    assert not SignupRequest.objects.exists() and not Contact.objects.filter(name=NAME).exists()
    user = everywhere["user"]
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()


def test_an_unsent_message_to_the_person_is_stopped(everywhere):
    from municipalities.services import contact_erase

    queued, _ = email_queue(key="test:later", to_email=EMAIL, template="password_reset",
                            context={"user": {"full_name": NAME}, "uid": "MQ", "token": "t"})  # fmt: skip
    counts = contact_erase(contact=everywhere["contact"])
    queued.refresh_from_db()
    assert queued.status == Email.Status.FAILED and queued.failure_reason.startswith("Niet verstuurd")
    assert counts["contactpersonen"] == 2 and counts["e-mailbestanden"] >= 1


def test_the_confirmation_page_says_what_will_be_erased(client, world, everywhere):
    client.force_login(world.users["programme_admin"])
    page = client.get(reverse("municipalities:contact_erase", args=[everywhere["contact"].pk])).text
    assert "Contactpersonen: 2" in page and "Gebruikersaccount: 1" in page and "Aanmeldverzoeken: 1" in page
    assert Contact.objects.filter(email__iexact=EMAIL).count() == 2  # nothing erased by looking


def test_erasing_scrubs_whole_names_only_and_ignores_names_typed_by_strangers(db, reference_data):
    """A name is erased as a whole word ("Jan" is not "januari" or "Jansen"), and a name someone
    typed beside the address in an unapproved sign-up request never decides what is scrubbed."""
    from heatportal.shredder import Person
    from sessions.models import SignupRequest
    from sessions.tests.factories import SessionFactory
    from tests.factories import ContactFactory

    person = Person(email="jan@example.org", names=frozenset({"Jan", "Assen"}))
    assert person.scrub("12 januari in Assen met Jansen en Jan") == "12 januari in [gewist] met Jansen en [gewist]"

    ContactFactory(name="Jan de Vries", email="jan.devries@example.org")
    session = SessionFactory(description="Met Gemeente Assen en Jan de Vries.")
    SignupRequest.objects.create(session=session, name="Gemeente Assen", email="JAN.devries@example.org")
    from heatportal.shredder import person_erase

    person_erase(email="jan.devries@example.org")
    session.refresh_from_db()
    assert session.description == "Met Gemeente Assen en [gewist]."
