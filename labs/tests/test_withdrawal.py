"""Withdrawing asks first (a page that needs no JavaScript), takes an optional reason, tells the
organisers and advisers who left and why, and warns them apart when the lab drops below its minimum."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from labs.models import Enrolment
from labs.services import enrolling
from labs.tests.factories import EnrolmentFactory, LabFactory
from tests.factories import municipality, user_with_role

NH = ["GM0361", "GM0392", "GM0405"]
WARNING = "Let op: Leer Lab"


def _lab(world, *, active: int, **kwargs):
    """A Noord-Holland lab with Zaanstad (enrolled by its officer) and ACTIVE - 1 others."""
    lab = LabFactory(min_participants=3, max_participants=5, advisers=[world.users["adviser"]], **kwargs)
    mine = EnrolmentFactory(lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"])
    for code in NH[: active - 1]:
        EnrolmentFactory(lab=lab, municipality=municipality(code))
    return lab, mine


def _subjects(to: str) -> list[str]:
    return sorted(Email.objects.filter(to_email=to).values_list("subject", flat=True))


def test_withdraw_link_opens_a_confirmation_page_and_a_get_changes_nothing(client, world):
    lab, mine = _lab(world, active=3)
    client.force_login(world.users["officer_zaanstad"])
    page = client.get(lab.get_absolute_url()).content.decode()
    url = reverse("labs:withdraw", kwargs={"pk": mine.pk})
    assert f'href="{url}"' in page  # a link, not a form that withdraws at once
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Weet u zeker dat u Zaanstad wilt afmelden" in html and 'name="reason"' in html
    assert "minder dan het minimum van 3 gemeenten" in html  # 3 of 3: leaving breaks the quorum
    mine.refresh_from_db()
    assert mine.status == Enrolment.Status.ACTIVE and not Email.objects.exists()


def test_withdrawal_with_a_reason_tells_organisers_and_advisers_and_warns_below_the_minimum(client, world):
    lab, mine = _lab(world, active=3, created_by=world.users["programme_admin"])
    client.force_login(world.users["officer_zaanstad"])
    response = client.post(reverse("labs:withdraw", kwargs={"pk": mine.pk}), {"reason": "Geen capaciteit dit jaar."})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.withdrawal_reason) == ("withdrawn", "Geen capaciteit dit jaar.")

    assert _subjects("zaanstad@example.org") == [f"Afgemeld voor Leer Lab {lab.title}"]  # as before
    for organiser in ("nh@example.org", "adviseur@example.org", "beheer@example.org"):
        assert _subjects(organiser) == [
            f"Let op: Leer Lab {lab.title} heeft te weinig deelnemers",
            f"Zaanstad heeft zich afgemeld voor Leer Lab {lab.title}",
        ], organiser
    notice = Email.objects.get(to_email="nh@example.org", subject__startswith="Zaanstad")
    assert "Reden:\nGeen capaciteit dit jaar." in notice.body_text
    assert "Afgemeld door: " in notice.body_text and "(zaanstad@example.org)" in notice.body_text
    assert "Deelnemers nu: 2 van minimaal 3." in notice.body_text
    warning = Email.objects.get(to_email="nh@example.org", subject__startswith="Let op")
    assert "LET OP: het Leer Lab" in warning.body_text and "nog 2 deelnemende gemeenten" in warning.body_text
    assert "onder het minimum van 3" in warning.body_html
    assert not Email.objects.filter(to_email="drenthe@example.org").exists()  # another province's staff

    log = ActionLog.objects.get(action=Action.LAB_WITHDRAWN)
    assert log.actor == world.users["officer_zaanstad"] and log.object_id == str(lab.pk)
    assert log.changes == {"municipality": "Zaanstad", "was": "active", "reason": "Geen capaciteit dit jaar."}


def test_no_warning_while_the_lab_keeps_its_minimum_and_no_reason_is_said_so(client, world):
    lab, mine = _lab(world, active=4)
    client.force_login(world.users["officer_zaanstad"])
    client.post(reverse("labs:withdraw", kwargs={"pk": mine.pk}), {"reason": "  "})
    assert _subjects("nh@example.org") == [f"Zaanstad heeft zich afgemeld voor Leer Lab {lab.title}"]
    assert "Er is geen reden opgegeven." in Email.objects.get(to_email="nh@example.org").body_text


def test_leaving_the_waiting_list_tells_the_organisers_without_a_warning(world):
    lab, _ = _lab(world, active=2)
    officer = user_with_role(Role.Kind.MUNICIPAL_OFFICER, municipality("GM0400"), email="waiting@example.org")
    waiting = EnrolmentFactory(lab=lab, municipality=municipality("GM0400"), enrolled_by=officer, status="waiting")
    enrolling.enrolment_withdraw(enrolment=waiting, user=officer, reason="Toch geen tijd")
    notice = Email.objects.get(to_email="nh@example.org")
    assert "staat niet meer op de wachtlijst" in notice.body_text
    assert not Email.objects.filter(subject__startswith=WARNING).exists()  # it was 2 of 3 and stays so


def test_the_warning_goes_out_once_per_withdrawal_even_if_asked_twice(world):
    lab, mine = _lab(world, active=3)
    enrolling.enrolment_withdraw(enrolment=mine, user=world.users["officer_zaanstad"])
    assert Email.objects.filter(subject__startswith=WARNING).count() == 2  # staff_nh and the adviser
    # Zaanstad enrols again and leaves again: a new occasion, a new warning.
    later = timezone.now() + datetime.timedelta(minutes=5)
    enrolling.enrolment_create(
        lab=lab, municipality=world.zaanstad, user=world.users["officer_zaanstad"], case_title="Opnieuw", now=later
    )
    enrolling.enrolment_withdraw(enrolment=mine, user=world.users["officer_zaanstad"], now=later)
    assert Email.objects.filter(subject__startswith=WARNING).count() == 4


def test_an_organiser_withdraws_a_municipality_and_is_named_as_who_did(client, world):
    lab, mine = _lab(world, active=2)
    client.force_login(world.users["staff_nh"])
    client.post(reverse("labs:withdraw", kwargs={"pk": mine.pk}), {"reason": "Dubbele aanmelding"})
    mine.refresh_from_db()
    assert mine.status == "withdrawn"
    assert ActionLog.objects.get(action=Action.LAB_WITHDRAWN).actor == world.users["staff_nh"]
    assert "(nh@example.org)" in Email.objects.get(to_email="adviseur@example.org").body_text
    # The organiser gets the organisers' notice only; the municipality its confirmation.
    assert _subjects("nh@example.org") == [f"Zaanstad heeft zich afgemeld voor Leer Lab {lab.title}"]
    assert _subjects("zaanstad@example.org") == [f"Afgemeld voor Leer Lab {lab.title}"]


def test_an_enrolment_already_ended_gets_no_confirmation_form(client, world):
    lab, mine = _lab(world, active=2)
    mine.status = Enrolment.Status.WITHDRAWN
    mine.save()
    client.force_login(world.users["officer_zaanstad"])
    html = client.get(reverse("labs:withdraw", kwargs={"pk": mine.pk})).content.decode()
    assert "Deze aanmelding is al beëindigd." in html and 'name="reason"' not in html
