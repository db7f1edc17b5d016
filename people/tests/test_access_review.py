import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from people import tasks
from people.access_requests import access_reviews_send, reviewed_roles
from people.models import AccessReview
from tests.factories import user_with_role

K = Role.Kind
JANUARY = dt.date(2027, 1, 4)


@pytest.mark.django_db
def test_review_goes_once_a_year_to_each_approver(world):
    sent = access_reviews_send(today=JANUARY)
    approvers = {"beheer@example.org", "drenthe@example.org", "nh@example.org", "regio@example.org"}
    assert sent == 4
    assert set(Email.objects.values_list("to_email", flat=True)) == approvers
    assert AccessReview.objects.filter(year=2027).count() == 4
    assert ActionLog.objects.filter(action=Action.ACCESS_REVIEW_SENT).count() == 4
    # Every later day of the year: nothing new.
    assert access_reviews_send(today=JANUARY + dt.timedelta(days=1)) == 0
    assert access_reviews_send(today=dt.date(2027, 6, 1)) == 0
    assert Email.objects.count() == 4
    # The next January: again.
    assert access_reviews_send(today=dt.date(2028, 1, 2)) == 4
    assert Email.objects.count() == 8


@pytest.mark.django_db
def test_review_is_sent_only_in_the_configured_month(world, settings):
    assert access_reviews_send(today=dt.date(2027, 3, 1)) == 0
    settings.ACCESS_REVIEW_MONTH = 3
    assert access_reviews_send(today=dt.date(2027, 3, 1)) == 4


@pytest.mark.django_db
def test_task_runs_the_service(world, settings):
    settings.ACCESS_REVIEW_MONTH = timezone.localdate().month
    assert tasks.send_access_reviews.apply().get() == 4
    assert tasks.send_access_reviews.apply().get() == 0


@pytest.mark.django_db
def test_review_lists_the_right_people(world):
    colleague = user_with_role(K.PROVINCIAL_STAFF, world.drenthe, email="collega@example.org")
    ended = user_with_role(K.MUNICIPAL_OFFICER, world.assen, email="oud@example.org")
    Role.objects.filter(user=ended).update(ends_on=JANUARY)
    access_reviews_send(today=JANUARY)
    drenthe = Email.objects.get(to_email="drenthe@example.org").body_text
    assert "assen@example.org" in drenthe and "collega@example.org" in drenthe
    assert "zaanstad@example.org" not in drenthe and "oud@example.org" not in drenthe
    assert "regio@example.org" not in drenthe and "adviseur@example.org" not in drenthe
    region = Email.objects.get(to_email="regio@example.org").body_text
    assert "assen@example.org" in region and "collega@example.org" not in region
    admin = Email.objects.get(to_email="beheer@example.org").body_text
    for address in ("drenthe@example.org", "nh@example.org", "regio@example.org", "adviseur@example.org"):
        assert address in admin
    assert "assen@example.org" not in admin
    assert reverse("people:access_review") in admin
    assert colleague.pk in set(reviewed_roles(world.users["staff_drenthe"]).values_list("user_id", flat=True))


@pytest.mark.django_db
def test_approver_without_people_gets_no_review(world):
    Role.objects.filter(user=world.users["officer_zaanstad"]).delete()  # Noord-Holland's only person
    assert access_reviews_send(today=JANUARY) == 3
    assert not Email.objects.filter(to_email="nh@example.org").exists()
    assert not AccessReview.objects.filter(reviewer=world.users["staff_nh"]).exists()


@pytest.mark.django_db
def test_confirming_the_review(world, client):
    staff = world.users["staff_drenthe"]
    client.force_login(staff)
    page = client.get(reverse("people:access_review"))
    assert "assen@example.org" in page.content.decode()
    response = client.post(reverse("people:access_review_confirm"))
    assert response.status_code == 302
    review = AccessReview.objects.get(reviewer=staff, year=timezone.localdate().year)
    assert review.confirmed_at is not None
    client.post(reverse("people:access_review_confirm"))
    assert ActionLog.objects.filter(action=Action.ACCESS_REVIEWED, actor=staff).count() == 1


@pytest.mark.django_db
def test_ending_a_role_from_the_review(world, client):
    staff = world.users["staff_drenthe"]
    role = Role.objects.get(user=world.users["officer_assen"])
    client.force_login(staff)
    response = client.post(reverse("people:access_review_role_end", kwargs={"pk": role.pk}))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.ends_on == timezone.localdate() and role.ended_by == staff
    assert not role.is_active()


@pytest.mark.parametrize("role_name", ["staff_nh", "programme_admin", "officer_zaanstad"])
@pytest.mark.django_db
def test_ending_a_role_outside_the_review_is_refused(world, client, role_name):
    role = Role.objects.get(user=world.users["officer_assen"])
    client.force_login(world.users[role_name])
    response = client.post(reverse("people:access_review_role_end", kwargs={"pk": role.pk}))
    assert response.status_code in (403, 404)
    role.refresh_from_db()
    assert role.ends_on is None


@pytest.mark.django_db
def test_review_page_query_count_does_not_grow_with_people(world, client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["staff_drenthe"])
    client.get(reverse("people:access_review"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("people:access_review"))
    for n in range(3):
        user_with_role(K.MUNICIPAL_OFFICER, world.assen, email=f"extra{n}@example.org")
    with django_assert_num_queries(len(before)):
        body = client.get(reverse("people:access_review")).content.decode()
    assert "extra2@example.org" in body
