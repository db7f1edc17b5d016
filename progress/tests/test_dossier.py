"""The dossier of a municipality: every kind of entry with its date, title and link, nothing of
another municipality, filters by kind and year, pages, a bounded number of queries, and the
names of people from the register only for who may see a session's invitees."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from labs.models import Enrolment, Lab
from labs.tests.factories import EnrolmentFactory, LabFactory
from outcomes.models import AgreedAction, SessionReview
from outcomes.tests.factories import AgreedActionFactory, LinkingOpportunityFactory, WijkDirectionFactory, held_session
from progress import services
from progress.selectors import dossier
from sessions.tests.factories import InvitationFactory
from tests.factories import ContactFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db

LAST_YEAR = dt.datetime(timezone.localdate().year - 1, 6, 15, 10, 0, tzinfo=timezone.get_current_timezone())


def _session_round(world, i: int):
    """A held session of Assen and Midden-Drenthe with who came and what it produced for both."""
    assen, officer = world.assen, world.users["officer_assen"]
    session = held_session()
    session.title = f"Sprintsessie Assen {i}"
    session.save()
    gemeente = OrganisationFactory(name=f"Gemeente Assen {i}", type="government", municipalities=[assen])
    InvitationFactory(
        session=session, contact=ContactFactory(name=f"Anna Jansen {i}", organisation=gemeente), attended=True
    )
    elsewhere = OrganisationFactory(name=f"Gemeente Midden-Drenthe {i}", municipalities=[municipality("GM1731")])
    InvitationFactory(
        session=session, contact=ContactFactory(name=f"Piet Elders {i}", organisation=elsewhere), attended=True
    )
    LinkingOpportunityFactory(session=session, municipality=assen, description=f"Rioolvervanging Lariks {i}")
    LinkingOpportunityFactory(session=session, municipality=municipality("GM1731"), description=f"Elders kans {i}")
    action = AgreedActionFactory(
        session=session, municipality=assen, description=f"Bewonersavond {i}", created_by=officer
    )
    action.status, action._history_user = AgreedAction.Status.DONE, officer
    action.save()
    WijkDirectionFactory(
        session=session,
        municipality=assen,
        neighbourhood_name=f"Pittelo {i}",
        alternative="heat_network",
        adopted_at=timezone.now(),
        adopted_by=officer,
    )
    SessionReview.objects.create(session=session, summary="Goede dag.", published_at=timezone.now())
    return session


def _lab_round(world, i: int):
    lab = LabFactory(
        title=f"Warmtenetten {i}",
        organiser_province=world.drenthe,
        status=Lab.Status.RUNNING,
        start_date=timezone.localdate() - dt.timedelta(days=3),
    )
    EnrolmentFactory(lab=lab, municipality=world.assen, enrolled_by=world.users["officer_assen"], case_title="Lariks")
    gone = LabFactory(title=f"Isoleren {i}", organiser_province=world.drenthe)
    EnrolmentFactory(lab=gone, municipality=world.assen, status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(lab=gone, municipality=world.zaanstad, case_title="Zaanstad case")


def _dossier(world, rounds: int = 1, start: int = 0):
    officer, coordinator = world.users["officer_assen"], world.users["coordinator_drenthe"]
    for i in range(start, start + rounds):
        _session_round(world, i)
        _lab_round(world, i)
        services.comment_add(municipality=world.assen, user=coordinator, body=f"Goed bezig {i}")
        services.neighbourhood_save(municipality=world.assen, user=officer, values={"name": f"Wijk {i}"})
    values = {
        "vision_status": "adopted",
        "vision_adopted_on": dt.date(2021, 5, 19),
        "vision_url": "https://assen.nl/tvw.pdf",
        "vision_decision_url": "https://assen.raadsinformatie.nl/besluit",
    }
    services.progress_update(municipality=world.assen, user=officer, values=values)
    services.progress_flag(municipality=world.assen, user=coordinator, flagged=True, reason="Planning loopt uit")
    services.comment_add(municipality=world.zaanstad, user=world.users["programme_admin"], body="Zaanstad opmerking")


def _all(world, user, **filters) -> list:
    page = dossier.dossier_entries(world.assen, user, size=500, **filters)
    return page.object_list


def _titles(entries) -> list[str]:
    return [e.title for e in entries]


def test_every_kind_appears_with_its_date_title_and_link(world):
    _dossier(world)
    entries = _all(world, world.users["programme_admin"])
    by_title = {e.title: e for e in entries}
    session = by_title["Sprintsessie Assen 0"]  # the kind is not said twice
    assert session.kind == "sessies" and session.dated
    assert timezone.localtime(session.when).date() == timezone.localdate() - dt.timedelta(days=7)
    assert session.link.startswith("/sessies/") and "Gehouden, 1 aanwezige uit de gemeente" in session.detail
    assert session.lines == ["Anna Jansen 0 (Gemeente Assen 0)"]  # not Piet from Midden-Drenthe
    assert by_title["Aangemeld voor Leer Lab Warmtenetten 0"].actor == world.users["officer_assen"].full_name
    started = by_title["Leer Lab Warmtenetten 0 gestart"]
    assert timezone.localtime(started.when).date() == timezone.localdate() - dt.timedelta(days=3)
    assert started.link == reverse("labs:detail", args=[Lab.objects.get(title="Warmtenetten 0").pk])
    assert by_title["Leer Lab Isoleren 0: Afgemeld"].kind == "leerlabs"
    kans = by_title["Koppelkans: Rioolvervanging Lariks 0"]
    assert kans.kind == "uitkomsten" and kans.link.endswith("/uitkomsten/")
    assert "Uit Sprintsessie Assen 0" in kans.detail
    assert "Afspraak: Bewonersavond 0" in by_title
    assert by_title["Afspraak Bewonersavond 0: Open → Gedaan"].actor == world.users["officer_assen"].full_name
    assert "Richting voor Pittelo 0: Warmtenet" in by_title
    assert "Richting voor Pittelo 0 overgenomen in de wijken" in by_title
    comment = by_title["Opmerking"]
    assert comment.detail == "Goed bezig 0" and comment.link.endswith("/geschiedenis/#opmerkingen")
    flag = by_title["Markering ‘aandacht nodig’ gewijzigd"]
    assert flag.kind == "opmerkingen" and "Reden voor aandacht: — → Planning loopt uit" in flag.lines
    assert by_title["Wijk Wijk 0 toegevoegd"].kind == "voortgang"
    vision = by_title["Transitievisie warmte vastgesteld"]
    assert vision.kind == "documenten" and timezone.localtime(vision.when).date() == dt.date(2021, 5, 19)
    assert [url for _label, url in vision.links] == [
        "https://assen.nl/tvw.pdf",
        "https://assen.raadsinformatie.nl/besluit",
    ]
    assert "Terugblik op Sprintsessie Assen 0 gepubliceerd" in by_title
    whens = [e.when for e in entries]
    assert whens == sorted(whens, reverse=True)


def test_another_municipalitys_items_never_appear(world):
    _dossier(world)
    text = repr(_all(world, world.users["programme_admin"]))
    for foreign in ("Elders kans", "Zaanstad", "Piet Elders", "Midden-Drenthe"):
        assert foreign not in text


def test_names_of_who_came_only_for_who_may_see_the_invitees(world):
    _dossier(world)
    for role in ("coordinator_drenthe", "officer_assen", "adviser", "staff_drenthe"):
        session = next(e for e in _all(world, world.users[role]) if e.kind == "sessies")
        if role in ("adviser", "staff_drenthe"):  # they may change the session: names, as on its page
            assert session.lines == ["Anna Jansen 0 (Gemeente Assen 0)"], role
        else:
            assert session.lines == ["Gemeente Assen 0"] and session.lines_label == "Van de organisaties", role
    # The coordinator may not open the session: no link to it, nor to its outcomes.
    entries = _all(world, world.users["coordinator_drenthe"])
    assert all(not e.link for e in entries if e.kind == "sessies" or e.title.startswith("Koppelkans"))


def test_filter_by_kind_and_year(world):
    _dossier(world)
    user = world.users["programme_admin"]
    assert {e.kind for e in _all(world, user, kinds=["sessies"])} == {"sessies"}
    assert {e.kind for e in _all(world, user, kinds=["opmerkingen", "documenten"])} == {"opmerkingen", "documenten"}
    assert {e.kind for e in _all(world, user, kinds=["voortgang"])} == {"voortgang"}
    assert {e.kind for e in _all(world, user, kinds=["bestaat-niet"])} == set(dossier.KINDS)  # unknown: all
    assert _titles(_all(world, user, year=2021)) == ["Transitievisie warmte vastgesteld"]
    # An old comment moves to last year: only it, of the comments, is in last year's dossier.
    from progress.models import ProgressComment

    ProgressComment.objects.filter(municipality=world.assen).update(created_at=LAST_YEAR)
    last_year = _all(world, user, year=LAST_YEAR.year)
    assert [(e.kind, e.when) for e in last_year] == [("opmerkingen", LAST_YEAR)]
    assert dossier.dossier_years(world.assen) == list(range(timezone.localdate().year, 2020, -1))


def test_pages_hold_the_whole_dossier_newest_first(world):
    _dossier(world, rounds=3)
    user = world.users["programme_admin"]
    whole = _all(world, user)
    paged, number = [], 1
    while True:
        page = dossier.dossier_entries(world.assen, user, page=number, size=7)
        paged += page.object_list
        if not page.has_next():
            break
        number += 1
    assert number > 3
    assert [(e.kind, e.title, e.when) for e in paged] == [(e.kind, e.title, e.when) for e in whole]
    assert dossier.dossier_entries(world.assen, user, page="10" * 20, size=7).number == number  # past the end: the last


def test_queries_do_not_grow_with_the_entries(world, django_assert_num_queries):
    """Every source on the page: the count, the page, the reader's roles, the sessions they may
    open and change, and one query per source (18), for 15 entries as for 60."""
    from accounts.models import User

    def reader():  # fresh each time: a user keeps the roles it read
        return User.objects.get(pk=world.users["staff_drenthe"].pk)

    _dossier(world, rounds=1)
    user = reader()
    with django_assert_num_queries(18):
        first = dossier.dossier_entries(world.assen, user, size=100)
    _dossier(world, rounds=4, start=1)
    user = reader()
    with django_assert_num_queries(18):
        more = dossier.dossier_entries(world.assen, user, size=100)
    assert len(first.object_list) >= 15 and len(more.object_list) > 3 * len(first.object_list)


def test_the_page_filters_without_javascript_and_links_from_the_history(client, world):
    _dossier(world)
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse("progress:dossier", kwargs={"cbs_code": "GM0106"})
    html = client.get(url, {"soort": "sessies"}).content.decode()
    assert '<input type="checkbox" id="soort-sessies" name="soort" value="sessies" checked>' in html
    assert "Sprintsessie Assen 0" in html and "Goed bezig" not in html
    assert '<h2 id="maand-' in html and '<span class="progress-dossier__kind">Sessies</span>' in html
    html = client.get(url).content.decode()
    assert "Goed bezig 0" in html and "Anna Jansen" not in html  # the coordinator reads organisations only
    history = client.get(reverse("progress:history", kwargs={"cbs_code": "GM0106"})).content.decode()
    assert f'href="{url}"' in history
    page = client.get(reverse("municipalities:detail", kwargs={"cbs_code": "GM0106"})).content.decode()
    assert f'href="{url}"' in page


@pytest.mark.parametrize(
    "params",
    [
        {"jaar": "abc"},
        {"jaar": "99999999999999999999"},
        {"jaar": "-1"},
        {"soort": ["bestaat-niet", "<script>"]},
        {"pagina": "9" * 40},
        {"pagina": "-3", "jaar": "2021"},
    ],
)
def test_hostile_filters_are_a_page(client, world, params):
    _dossier(world)
    client.force_login(world.users["officer_assen"])
    response = client.get(reverse("progress:dossier", kwargs={"cbs_code": "GM0106"}), params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_the_demo_gives_assen_a_dossier_of_several_kinds(world):
    from accounts import demo as accounts_demo
    from municipalities import demo as municipalities_demo
    from outcomes import demo as outcomes_demo
    from progress import demo as progress_demo
    from sessions import demo as sessions_demo

    for app in (municipalities_demo, accounts_demo, sessions_demo, outcomes_demo, progress_demo):
        app.seed()
    entries = _all(world, world.users["programme_admin"])
    assert {"sessies", "uitkomsten", "voortgang", "opmerkingen", "documenten"} <= {e.kind for e in entries}
    held = next(e for e in entries if e.title == "Sprintsessie Assen en Midden-Drenthe")
    assert held.detail.startswith("Gehouden")


def test_the_export_holds_the_filtered_dossier(client, world):
    _dossier(world, rounds=2)
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse("progress:dossier_export", kwargs={"cbs_code": "GM0106", "fmt": "csv"})
    response = client.get(url, {"soort": ["sessies", "opmerkingen"]})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Datum;Tijd;Soort;Onderwerp;Toelichting;Door;Details;Link"
    kinds = {line.split(";")[2] for line in lines[1:]}
    assert kinds == {"Sessies", "Opmerkingen"}
    session = next(line for line in lines if "Sprintsessie Assen 1" in line)
    assert session.startswith((timezone.localdate() - dt.timedelta(days=7)).strftime("%d-%m-%Y") + ";;Sessies;")
    assert "Anna Jansen" not in response.content.decode("utf-8-sig")  # as on the page: organisations only
    assert client.get(url.replace("export.csv", "export.pdf")).status_code == 404
    xlsx = client.get(url.replace("export.csv", "export.xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
