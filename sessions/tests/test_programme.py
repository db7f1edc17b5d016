"""Programme items and workshops: added from the session page; a rejected one keeps its input."""

import pytest
from django.urls import reverse

from sessions.models import ProgrammeItem, Workshop

pytestmark = pytest.mark.django_db


def test_programme_item_is_added(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    response = client.post(
        reverse("sessions:programme_add", args=[planned.pk]),
        {
            "programme-day": str(planned.days.first().pk),
            "programme-start_time": "09:30",
            "programme-title": "Kennisdeling",
            "programme-speaker": "Krijn Korver",
            "programme-format": ProgrammeItem._meta.get_field("format").choices[0][0],
        },
    )
    assert response.status_code == 302
    assert ProgrammeItem.objects.get(session=planned).title == "Kennisdeling"


def test_programme_item_without_title_comes_back_with_what_was_typed(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    response = client.post(
        reverse("sessions:programme_add", args=[planned.pk]),
        {
            "programme-start_time": "09:30",
            "programme-title": "",
            "programme-speaker": "Krijn Korver",
            "programme-format": ProgrammeItem._meta.get_field("format").choices[0][0],
        },
    )
    assert response.status_code == 400
    assert 'value="Krijn Korver"' in response.text
    assert 'id="id_programme-title"' in response.text and 'aria-invalid="true"' in response.text
    assert '<details class="sessions-add" open>' in response.text
    assert not ProgrammeItem.objects.filter(session=planned).exists()


def test_workshop_with_a_bad_capacity_comes_back_with_what_was_typed(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    response = client.post(
        reverse("sessions:workshop_add", args=[planned.pk]),
        {"workshop-title": "Regionaal afwegingskader", "workshop-capacity": "0"},
    )
    assert response.status_code == 400
    assert 'value="Regionaal afwegingskader"' in response.text
    assert not Workshop.objects.filter(session=planned).exists()
