"""The signed link an agreed action's owner contact uses to update its status without an account.

The token carries the action's id and its link_key and nothing else; it is signed with a salt of
its own (a token of another kind never opens this page) and expires OUTCOMES_ACTION_LINK_DAYS
after it was made. Renewing the action's link_key voids every link sent before.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from outcomes.models import AgreedAction

ACTION_LINK_SALT = "outcomes.action-link"


class LinkVoided(Exception):
    """The link was genuine, but a newer one has been sent since (the link_key was renewed)."""


def action_token(action: AgreedAction) -> str:
    return signing.dumps({"a": action.pk, "k": action.link_key}, salt=ACTION_LINK_SALT, compress=True)


def action_url(action: AgreedAction) -> str:
    return settings.SITE_URL + reverse("outcomes:action_link", kwargs={"token": action_token(action)})


def link_max_age() -> int:
    return settings.OUTCOMES_ACTION_LINK_DAYS * 24 * 60 * 60


def link_expires_on() -> dt.date:
    """The last day a link made now works (told in the mail)."""
    return timezone.localdate() + dt.timedelta(days=settings.OUTCOMES_ACTION_LINK_DAYS)


def action_from_token(token: str) -> AgreedAction:
    """The action of a link. Raises signing.SignatureExpired / BadSignature, LinkVoided, or
    AgreedAction.DoesNotExist (removed since)."""
    data = signing.loads(token, salt=ACTION_LINK_SALT, max_age=link_max_age())
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or not isinstance(data.get("k"), str):
        raise signing.BadSignature("unexpected payload")
    action = AgreedAction.objects.select_related("session", "municipality", "owner_organisation", "owner_contact").get(
        pk=data["a"]
    )
    # A renewed key, or the contact gone (another one chosen, or erased): the link has had its day.
    if action.link_key != data["k"] or action.owner_contact_id is None:
        raise LinkVoided
    return action


def link_version(action: AgreedAction) -> str:
    """A short digest of the link_key: names one sending in an outbox key without any part of
    the token (the key is shown to administrators; the token is a working write link)."""
    return hashlib.sha256(action.link_key.encode()).hexdigest()[:12]
