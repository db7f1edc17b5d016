"""The audit log page, the login signals, Leer Lab decisions, the register's export and erasure,
and the purge after AUDIT_RETENTION_DAYS."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from heatportal.audit.models import Action, ActionLog
from heatportal.audit.services import audit_purge, audit_record
from labs.services import decisions
from labs.tests.factories import EnrolmentFactory, LabFactory
from municipalities.services import contact_erase, contact_export
from tests.factories import ContactFactory, municipality

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-wachtwoord-1"


def test_login_failed_login_and_logout_are_recorded_without_password_or_typed_address(client, world):
    officer = world.users["officer_assen"]
    client.post(
        reverse("accounts:login"), {"username": "iemand@example.org", "password": "Zomer2026!"}, REMOTE_ADDR="192.0.2.4"
    )
    (failed,) = ActionLog.objects.filter(action=Action.LOGIN_FAILED)
    assert failed.actor is None and failed.ip_address == "192.0.2.4"
    stored = f"{failed.actor_label} {failed.object_label} {failed.summary} {failed.changes}"
    assert "Zomer2026!" not in stored and "iemand@example.org" not in stored
    client.post(reverse("accounts:login"), {"username": officer.email, "password": PASSWORD})
    (login,) = ActionLog.objects.filter(action=Action.LOGIN)
    assert login.actor == officer
    client.post(reverse("accounts:logout"))
    assert ActionLog.objects.get(action=Action.LOGOUT).actor == officer


def test_confirming_and_cancelling_a_lab_and_offering_a_place_are_recorded(world):
    admin = world.users["programme_admin"]
    lab = LabFactory(min_participants=1, max_participants=1)
    EnrolmentFactory(lab=lab, municipality=municipality("GM0479"))
    decisions.lab_confirm(lab=lab, user=admin)
    decisions.lab_cancel(lab=lab, user=admin)
    actions = list(ActionLog.objects.filter(object_id=str(lab.pk)).order_by("pk").values_list("action", "actor"))
    assert actions == [(Action.LAB_CONFIRMED, admin.pk), (Action.LAB_CANCELLED, admin.pk)]


def test_export_and_erasure_are_recorded_by_number_not_by_name(world):
    contact = ContactFactory(name="Xandra Uniekenaam")
    contact_export(contact=contact)
    contact_erase(contact=contact)
    rows = ActionLog.objects.filter(action__in=[Action.CONTACT_EXPORTED, Action.CONTACT_ERASED])
    assert [row.action for row in rows.order_by("pk")] == [Action.CONTACT_EXPORTED, Action.CONTACT_ERASED]
    assert not any("Uniekenaam" in f"{r.object_label} {r.summary} {r.changes}" for r in rows)


def test_the_log_page_filters_by_action_actor_text_and_date(client, world):
    admin = world.users["programme_admin"]
    audit_record(Action.ROLE_GRANTED, actor=admin, summary="Gemeenteambtenaar (Assen)")
    old = audit_record(Action.ROLE_ENDED, actor=world.users["staff_drenthe"], summary="Provinciemedewerker (Drenthe)")
    ActionLog.objects.filter(pk=old.pk).update(at=timezone.make_aware(dt.datetime(2026, 1, 5, 12)))
    client.force_login(admin)
    url = reverse("audit:log")

    def shown(**query):
        page = client.get(url, query)
        assert page.status_code == 200
        return [row.pk for row in page.context["page"].rows if row.action in (Action.ROLE_GRANTED, Action.ROLE_ENDED)]

    assert len(shown()) == 2
    assert shown(action=Action.ROLE_ENDED) == [old.pk]
    assert shown(actor=world.users["staff_drenthe"].email) == [old.pk]
    assert shown(q="Assen") != [old.pk] and old.pk not in shown(q="Assen")
    assert shown(date_from="2026-01-01", date_to="2026-01-31") == [old.pk]
    bad = client.get(url, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert bad.status_code == 200 and "op of na de begindatum" in bad.text


def test_purge_deletes_only_rows_past_the_period_and_says_how_many(world, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    keep = audit_record(Action.LOGOUT, summary="binnen")
    gone = audit_record(Action.LOGOUT, summary="buiten")
    ActionLog.objects.filter(pk=keep.pk).update(at=now - dt.timedelta(days=29))
    ActionLog.objects.filter(pk=gone.pk).update(at=now - dt.timedelta(days=31))
    assert audit_purge(now=now) == 1
    assert ActionLog.objects.filter(pk=keep.pk).exists() and not ActionLog.objects.filter(pk=gone.pk).exists()
    assert ActionLog.objects.get(action=Action.AUDIT_PURGED).changes["count"] == 1
    assert audit_purge(now=now) == 0
