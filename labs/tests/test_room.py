"""The lab page stays the same size however long a lab runs: each case shows its latest
updates with a link to all of them (paged), and the meetings around today with a link to all."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from labs.models import CaseUpdate, Enrolment
from labs.selectors import MEETINGS_AHEAD_SHOWN, MEETINGS_PAST_SHOWN, UPDATES_SHOWN
from labs.tests.factories import EnrolmentFactory, LabFactory, LabMeetingFactory
from labs.views import PAGE_SIZE
from tests.factories import municipality

pytestmark = pytest.mark.django_db
NH = ["GM0361", "GM0392", "GM0405", "GM0394"]


def _updates(enrolment, n, author):
    """N updates an hour apart, the newest "Stap N"; created_at is set as the stream shows it."""
    rows = CaseUpdate.objects.bulk_create(
        CaseUpdate(enrolment=enrolment, author=author, body=f"Stap {i}") for i in range(1, n + 1)
    )
    start = timezone.now() - datetime.timedelta(days=30)
    for i, row in enumerate(rows):
        CaseUpdate.objects.filter(pk=row.pk).update(created_at=start + datetime.timedelta(hours=i))
    return rows


def _lab_with_case(world):
    lab = LabFactory(advisers=[world.users["adviser"]])
    case = EnrolmentFactory(lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"])
    return lab, case


def test_room_shows_the_latest_updates_of_a_case_and_links_to_all(client, world):
    lab, case = _lab_with_case(world)
    _updates(case, UPDATES_SHOWN + 3, world.users["officer_zaanstad"])
    client.force_login(world.users["officer_zaanstad"])
    html = client.get(reverse("labs:room", kwargs={"pk": lab.pk})).content.decode()
    shown = [f"<p>Stap {i}</p>" in html for i in range(1, UPDATES_SHOWN + 4)]
    assert shown == [False] * 3 + [True] * UPDATES_SHOWN  # the newest five
    link = reverse("labs:case_updates", kwargs={"pk": case.pk})
    assert f'<a href="{link}">Alle {UPDATES_SHOWN + 3} berichten over de case van Zaanstad</a>' in html


def test_no_link_to_all_updates_when_the_room_shows_them_all(client, world):
    lab, case = _lab_with_case(world)
    _updates(case, UPDATES_SHOWN, world.users["officer_zaanstad"])
    client.force_login(world.users["officer_zaanstad"])
    html = client.get(reverse("labs:room", kwargs={"pk": lab.pk})).content.decode()
    assert html.count('<div lang="nl"><p>Stap') == UPDATES_SHOWN
    assert reverse("labs:case_updates", kwargs={"pk": case.pk}) not in html


def test_all_updates_of_a_case_are_paged_newest_first(client, world):
    lab, case = _lab_with_case(world)
    _updates(case, PAGE_SIZE + 2, world.users["officer_zaanstad"])
    client.force_login(world.users["adviser"])
    url = reverse("labs:case_updates", kwargs={"pk": case.pk})
    first = client.get(url)
    assert [u.body for u in first.context["page"]] == [f"Stap {i}" for i in range(PAGE_SIZE + 2, 2, -1)]
    assert 'rel="next" href="?pagina=2"' in first.content.decode()
    assert [u.body for u in client.get(url, {"pagina": "2"}).context["page"]] == ["Stap 2", "Stap 1"]
    for page in ("x", "0", "999", "1e9"):
        assert client.get(url, {"pagina": page}).status_code == 200


def test_room_shows_meetings_around_today_and_links_to_all(client, world):
    lab, _case = _lab_with_case(world)
    now = timezone.now()
    for days in range(-6, 14):  # 6 held, 14 ahead (one of them today)
        LabMeetingFactory(lab=lab, topic=f"Dag {days}", starts_at=now + datetime.timedelta(days=days, minutes=1))
    client.force_login(world.users["officer_zaanstad"])
    response = client.get(reverse("labs:room", kwargs={"pk": lab.pk}))
    topics = [m.topic for m in response.context["meetings"]]
    ahead = [f"Dag {d}" for d in range(0, MEETINGS_AHEAD_SHOWN)]
    assert topics == [f"Dag {d}" for d in range(-MEETINGS_PAST_SHOWN, 0)] + ahead
    assert reverse("labs:meetings", kwargs={"pk": lab.pk}) in response.content.decode()

    page = client.get(reverse("labs:meetings", kwargs={"pk": lab.pk})).context["page"]
    assert page.paginator.count == 20 and [m.topic for m in page][:2] == ["Dag -6", "Dag -5"]


def test_no_link_to_all_meetings_when_the_room_shows_them_all(client, world):
    lab, _case = _lab_with_case(world)
    LabMeetingFactory(lab=lab, topic="Aftrap")
    client.force_login(world.users["officer_zaanstad"])
    response = client.get(reverse("labs:room", kwargs={"pk": lab.pk}))
    assert [m.topic for m in response.context["meetings"]] == ["Aftrap"]
    assert reverse("labs:meetings", kwargs={"pk": lab.pk}) not in response.content.decode()


def test_a_case_without_a_place_is_not_shown_to_the_room(client, world):
    lab, _case = _lab_with_case(world)
    waiting = EnrolmentFactory(lab=lab, municipality=municipality(NH[0]), status=Enrolment.Status.WAITING)
    client.force_login(world.users["officer_zaanstad"])
    assert client.get(reverse("labs:case_updates", kwargs={"pk": waiting.pk})).status_code == 404


def _grow(lab, world, codes):
    for code in codes:
        enrolment = EnrolmentFactory(lab=lab, municipality=municipality(code))
        _updates(enrolment, 30, world.users["adviser"])
    for days in range(-40, 40, 2):
        LabMeetingFactory(lab=lab, starts_at=timezone.now() + datetime.timedelta(days=days))


@pytest.mark.parametrize("role", ["officer_zaanstad", "adviser", "staff_nh"])
def test_room_query_count_is_flat_in_cases_updates_and_meetings(client, world, django_assert_num_queries, role):
    lab, case = _lab_with_case(world)
    client.force_login(world.users[role])
    url = reverse("labs:room", kwargs={"pk": lab.pk})
    client.get(url)  # warm the session
    with django_assert_num_queries(15, exact=False) as small:
        client.get(url)
    _grow(lab, world, NH)
    _updates(case, 30, world.users["officer_zaanstad"])
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<time datetime=") == 5 * UPDATES_SHOWN


def test_paged_pages_query_count_is_flat(client, world, django_assert_num_queries):
    lab, case = _lab_with_case(world)
    _updates(case, 2, world.users["adviser"])
    LabMeetingFactory(lab=lab)
    client.force_login(world.users["adviser"])
    urls = [reverse("labs:case_updates", kwargs={"pk": case.pk}), reverse("labs:meetings", kwargs={"pk": lab.pk})]
    counts = []
    for url in urls:
        client.get(url)
        with django_assert_num_queries(15, exact=False) as captured:
            client.get(url, {"pagina": "2"})  # out of range: the last page
        counts.append(len(captured.captured_queries))
    _grow(lab, world, NH[:1])
    _updates(case, 3 * PAGE_SIZE, world.users["adviser"])
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            client.get(url, {"pagina": "2"})


@pytest.mark.parametrize("role", ["anonymous", "officer_zaanstad", "staff_nh"])
def test_lab_public_page_query_count_is_flat_in_enrolments_and_labs(client, world, django_assert_num_queries, role):
    lab, _case = _lab_with_case(world)
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse("labs:detail", kwargs={"pk": lab.pk})
    client.get(url)
    with django_assert_num_queries(15, exact=False) as small:
        client.get(url)
    _grow(lab, world, NH)
    for _ in range(20):
        EnrolmentFactory(lab=LabFactory(), municipality=world.zaanstad)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
