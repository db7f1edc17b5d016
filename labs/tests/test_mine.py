"""'Mijn Leer Labs' lists what is still going on, in a fixed number of queries however many labs
someone organises or advises; finished labs are one link away, in the catalogue."""

import pytest
from django.urls import reverse

from labs.models import Enrolment, Lab
from labs.tests.factories import EnrolmentFactory, LabFactory

pytestmark = pytest.mark.django_db


def _labs(world, n, status=Lab.Status.OPEN):
    adviser = world.users["adviser"]
    labs = [LabFactory(organiser_province=world.noord_holland, status=status, advisers=[adviser]) for _ in range(n)]
    for lab in labs:
        EnrolmentFactory(lab=lab, municipality=world.zaanstad)
    return labs


@pytest.mark.parametrize("role", ["programme_admin", "adviser", "staff_nh", "officer_zaanstad"])
def test_mine_leaves_finished_labs_out_and_its_queries_stay_flat(client, world, django_assert_num_queries, role):
    _labs(world, 2)
    client.force_login(world.users[role])
    url = reverse("labs:mine")
    client.get(url)
    with django_assert_num_queries(15, exact=False) as few:
        client.get(url)
    current = _labs(world, 6, Lab.Status.RUNNING)
    _labs(world, 8, Lab.Status.COMPLETED)
    _labs(world, 3, Lab.Status.CANCELLED)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    shown = {lab.pk for key in ("advised", "organised") for lab in response.context[key]}
    shown |= {e.lab_id for e in response.context["enrolments"]}
    assert len(shown) == 8 and {lab.pk for lab in current} <= shown
    assert not Lab.objects.filter(pk__in=shown, status__in=["completed", "cancelled"]).exists()
    assert f'href="{reverse("labs:catalogue")}?status=completed"' in html


def test_an_officer_still_sees_a_running_lab_and_a_waiting_place(client, world):
    running = LabFactory(title="Loopt nog", status=Lab.Status.RUNNING)
    EnrolmentFactory(lab=running, municipality=world.zaanstad)
    waiting = LabFactory(title="Vol")
    EnrolmentFactory(lab=waiting, municipality=world.zaanstad, status=Enrolment.Status.WAITING)
    done = LabFactory(title="Al afgerond", status=Lab.Status.COMPLETED)
    EnrolmentFactory(lab=done, municipality=world.zaanstad)
    client.force_login(world.users["officer_zaanstad"])
    html = client.get(reverse("labs:mine")).content.decode()
    assert "Loopt nog" in html and "Vol" in html and "Al afgerond" not in html
