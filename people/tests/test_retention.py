"""Access requests and portal invitations are anonymised exactly once they are past their period."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from heatportal.retention import retention_apply
from people.models import AccessRequest, PortalInvitation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)


def _at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _request(world, email, **kw):
    return AccessRequest.objects.create(
        full_name="Anna de Vries",
        email=email,
        organisation="Gemeente Assen",
        reason="Ik werk aan de warmtevisie",
        kind=Role.Kind.MUNICIPAL_OFFICER,
        municipality=world.assen,
        **kw,
    )


def test_decided_requests_past_the_period_are_anonymised_and_nothing_else(world, settings):
    settings.RETENTION_MONTHS = 24
    old = _request(world, "oud@example.org", status="rejected", decided_at=_at(dt.date(2024, 12, 1)))
    recent = _request(world, "recent@example.org", status="rejected", decided_at=_at(dt.date(2024, 12, 3)))
    pending = _request(world, "wacht@example.org", created_at=_at(dt.date(2026, 11, 1)))
    counts = retention_apply(today=TODAY)
    assert counts["people.access_requests"] == 1
    old.refresh_from_db(), recent.refresh_from_db(), pending.refresh_from_db()
    assert (old.full_name, old.organisation, old.email) == (
        "geanonimiseerd",
        "",
        f"anoniem-{old.pk}@geanonimiseerd.invalid",
    )
    assert old.status == "rejected" and old.municipality == world.assen
    assert recent.email == "recent@example.org" and recent.reason == "Ik werk aan de warmtevisie"
    assert pending.email == "wacht@example.org"
    assert retention_apply(today=TODAY)["people.access_requests"] == 0


def test_ended_invitations_past_the_period_lose_address_name_and_message(world, settings):
    settings.RETENTION_MONTHS = 24
    admin = world.users["programme_admin"]
    common = {"kind": Role.Kind.MUNICIPAL_OFFICER, "municipality": world.assen, "invited_by": admin}
    old = PortalInvitation.objects.create(
        email="oud@example.org",
        full_name="Oud",
        message="Welkom",
        status="withdrawn",
        decided_at=_at(dt.date(2024, 11, 30)),
        nonce="abc",
        **common,
    )
    young = PortalInvitation.objects.create(email="jong@example.org", full_name="Jong", **common)
    assert retention_apply(today=TODAY)["people.portal_invitations"] == 1
    old.refresh_from_db(), young.refresh_from_db()
    assert (old.full_name, old.message, old.nonce) == ("", "", "")
    assert old.email.endswith("@geanonimiseerd.invalid") and old.invited_by == admin
    assert young.email == "jong@example.org" and young.full_name == "Jong"
