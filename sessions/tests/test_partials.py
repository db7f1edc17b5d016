"""A partial is a view: it checks permission itself and builds only its own context."""

import pytest
from django.urls import reverse

from sessions.tests.conftest import invite_sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(planned):
    return invite_sent(planned, 2)


# Every htmx variant that shows invitees: the old ?deel=, the table swapped in place by its filters
# and page links (HX-Target on the page's URL), a filtered page of it, and the sending poll.
INVITEE_VARIANTS = [
    ("sessions:detail", "?deel=invitations", {}),
    ("sessions:detail", "", {"HX-Target": "invitations"}),
    ("sessions:detail", "?antwoord=pending&q=example&pagina=1", {"HX-Target": "invitations"}),
    ("sessions:invitations", "", {}),
    ("sessions:invitations", "?bezorging=queued&soort=other&pagina=1", {}),
    ("sessions:invitations", "?sinds=2026-01-01T00:00:00%2B00:00&rijen={ids}", {}),
]


@pytest.mark.parametrize(("name", "query", "headers"), INVITEE_VARIANTS)
def test_an_officer_asking_htmx_for_the_invitations_is_refused(client, world, planned, invited, name, query, headers):
    client.force_login(world.users["officer_assen"])  # Assen takes part: may read the session
    url = reverse(name, args=[planned.pk]) + query.format(ids=",".join(str(inv.pk) for inv in invited))
    response = client.get(url, headers={"HX-Request": "true", **headers})
    assert response.status_code == 403, url
    body = response.content.decode()
    assert all(invitation.contact.email not in body for invitation in invited)


@pytest.mark.parametrize(("name", "query", "headers"), INVITEE_VARIANTS)
def test_the_planner_gets_each_invitations_variant_alone(client, world, planned, invited, name, query, headers):
    client.force_login(world.users["staff_drenthe"])
    url = reverse(name, args=[planned.pk]) + query.format(ids=",".join(str(inv.pk) for inv in invited))
    response = client.get(url, headers={"HX-Request": "true", **headers})
    body = response.content.decode()
    assert response.status_code == 200, url
    assert body.lstrip().startswith(('<div id="invitations"', '<div id="invitations-progress"')), url
    assert "<html" not in body and "Programma" not in body


def test_the_officers_page_shows_counts_and_no_invitee(client, world, planned, invited):
    client.force_login(world.users["officer_assen"])
    response = client.get(reverse("sessions:detail", args=[planned.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 genodigden" in body
    assert all(inv.contact.email not in body and inv.contact.name not in body for inv in invited)
    assert "invitations" not in response.context or not response.context["invitations"]


def test_the_planner_gets_the_invitations_partial_alone(client, world, planned, invited):
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:invitations", args=[planned.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="invitations"')
    assert all(invitation.contact.email in body for invitation in invited)
    assert "<html" not in body and "Programma" not in body


def test_the_invitations_partial_without_htmx_leads_to_the_page(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:invitations", args=[planned.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("sessions:detail", args=[planned.pk]) + "#uitnodigingen")


def test_the_calendar_partial_builds_only_the_calendar(client, world, planned, django_assert_max_num_queries):
    client.force_login(world.users["staff_drenthe"])
    first = planned.days.order_by("date").first().date
    url = reverse("sessions:board") + f"?provincie=PV22&deel=calendar&maand={first:%Y-%m}"
    client.get(url, headers={"HX-Request": "true"})  # warm the session and permission caches
    # auth, second-factor device, province, the month's sessions and days; the board takes more
    with django_assert_max_num_queries(8):
        response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert planned.title in response.content.decode()
    assert "rows" not in response.context  # the board's municipality rows were not built
