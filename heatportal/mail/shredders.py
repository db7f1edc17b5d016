"""The outbox and the mail files of the file backend, for heatportal.shredder."""

import email
import email.policy
import json
from pathlib import Path

from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from heatportal.mail.models import Email
from heatportal.shredder import Person, Shredder, plain, register


@register
class OutboxShredder(Shredder):
    """Messages to the person keep subject and state for the audit trail, not their address or
    content; unsent ones are stopped so nothing goes out to an erased person. Messages to others
    that mention the person (a digest, a colleague list) have the mention replaced."""

    label = _("e-mails")

    def names(self, *, email: str) -> set[str]:
        return set(Email.objects.filter(to_email__iexact=email).exclude(to_name="").values_list("to_name", flat=True))

    def _mentions(self, person: Person):
        """Messages to others that name the person (attachments searched as their JSON text)."""
        fields = ("to_name", "subject", "body_text", "body_html", "last_error", "attachments_text")
        return (
            Email.objects.annotate(attachments_text=Cast("attachments", TextField()))
            .filter(person.text_q(*fields))
            .exclude(to_email__iexact=person.email)
        )

    def export(self, *, person: Person) -> list[dict]:
        rows = [
            {
                "aan": e.to_email,
                "onderwerp": e.subject,
                "status": e.get_status_display(),
                "aangemaakt": plain(e.created_at),
            }
            for e in Email.objects.filter(to_email__iexact=person.email)
        ]
        rows += [
            {"aan": "(iemand anders)", "onderwerp": e.subject, "vermelding": True, "aangemaakt": plain(e.created_at)}
            for e in self._mentions(person)
        ]
        return rows

    def erase(self, *, person: Person) -> int:
        own = Email.objects.filter(to_email__iexact=person.email)
        own.exclude(status=Email.Status.SENT).update(status=Email.Status.FAILED, last_error="gewist op verzoek")
        touched = 0
        for message in own:
            message.subject = person.scrub(message.subject)
            message.last_error = person.scrub(message.last_error)
            touched += Email.objects.filter(pk=message.pk).update(
                to_email="verwijderd@invalid",
                to_name="",
                subject=message.subject,
                body_text="",
                body_html="",
                attachments=[],
                last_error=message.last_error,
            )
        for message in self._mentions(person):
            touched += Email.objects.filter(pk=message.pk).update(
                to_name=person.scrub(message.to_name),
                subject=person.scrub(message.subject),
                body_text=person.scrub(message.body_text),
                body_html=person.scrub(message.body_html),
                last_error=person.scrub(message.last_error),
                attachments=json.loads(person.scrub(json.dumps(message.attachments))),
            )
        return touched


@register
class MailFileShredder(Shredder):
    """The file backend (no SMTP configured) writes every message to EMAIL_FILE_DIR: a file that
    mentions the person is deleted whole (a file may hold a few messages of one connection)."""

    label = _("e-mailbestanden")

    def _files(self, person: Person) -> list[Path]:
        folder = Path(settings.EMAIL_FILE_DIR)
        if not folder.is_dir():
            return []
        return sorted(path for path in folder.glob("*.log") if person.mentioned_in(_readable_text(path)))

    def export(self, *, person: Person) -> list[dict]:
        return [{"bestand": path.name} for path in self._files(person)]

    def erase(self, *, person: Person) -> int:
        files = self._files(person)
        for path in files:
            path.unlink(missing_ok=True)
        return len(files)


def _readable_text(path: Path) -> str:
    """The raw file plus every message in it decoded (headers, quoted-printable, base64), so an
    address or a name with accents is found however the message was encoded."""
    raw = path.read_bytes()
    parts = [raw.decode("utf-8", errors="replace")]
    for chunk in raw.split(b"-" * 79):
        if not chunk.strip():
            continue
        message = email.message_from_bytes(chunk.strip(), policy=email.policy.default)
        parts += [str(value) for value in message.values()]
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if payload:
                parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return "\n".join(parts)
