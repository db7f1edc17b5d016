import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from heatportal.mail.services import render_email
from tests.htmlforms import page_form, post_data

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"


def _stored(user):
    return {
        f: getattr(User.objects.get(pk=user.pk), f)
        for f in ["email", "full_name", "phone", "language", "wants_digest", "wants_reminders", "wants_notices"]
    }


def test_posting_the_profile_back_unchanged_changes_nothing(client, world):
    user = world.users["officer_assen"]
    client.force_login(user)
    before = _stored(user)
    form = page_form(client.get(reverse("accounts:profile")), action_contains="#gegevens")
    response = client.post(reverse("accounts:profile"), post_data(form), follow=True)
    assert response.status_code == 200
    assert _stored(user) == before
    assert not ActionLog.objects.filter(action=Action.ACCOUNT_CHANGED).exists()
    assert "Er was niets gewijzigd" in response.text


def test_profile_edit_stores_own_fields_and_audits_their_names(client, world):
    user = world.users["officer_assen"]
    client.force_login(user)
    form = page_form(client.get(reverse("accounts:profile")), action_contains="#gegevens")
    data = post_data(form)
    data.update(full_name=["Anna de Vries"], phone=["0612345678"], language=["en"])
    data.pop("wants_digest", None)
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 302
    stored = _stored(user)
    assert stored["full_name"] == "Anna de Vries" and stored["phone"] == "0612345678"
    assert stored["language"] == "en" and stored["wants_digest"] is False and stored["wants_reminders"] is True
    entry = ActionLog.objects.get(action=Action.ACCOUNT_CHANGED)
    assert sorted(entry.changes["fields"]) == ["full_name", "language", "phone", "wants_digest"]


def test_profile_refuses_bad_language_and_ignores_email_and_staff_fields(client, world):
    user = world.users["officer_assen"]
    client.force_login(user)
    before = _stored(user)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "X", "language": "de", "email": "evil@example.org", "is_staff": "on"},
    )
    assert response.status_code == 200 and "language" in response.context["form"].errors
    assert _stored(user) == before
    response = client.post(
        reverse("accounts:profile"), {"full_name": "X", "language": "nl", "email": "evil@example.org", "is_staff": "on"}
    )
    fresh = User.objects.get(pk=user.pk)
    assert fresh.email == before["email"] and fresh.is_staff is False and fresh.full_name == "X"


def test_profile_links_to_password_change_and_second_factor(client, world):
    client.force_login(world.users["officer_assen"])
    text = client.get(reverse("accounts:profile")).text
    assert reverse("accounts:password_change") in text
    assert reverse("otp:manage") in text
    assert reverse("accounts:password_reset") not in text


def _login(email):
    other = Client()
    response = other.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return other


def test_password_change_needs_the_current_password(client, world):
    user = world.users["officer_assen"]
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "fout",
            "new_password1": "een-heel-nieuw-wachtwoord",
            "new_password2": "een-heel-nieuw-wachtwoord",
        },
    )
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert not Email.objects.filter(key__startswith="accounts:password-changed:").exists()


def test_password_change_keeps_this_session_ends_others_audits_and_mails(world, django_capture_on_commit_callbacks):
    user = world.users["officer_assen"]
    here, elsewhere = _login(user.email), _login(user.email)
    assert elsewhere.get(reverse("accounts:profile")).status_code == 200
    new = "een-heel-nieuw-wachtwoord"
    with django_capture_on_commit_callbacks(execute=False):
        response = here.post(
            reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(new)
    assert here.get(reverse("accounts:profile")).status_code == 200
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302
    assert Session.objects.count() == 1
    entry = ActionLog.objects.get(action=Action.PASSWORD_CHANGED)
    assert entry.changes == {"sessions_ended": 1}
    mail = Email.objects.get(key__startswith="accounts:password-changed:")
    assert mail.to_email == user.email and mail.subject == "Uw wachtwoord is gewijzigd"
    assert "zojuist gewijzigd" in mail.body_text


def test_password_change_refuses_a_short_password(client, world):
    user = world.users["officer_assen"]
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "kort-1", "new_password2": "kort-1"},
    )
    assert response.status_code == 200 and "new_password2" in response.context["form"].errors
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_password_reset_mail_follows_the_recipients_language(client, world, django_capture_on_commit_callbacks):
    user = world.users["officer_assen"]
    User.objects.filter(pk=user.pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    mail = Email.objects.get(key__startswith="accounts:password-reset:")
    assert "Nieuw wachtwoord" not in mail.subject and "password" in mail.subject.lower()
    with translation.override("nl"):
        subject, _text, _html = render_email(
            template="password_reset", context={"user": user, "uid": "MQ", "token": "t"}
        )
    assert subject.startswith("Nieuw wachtwoord")


def test_password_reset_page_is_the_same_for_unknown_and_known_addresses(client, world):
    known = client.post(reverse("accounts:password_reset"), {"email": world.users["officer_assen"].email})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_login_failure_is_the_same_for_unknown_and_known_addresses(client, world):
    known = client.post(reverse("accounts:login"), {"username": "assen@example.org", "password": "fout"})
    unknown = client.post(reverse("accounts:login"), {"username": "niemand@example.org", "password": "fout"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_a_session_idle_past_the_timeout_is_logged_out(client, world, settings):
    import datetime as dt

    from django.utils import timezone

    client.force_login(world.users["officer_assen"])
    assert client.get(reverse("accounts:profile")).status_code == 200
    session = Session.objects.get()
    # Every request renews the expiry by SESSION_IDLE_TIMEOUT_SECONDS; one idle that long has expired.
    assert session.expire_date > timezone.now() + dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS - 60)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_lockout_looks_the_same_for_unknown_and_known_addresses(client, world, settings):
    responses = {}
    for email in ["assen@example.org", "niemand@example.org"]:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("accounts:login"), {"username": email, "password": "fout"})
        responses[email] = client.post(reverse("accounts:login"), {"username": email, "password": "fout"})
    known, unknown = responses["assen@example.org"], responses["niemand@example.org"]
    assert known.status_code == unknown.status_code == 429
    assert _page(known, "assen@example.org") == _page(unknown, "niemand@example.org")


def _page(response, email):
    # The CSRF token differs per response by design; the typed address is echoed back.
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", response.text.replace(email, "X"))
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_a_short_password_is_refused_in_dutch():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        validate_password("kort-wachtw")
    assert refused.value.messages == ["Dit wachtwoord is te kort: gebruik minstens 12 tekens."]
