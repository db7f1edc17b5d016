"""Queueing a session's invitations: a few queries per chunk however many, and each message
exactly what rendering it for that invitee on its own gives."""

import math
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heatportal.mail.merge import MailMerge
from heatportal.mail.models import Email
from heatportal.mail.services import render_email
from municipalities.models import Contact
from sessions.models import Invitation
from sessions.services._mail import invitee_context
from sessions.services.sending import QUEUE_CHUNK, invitations_queue_emails
from sessions.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

# Names a merge could get wrong: markup, quotes, a comma, accents, an apostrophe.
NAMES = ["Jansen & Zn", "<b>Vet</b>", 'Piet "de Kaas" Jansen', "Wit, Anne", "Zoë d'Heripon", "Sjoerd Ûlestra"]


def _requested(session, names):
    contacts = Contact.objects.bulk_create(
        Contact(name=name, email=f"genodigde{i}@example.org") for i, name in enumerate(names)
    )
    now = timezone.now()
    invitations = [Invitation(session=session, contact=c, send_requested_at=now) for c in contacts]
    return Invitation.objects.bulk_create(invitations)


def test_queueing_costs_the_same_few_queries_per_chunk_whatever_its_size(planned, django_capture_on_commit_callbacks):
    WorkshopFactory(session=planned)
    n = QUEUE_CHUNK * 2 + 50
    _requested(planned, [f"Genodigde {i}" for i in range(n)])
    with django_capture_on_commit_callbacks() as callbacks, CaptureQueriesContext(connection) as queries:
        assert invitations_queue_emails(session_id=planned.pk) == n

    chunks = math.ceil(n / QUEUE_CHUNK)
    # Once: the session, its days, its workshops, its programme, and the last (empty) look for more. Per chunk:
    # the invitations with their contacts, the keys already queued, one insert, their ids, one
    # update linking the invitations, and two savepoints (here, inside the test's transaction).
    assert len(queries) == 5 + chunks * 9
    assert Email.objects.count() == n
    assert not planned.invitations.filter(email__isnull=True).exists()
    assert len(callbacks) == math.ceil(n / 100)  # the batches of EMAIL_BATCH_SIZE for the broker


@pytest.fixture
def signing_clock_still():
    """Answer links are signed with the current second; held still, a second ticking over
    between queueing and re-rendering cannot make the same link look different."""
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=signing.b62_encode(1_800_000_000)):
        yield


def test_every_invitation_is_what_rendering_it_alone_gives(planned, signing_clock_still):
    WorkshopFactory(session=planned)
    WorkshopFactory(session=planned)
    invitations_queue_emails(session_id=planned.pk)  # nothing requested yet: nothing queued
    invitations = _requested(planned, NAMES)
    invitations_queue_emails(session_id=planned.pk)

    context = {"workshops": list(planned.workshops.all())}
    for invitation in Invitation.objects.filter(pk__in=[i.pk for i in invitations]).select_related("email", "contact"):
        full = render_email(template="sessions_invitation", context={**invitee_context(invitation, planned), **context})
        assert (invitation.email.subject, invitation.email.body_text, invitation.email.body_html) == full
        assert invitation.email.to_name == invitation.contact.name
        assert [a["filename"] for a in invitation.email.attachments] == ["sessie.ics"]


def test_names_read_as_written_in_the_text_and_escaped_in_the_html(planned):
    [invitation] = _requested(planned, ["Jansen & <Zn>"])
    invitations_queue_emails(session_id=planned.pk)
    email = Email.objects.get(pk=Invitation.objects.get(pk=invitation.pk).email_id)
    assert email.body_text.startswith("Beste Jansen & <Zn>,")
    assert "Beste Jansen &amp; &lt;Zn&gt;," in email.body_html
    assert "&amp;" not in email.body_text


def test_when_the_merge_does_not_match_every_invitee_is_rendered_in_full(planned, caplog, signing_clock_still):
    invitations = _requested(planned, NAMES[:3])
    with mock.patch.object(MailMerge, "matches", return_value=False):
        invitations_queue_emails(session_id=planned.pk)
    assert "does not match its full rendering" in caplog.text
    for invitation in Invitation.objects.filter(pk__in=[i.pk for i in invitations]).select_related("email"):
        context = {**invitee_context(invitation, planned), "workshops": []}
        expected = render_email(template="sessions_invitation", context=context)
        assert (invitation.email.subject, invitation.email.body_text, invitation.email.body_html) == expected


def test_the_merge_check_catches_a_copy_that_differs_from_its_full_rendering(planned):
    [invitation] = _requested(planned, ["Anne Wit"])
    context = {**invitee_context(invitation, planned), "workshops": []}
    merge = MailMerge(template="sessions_invitation", context=context, placeholders={"name": "Anne"})
    assert merge.matches(values={"name": "Anne"}, context=context)
    assert not merge.matches(values={"name": "Bea"}, context=context)  # "Bea Wit" is not "Anne Wit"


def test_a_second_run_queues_nothing_twice(planned):
    _requested(planned, NAMES[:2])
    assert invitations_queue_emails(session_id=planned.pk) == 2
    Invitation.objects.update(email=None)  # as if the linking had been lost: the keys still hold
    assert invitations_queue_emails(session_id=planned.pk) == 2
    assert Email.objects.count() == 2
    assert Invitation.objects.filter(email__isnull=False).count() == 2
