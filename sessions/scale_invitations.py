"""Invitations at national scale and their outbox rows (generate_scale_data, after sessions/scale.py
stored the sessions).

Every sent invitation points at its own outbox row (key "session:<id>:invitation:<id>", the .ics
attached, the answer link signed for it), so invitation ids are reserved before the rows are made.
Follow-ups (reminders, thanks, nudges, cancellations, workshop allocations) fill the sessions'
share of the outbox, each at the moment beat would have queued it, never in the future.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from heatportal.mail.models import Email
from heatportal.mail.scale import EXTRA, LINK, Outbox, Template, placeholder
from heatportal.scale import BATCH_SIZE, ScaleContext, copy_insert, moment, quotas, reserve_ids
from sessions.ical import session_ics
from sessions.models import Invitation, InvitationDay, Session, WorkshopPreference
from sessions.services.answers import answer_token
from sessions.services.sending import invitation_batch

# The sessions' share of the 200,000 outbox rows; labs, progress and password resets the rest.
EMAILS_FULL = 192_000
A, S = Invitation.Answer, Session.Status
ANSWERS = {  # (accepted, declined) shares; the rest has not answered
    S.HELD: (0.6, 0.25),
    S.CANCELLED: (0.4, 0.2),
    S.SCHEDULED: (0.35, 0.1),
    S.TO_SCHEDULE: (0.0, 0.0),
}
# The named sessions' mails, in turn: of every 25, one refused, two queued, one in sending.
NAMED_STATES = [Email.Status.FAILED, Email.Status.QUEUED, Email.Status.SENDING, Email.Status.QUEUED]
NAMED_STATES += [Email.Status.SENT] * 21
TEMPLATES = {
    "reminder": "sessions_reminder",
    "thanks": "sessions_thanks",
    "nudge": "sessions_nudge",
    "cancel": "sessions_cancellation",
    "allocation": "sessions_allocation",
}


@dataclass
class Invitee:
    invitation: Invitation
    to: tuple[str, str]
    delivery: str = ""  # the invitation mail's status; "" when not sent
    occasions: list[tuple[str, dt.datetime]] = field(default_factory=list)
    link: str = ""


def build(ctx: ScaleContext, plans: list) -> None:
    rng = ctx.rng_for("invitations")
    outbox = Outbox(ctx, "sessions")
    ids = iter(reserve_ids(Invitation, sum(p.size for p in plans)))
    drawn = [(plan, _draw(ctx, rng, outbox, plan, ids)) for plan in plans if plan.size]
    sent = sum(1 for _, invitees in drawn for i in invitees if i.delivery)
    budget = max(ctx.scaled(EMAILS_FULL) - sent, 0)
    shares = quotas(budget, [sum(len(i.occasions) for i in invitees) for _, invitees in drawn])
    pick = ctx.rng_for("follow-ups")
    writer = _Writer(ctx)
    for (plan, invitees), share in zip(drawn, shares, strict=True):
        mail = _SessionMail(plan, outbox)
        for invitee in invitees:
            writer.add(
                invitee,
                mail.invitation(invitee) if invitee.delivery else None,
                _preferences(rng, plan, invitee),
                _attending(plan, invitee),
            )
        slots = [(invitee, occasion) for invitee in invitees for occasion in invitee.occasions]
        writer.emails += [mail.follow_up(invitee, *occasion) for invitee, occasion in pick.sample(slots, share)]
        writer.flush(full=False)
    writer.flush(full=True)


def _contacts(ctx: ScaleContext, rng: random.Random, plan) -> list[tuple]:
    pool = ctx.share["contacts"]
    local = ctx.share["contacts_by_province"].get(plan.session.organiser_province_id, [])
    if not plan.national and plan.size <= len(local) // 2:
        chosen = rng.sample(local, plan.size)
    else:
        chosen = rng.sample(range(len(pool)), plan.size)
    contacts = [pool[i] for i in chosen]
    # The adviser is invited to one session in eight, so that her calendar feed is a long one.
    if plan.sent and not plan.named and plan.size > 1 and rng.random() < 0.125:
        contacts[0] = ctx.share["feed_contact"]
    return contacts


def _draw(ctx: ScaleContext, rng: random.Random, outbox: Outbox, plan, ids) -> list[Invitee]:
    """Who is invited, what they answered, how their mail fared and what followed; no rows yet."""
    session = plan.session
    created = session.created_at + dt.timedelta(days=rng.randint(1, 5), minutes=rng.randrange(300))
    created = min(created, outbox.now - dt.timedelta(hours=2))
    if plan.named:  # sent this morning, still going out: the poll has something to show
        created = outbox.now - dt.timedelta(hours=3)
    backlog = bool(plan.days) and plan.days[0].date - ctx.today < dt.timedelta(days=60)
    invitees = []
    for n, ref in enumerate(_contacts(ctx, rng, plan)):
        invitation = Invitation(
            id=next(ids),
            session=session,
            contact_id=ref[0],
            invited_by_id=session.created_by_id,
            created_at=created,
            send_requested_at=created if plan.sent else None,
        )
        invitee = Invitee(invitation, to=(ref[2], ref[1]))
        if plan.sent:
            invitee.delivery = (
                NAMED_STATES[n % len(NAMED_STATES)] if plan.named else outbox.status(created, backlog=backlog)
            )
        if invitee.delivery == Email.Status.SENT:
            _answer(rng, plan, invitee, min(outbox.now, moment(plan.days[0].date)))
            invitee.occasions = _occasions(ctx, plan, invitee, outbox.now)
        invitees.append(invitee)
    return invitees


def _answer(rng: random.Random, plan, invitee: Invitee, until: dt.datetime) -> None:
    invitation, session = invitee.invitation, plan.session
    accepted, declined = ANSWERS[session.status]
    roll = rng.random()
    invitation.answer = A.ACCEPTED if roll < accepted else A.DECLINED if roll < accepted + declined else A.PENDING
    if invitation.answer != A.PENDING:
        start = invitation.created_at
        invitation.answered_at = start + (until - start) * rng.random() if until > start else start
    if session.status == S.HELD and invitation.answer == A.ACCEPTED:
        invitation.attended = rng.random() < 0.85
    if plan.workshops and invitation.answer == A.ACCEPTED and session.allocated_at:
        invitation.workshop = rng.choice(plan.workshops)
        invitation.lottery_position = rng.randint(1, plan.size)


def _occasions(ctx: ScaleContext, plan, invitee: Invitee, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """What beat or a cancellation would have queued for this invitee by now."""
    session, invitation = plan.session, invitee.invitation
    first, last = plan.days[0].date, plan.days[-1].date
    found = []
    if session.status == S.CANCELLED:
        found.append((f"cancel:{session.sequence}", invitation.created_at + dt.timedelta(days=2)))
    elif invitation.answer == A.ACCEPTED:
        found += [(f"reminder:{d}d", moment(first - dt.timedelta(days=d), 8)) for d in session.reminder_days]
        if invitation.attended:
            found.append(("thanks", moment(last + dt.timedelta(days=1), 9)))
        if invitation.workshop_id:
            found.append(("allocation", session.allocated_at))
    elif invitation.answer == A.PENDING and session.answer_deadline:
        found.append(("nudge", moment(session.answer_deadline - dt.timedelta(days=3), 9)))
    return [(occasion, when) for occasion, when in found if invitation.created_at < when < now]


def _attending(plan, invitee: Invitee) -> list[InvitationDay]:
    """Who accepted comes to every day, as an answer given without choosing days does."""
    if invitee.invitation.answer != A.ACCEPTED:
        return []
    return [InvitationDay(invitation=invitee.invitation, day=day) for day in plan.days]


def _preferences(rng: random.Random, plan, invitee: Invitee) -> list[WorkshopPreference]:
    invitation = invitee.invitation
    if not plan.workshops or invitation.answer != A.ACCEPTED:
        return []
    ranked = rng.sample(plan.workshops, len(plan.workshops))
    return [WorkshopPreference(invitation=invitation, workshop=w, rank=n) for n, w in enumerate(ranked, start=1)]


class _SessionMail:
    """The mails of one session, each template rendered once (see heatportal.mail.scale)."""

    def __init__(self, plan, outbox: Outbox):
        self.plan, self.outbox, self.session = plan, outbox, plan.session
        workshops = self.session.workshops.all()
        workshops._result_cache, workshops._prefetch_done = list(plan.workshops), True
        # The templates ask for the session's workshops: from this cache, not one query per mail.
        self.session._prefetched_objects_cache = {"workshops": workshops}
        self.context = {
            "session": self.session,
            "days": plan.days,
            "contact": placeholder(),
            "invitation": placeholder(workshop=placeholder(title=EXTRA)),
            "answer_url": LINK,
            "session_url": self.session.get_absolute_url(),
            "removed_days": [],
        }
        # The answer page's address with the token left to put in (reverse once, not per mail).
        self.answer_url = settings.SITE_URL + reverse("sessions:answer", kwargs={"token": "TOKEN"})
        self.templates: dict[str, Template] = {}
        self.ics = {}

    def _template(self, name: str) -> Template:
        if name not in self.templates:
            self.templates[name] = Template(name, self.context)
        return self.templates[name]

    def _attachment(self, method: str) -> list[dict]:
        if method not in self.ics:
            content = session_ics(session=self.session, days=self.plan.days, method=method)
            self.ics[method] = [{"filename": "sessie.ics", "mimetype": "text/calendar", "content": content}]
        return self.ics[method]

    def _parts(self, template: str, invitee: Invitee) -> tuple:
        invitee.link = invitee.link or self.answer_url.replace("TOKEN", answer_token(invitee.invitation))
        workshop = invitee.invitation.workshop
        return self._template(template).copy(invitee.to[1], invitee.link, workshop.title if workshop else "")

    def invitation(self, invitee: Invitee) -> Email:
        return self.outbox.row(
            key=f"session:{self.session.pk}:invitation:{invitee.invitation.pk}",
            to=invitee.to,
            parts=self._parts("sessions_invitation", invitee),
            when=invitee.invitation.created_at,
            status=invitee.delivery,
            batch=invitation_batch(self.session),
            attachments=self._attachment("REQUEST"),
        )

    def follow_up(self, invitee: Invitee, occasion: str, when: dt.datetime) -> Email:
        kind = occasion.split(":")[0]
        return self.outbox.row(
            key=f"session:{self.session.pk}:{occasion}:{invitee.invitation.pk}",
            to=invitee.to,
            parts=self._parts(TEMPLATES[kind], invitee),
            when=when,
            status=self.outbox.status(when, backlog=True),
            attachments=self._attachment("CANCEL") if kind == "cancel" else [],
        )


class _Writer:
    """Rows collected per session and copied in batches: outbox rows first (the invitations
    point at them, so their ids are reserved), then the invitations, then their preferences."""

    def __init__(self, ctx: ScaleContext):
        self.ctx = ctx
        self.emails: list[Email] = []
        self.invitations: list[Invitation] = []
        self.linked: list[tuple[Invitation, Email]] = []
        self.preferences: list[WorkshopPreference] = []
        self.days: list[InvitationDay] = []

    def add(self, invitee: Invitee, email: Email | None, preferences: list, days: list) -> None:
        if email is not None:
            self.emails.append(email)
            self.linked.append((invitee.invitation, email))
        self.invitations.append(invitee.invitation)
        self.preferences += preferences
        self.days += days

    def flush(self, *, full: bool) -> None:
        if not full and len(self.emails) < BATCH_SIZE:
            return
        for email, pk in zip(self.emails, reserve_ids(Email, len(self.emails)), strict=True):
            email.id = pk
        for invitation, email in self.linked:
            invitation.email_id = email.id
        copy_insert(self.ctx, "outbox rows", Email, self.emails)
        copy_insert(self.ctx, "invitations", Invitation, self.invitations)
        copy_insert(self.ctx, "workshop preferences", WorkshopPreference, self.preferences)
        copy_insert(self.ctx, "days attended", InvitationDay, self.days)
        self.emails, self.invitations, self.linked, self.preferences, self.days = [], [], [], [], []
