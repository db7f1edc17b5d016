import datetime as dt

import pytest
from django.urls import reverse

from sessions.forms.days import DayForm
from sessions.models import MunicipalityPlan, Session
from sessions.services.planning import DayData, public_holidays, session_save, session_warnings
from sessions.tests.conftest import dated
from sessions.tests.factories import SessionDayFactory, SessionFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db

NINE, FIVE = dt.time(9), dt.time(17)


def _next_weekday(start: dt.date, weekday: int) -> dt.date:
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7 or 7)


def test_overlap_with_another_session_of_the_same_municipality_is_a_warning(planned, today):
    assen = municipality("GM0106")
    day = planned.days.first().date
    warnings = session_warnings(days=[DayData(day, NINE, FIVE)], municipality_ids=[assen.pk])
    assert any("Assen" in w and planned.title in w for w in warnings), warnings
    # The session itself, when edited, does not overlap with itself.
    assert not any(
        "Assen" in w
        for w in session_warnings(
            days=[DayData(day, NINE, FIVE)], municipality_ids=[assen.pk], exclude_session_id=planned.pk
        )
    )
    # Another municipality on that day: no overlap.
    emmen = municipality("GM0114")
    assert not any("Emmen" in w for w in session_warnings(days=[DayData(day, NINE, FIVE)], municipality_ids=[emmen.pk]))


def test_cancelled_sessions_do_not_count_as_overlap(planned):
    planned.status = Session.Status.CANCELLED
    planned.save()
    day = planned.days.first().date
    warnings = session_warnings(days=[DayData(day, NINE, FIVE)], municipality_ids=[municipality("GM0106").pk])
    assert not any("al in de sessie" in w for w in warnings)


def test_past_weekend_and_public_holiday_dates_are_warnings(reference_data, today):
    saturday = _next_weekday(today, 5)
    kings_day = dt.date(2027, 4, 27)  # a Tuesday
    past = today - dt.timedelta(days=3)
    warnings = session_warnings(
        days=[DayData(saturday, NINE, FIVE), DayData(kings_day, NINE, FIVE), DayData(past, NINE, FIVE)],
        municipality_ids=[],
    )
    text = " ".join(warnings)
    assert "weekend" in text
    assert "Koningsdag" in text
    assert "verleden" in text
    tuesday = _next_weekday(today + dt.timedelta(days=60), 1)
    if tuesday not in public_holidays(tuesday.year):
        assert session_warnings(days=[DayData(tuesday, NINE, FIVE)], municipality_ids=[]) == []


def test_holidays_from_the_package_warn_and_an_ordinary_tuesday_does_not():
    ascension = dt.date(2027, 5, 6)  # Thursday
    whit_monday = dt.date(2027, 5, 17)
    liberation_day = dt.date(2027, 5, 5)  # not a lustrum year: the package calls it optional
    tuesday = dt.date(2027, 5, 11)

    def holiday_warnings(day):
        # Only the holiday warning: a date gone by meanwhile also warns that it is in the past.
        warnings = session_warnings(days=[DayData(day, NINE, FIVE)], municipality_ids=[])
        return [w for w in warnings if "feestdag" in w]

    assert holiday_warnings(ascension) == ["06-05-2027 is een feestdag (Hemelvaartsdag)."]
    assert holiday_warnings(whit_monday) == ["17-05-2027 is een feestdag (Tweede pinksterdag)."]
    assert holiday_warnings(liberation_day) == ["05-05-2027 is een feestdag (Bevrijdingsdag)."]
    assert holiday_warnings(tuesday) == []


def test_end_before_start_is_refused():
    form = DayForm({"date": "2027-03-02", "start_time": "16:00", "end_time": "09:00"})
    assert not form.is_valid()
    assert "eindtijd" in str(form.errors["end_time"]).lower()


def test_session_without_days_is_to_be_scheduled_and_gets_dates_later(reference_data, drenthe, today):
    session = session_save(
        session=Session(title="Borger-Odoorn, Emmen, Coevorden", organiser_province=drenthe),
        days=[],
        municipality_ids=[municipality(c).pk for c in ("GM1681", "GM0114", "GM0109")],
    )
    assert session.status == Session.Status.TO_SCHEDULE
    assert session.municipalities.count() == 3
    later = today + dt.timedelta(days=40)
    session_save(
        session=session,
        days=[DayData(later, NINE, FIVE, venue="Gemeentehuis Emmen")],
        municipality_ids=[municipality("GM0114").pk],
    )
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    assert list(session.days.values_list("date", flat=True)) == [later]
    assert list(session.municipalities.values_list("cbs_code", flat=True)) == ["GM0114"]


def test_board_shows_every_municipality_with_its_state(client, world, planned):
    noordenveld = municipality("GM1699")
    MunicipalityPlan.objects.create(municipality=noordenveld, own_trajectory=True, note="Eigen proces")
    held = SessionFactory(
        status=Session.Status.HELD, organiser_province=world.drenthe, municipalities=[municipality("GM0119")]
    )
    SessionDayFactory(session=held, date=dt.date(2020, 6, 10))
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:board"))
    rows = {row.municipality.name: row.state_label for row in response.context["rows"]}
    assert len(rows) == 12  # every current Drenthe municipality
    assert rows["Assen"] == "Gepland"
    assert rows["Noordenveld"] == "Eigen traject"
    assert rows["Meppel"] == "Gehouden"
    assert rows["Emmen"] == "Nog geen sessie"
    # Filter on state (htmx partial).
    response = client.get(
        reverse("sessions:board"), {"status": "own"}, headers={"HX-Request": "true", "HX-Target": "board"}
    )
    assert [row.municipality.name for row in response.context["rows"]] == ["Noordenveld"]
    assert b"<html" not in response.content


def test_board_filter_is_in_the_url_and_the_url_renders_the_full_page(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    board = client.get(reverse("sessions:board")).content.decode()
    assert 'hx-push-url="true"' in board and 'hx-target="#board"' in board and "deel=rows" not in board

    url = reverse("sessions:board") + "?provincie=PV22&status=scheduled"
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "board"})
    text = partial.content.decode()
    assert '<div id="board">' in text and "<html" not in text
    assert "Assen" in text and "Noordenveld" not in text  # Noordenveld has no session
    assert "HX-Request" in partial["Vary"]

    full = client.get(url)  # loaded directly, or restored from history (not an htmx request)
    text = full.content.decode()
    assert "<html" in text and '<option value="scheduled" selected>' in text
    assert "Assen" in text and "Noordenveld" not in text


def test_board_and_pages_use_dutch_month_names(client, world, planned):
    dated(planned, dt.date(2030, 12, 3))
    client.force_login(world.users["staff_drenthe"])
    board = client.get(reverse("sessions:board")).content.decode()
    assert "3 dec 2030" in board and "di 3 dec 2030" in board and "Dec" not in board
    detail = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert "dinsdag 3 december 2030" in detail
    presence = client.get(reverse("sessions:presence", kwargs={"pk": planned.pk})).content.decode()
    assert "Handtekening 3 dec" in presence and "Dec" not in presence


def test_board_query_count_does_not_grow_with_sessions(client, world, planned, django_assert_num_queries, today):
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:board")
    client.get(url)  # warm the session/auth caches

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for code in ("GM0114", "GM0109", "GM1681", "GM1730"):
        extra = SessionFactory(organiser_province=world.drenthe, municipalities=[municipality(code)])
        SessionDayFactory(session=extra, date=today + dt.timedelta(days=3))
    assert count() == before
    with django_assert_num_queries(before):
        client.get(url)
    # session, user, roles, provinces, municipalities (with plans and states), current
    # participations, the shown sessions' days, a page of sessions (with its total) and their
    # participations, their counts, accepted seat types, calendar days, 2 x permissions (navigation).
    assert before == 15


def test_municipality_plan_is_edited_in_place_with_htmx(client, world):
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:municipality_plan", kwargs={"cbs_code": "GM1699"})
    response = client.get(url, headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b"Eigen traject" in response.content
    response = client.post(url, {"own_trajectory": "on", "note": "Loopt eigen proces"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Planning van Noordenveld opgeslagen." in body
    # The board's rows come along out-of-band, already showing the new state.
    assert 'id="board-rows" class="portal-table-wrap" hx-swap-oob="true"' in body
    assert "Eigen traject" in body and "Loopt eigen proces" in body
    plan = MunicipalityPlan.objects.get(municipality__cbs_code="GM1699")
    assert plan.own_trajectory and plan.updated_by == world.users["staff_drenthe"]


def test_staff_of_another_province_cannot_plan_a_drenthe_municipality(client, world):
    client.force_login(world.users["staff_nh"])
    response = client.post(
        reverse("sessions:municipality_plan", kwargs={"cbs_code": "GM1699"}), {"own_trajectory": "on"}
    )
    assert response.status_code == 403
    assert not MunicipalityPlan.objects.exists()


def test_create_form_warns_first_and_saves_after_confirmation(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    day = planned.days.first().date.isoformat()
    data = {
        "kind": "sprint",
        "title": "Tweede sessie Assen",
        "organiser_province": world.drenthe.pk,
        "municipalities": [world.assen.pk],
        "reminder_days_text": "7, 1",
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "0",
        "days-0-date": day,
        "days-0-start_time": "09:00",
        "days-0-end_time": "17:00",
    }
    url = reverse("sessions:create") + "?provincie=PV22"
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "al in de sessie" in response.content.decode()
    assert Session.objects.count() == 1
    response = client.post(url, {**data, "confirm": "on"}, headers={"HX-Request": "true"})
    created = Session.objects.exclude(pk=planned.pk).get()
    body = response.content.decode()
    assert "Sessie “Tweede sessie Assen” opgeslagen." in body
    assert reverse("sessions:detail", kwargs={"pk": created.pk}) in body
    assert 'id="board-sessions" class="portal-table-wrap" hx-swap-oob="true"' in body
    assert created.status == Session.Status.SCHEDULED and created.created_by == world.users["staff_drenthe"]
    assert created.reminder_days == [7, 1]


def test_other_municipalities_are_grouped_by_province(client, world):
    client.force_login(world.users["staff_drenthe"])
    body = client.get(reverse("sessions:create")).content.decode()
    select = body[
        body.index('name="other_municipalities"') : body.index("</select>", body.index("other_municipalities"))
    ]
    assert '<optgroup label="Noord-Holland">' in select and "Zaanstad" in select
    assert "Assen" not in select  # Drenthe's own are the checkboxes


def test_grouped_picker_still_saves_a_municipality_of_another_province(client, world, today):
    session = SessionFactory(organiser_province=world.drenthe, status=Session.Status.TO_SCHEDULE)
    SessionDayFactory(session=session, date=today + dt.timedelta(days=40))
    from municipalities.models import Province
    from sessions.forms.planning import SessionForm

    form = SessionForm(
        {
            "kind": "sprint",
            "title": "Over de grens",
            "organiser_province": world.drenthe.pk,
            "other_municipalities": [world.zaanstad.pk],
            "reminder_days_text": "7",
        },
        province=world.drenthe,
        provinces=Province.objects.filter(pk=world.drenthe.pk),
    )
    assert form.is_valid(), form.errors
    assert form.municipality_ids() == [world.zaanstad.pk]


def test_session_list_for_an_officer_shows_only_their_sessions(client, world, planned):
    other = SessionFactory(organiser_province=world.noord_holland, municipalities=[world.zaanstad])
    client.force_login(world.users["officer_assen"])
    response = client.get(reverse("sessions:list"))
    titles = [s.title for s in response.context["sessions"]]
    assert titles == [planned.title]
    assert other.title not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "text"),
    [
        ("programme_admin", "Alle sessies van het programma"),
        ("staff_drenthe", "uw provincie"),
        ("officer_assen", "waaraan uw gemeente deelneemt"),
    ],
)
def test_session_list_intro_fits_the_role(client, world, role, text):
    client.force_login(world.users[role])
    body = client.get(reverse("sessions:list")).content.decode()
    assert text in body
    if role != "officer_assen":
        assert "uw gemeente" not in body


def test_admin_pages_load(client, world, planned):
    client.force_login(world.users["programme_admin"])
    admin = world.users["programme_admin"]
    admin.is_superuser = True
    admin.save()
    for url in (
        "/admin/sprints/session/",
        f"/admin/sprints/session/{planned.pk}/change/",
        "/admin/sprints/invitation/",
    ):
        assert client.get(url).status_code == 200, url


def test_without_htmx_the_form_saves_and_goes_to_the_session(client, world, reference_data, today):
    client.force_login(world.users["staff_drenthe"])
    day = today + dt.timedelta(days=60)
    while day.weekday() >= 5 or day in public_holidays(day.year):
        day += dt.timedelta(days=1)
    response = client.post(
        reverse("sessions:create"),
        {
            "kind": "knowledge",
            "title": "Kennissessie",
            "organiser_province": world.drenthe.pk,
            "reminder_days_text": "",
            "days-TOTAL_FORMS": "1",
            "days-INITIAL_FORMS": "0",
            "days-0-date": day.isoformat(),
            "days-0-start_time": "19:30",
            "days-0-end_time": "21:30",
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sessions:detail", kwargs={"pk": session.pk})
    assert session.reminder_days == [] and session.kind == Session.Kind.KNOWLEDGE


def test_missing_seats_are_the_wanted_kinds_nobody_who_accepted_represents(client, world, planned):
    from sessions.selectors import missing_seats
    from sessions.tests.factories import InvitationFactory
    from tests.factories import ContactFactory, OrganisationFactory

    client.force_login(world.users["staff_drenthe"])
    midden = municipality("GM1731")
    client.post(
        reverse("sessions:seats", kwargs={"pk": planned.pk}),
        {f"m{world.assen.pk}": ["housing_corporation", "grid_operator"], f"m{midden.pk}": ["grid_operator"]},
    )
    actium = OrganisationFactory(type="housing_corporation", municipalities=[world.assen])
    enexis = OrganisationFactory(type="grid_operator", municipalities=[world.assen, midden])
    InvitationFactory(session=planned, contact=ContactFactory(organisation=actium), answer="accepted")
    InvitationFactory(session=planned, contact=ContactFactory(organisation=enexis), answer="declined")
    assert missing_seats(session=planned) == {world.assen.pk: ["Netbeheerder"], midden.pk: ["Netbeheerder"]}

    def board_sessions_table():
        body = client.get(reverse("sessions:board")).content.decode()
        return body.split('id="board-sessions"')[1].split("</table>")[0]

    assert "Netbeheerder" in board_sessions_table()
    InvitationFactory(session=planned, contact=ContactFactory(organisation=enexis), answer="accepted")
    assert missing_seats(session=planned) == {world.assen.pk: [], midden.pk: []}
    assert "Netbeheerder" not in board_sessions_table()
