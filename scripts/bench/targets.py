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
SCALE_TITLES = {500: "Schaal: sessie met 500 uitnodigingen", 2000: "Schaal: sessie met 2.000 uitnodigingen"}
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

    return ResRegion.objects.annotate(n=Count("municipalities")).order_by("-n", "code").first()


def _municipality_with_most_history(region):
    from municipalities.models import Municipality
    from progress.models import Progress

    rows = Progress.history.filter(municipality__res_region=region).values("municipality_id")
    top = rows.annotate(n=Count("history_id")).order_by("-n", "municipality_id").first()
    if top is None:
        return Municipality.objects.filter(res_region=region).order_by("cbs_code").first()
    return Municipality.objects.get(pk=top["municipality_id"])


def _busiest_lab():
    from labs.models import Lab

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
    """A known password and a calendar link for each login (in the run's copy of the data)."""
    from accounts.services import calendar_token_rotate

    for user in w.users.values():
        user.set_password(BENCH_PASSWORD)
        user.save(update_fields=["password"])
    if not w.users["staff"].calendar_token:
        calendar_token_rotate(user=w.users["staff"])
    return {role: user.email for role, user in w.users.items()}


def _answer_path(session) -> str:
    from django.urls import reverse

    from sessions.services.answers import answer_token

    invitation = session.invitations.order_by("pk").first()
    return reverse("sessions:answer", kwargs={"token": answer_token(invitation)})


def pages(w: World) -> list[Page]:
    """The main pages of issue 10, item 7, in the order the table shows them."""
    from django.urls import reverse as r

    s500, s2000 = w.session_500.pk, w.session_2000.pk
    feed = r("sessions:feed", kwargs={"token": w.users["staff"].calendar_token})
    return [
        Page(
            f"planning board, {w.province.name} (its staff)",
            r("sessions:board") + f"?provincie={w.province.code}",
            "staff",
            key="board_province",
        ),
        Page("planning board, programme staff", r("sessions:board"), "adviser", key="board_programme"),
        Page("session list", r("sessions:list"), "adviser", key="session_list"),
        Page("session page, 500 invitations", r("sessions:detail", kwargs={"pk": s500}), "staff", key="session_500"),
        Page(
            "  poll of the 500 page (htmx)",
            r("sessions:invitations", kwargs={"pk": s500}),
            "staff",
            HTMX,
            key="poll_500",
        ),
        Page(
            "session page, 2,000 invitations", r("sessions:detail", kwargs={"pk": s2000}), "staff", key="session_2000"
        ),
        Page(
            "  poll of the 2,000 page (htmx)",
            r("sessions:invitations", kwargs={"pk": s2000}),
            "staff",
            HTMX,
            key="poll_2000",
        ),
        Page("invite page (2,000 invited)", r("sessions:invite", kwargs={"pk": s2000}), "staff", key="invite"),
        Page("Leer Labs catalogue", r("labs:catalogue"), None, key="lab_catalogue"),
        Page("lab page", r("labs:detail", kwargs={"pk": w.lab.pk}), "adviser", key="lab_page"),
        Page("lab room", r("labs:room", kwargs={"pk": w.lab.pk}), "adviser", key="lab_room"),
        Page(
            f"region dashboard, {w.region.name}",
            r("progress:region_dashboard", kwargs={"code": w.region.code}),
            "coordinator",
            key="region_dashboard",
        ),
        Page(
            f"province overview, {w.province.name}",
            r("progress:province_overview", kwargs={"code": w.province.code}),
            "adviser",
            key="province_overview",
        ),
        Page("national overview", r("progress:national_overview"), "adviser", key="national_overview"),
        Page("national map", r("progress:national_map"), "adviser", key="national_map"),
        Page(
            f"municipality page, {w.municipality.name}",
            r("municipalities:detail", kwargs={"cbs_code": w.municipality.cbs_code}),
            "coordinator",
            key="municipality",
        ),
        Page(
            "  its progress history",
            r("progress:history", kwargs={"cbs_code": w.municipality.cbs_code}),
            "coordinator",
            key="municipality_history",
        ),
        Page("outbox", r("mail:outbox"), "admin", key="outbox"),
        Page("calendar feed (provincial staff)", feed, None, key="calendar_feed"),
        Page("invitee's answer page", _answer_path(w.session_2000), None, key="answer_page"),
    ]


BARE = Page("bare Django view (/healthz/live)", "/healthz/live", None, key="bare")
ADMIN_CHANGELIST = Page("Django admin changelist, sessions", "/admin/sprints/session/", "admin", key="admin_changelist")
