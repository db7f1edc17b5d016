"""The check-in code of an invitee: a signed link in a QR code, on their confirmation and page.

Scanned by an organiser, it opens that person's entry on the check-in list (the organiser logs
in; the code alone lets nobody in and changes nothing). Its own salt makes it good for nothing
but checking in, and it carries the invitation's link version, so handing the invitation to a
colleague voids the old code too.
"""

import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.html import escape

from sessions.models import Invitation

CHECKIN_SALT = "sessions.checkin"
CHECKIN_CODE_MAX_AGE = 60 * 60 * 24 * 365


def checkin_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "v": invitation.link_version}, salt=CHECKIN_SALT, compress=True)


def checkin_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("sessions:checkin_code", kwargs={"token": checkin_token(invitation)})


def invitation_from_checkin_token(token: str) -> Invitation:
    """Raises signing.BadSignature (tampered, expired) or Invitation.DoesNotExist (passed on, erased)."""
    data = signing.loads(token, salt=CHECKIN_SALT, max_age=CHECKIN_CODE_MAX_AGE)
    return Invitation.objects.select_related("session", "contact__organisation").get(
        pk=data["i"], link_version=data["v"]
    )


def qr_png(url: str) -> bytes:
    """A QR code a phone camera reads off a screen or paper (error correction M, 6 px modules)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def qr_svg(url: str, *, label: str) -> str:
    """The same code as inline SVG for a page (the page's CSP allows no data: images), named LABEL."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=5, border=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode().replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
