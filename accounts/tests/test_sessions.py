"""Active sessions on the own-account page, logging out elsewhere, and the idle timeout."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.models import UserSession
from heatportal.audit.models import Action, ActionLog

pytestmark = pytest.mark.django_db
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1"
PASSWORD = "geheim-wachtwoord-1"


def _logged_in(user, agent, address):
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    return client


def test_the_profile_lists_both_browsers_and_marks_this_one(world):
    officer = world.users["officer_assen"]
    laptop = _logged_in(officer, FIREFOX, "192.0.2.1")
    _logged_in(officer, IPHONE, "192.0.2.2")
    page = laptop.get(reverse("accounts:profile"))
    listed = page.context["browser_sessions"]
    assert {s.device for s in listed} == {"Firefox op Windows", "Safari op iPhone"}
    assert "Firefox op Windows <strong>(dit apparaat)</strong>" in page.text
    assert "192.0.2.2" in page.text
    assert laptop.session.session_key not in page.text  # the key itself is never shown


def test_logging_out_elsewhere_ends_the_other_browser_at_its_next_request(world):
    officer = world.users["officer_assen"]
    laptop = _logged_in(officer, FIREFOX, "192.0.2.1")
    phone = _logged_in(officer, IPHONE, "192.0.2.2")
    response = laptop.post(reverse("accounts:sessions_end_others"))
    assert response.status_code == 302
    assert phone.get(reverse("accounts:profile"))["Location"].startswith(reverse("accounts:login"))
    assert laptop.get(reverse("accounts:profile")).status_code == 200
    assert UserSession.objects.filter(user=officer).count() == 1
    assert ActionLog.objects.get(action=Action.SESSIONS_ENDED).changes == {"count": 1}


def test_one_session_can_be_ended_but_never_someone_elses(world):
    officer, other = world.users["officer_assen"], world.users["officer_zaanstad"]
    laptop = _logged_in(officer, FIREFOX, "192.0.2.1")
    phone = _logged_in(officer, IPHONE, "192.0.2.2")
    theirs = _logged_in(other, FIREFOX, "192.0.2.3")
    their_row = UserSession.objects.get(user=other)
    assert laptop.post(reverse("accounts:session_end", args=[their_row.pk])).status_code == 404
    assert theirs.get(reverse("accounts:profile")).status_code == 200
    phone_row = UserSession.objects.get(user=officer, session_key=phone.session.session_key)
    assert laptop.post(reverse("accounts:session_end", args=[phone_row.pk])).status_code == 302
    assert phone.get(reverse("accounts:profile")).status_code == 302


def test_an_idle_session_is_logged_out_with_a_dutch_message(world, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 7200
    client = _logged_in(world.users["officer_assen"], FIREFOX, "192.0.2.1")
    client.get(reverse("accounts:profile"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 7201  # as if two hours passed without a request
    session.save()
    response = client.get(reverse("accounts:profile"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "U bent uitgelogd omdat u 2 uur niets deed." in response.text
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_activity_inside_the_timeout_keeps_the_session_and_is_written_at_most_once_a_minute(world):
    client = _logged_in(world.users["officer_assen"], FIREFOX, "192.0.2.1")
    client.get(reverse("home"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 7000
    session.save()
    assert client.get(reverse("home")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert writes == []  # the request just before noted the activity; this one writes nothing
