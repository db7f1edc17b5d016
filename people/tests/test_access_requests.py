import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from municipalities.models import Contact, Organisation
from people.access_requests import access_request_decide, access_request_submit
from people.models import AccessRequest
from tests.factories import UserFactory

K = Role.Kind
REQUEST_URL = reverse("people:access_request")
LIST_URL = reverse("people:access_requests")


def _form(world, **overrides):
    data = {
        "full_name": "Anna Aanvrager",
        "email": "anna@assen.example.org",
        "kind": "municipal_officer",
        "municipality": world.assen.pk,
        "reason": "Ik werk aan de transitievisie van Assen.",
    }
    return {**data, **overrides}


def _assen_request(world, **kwargs):
    return access_request_submit(
        full_name=kwargs.pop("full_name", "Anna Aanvrager"),
        email=kwargs.pop("email", "anna@assen.example.org"),
        kind=K.MUNICIPAL_OFFICER,
        scope=world.assen,
        reason="Transitievisie",
        **kwargs,
    )


def _decide(client, user, access_request, decision="goedkeuren", message=""):
    client.force_login(user)
    url = reverse("people:access_request_decide", kwargs={"pk": access_request.pk})
    return client.post(url, {"besluit": decision, "message": message})


_CSRF = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def _body(response) -> str:
    return _CSRF.sub(r"\1-", response.content.decode())


@pytest.mark.django_db
def test_submission_stores_only_the_request(world, client):
    users, contacts, organisations = User.objects.count(), Contact.objects.count(), Organisation.objects.count()
    response = client.post(REQUEST_URL, _form(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:access_request_done")
    access_request = AccessRequest.objects.get()
    assert (access_request.kind, access_request.municipality, access_request.email) == (
        K.MUNICIPAL_OFFICER,
        world.assen,
        "anna@assen.example.org",
    )
    assert access_request.status == AccessRequest.Status.PENDING
    assert (User.objects.count(), Contact.objects.count(), Organisation.objects.count()) == (
        users,
        contacts,
        organisations,
    )
    log = ActionLog.objects.get(action=Action.ACCESS_REQUESTED)
    assert log.actor is None and log.object_id == str(access_request.pk)


@pytest.mark.django_db
def test_same_answer_whether_or_not_the_address_has_an_account(world, client):
    unknown = client.post(REQUEST_URL, _form(world, email="nieuw@example.org"), follow=True)
    known = client.post(REQUEST_URL, _form(world, email="assen@example.org"), follow=True)
    other_role = client.post(REQUEST_URL, _form(world, email="zaanstad@example.org"), follow=True)
    assert unknown.redirect_chain == known.redirect_chain == other_role.redirect_chain
    assert _body(unknown) == _body(known) == _body(other_role)
    assert "Als uw aanvraag klopt, ontvangt u bericht" in _body(unknown)


@pytest.mark.django_db
def test_existing_role_is_recognised_and_told_how_to_log_in(world, client):
    client.post(REQUEST_URL, _form(world, email="ASSEN@example.org"))
    assert not AccessRequest.objects.exists()
    mail = Email.objects.get(to_email="assen@example.org")
    assert "al toegang" in mail.subject
    assert reverse("accounts:login") in mail.body_text
    assert not Email.objects.exclude(pk=mail.pk).exists()  # no approver is bothered


@pytest.mark.django_db
def test_account_with_another_role_gets_a_request(world, client):
    client.post(REQUEST_URL, _form(world, email="zaanstad@example.org"))
    assert AccessRequest.objects.get().email == "zaanstad@example.org"


@pytest.mark.django_db
def test_duplicate_pending_request_is_recognised(world, client):
    client.post(REQUEST_URL, _form(world))
    mails = Email.objects.count()
    client.post(REQUEST_URL, _form(world, email="Anna@Assen.example.org", full_name="Anna A."))
    assert AccessRequest.objects.count() == 1
    assert Email.objects.count() == mails


@pytest.mark.django_db
def test_scope_is_required_for_the_role(world, client):
    response = client.post(REQUEST_URL, _form(world, municipality=""))
    assert response.status_code == 200
    assert "Kies de gemeente waar u werkt." in response.content.decode()
    response = client.post(REQUEST_URL, _form(world, kind="programme_admin"))
    assert response.status_code == 200
    assert not AccessRequest.objects.exists()


@pytest.mark.django_db
def test_hostile_input_is_a_form_error(world, client):
    for data in (
        _form(world, full_name="A\r\nBcc: x@example.org"),
        _form(world, municipality="999999999"),
        _form(world, reason="x" * 5000),
        _form(world, email="a\x00@example.org" + "x" * 300),
    ):
        assert client.post(REQUEST_URL, data).status_code in (200, 400)
    assert not AccessRequest.objects.exists()


@pytest.mark.django_db
def test_rate_limit_per_address_gives_429(world, client):
    for n in range(5):
        assert client.post(REQUEST_URL, _form(world, email=f"a{n}@example.org")).status_code == 302
    response = client.post(REQUEST_URL, _form(world, email="a9@example.org"))
    assert response.status_code == 429
    assert "te vaak verstuurd" in response.content.decode()
    assert AccessRequest.objects.count() == 5


@pytest.mark.django_db
def test_rate_limit_per_email(world, client):
    for n in range(5):
        client.post(REQUEST_URL, _form(world, email="zelfde@example.org"), REMOTE_ADDR=f"10.0.0.{n}")
    response = client.post(REQUEST_URL, _form(world, email="ZELFDE@example.org"), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429


@pytest.mark.django_db
def test_officer_request_notifies_province_staff_once(world):
    access_request = _assen_request(world)
    assert set(Email.objects.values_list("to_email", flat=True)) == {"drenthe@example.org"}
    mail = Email.objects.get()
    assert "Anna Aanvrager" in mail.subject and reverse("people:access_requests") in mail.body_text
    assert access_request is not None


@pytest.mark.django_db
def test_staff_and_coordinator_requests_go_to_programme_admins(world):
    access_request_submit(
        full_name="Piet", email="piet@example.org", kind=K.PROVINCIAL_STAFF, scope=world.drenthe, reason="x"
    )
    access_request_submit(
        full_name="Co", email="co@example.org", kind=K.REGIONAL_COORDINATOR, scope=world.res_drenthe, reason="x"
    )
    access_request_submit(full_name="Ad", email="ad@example.org", kind=K.PROGRAMME_ADVISER, reason="x")
    assert set(Email.objects.values_list("to_email", flat=True)) == {"beheer@example.org"}
    assert Email.objects.count() == 3


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("programme_admin", True),
        ("staff_drenthe", True),
        ("coordinator_drenthe", True),
        ("staff_nh", False),
        ("officer_assen", False),
        ("adviser", False),
    ],
)
@pytest.mark.django_db
def test_who_sees_the_assen_request(world, client, role, sees):
    _assen_request(world)
    client.force_login(world.users[role])
    response = client.get(LIST_URL)
    if role in ("officer_assen", "adviser"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert ("anna@assen.example.org" in response.content.decode()) is sees


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_requests(world, client, django_assert_num_queries):
    for n in range(3):
        _assen_request(world, email=f"p{n}@example.org")
    client.force_login(world.users["staff_drenthe"])
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as three:
        client.get(LIST_URL)
    _assen_request(world, email="p9@example.org")
    with django_assert_num_queries(len(three)):
        assert client.get(LIST_URL).content.decode().count("<article") == 4


@pytest.mark.django_db
def test_approve_creates_account_role_and_set_password_mail(world, client):
    access_request = _assen_request(world)
    staff = world.users["staff_drenthe"]
    response = _decide(client, staff, access_request, message="Welkom!")
    assert response.status_code == 302
    user = User.objects.get(email="anna@assen.example.org")
    assert user.full_name == "Anna Aanvrager" and not user.has_usable_password()
    role = Role.objects.get(user=user)
    assert (role.kind, role.municipality, role.granted_by) == (K.MUNICIPAL_OFFICER, world.assen, staff)
    access_request.refresh_from_db()
    assert (access_request.status, access_request.decided_by, access_request.user) == ("approved", staff, user)
    mail = Email.objects.get(to_email="anna@assen.example.org")
    assert mail.sensitive
    assert "Welkom!" in mail.body_text
    link = re.search(r"/account/wachtwoord-instellen/[^/]+/[^/\s]+/", mail.body_text).group(0)
    assert link not in mail.key
    assert ActionLog.objects.filter(action=Action.ACCESS_APPROVED, actor=staff).count() == 1
    assert ActionLog.objects.filter(action=Action.ROLE_GRANTED, actor=staff).count() == 1
    # The link sets a password once.
    client.logout()
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    password = "een-lang-nieuw-wachtwoord-7"
    done = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(password)
    again = client.get(link, follow=True)
    assert "new_password1" not in again.content.decode()


@pytest.mark.django_db
def test_approve_for_existing_account_only_adds_the_role(world, client):
    officer = world.users["officer_zaanstad"]
    access_request = _assen_request(world, email="zaanstad@example.org")
    password = officer.password
    _decide(client, world.users["programme_admin"], access_request)
    officer.refresh_from_db()
    assert officer.password == password
    assert set(Role.objects.filter(user=officer).values_list("municipality__name", flat=True)) == {"Zaanstad", "Assen"}
    assert User.objects.filter(email="zaanstad@example.org").count() == 1
    mail = Email.objects.get(to_email="zaanstad@example.org")
    assert not mail.sensitive and "wachtwoord-instellen" not in mail.body_text


@pytest.mark.django_db
def test_reject_sends_the_message(world, client):
    access_request = _assen_request(world)
    response = _decide(client, world.users["coordinator_drenthe"], access_request, "afwijzen", "Vraag het via uw team.")
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == "rejected" and access_request.decision_message == "Vraag het via uw team."
    assert not User.objects.filter(email="anna@assen.example.org").exists()
    mail = Email.objects.get(to_email="anna@assen.example.org")
    assert "Vraag het via uw team." in mail.body_text and "afgewezen" in mail.body_text
    assert ActionLog.objects.filter(action=Action.ACCESS_REJECTED, actor=world.users["coordinator_drenthe"]).exists()


@pytest.mark.django_db
def test_decision_is_idempotent(world, client):
    access_request = _assen_request(world)
    _decide(client, world.users["staff_drenthe"], access_request)
    response = _decide(client, world.users["programme_admin"], access_request, "afwijzen")
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == "approved" and access_request.decided_by == world.users["staff_drenthe"]
    assert Email.objects.filter(to_email="anna@assen.example.org").count() == 1
    assert ActionLog.objects.filter(action__in=[Action.ACCESS_APPROVED, Action.ACCESS_REJECTED]).count() == 1
    assert not access_request_decide(access_request_id=access_request.pk, approve=True, by=world.users["staff_drenthe"])


@pytest.mark.parametrize("role", ["staff_nh", "officer_assen", "officer_zaanstad", "adviser"])
@pytest.mark.django_db
def test_forged_approval_is_refused(world, client, role):
    access_request = _assen_request(world)
    response = _decide(client, world.users[role], access_request)
    assert response.status_code == 403
    access_request.refresh_from_db()
    assert access_request.status == "pending"
    assert not User.objects.filter(email="anna@assen.example.org").exists()


@pytest.mark.parametrize("role", ["staff_drenthe", "coordinator_drenthe", "staff_nh"])
@pytest.mark.django_db
def test_only_admins_grant_provincial_staff(world, client, role):
    access_request = access_request_submit(
        full_name="Piet", email="piet@example.org", kind=K.PROVINCIAL_STAFF, scope=world.noord_holland, reason="x"
    )
    # Noord-Holland's staff may grant colleagues of their province (may_grant); the others not.
    expected = 302 if role == "staff_nh" else 403
    assert _decide(client, world.users[role], access_request).status_code == expected


@pytest.mark.django_db
def test_htmx_decision_renders_the_row(world, client):
    access_request = _assen_request(world)
    client.force_login(world.users["staff_drenthe"])
    url = reverse("people:access_request_decide", kwargs={"pk": access_request.pk})
    response = client.post(url, {"besluit": "afwijzen"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="aanvraag-{access_request.pk}"' in body and "Afgewezen" in body and "<html" not in body


@pytest.mark.django_db
def test_bad_decision_and_unknown_request(world, client):
    access_request = _assen_request(world)
    assert _decide(client, world.users["staff_drenthe"], access_request, "misschien").status_code == 400
    url = reverse("people:access_request_decide", kwargs={"pk": 999999})
    assert client.post(url, {"besluit": "goedkeuren"}).status_code == 404
    access_request.refresh_from_db()
    assert access_request.status == "pending"


@pytest.mark.django_db
def test_login_page_links_to_the_request_form(client):
    assert REQUEST_URL in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_adviser_request_keeps_the_organisation(world):
    UserFactory(email="x@example.org")
    access_request = access_request_submit(
        full_name="X", email="x@example.org", kind=K.PROGRAMME_ADVISER, organisation="Adviesbureau", reason="x"
    )
    assert access_request.organisation == "Adviesbureau" and access_request.scope is None


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_make_one_decision(world):
    import threading

    from django.db import connections

    access_request = _assen_request(world)
    barrier = threading.Barrier(2)
    results = {}

    def decide(name, approve):
        try:
            barrier.wait()
            results[name] = access_request_decide(
                access_request_id=access_request.pk, approve=approve, by=world.users[name]
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("staff_drenthe", True)),
        threading.Thread(target=decide, args=("programme_admin", False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [False, True]
    access_request.refresh_from_db()
    assert access_request.status in ("approved", "rejected")
    assert Email.objects.filter(to_email="anna@assen.example.org").count() == 1
    assert ActionLog.objects.filter(action__in=[Action.ACCESS_APPROVED, Action.ACCESS_REJECTED]).count() == 1
    assert User.objects.filter(email="anna@assen.example.org").count() == (access_request.status == "approved")


@pytest.mark.django_db
def test_logged_in_person_finds_name_and_address_filled_in(world, client):
    client.force_login(world.users["officer_zaanstad"])
    body = client.get(REQUEST_URL).content.decode()
    assert 'value="zaanstad@example.org"' in body


@pytest.mark.django_db
def test_approving_a_request_of_a_switched_off_account_switches_it_on_with_the_role(world, client):
    old = UserFactory(email="anna@assen.example.org", is_active=False)
    access_request = _assen_request(world)
    assert access_request_decide(access_request_id=access_request.pk, approve=True, by=world.users["staff_drenthe"])
    old.refresh_from_db()
    assert old.is_active
    assert old.roles.filter(kind="municipal_officer", municipality=world.assen).exists()
