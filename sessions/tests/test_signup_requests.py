"""Sign-up requests for invitation-only sessions enter the stakeholder register only when approved."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from heatportal.mail.models import Email
from municipalities.models import Contact
from sessions.models import SignupRequest
from sessions.services.answers import invitation_from_token
from sessions.services.signups import signup_request_create, signup_request_decide
from sessions.tests.conftest import invite_sent
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(planned):
    cache.clear()  # the form is rate limited per address
    planned.invitation_only = True
    planned.save()
    yield planned
    cache.clear()


def _ask(client, session, **data):
    values = {"name": "Krijn Korver", "email": "krijn@example.org", "organisation": "Gemeente", "motivation": "Leren"}
    return client.post(reverse("sessions:signup_request", kwargs={"pk": session.pk}), {**values, **data})


def test_a_request_is_stored_on_itself_and_not_in_the_register(client, closed):
    response = _ask(client, closed, email="Krijn@Example.org")
    assert response.status_code == 200 and "Verzoek ontvangen" in response.text
    signup = SignupRequest.objects.get()
    assert (signup.name, signup.email, signup.organisation_name, signup.motivation) == (
        "Krijn Korver",
        "krijn@example.org",
        "Gemeente",
        "Leren",
    )
    assert signup.contact is None
    assert not Contact.objects.filter(email__iexact="krijn@example.org").exists()


def test_a_rejected_request_never_touches_the_register(closed, world, django_capture_on_commit_callbacks):
    signup = signup_request_create(session=closed, name="Piet Prins", email="piet@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        signup_request_decide(signup=signup, approve=False, user=world.users["staff_drenthe"])
    assert not Contact.objects.filter(email="piet@example.org").exists()
    assert not closed.invitations.exists()
    assert [m.to for m in mail.outbox] == [["Piet Prins <piet@example.org>"]]
    assert "Beste Piet Prins" in mail.outbox[0].body


def test_approval_creates_the_contact_and_invites_it(client, closed, world, django_capture_on_commit_callbacks):
    _ask(client, closed)
    signup = SignupRequest.objects.get()
    client.force_login(world.users["staff_drenthe"])
    decide = reverse("sessions:signup_decide", kwargs={"pk": closed.pk, "request_pk": signup.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"besluit": "goedkeuren"})
    signup.refresh_from_db()
    contact = Contact.objects.get(email="krijn@example.org")
    assert contact.name == "Krijn Korver" and signup.contact == contact
    assert signup.status == SignupRequest.Status.APPROVED
    assert closed.invitations.get().contact == contact
    assert [m.to for m in mail.outbox] == [["Krijn Korver <krijn@example.org>"]]


def test_approval_reuses_a_contact_already_in_the_register(closed, world):
    known = ContactFactory(name="Krijn K.", email="krijn@example.org")
    signup = signup_request_create(session=closed, name="Krijn Korver", email="KRIJN@example.org")
    signup_request_decide(signup=signup, approve=True, user=world.users["staff_drenthe"])
    assert Contact.objects.filter(email__iexact="krijn@example.org").count() == 1
    assert closed.invitations.get().contact == known


def test_asking_twice_is_one_request_with_the_latest_text_and_the_same_page(client, closed):
    first = _ask(client, closed, motivation="Eerst")
    second = _ask(client, closed, email="KRIJN@example.org", organisation="Provincie", motivation="Later")
    signup = SignupRequest.objects.get()
    assert (signup.organisation_name, signup.motivation) == ("Provincie", "Later")
    assert first.status_code == second.status_code == 200
    assert "Verzoek ontvangen" in second.text
    assert _body(first) == _body(second)


def test_a_decided_request_does_not_swallow_a_new_one(closed, world):
    signup = signup_request_create(session=closed, name="Piet", email="piet@example.org")
    signup_request_decide(signup=signup, approve=False, user=world.users["staff_drenthe"])
    again = signup_request_create(session=closed, name="Piet", email="piet@example.org", motivation="Toch")
    assert again.pk != signup.pk and again.status == SignupRequest.Status.PENDING


def _body(response) -> str:
    """The page without its per-request CSRF tokens (form field and htmx header)."""
    import re

    return re.sub(r"[A-Za-z0-9]{64}", "", response.text)


def test_an_invitee_asking_sees_the_same_page_and_gets_their_link_by_mail(client, closed):
    (invitation,) = invite_sent(closed)
    mail.outbox.clear()
    unknown = _ask(client, closed, email="iemand-anders@example.org")
    invited = _ask(client, closed, email=invitation.contact.email.upper())
    assert _body(invited) == _body(unknown)  # nothing on the page tells the two apart
    assert not SignupRequest.objects.filter(email__iexact=invitation.contact.email).exists()
    notice = Email.objects.get(key__contains="already-invited")
    assert notice.to_email == invitation.contact.email
    assert "al op de uitnodigingslijst" in notice.subject
    # The link carries a signing timestamp, so compare what it opens, not its exact text.
    import re

    (token,) = re.findall(r"/sessies/antwoord/([^/\s]+)/", notice.body_text)
    assert invitation_from_token(token).pk == invitation.pk
    _ask(client, closed, email=invitation.contact.email)
    assert Email.objects.filter(key__contains="already-invited").count() == 1  # once a day at most


def test_an_invitee_not_yet_sent_gets_no_link_yet(closed):
    invitation = closed.invitations.create(contact=ContactFactory())
    assert signup_request_create(session=closed, name="X", email=invitation.contact.email) is None
    notice = Email.objects.get(key__contains="already-invited")
    assert "/sessies/antwoord/" not in notice.body_text
    assert "volgt per e-mail" in notice.body_text


def test_the_session_page_lists_requests_with_what_was_typed(client, closed, world):
    signup_request_create(
        session=closed, name="Marit Mulder", email="marit@example.org", organisation_name="Acantus", motivation="Graag"
    )
    client.force_login(world.users["staff_drenthe"])
    page = client.get(reverse("sessions:detail", kwargs={"pk": closed.pk})).text
    section = page[page.index('id="verzoeken"') :]
    assert "Marit Mulder" in section and "marit@example.org" in section and "Acantus" in section
    assert "Keur Marit Mulder goed" in section


def test_the_session_page_offers_the_request_link_only_while_the_session_takes_requests(client, closed, world):
    client.force_login(world.users["staff_drenthe"])
    link = reverse("sessions:signup_request", kwargs={"pk": closed.pk})
    page = client.get(reverse("sessions:detail", kwargs={"pk": closed.pk})).text
    assert f'href="{link}"' in page and client.get(link).status_code == 200

    closed.status = type(closed).Status.HELD  # held: the request page is gone, so is the link to it
    closed.save()
    page = client.get(reverse("sessions:detail", kwargs={"pk": closed.pk})).text
    assert f'href="{link}"' not in page and "Alleen op uitnodiging." in page
    assert client.get(link).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_migration_copies_the_person_and_merges_pending_duplicates(reference_data):
    executor = MigrationExecutor(connection)
    executor.migrate([("sprints", "0003_verbose_names")])
    old = executor.loader.project_state([("sprints", "0003_verbose_names")]).apps
    contact = old.get_model("municipalities", "Contact").objects.create(name="Oud Verzoek", email="Oud@Example.org")
    session = old.get_model("sprints", "Session").objects.create(title="Oud", invitation_only=True)
    Request = old.get_model("sprints", "SignupRequest")
    Request.objects.create(session=session, contact=contact, motivation="eerste")
    Request.objects.create(session=session, contact=contact, motivation="tweede")
    Request.objects.create(session=session, contact=contact, motivation="besloten", status="rejected")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = SignupRequest.objects.order_by("status")
    assert [(r.status, r.name, r.email) for r in rows] == [
        ("pending", "Oud Verzoek", "oud@example.org"),
        ("rejected", "Oud Verzoek", "oud@example.org"),
    ]
    assert "eerste" in rows[0].motivation and "tweede" in rows[0].motivation
