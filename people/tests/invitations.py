"""What the invitation tests share: inviting through the service and finding the mailed link."""

import re

from django.urls import reverse

from accounts.models import Role
from heatportal.mail.models import Email
from people.forms import grantable_role_choices
from people.services import invitation_send, invitation_token

K = Role.Kind
INVITE_URL = reverse("people:invite")
PASSWORD = "lang-en-uniek-wachtwoord-7"


def _values(user) -> set[str]:
    return {value for _group, options in grantable_role_choices(user) for value, _label in options}


def _invite(world, by="programme_admin", email="nieuw@example.org", kind=K.MUNICIPAL_OFFICER, scope=None, **kw):
    scope = world.assen if scope is None and kind == K.MUNICIPAL_OFFICER else scope
    invitation, _ = invitation_send(by=world.users[by], email=email, kind=kind, scope=scope, **kw)
    return invitation


def _link(invitation) -> str:
    return reverse("people:invitation_link", kwargs={"token": invitation_token(invitation)})


def _link_from_outbox(email: str) -> str:
    body = Email.objects.filter(to_email=email).latest("pk").body_text
    return re.search(r"https?://[^/\s]+(/mensen/uitnodiging/[^\s]+/)", body).group(1)
