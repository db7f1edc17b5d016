"""The law's deadlines where people look: the dashboards' Termijn column and "Risico dit
kwartaal", the municipality page, the monthly digest, and the command and task that keep the
rows in line with the rules. The rule's date is set relative to today, so these hold any day."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from municipalities.models import Municipality
from progress import services
from progress.deadlines import deadlines_refresh, quarter_end
from progress.models import AdoptionStatus, Deadline, DeadlineKind, LegalDeadline, Progress
from progress.tasks import refresh_deadlines

pytestmark = pytest.mark.django_db


def _programme_due(day: dt.date) -> None:
    LegalDeadline.objects.filter(kind=DeadlineKind.PROGRAMME).update(due_on=day)
    deadlines_refresh()


def _row(html: str, name: str) -> str:
    """The table row of municipality NAME in HTML."""
    start = html.index(f">{name}</a></th>")
    return html[start : html.index("</tr>", start)]


def test_the_region_dashboard_shows_every_municipality_s_state_and_countdown(client, world):
    today = timezone.localdate()
    Progress.objects.create(
        municipality=world.assen, programme_status=AdoptionStatus.ADOPTED, programme_adopted_on=today
    )
    _programme_due(today + dt.timedelta(days=30))
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(reverse("progress:region_dashboard", kwargs={"code": "ES03"}))
    html = response.content.decode()
    assert {row.deadline.state for row in response.context["rows"] if row.municipality != world.assen} == {"at_risk"}
    assen = _row(html, "Assen")  # met: what matters now is the next one, five years on
    assert "Op schema" in assen and "Volgend warmteprogramma" in assen
    tynaarlo = _row(html, "Tynaarlo")
    assert "Risico" in tynaarlo and "nog 30 dagen" in tynaarlo
    assert "Eerste warmteprogramma" in tynaarlo


def test_overdue_counts_the_days_past_the_date(client, world):
    _programme_due(timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.users["coordinator_drenthe"])
    html = client.get(reverse("progress:region_dashboard", kwargs={"code": "ES03"})).content.decode()
    assert "Verlopen" in _row(html, "Assen") and "1 dag verlopen" in _row(html, "Assen")


def test_at_risk_this_quarter_lists_open_deadlines_up_to_the_quarter_s_end(client, world):
    end = quarter_end(timezone.localdate())
    client.force_login(world.users["coordinator_drenthe"])
    url = reverse("progress:region_dashboard", kwargs={"code": "ES03"})
    _programme_due(end)
    listed = client.get(url).context["at_risk_quarter"]
    assert len(listed) == 12 and {m.province.code for m, _ in listed} == {"PV22"}
    Progress.objects.create(
        municipality=world.assen, programme_status=AdoptionStatus.ADOPTED, programme_adopted_on=timezone.localdate()
    )
    deadlines_refresh()
    assert world.assen not in {m for m, _ in client.get(url).context["at_risk_quarter"]}  # met: off the list
    _programme_due(end + dt.timedelta(days=1))
    html = client.get(url).content.decode()
    assert "Geen termijnen die verlopen zijn" in html


def _edit_url(kind="programme"):
    return reverse("progress:deadline_edit", kwargs={"cbs_code": "GM0106", "kind": kind})


def test_provincial_staff_set_a_date_with_a_reason_and_everyone_sees_both(client, world):
    _programme_due(dt.date(2026, 12, 31))
    client.force_login(world.users["staff_drenthe"])
    page = client.get(world.assen.get_absolute_url()).content.decode()
    assert _edit_url() in page  # the link to set it
    response = client.post(_edit_url(), {"due_on": "2027-03-31", "reason": "Gemeentelijke herindeling"})
    assert response.status_code == 302
    row = Deadline.objects.get(municipality=world.assen, kind=DeadlineKind.PROGRAMME)
    assert (row.due_on, row.override_reason, row.overridden_by) == (
        dt.date(2027, 3, 31), "Gemeentelijke herindeling", world.users["staff_drenthe"]
    )  # fmt: skip
    assert ActionLog.objects.filter(action=Action.DEADLINE_OVERRIDDEN).count() == 1
    deadlines_refresh()  # a refresh keeps it
    assert Deadline.objects.get(pk=row.pk).due_on == dt.date(2027, 3, 31)
    client.force_login(world.users["officer_assen"])
    html = client.get(world.assen.get_absolute_url()).content.decode()
    assert "31 mrt 2027" in html and _edit_url() not in html  # the officer cannot change it
    assert "Aangepast: Gemeentelijke herindeling (volgens de wet 31 december 2026)" in html


def test_back_to_the_law_s_date(client, world):
    _programme_due(dt.date(2026, 12, 31))
    client.force_login(world.users["staff_drenthe"])
    client.post(_edit_url(), {"due_on": "2027-03-31", "reason": "Herindeling"})
    client.post(_edit_url(), {"terug": "1"})
    row = Deadline.objects.get(municipality=world.assen, kind=DeadlineKind.PROGRAMME)
    assert (row.due_on, row.override_reason, row.is_overridden) == (dt.date(2026, 12, 31), "", False)
    assert ActionLog.objects.filter(action=Action.DEADLINE_RESET).count() == 1


def _form_as_shown(client) -> dict:
    """The deadline form's fields with the values the page shows, as a browser posts them back."""
    form = client.get(_edit_url()).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_the_form_posted_back_as_shown_changes_nothing(client, world):
    _programme_due(dt.date(2026, 12, 31))
    client.force_login(world.users["staff_drenthe"])
    row = Deadline.objects.get(municipality=world.assen, kind=DeadlineKind.PROGRAMME)
    versions = row.history.count()
    shown = _form_as_shown(client)
    assert str(shown["due_on"]) == "2026-12-31" and shown["reason"] == ""  # the law's date, no reason asked
    assert client.post(_edit_url(), shown).status_code == 302
    client.post(_edit_url(), {"due_on": "2027-03-31", "reason": "Herindeling"})
    overridden = _form_as_shown(client)
    assert client.post(_edit_url(), overridden).status_code == 302
    after = Deadline.objects.get(pk=row.pk)
    assert (after.due_on, after.override_reason, after.is_overridden) == (dt.date(2027, 3, 31), "Herindeling", True)
    assert ActionLog.objects.filter(action=Action.DEADLINE_OVERRIDDEN).count() == 1  # only the real change
    assert not ActionLog.objects.filter(action=Action.DEADLINE_RESET).exists()
    assert after.history.count() == versions + 1


def test_the_law_s_date_typed_in_puts_the_deadline_back(client, world):
    _programme_due(dt.date(2026, 12, 31))
    client.force_login(world.users["staff_drenthe"])
    client.post(_edit_url(), {"due_on": "2027-03-31", "reason": "Herindeling"})
    client.post(_edit_url(), {"due_on": "31-12-2026", "reason": "Toch niet"})
    row = Deadline.objects.get(municipality=world.assen, kind=DeadlineKind.PROGRAMME)
    assert (row.due_on, row.override_reason, row.is_overridden) == (dt.date(2026, 12, 31), "", False)
    assert ActionLog.objects.filter(action=Action.DEADLINE_RESET).count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"due_on": "2027-03-31", "reason": "   "}, "Geef de reden voor de afwijkende datum"),
        ({"due_on": "2027-02-30", "reason": "Herindeling"}, "geldige datum"),
        ({"due_on": "2027-03-31", "reason": "x" * 301}, "300"),
        ({"due_on": "", "reason": "Herindeling"}, "verplicht"),
    ],
)
def test_bad_input_is_refused_in_place_and_nothing_changes(client, world, data, error):
    _programme_due(dt.date(2026, 12, 31))
    client.force_login(world.users["staff_drenthe"])
    response = client.post(_edit_url(), data)
    assert response.status_code == 400 and error in response.content.decode()
    row = Deadline.objects.get(municipality=world.assen, kind=DeadlineKind.PROGRAMME)
    assert (row.due_on, row.is_overridden) == (dt.date(2026, 12, 31), False)


def test_an_unknown_kind_or_a_deadline_without_a_row_is_not_found(client, world):
    _programme_due(dt.date(2026, 12, 31))
    client.force_login(world.users["staff_drenthe"])
    assert client.get(_edit_url("bogus")).status_code == 404
    assert client.get(_edit_url("programme_renewal")).status_code == 404  # nothing adopted: no date yet


def test_adopting_the_programme_meets_its_deadline_at_once(world):
    _programme_due(dt.date(2026, 12, 31))
    services.progress_update(
        municipality=world.assen,
        user=world.users["officer_assen"],
        values={"programme_status": "adopted", "programme_adopted_on": dt.date(2026, 11, 20)},
    )
    row = Deadline.objects.get(municipality=world.assen, kind=DeadlineKind.PROGRAMME)
    assert row.met_on == dt.date(2026, 11, 20)
    assert Deadline.objects.get(municipality=world.assen, kind=DeadlineKind.PROGRAMME_RENEWAL).due_on == dt.date(
        2031, 11, 20
    )


def test_the_digest_leads_with_the_deadlines_of_the_coming_three_months(world):
    _programme_due(dt.date(2026, 12, 31))
    now = timezone.make_aware(dt.datetime(2026, 12, 3, 9))
    assert services.monthly_digests_send(now=now) == 1
    email = Email.objects.get(to_email="regio@example.org")
    text = email.body_text
    lead = text.index("Termijnen in de komende drie maanden")
    assert lead < text.index("Wijzigingen")
    assert "- Assen: Eerste warmteprogramma uiterlijk 31 december 2026 (risico, nog 28 dagen)" in text[lead:]
    assert "Zaanstad" not in text  # another region's


def test_load_legal_deadlines_moves_every_municipality_s_date(tmp_path: Path, world):
    deadlines_refresh()
    rules = tmp_path / "rules.csv"
    rules.write_text(
        "kind,due_on,years_after_adoption,legal_basis\nprogramme,2027-06-30,,Wet gewijzigd\n", encoding="utf-8"
    )
    call_command("load_legal_deadlines", file=rules, stdout=open("/dev/null", "w"))  # noqa: SIM115
    current = Municipality.objects.current().count()
    assert Deadline.objects.filter(kind=DeadlineKind.PROGRAMME, due_on=dt.date(2027, 6, 30)).count() == current
    assert LegalDeadline.objects.get(kind=DeadlineKind.PROGRAMME).legal_basis == "Wet gewijzigd"


@pytest.mark.parametrize(
    "line",
    [
        "bogus,2027-01-01,,x",
        "programme,31-12-2027,,x",
        "programme,,,x",
        "programme,2027-01-01,5,x",
        "programme_renewal,,0,x",
    ],
)
def test_load_legal_deadlines_refuses_a_bad_line_and_changes_nothing(tmp_path: Path, world, line):
    rules = tmp_path / "rules.csv"
    rules.write_text(f"kind,due_on,years_after_adoption,legal_basis\n{line}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 2"):
        call_command("load_legal_deadlines", file=rules)
    assert LegalDeadline.objects.get(kind=DeadlineKind.PROGRAMME).due_on == dt.date(2026, 12, 31)


def test_the_daily_task_gives_a_new_municipality_its_rows(world):
    deadlines_refresh()
    Deadline.objects.filter(municipality=world.assen).delete()
    assert refresh_deadlines() == 1
    assert Deadline.objects.filter(municipality=world.assen, kind=DeadlineKind.PROGRAMME).exists()


def test_the_form_shows_the_set_date_its_reason_and_the_way_back(client, world):
    services.progress_update(
        municipality=world.assen,
        user=world.users["officer_assen"],
        values={"vision_status": "adopted", "vision_adopted_on": dt.date(2021, 5, 19)},
    )
    client.force_login(world.users["staff_drenthe"])
    url = _edit_url("vision_revision")
    assert "Terug naar de datum van de wet" not in client.get(url).content.decode()
    client.post(url, {"due_on": "2027-06-30", "reason": "Wacht op het warmteprogramma"})
    html = client.get(url).content.decode()
    assert 'value="2027-06-30"' in html and "Wacht op het warmteprogramma" in html
    assert "Terug naar de datum van de wet" in html


def test_the_municipality_page_shows_a_covered_revision_as_covered_not_overdue(client, world):
    """The dashboards chase the open first warmteprogramma; the page must not call the revision
    it covers overdue beside them (the walkthrough: "Verlopen, 198 dagen verlopen")."""
    Progress.objects.create(
        municipality=world.assen, vision_status=AdoptionStatus.ADOPTED, vision_adopted_on=dt.date(2021, 5, 19)
    )
    deadlines_refresh()
    client.force_login(world.users["officer_assen"])
    html = client.get(world.assen.get_absolute_url()).content.decode()
    section = html[html.index("Herziening transitievisie warmte") :][:600]
    assert "Via het warmteprogramma" in section and "19 mei 2026" in section
    assert "dagen verlopen" not in section and "Verlopen" not in section


def test_the_reason_says_when_it_is_needed_rather_than_optional(client, world):
    _programme_due(dt.date(2026, 12, 31))
    client.force_login(world.users["staff_drenthe"])
    html = client.get(_edit_url()).content.decode()
    label = html[html.index('for="id_reason"') :][:200]
    assert "(nodig bij een andere datum dan die van de wet)" in label and "niet verplicht" not in label


def test_the_deadline_form_says_the_same_of_a_covered_revision(client, world):
    Progress.objects.create(
        municipality=world.assen, vision_status=AdoptionStatus.ADOPTED, vision_adopted_on=dt.date(2021, 5, 19)
    )
    deadlines_refresh()
    client.force_login(world.users["staff_drenthe"])
    html = client.get(_edit_url("vision_revision")).content.decode()
    assert "Via het warmteprogramma" in html and "dagen verlopen" not in html
