"""Enrolment, the waiting list with its offers, withdrawal and go/no-go, with time under control."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role
from heatportal.mail.models import Email
from labs.models import Enrolment, Lab
from labs.services import decisions, enrolling, offers
from labs.services.errors import LabError
from labs.tests.factories import LabFactory, LabMeetingFactory
from tests.factories import municipality, user_with_role

NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC)
NH = ["GM0479", "GM0361", "GM0392", "GM0363", "GM0373", "GM0375", "GM0384"]


def officer(code: str):
    m = municipality(code)
    return user_with_role(
        Role.Kind.MUNICIPAL_OFFICER, m, email=f"{code.lower()}@example.org", full_name=f"Ambtenaar {m.name}"
    ), m


def enrol(lab, code: str, now=NOW):
    user, m = officer(code)
    return enrolling.enrolment_create(lab=lab, municipality=m, user=user, case_title=f"Case {m.name}", now=now)


@pytest.fixture
def lab(reference_data):
    return LabFactory(max_participants=3, min_participants=2, enrolment_deadline=datetime.date(2026, 12, 10))


def test_enrolment_takes_a_place_and_sends_a_confirmation(lab):
    enrolment = enrol(lab, "GM0479")
    assert enrolment.status == Enrolment.Status.ACTIVE
    email = Email.objects.get(to_email="gm0479@example.org")
    assert "bevestigd" in email.subject and "Case Zaanstad" in email.body_text
    assert "Leer Lab" in email.body_html


def test_full_lab_puts_municipality_on_waiting_list(lab):
    for code in NH[:3]:
        enrol(lab, code)
    fourth = enrol(lab, NH[3])
    assert fourth.status == Enrolment.Status.WAITING
    assert Email.objects.get(to_email=f"{NH[3].lower()}@example.org").subject.startswith("Wachtlijst")
    assert lab.enrolments.filter(status=Enrolment.Status.ACTIVE).count() == 3


def test_ineligible_municipality_is_refused_by_the_service(lab):
    user, assen = officer("GM0106")
    with pytest.raises(LabError) as refused:
        enrolling.enrolment_create(lab=lab, municipality=assen, user=user, case_title="Wijkaanpak", now=NOW)
    assert refused.value.message == (
        "Gemeente Assen kan niet deelnemen aan dit Leer Lab: het is alleen voor gemeenten in Noord-Holland."
    )
    assert not Enrolment.objects.exists()


def test_res_region_makes_a_municipality_eligible(reference_data):
    from municipalities.models import ResRegion

    lab = LabFactory(eligible_provinces=[])
    lab.eligible_res_regions.set([ResRegion.objects.get(code="ES03")])  # Drenthe
    user, assen = officer("GM0106")
    assert enrolling.enrolment_create(lab=lab, municipality=assen, user=user, case_title="x", now=NOW).pk
    user, zaanstad = officer("GM0479")
    with pytest.raises(LabError):
        enrolling.enrolment_create(lab=lab, municipality=zaanstad, user=user, case_title="x", now=NOW)


def test_officer_cannot_enrol_another_municipality(lab):
    user, _ = officer("GM0479")
    with pytest.raises(LabError, match="alleen aanmelden voor een gemeente waarvoor u werkt"):
        enrolling.enrolment_create(lab=lab, municipality=municipality("GM0361"), user=user, case_title="x", now=NOW)


def test_one_enrolment_per_municipality_per_lab_but_several_labs(lab):
    user, zaanstad = officer("GM0479")
    enrolling.enrolment_create(lab=lab, municipality=zaanstad, user=user, case_title="a", now=NOW)
    with pytest.raises(LabError, match="al aangemeld"):
        enrolling.enrolment_create(lab=lab, municipality=zaanstad, user=user, case_title="b", now=NOW)
    other = LabFactory()
    assert enrolling.enrolment_create(lab=other, municipality=zaanstad, user=user, case_title="c", now=NOW).pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(lab=lab, municipality=zaanstad, case_title="d", status="waiting", queued_at=NOW)


def test_enrolment_after_deadline_or_in_a_cancelled_lab_is_refused(lab):
    user, zaanstad = officer("GM0479")
    late = datetime.datetime(2026, 12, 11, 9, 0, tzinfo=datetime.UTC)
    with pytest.raises(LabError, match="aanmeldtermijn"):
        enrolling.enrolment_create(lab=lab, municipality=zaanstad, user=user, case_title="x", now=late)
    lab.status = Lab.Status.CANCELLED
    lab.save()
    with pytest.raises(LabError, match="geannuleerd"):
        enrolling.enrolment_create(lab=lab, municipality=zaanstad, user=user, case_title="x", now=NOW)


def test_withdrawal_offers_the_place_to_the_first_on_the_list(lab):
    lab.offer_days = 3
    lab.save()
    first, *_ = [enrol(lab, code) for code in NH[:3]]
    w1 = enrol(lab, NH[3], now=NOW + datetime.timedelta(minutes=1))
    w2 = enrol(lab, NH[4], now=NOW + datetime.timedelta(minutes=2))
    later = NOW + datetime.timedelta(hours=5)

    enrolling.enrolment_withdraw(enrolment=first, user=first.enrolled_by, now=later)

    first.refresh_from_db(), w1.refresh_from_db(), w2.refresh_from_db()
    assert first.status == Enrolment.Status.WITHDRAWN
    assert w1.status == Enrolment.Status.OFFERED
    assert w1.offer_expires_at == later + datetime.timedelta(days=3)
    assert w2.status == Enrolment.Status.WAITING
    offer = Email.objects.get(key__endswith=f"enrolment:{w1.pk}:offer:1")
    assert "/leerlabs/aanbod/" in offer.body_text and offer.to_email == f"{NH[3].lower()}@example.org"
    assert Email.objects.filter(key__contains=f"enrolment:{first.pk}:", subject__startswith="Afgemeld").count() == 1
    # The offered place is held: a newcomer goes on the list, not into the lab.
    assert enrol(lab, NH[5], now=later).status == Enrolment.Status.WAITING


def test_offer_chain_moves_on_when_an_offer_expires(lab):
    first, *_ = [enrol(lab, code) for code in NH[:3]]
    w1 = enrol(lab, NH[3], now=NOW + datetime.timedelta(minutes=1))
    w2 = enrol(lab, NH[4], now=NOW + datetime.timedelta(minutes=2))
    enrolling.enrolment_withdraw(enrolment=first, user=None, now=NOW)
    w1.refresh_from_db()
    assert w1.offer_expires_at == NOW + datetime.timedelta(days=5)  # the default

    assert offers.offers_expire(now=NOW + datetime.timedelta(days=4, hours=23)) == 0
    after = NOW + datetime.timedelta(days=5, minutes=5)
    assert decisions.labs_process_due(now=after)["offers_expired"] == 1
    assert decisions.labs_process_due(now=after)["offers_expired"] == 0
    w1.refresh_from_db(), w2.refresh_from_db()
    assert w1.status == Enrolment.Status.EXPIRED
    assert w2.status == Enrolment.Status.OFFERED and w2.offer_expires_at == after + datetime.timedelta(days=5)
    assert Email.objects.filter(to_email=w1.enrolled_by.email, subject__contains="verlopen").count() == 1
    assert Email.objects.filter(to_email=w2.enrolled_by.email, subject__startswith="Er is een plek vrij").count() == 1
    with pytest.raises(LabError, match="geen aanbod"):
        offers.offer_accept(enrolment=w1, now=after)


def test_accepting_an_offer_takes_the_place_and_declining_passes_it_on(lab):
    first, second, _ = [enrol(lab, code) for code in NH[:3]]
    w1 = enrol(lab, NH[3], now=NOW + datetime.timedelta(minutes=1))
    w2 = enrol(lab, NH[4], now=NOW + datetime.timedelta(minutes=2))
    enrolling.enrolment_withdraw(enrolment=first, user=None, now=NOW)
    offers.offer_decline(enrolment=w1, now=NOW + datetime.timedelta(days=1))
    w2.refresh_from_db()
    assert w2.status == Enrolment.Status.OFFERED
    with pytest.raises(LabError, match="verlopen"):
        offers.offer_accept(enrolment=w2, now=NOW + datetime.timedelta(days=7))
    offers.offer_accept(enrolment=w2, now=NOW + datetime.timedelta(days=2))
    w1.refresh_from_db(), w2.refresh_from_db()
    assert (w1.status, w2.status) == (Enrolment.Status.DECLINED, Enrolment.Status.ACTIVE)
    assert Email.objects.filter(to_email=w1.enrolled_by.email, subject__endswith="afgeslagen").count() == 1
    assert lab.enrolments.filter(status=Enrolment.Status.ACTIVE).count() == 3


def test_offer_token_is_bound_to_its_round(lab):
    first, *_ = [enrol(lab, code) for code in NH[:3]]
    waiting = enrol(lab, NH[3])
    enrolling.enrolment_withdraw(enrolment=first, user=None, now=NOW)
    waiting.refresh_from_db()
    token = offers.offer_token(waiting)
    assert offers.offer_from_token(token).pk == waiting.pk
    with pytest.raises(LabError, match="ongeldig"):
        offers.offer_from_token(token[:-2] + "xx")
    Enrolment.objects.filter(pk=waiting.pk).update(offer_round=2)
    with pytest.raises(LabError, match="eerder aanbod"):
        offers.offer_from_token(token)


def test_deadline_confirms_a_lab_with_the_minimum_and_emails_once(lab):
    adviser = user_with_role(Role.Kind.PROGRAMME_ADVISER, email="adv@example.org")
    lab.advisers.set([adviser])
    enrol(lab, NH[0]), enrol(lab, NH[1])
    before = Email.objects.count()
    assert decisions.labs_process_due(now=datetime.datetime(2026, 12, 10, 22, 0, tzinfo=datetime.UTC))["confirmed"] == 0
    after_deadline = datetime.datetime(2026, 12, 10, 23, 5, tzinfo=datetime.UTC)  # 00:05 in Amsterdam
    assert decisions.labs_process_due(now=after_deadline)["confirmed"] == 1
    assert decisions.labs_process_due(now=after_deadline + datetime.timedelta(minutes=10))["confirmed"] == 0
    lab.refresh_from_db()
    assert lab.status == Lab.Status.CONFIRMED
    confirmed = Email.objects.filter(subject__endswith="gaat door")
    assert sorted(confirmed.values_list("to_email", flat=True)) == sorted(
        ["adv@example.org", f"{NH[0].lower()}@example.org", f"{NH[1].lower()}@example.org"]
    )
    assert Email.objects.count() == before + 3


def test_deadline_cancels_a_lab_below_the_minimum_and_emails_once(lab):
    enrol(lab, NH[0])
    due = datetime.datetime(2026, 12, 12, 8, 0, tzinfo=datetime.UTC)
    assert decisions.labs_process_due(now=due)["cancelled"] == 1
    decisions.labs_process_due(now=due)
    lab.refresh_from_db()
    assert lab.status == Lab.Status.CANCELLED
    assert Email.objects.filter(subject__endswith="gaat niet door").count() == 1


def test_deadline_is_extended_once_when_the_organiser_chose_so(lab):
    lab.on_shortfall = Lab.Shortfall.EXTEND
    lab.extension_days = 14
    lab.save()
    enrol(lab, NH[0])
    due = datetime.datetime(2026, 12, 12, 8, 0, tzinfo=datetime.UTC)
    assert decisions.labs_process_due(now=due)["extended"] == 1
    lab.refresh_from_db()
    assert (lab.status, lab.enrolment_deadline, lab.deadline_extended) == ("open", datetime.date(2026, 12, 24), True)
    assert Email.objects.filter(subject__contains="verlengd").count() == 1
    assert decisions.labs_process_due(now=due + datetime.timedelta(days=14))["cancelled"] == 1


def test_organiser_may_confirm_early_only_with_the_minimum(lab):
    enrol(lab, NH[0])
    with pytest.raises(LabError, match="1 van minimaal 2"):
        decisions.lab_confirm(lab=lab)
    enrol(lab, NH[1])
    assert decisions.lab_confirm(lab=lab).status == Lab.Status.CONFIRMED


def test_meeting_reminders_go_out_seven_and_one_day_before_once_each(lab):
    enrolment = enrol(lab, NH[0])
    enrol(lab, NH[1])
    decisions.lab_confirm(lab=lab)
    meeting = LabMeetingFactory(lab=lab, starts_at=NOW + datetime.timedelta(days=10), topic="Aftrap")
    Email.objects.all().delete()
    assert decisions.labs_process_due(now=NOW)["reminders"] == 0
    week_before = NOW + datetime.timedelta(days=3, minutes=5)
    assert decisions.labs_process_due(now=week_before)["reminders"] == 2
    decisions.labs_process_due(now=week_before + datetime.timedelta(minutes=10))
    day_before = NOW + datetime.timedelta(days=9, minutes=5)
    decisions.labs_process_due(now=day_before)
    decisions.labs_process_due(now=day_before + datetime.timedelta(minutes=10))
    mine = Email.objects.filter(to_email=enrolment.enrolled_by.email)
    assert sorted(mine.values_list("key", flat=True)) == sorted(
        [
            f"lab-meeting:{meeting.pk}:20261201120000:reminder:7d:user:{enrolment.enrolled_by.pk}",
            f"lab-meeting:{meeting.pk}:20261201120000:reminder:1d:user:{enrolment.enrolled_by.pk}",
        ]
    )
    assert all("Aftrap" in e.subject for e in mine)


def test_process_due_task_runs_through_celery(lab):
    from labs.tasks import process_due

    enrol(lab, NH[0])
    Lab.objects.filter(pk=lab.pk).update(enrolment_deadline=timezone.localdate() - datetime.timedelta(days=1))
    result = process_due.apply().get()
    assert result["cancelled"] == 1
    lab.refresh_from_db()
    assert lab.status == Lab.Status.CANCELLED
