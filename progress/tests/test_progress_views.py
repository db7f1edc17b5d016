"""Officers keep their own municipality's progress up to date; coordinators comment and flag;
every change is attributable and shows in the history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from progress import services
from progress.models import Initiative, Neighbourhood, Progress, ProgressComment
from progress.tests.factories import NeighbourhoodFactory, ProgressFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "voortgang-visie"}


def _section_url(code, section):
    return reverse("progress:progress_section", kwargs={"cbs_code": code, "section": section})


def test_officer_adopts_vision_inline_and_history_names_them(client, world):
    officer = world.users["officer_assen"]
    officer.full_name = "Anne d'Ancona"  # a Dutch name the page must escape, every run
    officer.save(update_fields=["full_name"])
    client.force_login(officer)
    response = client.post(
        _section_url("GM0106", "visie"),
        {
            "visie-vision_status": "adopted",
            "visie-vision_adopted_on": "2021-05-19",
            "visie-vision_decision_url": "https://assen.raadsinformatie.nl/besluit/1",
            "visie-vision_url": "",
        },
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="voortgang-visie"'), "only the section is swapped"
    assert "<h1>" not in html
    assert '<section id="voortgang-geschiedenis"' in html and 'hx-swap-oob="true"' in html, "recent changes follow"
    assert "Opgeslagen." in html and "19 mei 2021" in html
    progress = Progress.objects.get(municipality=world.assen)
    assert (progress.vision_status, str(progress.vision_adopted_on)) == ("adopted", "2021-05-19")
    assert progress.history.latest().history_user == officer

    history = client.get(reverse("progress:history", kwargs={"cbs_code": "GM0106"})).content.decode()
    assert "Visie en warmteprogramma" in history
    assert escape(officer.full_name) in history, "names such as d'Ancona arrive HTML-escaped"
    assert "Vastgesteld door de raad" in history and "19 mei 2021" in history
    assert "Visie en warmteprogramma</strong> toegevoegd" not in history, "no noise from the row a first edit makes"
    assert history.count("Visie en warmteprogramma</strong> gewijzigd") == 1


def test_invalid_input_comes_back_in_place_with_what_was_typed(client, world):
    client.force_login(world.users["officer_assen"])
    response = client.post(
        _section_url("GM0106", "visie"),
        {"visie-vision_status": "adopted", "visie-vision_adopted_on": "", "visie-vision_url": "https://assen.nl/tvw"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul de datum in waarop de raad de visie heeft vastgesteld." in html
    assert 'value="https://assen.nl/tvw"' in html, "nothing typed is lost"
    assert 'aria-invalid="true"' in html
    assert not Progress.objects.filter(municipality=world.assen, vision_status="adopted").exists()


def test_officer_of_another_municipality_is_refused(client, world):
    # Assen's progress is not Zaanstad's officer's to see: for them its pages do not exist.
    client.force_login(world.users["officer_zaanstad"])
    response = client.post(_section_url("GM0106", "visie"), {"visie-vision_status": "in_preparation"}, **HTMX)
    assert response.status_code == 404
    neighbourhood = NeighbourhoodFactory(municipality=world.assen, name="Pittelo")
    url = reverse("progress:neighbourhood_edit", kwargs={"cbs_code": "GM0106", "pk": neighbourhood.pk})
    assert client.post(url, {"wijken-name": "Gekaapt"}).status_code == 404
    # Nor can an officer reach another municipality's wijk through their own municipality's URL.
    client.force_login(world.users["officer_zaanstad"])
    url = reverse("progress:neighbourhood_edit", kwargs={"cbs_code": "GM0479", "pk": neighbourhood.pk})
    assert client.post(url, {"wijken-name": "Gekaapt"}).status_code == 404
    assert not Progress.objects.filter(municipality=world.assen).exists()
    assert Neighbourhood.objects.get(pk=neighbourhood.pk).name == "Pittelo"


def test_officer_adds_edits_and_deletes_a_neighbourhood(client, world):
    client.force_login(world.users["officer_assen"])
    data = {
        "wijken-name": "Pittelo",
        "wijken-cbs_code": "WK010603",
        "wijken-dwellings": "2300",
        "wijken-period_start": "2026",
        "wijken-period_end": "2030",
        "wijken-alternative": "heat_network",
        "wijken-insulation_first": "on",
        "wijken-wup_status": "in_preparation",
    }
    response = client.post(_section_url("GM0106", "wijken"), data, HTTP_HX_REQUEST="true")
    assert "Pittelo" in response.content.decode()
    neighbourhood = Neighbourhood.objects.get(municipality=world.assen)
    assert (neighbourhood.period_start, neighbourhood.period_end, neighbourhood.insulation_first) == (2026, 2030, True)

    url = reverse("progress:neighbourhood_edit", kwargs={"cbs_code": "GM0106", "pk": neighbourhood.pk})
    client.post(url, {**data, "wijken-alternative": "hybrid"}, HTTP_HX_REQUEST="true")
    assert Neighbourhood.objects.get(pk=neighbourhood.pk).alternative == "hybrid"

    url = reverse("progress:neighbourhood_delete", kwargs={"cbs_code": "GM0106", "pk": neighbourhood.pk})
    client.post(url, HTTP_HX_REQUEST="true")
    assert not Neighbourhood.objects.exists()
    history = client.get(reverse("progress:history", kwargs={"cbs_code": "GM0106"})).content.decode()
    assert history.count("Wijk Pittelo") == 3  # toegevoegd, gewijzigd, verwijderd
    assert "Warmtenet" in history and "Hybride warmtepomp (tussenstap)" in history


def test_officer_adds_an_initiative_without_javascript(client, world):
    client.force_login(world.users["officer_assen"])
    response = client.post(
        _section_url("GM0106", "initiatieven"),
        {
            "initiatieven-name": "Warm Pittelo",
            "initiatieven-phase": "orientation",
            "initiatieven-heat_solution": "heat_network",
            "initiatieven-collaboration": "supported",
            "initiatieven-contact_name": "Lotte Brink",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/gemeenten/GM0106/#voortgang-initiatieven")
    initiative = Initiative.objects.get()
    assert (initiative.name, initiative.phase, initiative.contact_name) == (
        "Warm Pittelo",
        "orientation",
        "Lotte Brink",
    )


def test_edit_link_works_without_javascript(client, world):
    client.force_login(world.users["officer_assen"])
    html = client.get(reverse("municipalities:detail", kwargs={"cbs_code": "GM0106"}) + "?bewerken=visie").content
    assert b'name="visie-vision_status"' in html


def test_coordinator_comments_and_flags_but_cannot_edit(client, world):
    coordinator = world.users["coordinator_drenthe"]
    client.force_login(coordinator)
    url = reverse("progress:comment_create", kwargs={"cbs_code": "GM0106"})
    response = client.post(url, {"opmerking-body": "Wanneer komt de startwijk?"}, HTTP_HX_REQUEST="true")
    assert "Wanneer komt de startwijk?" in response.content.decode()
    comment = ProgressComment.objects.get()
    assert (comment.author, comment.municipality) == (coordinator, world.assen)

    response = client.post(
        _section_url("GM0106", "aandacht"),
        {"aandacht-flagged": "on", "aandacht-flag_reason": "Capaciteit ontbreekt"},
        HTTP_HX_REQUEST="true",
    )
    assert "Capaciteit ontbreekt" in response.content.decode()
    progress = Progress.objects.get(municipality=world.assen)
    assert progress.flagged and progress.history.latest().history_user == coordinator

    assert client.post(_section_url("GM0106", "visie"), {"visie-vision_status": "adopted"}).status_code == 403


def test_officer_cannot_flag_or_comment(client, world):
    client.force_login(world.users["officer_assen"])
    response = client.post(_section_url("GM0106", "aandacht"), {"aandacht-flagged": "on", "aandacht-flag_reason": "x"})
    assert response.status_code == 403
    url = reverse("progress:comment_create", kwargs={"cbs_code": "GM0106"})
    assert client.post(url, {"opmerking-body": "Hallo"}).status_code == 403
    assert not ProgressComment.objects.exists()


def test_progress_sections_shown_by_role(client, world):
    ProgressFactory(municipality=world.assen, vision_status="in_preparation")
    url = reverse("municipalities:detail", kwargs={"cbs_code": "GM0106"})
    expectations = {
        "officer_assen": (True, True),
        "coordinator_drenthe": (True, False),
        "staff_drenthe": (True, False),
        "officer_zaanstad": (False, False),
        "staff_nh": (False, False),
    }
    for role, (sees, edits) in expectations.items():
        client.force_login(world.users[role])
        html = client.get(url).content.decode()
        assert ("Voortgang warmtetransitie" in html) is sees, role
        assert ("Visie wijzigen" in html) is edits, role


def test_dwellings_change_is_kept_in_history(client, world):
    officer = world.users["officer_assen"]
    client.force_login(officer)
    client.post(_section_url("GM0106", "woningen"), {"woningen-dwellings": "32000"}, HTTP_HX_REQUEST="true")
    world.assen.refresh_from_db()
    assert world.assen.dwellings == 32000
    assert world.assen.history.latest().history_user == officer
    history = client.get(reverse("progress:history", kwargs={"cbs_code": "GM0106"})).content.decode()
    assert "Aantal woningen" in history and '<span lang="nl">32.000</span>' in history
    client.post(_section_url("GM0106", "woningen"), {"woningen-dwellings": "33500"}, HTTP_HX_REQUEST="true")
    history = client.get(reverse("progress:history", kwargs={"cbs_code": "GM0106"})).content.decode()
    assert '<span class="progress-old" lang="nl">32.000</span> → <span lang="nl">33.500</span>' in history
    page = client.get(world.assen.get_absolute_url()).content.decode()
    assert '<p class="progress-figure">33.500</p>' in page


def test_dwellings_have_thousands_separators_for_users_without_progress(client, world):
    world.assen.dwellings = 15400
    world.assen.save(update_fields=["dwellings"])
    html = client.get(world.assen.get_absolute_url()).content.decode()  # anonymous: the plain directory page
    assert "<dd>15.400</dd>" in html


def test_an_overdue_revision_is_marked_and_clears_when_the_programme_is_adopted(client, world):
    """The vision is revised five years after adoption ("herziening uiterlijk", progress.deadlines);
    the warmteprogramma that replaces it meets that deadline, so while that one is open the page
    says the revision goes with it instead of calling it overdue."""
    officer = world.users["officer_assen"]
    services.progress_update(
        municipality=world.assen,
        user=officer,
        values={"vision_status": "adopted", "vision_adopted_on": dt.date(2020, 3, 2)},
    )
    client.force_login(officer)
    html = client.get(world.assen.get_absolute_url()).content.decode()
    revision = html[html.index("<dt>Herziening transitievisie warmte</dt>") :]
    assert "Via het warmteprogramma" in revision[:600] and "2 mrt 2025" in revision[:600]
    assert "Verlopen" not in revision[:600]
    services.progress_update(
        municipality=world.assen,
        user=officer,
        values={"programme_status": "adopted", "programme_adopted_on": timezone.localdate()},
    )
    html = client.get(world.assen.get_absolute_url()).content.decode()
    revision = html[html.index("<dt>Herziening transitievisie warmte</dt>") :]
    assert "Gehaald" in revision[:600] and "Verlopen" not in html
