"""Which pages the benchmark opens, as whom: looked up in the database being measured.

The scale data's named sessions ("Schaal: sessie met 500 uitnodigingen", "… 2.000 …") are used
when present; otherwise (the demo data) the sessions with the most invitations stand in. People
are found by role: the programme administrator, an adviser, the staff of the province that
organises the 2,000-invitation session, the coordinator of the largest RES region, and so on.
Runs inside the bench process after django.setup(), against a throw-away copy of the data.
"""

import secrets
from dataclasses import dataclass, field

from django.db.models import Count, Q

# Set on the logins below, in the run's copy of the data only; new for every run.
BENCH_PASSWORD = secrets.token_urlsafe(24)
BENCH_OTP_KEY = secrets.token_hex(20)  # the authenticator key of every login that needs the second factor
SCALE_TITLES = {500: "Schaal: sessie met 500 uitnodigingen", 2000: "Schaal: sessie met 2.000 uitnodigingen"}
# The scale data's empty sessions to paste into (mailing.py makes its own when they are missing).
PASTE_TITLES = {
    500: "Schaal: lege sessie om 500 adressen in te plakken",
    2000: "Schaal: lege sessie om 2.000 adressen in te plakken",
}
LAB_TITLE = "Schaal: Leer Lab met wachtlijst"  # full, with a waiting list, meetings and updates
HTMX = {"HX-Request": "true"}


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    role: str | None  # None: anonymous
    headers: dict = field(default_factory=dict)
    key: str = ""


@dataclass
class World:
    users: dict[str, object]  # role -> User
    session_500: object
    session_2000: object
    region: object
    province: object
    municipality: object
    lab: object


def _session(invitations: int):
    from sessions.models import Session

    named = Session.objects.filter(title=SCALE_TITLES[invitations]).first()
    if named is not None:
        return named
    counted = Session.objects.annotate(n=Count("invitations")).exclude(status=Session.Status.CANCELLED)
    # Demo data: the session whose number of invitations is nearest (the largest there is).
    return counted.order_by("-n", "pk")[0 if invitations == 2000 else min(1, counted.count() - 1)]


def _user(role_kind: str, *, fallback=None, **scope):
    from accounts.models import Role, User

    users = User.objects.filter(is_active=True, roles__kind=role_kind, **{f"roles__{k}": v for k, v in scope.items()})
    user = users.order_by("pk").first() or fallback
    if user is None:
        raise SystemExit(f"bench: no active user with role {role_kind} {scope or ''} in the data")
    if role_kind == Role.Kind.PROGRAMME_ADMIN and not user.is_superuser:
        user = User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first() or user
    return user


def _largest_region():
    from municipalities.models import ResRegion

    current = Count("municipalities", filter=Q(municipalities__ended_on__isnull=True))
    return ResRegion.objects.annotate(n=current).order_by("-n", "code").first()


def _municipality_with_most_history(region):
    """The municipality of REGION with the most history records (progress, wijken, initiatives)."""
    from collections import Counter

    from municipalities.models import Municipality
    from progress.models import Initiative, Neighbourhood, Progress

    counts = Counter()
    for model in (Progress, Neighbourhood, Initiative):
        rows = model.history.filter(municipality__res_region=region).values("municipality_id")
        counts.update({row["municipality_id"]: row["n"] for row in rows.annotate(n=Count("history_id"))})
    if not counts:
        return Municipality.objects.filter(res_region=region).order_by("name").first()
    return Municipality.objects.get(pk=min(counts, key=lambda pk: (-counts[pk], pk)))


def _busiest_lab():
    from labs.models import Lab

    named = Lab.objects.filter(title=LAB_TITLE).first()
    if named is not None:
        return named
    return Lab.objects.annotate(n=Count("enrolments", filter=Q(enrolments__status="active"))).order_by("-n", "pk")[0]


def world() -> World:
    from accounts.models import Role

    session_500, session_2000 = _session(500), _session(2000)
    province = session_2000.organiser_province
    region = _largest_region()
    municipality = _municipality_with_most_history(region)
    adviser = _user(Role.Kind.PROGRAMME_ADVISER)
    users = {
        "admin": _user(Role.Kind.PROGRAMME_ADMIN),
        "adviser": adviser,
        "staff": _user(Role.Kind.PROVINCIAL_STAFF, province=province),
        # Programme staff see every region's dashboard: the stand-in where the region has no coordinator.
        "coordinator": _user(Role.Kind.REGIONAL_COORDINATOR, res_region=region, fallback=adviser),
    }
    return World(users, session_500, session_2000, region, province, municipality, _busiest_lab())


def prepare_logins(w: World) -> dict[str, str]:
    """A known password for each login (in the run's copy of the data), an authenticator with a
    known key where the role needs the second factor, and a calendar link for the feed's owner:
    the adviser's when the data gave them one (the scale data does), else the staff's."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.otp import otp_required
    from accounts.services import calendar_token_rotate

    for user in w.users.values():
        user.set_password(BENCH_PASSWORD)
        user.save(update_fields=["password"])
        if otp_required(user):  # staff and programme roles (issue 11): an authenticator with a known key
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name="bench", key=BENCH_OTP_KEY, confirmed=True)
    if not feed_owner(w).calendar_token:
        calendar_token_rotate(user=w.users["staff"])
    return {role: user.email for role, user in w.users.items()}


def feed_owner(w: World):
    return w.users["adviser"] if w.users["adviser"].calendar_token else w.users["staff"]


def _answer_path(session) -> str:
    from django.urls import reverse

    from sessions.services.answers import answer_token

    invitation = session.invitations.order_by("pk").first()
    return reverse("sessions:answer", kwargs={"token": answer_token(invitation)})


def _page(key: str, label: str, name: str, role: str | None, *, query: str = "", htmx: bool = False, **kwargs) -> Page:
    from django.urls import reverse

    return Page(label, reverse(name, kwargs=kwargs) + query, role, HTMX if htmx else {}, key=key)


def session_pages(w: World) -> list[Page]:
    s500, s2000 = w.session_500.pk, w.session_2000.pk
    return [
        _page(
            "board_province",
            f"planning board, {w.province.name} (its staff)",
            "sessions:board",
            "staff",
            query=f"?provincie={w.province.code}",
        ),
        _page("board_programme", "planning board, programme staff", "sessions:board", "adviser"),
        _page("session_list", "session list", "sessions:list", "adviser"),
        _page("session_500", "session page, 500 invitations", "sessions:detail", "staff", pk=s500),
        _page("poll_500", "  poll of the 500 page (htmx)", "sessions:invitations", "staff", htmx=True, pk=s500),
        _page("session_2000", "session page, 2,000 invitations", "sessions:detail", "staff", pk=s2000),
        _page("poll_2000", "  poll of the 2,000 page (htmx)", "sessions:invitations", "staff", htmx=True, pk=s2000),
        _page("invite", "invite page (2,000 invited)", "sessions:invite", "staff", pk=s2000),
    ]


def other_pages(w: World) -> list[Page]:
    lab, region, code = w.lab.pk, w.region.code, w.municipality.cbs_code
    return [
        _page("lab_catalogue", "Leer Labs catalogue", "labs:catalogue", None),
        _page("lab_page", "lab page", "labs:detail", "adviser", pk=lab),
        _page("lab_room", "lab room", "labs:room", "adviser", pk=lab),
        _page(
            "region_dashboard",
            f"region dashboard, {w.region.name}",
            "progress:region_dashboard",
            "coordinator",
            code=region,
        ),
        _page(
            "province_overview",
            f"province overview, {w.province.name}",
            "progress:province_overview",
            "adviser",
            code=w.province.code,
        ),
        _page("national_overview", "national overview", "progress:national_overview", "adviser"),
        _page("national_map", "national map", "progress:national_map", "adviser"),
        _page(
            "municipality",
            f"municipality page, {w.municipality.name}",
            "municipalities:detail",
            "coordinator",
            cbs_code=code,
        ),
        _page("municipality_history", "  its progress history", "progress:history", "coordinator", cbs_code=code),
        _page("outbox", "outbox", "mail:outbox", "admin"),
        _page("calendar_feed", "calendar feed", "sessions:feed", None, token=feed_owner(w).calendar_token),
        Page("invitee's answer page", _answer_path(w.session_2000), None, key="answer_page"),
    ]


def pages(w: World) -> list[Page]:
    """The main pages of issue 10, item 7, in the order the table shows them."""
    return session_pages(w) + other_pages(w)


BARE = Page("bare Django view (/healthz/live)", "/healthz/live", None, key="bare")
ADMIN_CHANGELIST = Page("Django admin changelist, sessions", "/admin/sprints/session/", "admin", key="admin_changelist")
