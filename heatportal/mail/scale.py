"""The outbox at national scale (generate_scale_data).

The helpers below make outbox rows the way the services would, without their cost: a template is
rendered once with placeholders and each recipient's copy is a replace (rendering 200,000 mails
one by one would take most of the five minutes), and each row gets the delivery state of a real
attempt (sent, failed after one refusal or five temporary errors, queued or waiting for a retry,
in sending). The apps make their own mails with them; this part runs last and tops the outbox
up to 200,000 times the scale with password-reset messages (sensitive: the outbox shows their
state only).
"""

import datetime as dt
import random
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape

from heatportal.mail.models import Email
from heatportal.mail.services import render_email
from heatportal.scale import ScaleContext, insert, random_uuid

EMAILS_FULL = 200_000
NAME, LINK, EXTRA = "@@NAAM@@", "@@LINK@@", "@@EXTRA@@"
PERMANENT = "SMTPRecipientsRefused: {'%s': (550, b'5.1.1 mailbox unavailable')}"
TEMPORARY = "SMTPDataError: (421, b'4.7.0 Try again later, closing connection.')"
Status = Email.Status


def flush_models() -> list:
    return [Email]


class Template:
    """TEMPLATE rendered once; `copy` puts one recipient's name, link and extra text in."""

    def __init__(self, template: str, context: dict):
        self.subject, self.text, self.html = render_email(template=template, context=context)

    def copy(self, name: str, link: str = "", extra: str = "") -> tuple[str, str, str]:
        def fill(text: str, html: bool) -> str:
            who, what = (escape(name), escape(extra)) if html else (name, extra)
            return text.replace(NAME, who).replace(LINK, link).replace(EXTRA, what)

        return fill(self.subject, False), fill(self.text, False), fill(self.html, True)


def placeholder(**fields) -> SimpleNamespace:
    """A stand-in for a person or an object in a template context, its name a placeholder."""
    return SimpleNamespace(name=NAME, full_name=NAME, **fields)


class Outbox:
    """Outbox rows in the making, with deterministic Message-IDs."""

    def __init__(self, ctx: ScaleContext, part: str):
        self.rng = ctx.rng_for(f"outbox:{part}")
        self.now = ctx.now
        self.host = urlsplit(settings.SITE_URL).hostname or "localhost"

    def status(self, when: dt.datetime, *, backlog: bool = False) -> str:
        """A delivery state: old mail went out or failed; a mail of the last days (BACKLOG) may
        still be queued, waiting for a retry or in sending."""
        roll = self.rng.random()
        if backlog and self.now - when < dt.timedelta(days=3):
            return Status.QUEUED if roll < 0.06 else Status.SENDING if roll < 0.08 else _done(roll - 0.08)
        return _done(roll)

    def row(self, *, key: str, to: tuple[str, str], parts: tuple, when: dt.datetime, status: str, **fields) -> Email:
        """One row; TO is (address, name), PARTS (subject, text, html), WHEN its queueing."""
        when = min(when, self.now - dt.timedelta(minutes=5))
        subject, text, html = parts
        email = Email(
            key=key,
            to_email=to[0],
            to_name=to[1],
            subject=subject,
            body_text=text,
            body_html=html,
            status=status,
            message_id=f"<{random_uuid(self.rng)}@{self.host}>",
            created_at=when,
            **fields,
        )
        _deliver(email, self.rng, to[0])
        return email


def _done(roll: float) -> str:
    return Status.FAILED if roll < 0.03 else Status.SENT


def _deliver(email: Email, rng: random.Random, address: str) -> None:
    """The fields a real attempt leaves, for the row's status."""
    when = email.created_at
    if email.status == Status.SENT:
        email.attempts = 1 if rng.random() < 0.95 else 2
        email.sent_at = when + dt.timedelta(seconds=rng.randint(1, 40) + 120 * (email.attempts - 1))
        email.updated_at = email.sent_at
    elif email.status == Status.FAILED:
        refused = rng.random() < 0.6
        email.attempts = 1 if refused else 5
        email.last_error = PERMANENT % address if refused else TEMPORARY
        email.updated_at = when + dt.timedelta(seconds=5 if refused else 3600 + rng.randint(0, 3600))
    elif email.status == Status.SENDING:
        email.attempts, email.claimed_by, email.updated_at = 1, f"scale-{rng.getrandbits(48):012x}", when
    else:
        retry = rng.random() < 0.5
        email.attempts = 1 if retry else 0
        email.last_error = TEMPORARY if retry else ""
        email.retry_after = when + dt.timedelta(minutes=rng.randint(5, 60)) if retry else None
        email.updated_at = when


def build(ctx: ScaleContext) -> None:
    """Password-reset requests of the scale logins, to make the outbox exactly its figure."""
    missing = ctx.scaled(EMAILS_FULL) - Email.objects.count()
    if missing < 0:  # below scale 0.01 the labs' and digests' minimums outgrow the figure
        ctx.notes.append(f"The outbox holds {-missing} rows more than 200,000 times the scale.")
        return
    users = ctx.share["users"]
    ids = [users["admin"], *users["advisers"], *users["officers"].values(), *users["coordinators"].values()]
    ids += [u for staff in users["staff"].values() for u in staff]
    people = dict(_people(ids))
    outbox = Outbox(ctx, "password-reset")
    template = Template("password_reset", {"user": placeholder(), "uid": EXTRA, "token": LINK})
    first = dt.datetime.combine(ctx.today.replace(year=ctx.years[0], month=1, day=1), dt.time(8), dt.UTC)
    span = int((outbox.now - first).total_seconds())
    rows = []
    for n in range(missing):
        user_id = ids[n % len(ids)]
        email, name = people[user_id]
        when = first + dt.timedelta(seconds=outbox.rng.randrange(span))
        token = f"{outbox.rng.getrandbits(64):x}-{outbox.rng.getrandbits(96):x}"
        rows.append(
            outbox.row(
                key=f"accounts:password-reset:{user_id}:{outbox.rng.getrandbits(64):016x}",
                to=(email, name),
                parts=template.copy(name, link=token, extra=f"{user_id:x}"),
                when=when,
                status=outbox.status(when, backlog=True),
                sensitive=True,
            )
        )
    insert(ctx, "outbox rows", Email, rows)


def _people(ids: list[int]):
    from django.contrib.auth import get_user_model

    # The user model by setting, not by import: the outbox is ground and imports no app.
    return (
        (u.pk, (u.email, u.full_name)) for u in get_user_model().objects.filter(pk__in=ids).only("email", "full_name")
    )
