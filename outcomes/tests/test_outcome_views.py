"""Recording, changing and removing a session's outcomes through its pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from heatportal.audit.models import Action, ActionLog
from outcomes.models import AgreedAction, LinkingOpportunity, WijkDirection
from outcomes.tests.factories import AgreedActionFactory, LinkingOpportunityFactory, held_session
from sessions.models import Session
from tests.factories import OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


def _add(client, session, kind, data):
    return client.post(reverse("outcomes:add", args=[session.pk, kind]), data)


def _data(kind, m, **extra):
    base = {
        "koppelkans": {
            "municipality": m.pk,
            "description": "Rioolvervanging",
            "neighbourhood_name": "Lariks",
            "from_year": "2028",
            "status": "idea",
        },
        "afspraak": {
            "municipality": m.pk,
            "description": "Warmtekansenkaart delen",
            "due_on": "2027-03-01",
            "status": "open",
        },
        "richting": {
            "municipality": m.pk,
            "neighbourhood_name": "Lariks",
            "alternative": "heat_network",
            "insulation_first": "on",
            "notes": "",
        },
    }[kind]
    return {**base, **extra}


def test_organiser_records_all_kinds_for_both_municipalities(client, world):
    session = held_session()
    client.force_login(world.users["staff_drenthe"])
    corporation = OrganisationFactory(name="Woonservice Drenthe")
    for code in ("GM0106", "GM1731"):
        m = municipality(code)
        kans = _data("koppelkans", m, organisation=corporation.pk)
        assert _add(client, session, "koppelkans", kans).status_code == 302
        assert _add(client, session, "afspraak", _data("afspraak", m)).status_code == 302
        assert _add(client, session, "richting", _data("richting", m)).status_code == 302
    for model in (LinkingOpportunity, AgreedAction, WijkDirection):
        assert set(model.objects.filter(session=session).values_list("municipality__cbs_code", flat=True)) == {
            "GM0106",
            "GM1731",
        }
    kans = LinkingOpportunity.objects.get(municipality__cbs_code="GM0106")
    assert (kans.organisation, kans.from_year, kans.created_by) == (corporation, 2028, world.users["staff_drenthe"])
    assert kans.history.first().history_user == world.users["staff_drenthe"]
    assert AgreedAction.objects.first().owner_organisation is None  # the municipality itself
    assert WijkDirection.objects.first().insulation_first is True
    assert ActionLog.objects.filter(action=Action.OUTCOME_RECORDED).count() == 6
    page = client.get(reverse("outcomes:session", args=[session.pk]))
    html = page.content.decode()
    assert "Koppelkansen voor Assen" in html and "Afspraken voor Midden-Drenthe" in html
    assert "Woonservice Drenthe" in html and "1 maart 2027" in html


def test_officer_records_only_for_own_municipality(client, world):
    session = held_session()
    client.force_login(world.users["officer_assen"])
    assert _add(client, session, "koppelkans", _data("koppelkans", world.assen)).status_code == 302
    response = _add(client, session, "koppelkans", _data("koppelkans", municipality("GM1731")))
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert list(LinkingOpportunity.objects.values_list("municipality__cbs_code", flat=True)) == ["GM0106"]
    other = LinkingOpportunityFactory(session=session, municipality=municipality("GM1731"))
    edit = reverse("outcomes:edit", args=[session.pk, "koppelkans", other.pk])
    assert client.get(edit).status_code == 403
    assert client.post(reverse("outcomes:remove", args=[session.pk, "koppelkans", other.pk])).status_code == 403
    assert LinkingOpportunity.objects.filter(pk=other.pk).exists()
    html = client.get(reverse("outcomes:session", args=[session.pk])).content.decode()
    assert html.count(">Toevoegen<") == 3  # Assen's three kinds, not Midden-Drenthe's


def test_outsider_is_refused(client, world):
    session = held_session()
    kans = LinkingOpportunityFactory(session=session)
    client.force_login(world.users["officer_zaanstad"])
    assert client.get(reverse("outcomes:session", args=[session.pk])).status_code in (403, 404)
    assert _add(client, session, "koppelkans", _data("koppelkans", world.assen)).status_code in (403, 404)
    edit = reverse("outcomes:edit", args=[session.pk, "koppelkans", kans.pk])
    assert client.post(edit, _data("koppelkans", world.assen)).status_code in (403, 404)
    assert not ActionLog.objects.filter(action__startswith="outcome.").exists()
    client.logout()
    assert client.get(reverse("outcomes:session", args=[session.pk])).status_code == 302  # to the login


def test_not_yet_held_session_refuses_recording(client, world):
    session = held_session(status=Session.Status.SCHEDULED)
    session.days.update(date=timezone.localdate() + dt.timedelta(days=3))
    client.force_login(world.users["staff_drenthe"])
    response = _add(client, session, "koppelkans", _data("koppelkans", world.assen))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not LinkingOpportunity.objects.exists()


@pytest.mark.parametrize(
    ("kind", "factory_"),
    [("koppelkans", LinkingOpportunityFactory), ("afspraak", AgreedActionFactory)],
)
def test_edit_round_trip_changes_nothing(client, world, kind, factory_):
    session = held_session()
    row = factory_(session=session, municipality=world.assen)
    history = row.history.count()
    client.force_login(world.users["staff_drenthe"])
    url = reverse("outcomes:edit", args=[session.pk, kind, row.pk])
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        # What the browser sends back: the date as the widget shows it.
        data[name] = field.widget.format_value(value) if name == "due_on" else value
    assert client.post(url, data).status_code == 302
    assert row.history.count() == history
    assert not ActionLog.objects.filter(action=Action.OUTCOME_CHANGED).exists()


def test_edit_changes_and_audits(client, world):
    session = held_session()
    kans = LinkingOpportunityFactory(session=session, municipality=world.assen)
    client.force_login(world.users["officer_assen"])
    url = reverse("outcomes:edit", args=[session.pk, "koppelkans", kans.pk])
    data = _data("koppelkans", world.assen, status="agreed", from_year="2030")
    assert client.post(url, data).status_code == 302
    kans.refresh_from_db()
    assert (kans.status, kans.from_year) == ("agreed", 2030)
    log = ActionLog.objects.get(action=Action.OUTCOME_CHANGED)
    assert log.changes["status"] == ["idea", "agreed"]


@pytest.mark.parametrize(
    ("kind", "bad", "field"),
    [
        ("koppelkans", {"description": "x" * 301}, "description"),
        ("koppelkans", {"from_year": "1850"}, "from_year"),
        ("koppelkans", {"from_year": "twintig"}, "from_year"),
        ("koppelkans", {"status": "bogus"}, "status"),
        ("afspraak", {"due_on": "2026-02-30"}, "due_on"),
        ("afspraak", {"due_on": "9999-01-01"}, "due_on"),
        ("afspraak", {"description": "regel\neinde"}, "description"),
        ("afspraak", {"owner_organisation": "999999"}, "owner_organisation"),
        ("richting", {"neighbourhood_name": ""}, "neighbourhood_name"),
        ("richting", {"municipality": "abc"}, "municipality"),
    ],
)
def test_hostile_input_gives_form_errors(client, world, kind, bad, field):
    session = held_session()
    client.force_login(world.users["staff_drenthe"])
    response = _add(client, session, kind, _data(kind, world.assen, **bad))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ActionLog.objects.filter(action=Action.OUTCOME_RECORDED).exists()


def test_remove_asks_then_removes_and_audits(client, world):
    session = held_session()
    action = AgreedActionFactory(session=session, municipality=world.assen, description="Subsidie aanvragen")
    client.force_login(world.users["staff_drenthe"])
    url = reverse("outcomes:remove", args=[session.pk, "afspraak", action.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Subsidie aanvragen" in confirm.content.decode()
    assert AgreedAction.objects.filter(pk=action.pk).exists()
    assert client.post(url).status_code == 302
    assert not AgreedAction.objects.filter(pk=action.pk).exists()
    log = ActionLog.objects.get(action=Action.OUTCOME_REMOVED)
    assert log.object_label == "Subsidie aanvragen" and log.actor == world.users["staff_drenthe"]


def test_row_of_another_session_is_404(client, world):
    session, other = held_session(), held_session()
    kans = LinkingOpportunityFactory(session=other, municipality=world.assen)
    client.force_login(world.users["staff_drenthe"])
    assert client.get(reverse("outcomes:edit", args=[session.pk, "koppelkans", kans.pk])).status_code == 404
    assert client.get(reverse("outcomes:edit", args=[session.pk, "onzin", kans.pk])).status_code == 404


def test_session_page_links_outcomes_once_held(client, world):
    session = held_session()
    client.force_login(world.users["officer_assen"])
    link = reverse("outcomes:session", args=[session.pk])
    assert link in client.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    Session.objects.filter(pk=session.pk).update(status=Session.Status.SCHEDULED)
    assert link not in client.get(reverse("sessions:detail", args=[session.pk])).content.decode()
