"""generate_scale_data at scale 0.01 (`scale_world`): the figures it promises, in proportion; the
same data for the same seed; history, outbox states and the named fixtures the benchmark uses."""

import hashlib

import pytest
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from accounts.models import Role, User
from heatportal.mail.models import Email
from labs.models import Enrolment, Lab, LabMeeting
from municipalities.models import Contact, Municipality, Province
from progress.models import Initiative, Neighbourhood, Progress
from sessions.models import Invitation, Session, SessionDay
from sessions.scale import PASTE_500, PASTE_2000, SESSION_500, SESSION_2000, named_sizes
from tests.fixtures.scale import build_scale

pytestmark = pytest.mark.django_db


def digest() -> str:
    """What the data says, without ids (sequences are not rolled back, so ids differ by run)."""
    h = hashlib.sha256()
    for row in Session.objects.order_by("title", "created_at").values_list(
        "title", "kind", "status", "organiser_province__code", "created_at", "uid"
    ):
        h.update(repr(row).encode())
    for row in SessionDay.objects.order_by("date", "session__title", "start_time").values_list(
        "date", "session__title"
    ):
        h.update(repr(row).encode())
    for row in Invitation.objects.order_by("session__title", "contact__email").values_list(
        "session__title", "contact__email", "answer", "email__status", "email__subject"
    ):
        h.update(repr(row).encode())
    for row in Email.objects.order_by("message_id").values_list("message_id", "to_email", "status", "created_at"):
        h.update(repr(row).encode())
    for row in Progress.history.order_by("municipality__cbs_code", "history_date").values_list(
        "municipality__cbs_code", "vision_status", "programme_status", "history_date"
    ):
        h.update(repr(row).encode())
    return h.hexdigest()


def test_the_figures_are_the_national_ones_times_the_scale(scale_world):
    assert Session.objects.count() == 50  # 5,000
    assert Invitation.objects.count() == 1_000  # 100,000
    assert Email.objects.count() == 2_000  # 200,000
    assert Lab.objects.count() == 2  # 200
    assert Contact.objects.count() == 200 + 1  # 20,000, and the adviser's own contact
    # Progress is national at every scale: every current municipality.
    assert Progress.objects.count() == Municipality.objects.current().count() == 342
    assert Enrolment.objects.exists() and LabMeeting.objects.exists()


def test_sessions_spread_over_the_years_and_every_province(scale_world):
    today = timezone.localdate()
    span = SessionDay.objects.aggregate(first=Min("date"), last=Max("date"))
    assert span["first"].year == today.year - 7 and span["last"].year == today.year + 1
    assert set(Session.objects.values_list("organiser_province", flat=True)) >= set(
        Province.objects.values_list("pk", flat=True)
    ), "every province organises sessions"
    statuses = set(Session.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in Session.Status}
    assert SessionDay.objects.filter(date__gte=today).exists(), "sessions are coming too"


def test_invitations_are_linked_to_their_outbox_rows(scale_world):
    sent = Invitation.objects.filter(email__isnull=False).select_related("email")
    assert sent.count() >= 900
    for invitation in sent[:50]:
        assert invitation.email.key == f"session:{invitation.session_id}:invitation:{invitation.pk}"
        assert invitation.email.to_email == invitation.contact.email
        assert invitation.email.attachments[0]["filename"] == "sessie.ics"
        assert "BEGIN:VCALENDAR" in invitation.email.attachments[0]["content"]


def test_the_outbox_holds_every_state_in_realistic_sizes(scale_world):
    assert set(Email.objects.values_list("status", flat=True)) == {s.value for s in Email.Status}
    assert Email.objects.filter(sensitive=True, key__startswith="accounts:password-reset:").exists()
    sent = Email.objects.filter(status=Email.Status.SENT)
    assert not sent.filter(sent_at__isnull=True).exists()
    assert not Email.objects.filter(status=Email.Status.FAILED, last_error="").exists()
    invitation = Email.objects.filter(key__contains=":invitation:").first()
    assert len(invitation.body_text) + len(invitation.body_html) > 1_500, "bodies of a few KB"
    assert not Email.objects.filter(created_at__gt=timezone.now()).exists(), "nothing queued in the future"


def test_progress_has_history_for_every_municipality(scale_world):
    with_history = Progress.history.values("municipality_id").distinct().count()
    assert with_history == Progress.objects.count()
    assert Progress.history.filter(history_type="~", history_user__isnull=False).exists()
    assert Neighbourhood.history.filter(history_type="~").exists()
    assert Initiative.history.filter(history_type="+").count() == Initiative.objects.count()
    assert Municipality.history.filter(history_type="~", history_user__isnull=False).exists(), "dwellings changed"
    assert not Municipality.objects.current().filter(dwellings__isnull=True).exists()


def test_the_named_sessions_and_lab_are_there_at_their_size(scale_world):
    # At scale 0.01 the two big sessions hold 500 and 2,000 times the scale; from 0.1 on, exactly.
    assert named_sizes(0.01) == (5, 20) and named_sizes(0.1) == named_sizes(1.0) == (500, 2000)
    counts = dict(
        Session.objects.filter(title__in=[SESSION_500, SESSION_2000, PASTE_500, PASTE_2000])
        .annotate(n=Count("invitations"))
        .values_list("title", "n")
    )
    assert counts == {SESSION_500: 5, SESSION_2000: 20, PASTE_500: 0, PASTE_2000: 0}
    big = scale_world.session()
    assert big.status == Session.Status.SCHEDULED and big.days.filter(date__gt=timezone.localdate()).exists()
    assert set(big.invitations.values_list("email__status", flat=True)) == {s.value for s in Email.Status}
    assert scale_world.lab.enrolments.filter(status=Enrolment.Status.WAITING).exists()
    assert scale_world.adviser in scale_world.lab.advisers.all()


def test_every_role_has_a_login_with_the_one_password(scale_world):
    logins = [scale_world.admin, scale_world.adviser, scale_world.coordinator("ES16"), scale_world.officer("GM0358")]
    logins += [scale_world.staff(p.name) for p in Province.objects.all()]
    assert all(user.check_password(scale_world.password) for user in logins)
    assert scale_world.admin.is_superuser
    kinds = set(Role.objects.filter(user__in=logins).values_list("kind", flat=True))
    assert kinds == {k.value for k in Role.Kind}
    assert scale_world.adviser.calendar_token
    assert Invitation.objects.filter(contact__email=scale_world.adviser.email).count() >= 2, "a calendar to feed"
    assert scale_world.password in scale_world.output and scale_world.adviser.email in scale_world.output


def test_a_second_run_is_refused_and_flush_builds_the_same_data_again(scale_world):
    before = digest()
    with pytest.raises(CommandError, match="--flush"):
        build_scale()
    output = build_scale(flush=True)
    assert "flushed" in output
    assert digest() == before
    assert Session.objects.count() == 50 and Email.objects.count() == 2_000
    assert User.objects.filter(email=scale_world.adviser.email).count() == 1


def test_another_seed_builds_other_data(scale_world):
    before = digest()
    build_scale(seed=scale_world.seed + 1, flush=True)
    assert digest() != before
    assert Invitation.objects.count() == 1_000, "the figures stay"


@pytest.mark.parametrize("scale", [0, 0.0005, -0.5, 1.5])
def test_a_scale_outside_zero_to_one_is_refused(scale_world, scale):
    with pytest.raises(CommandError, match="--scale"):
        build_scale(scale=scale)
    assert Session.objects.filter(~Q(title="")).count() == 50
