"""A mail merge: one message for many recipients who differ only in a few strings.

Rendering an email's three templates costs about 4 ms; 2,000 invitations took 8 s of the
worker's time before the first could be sent, longer than delivering them. The invitations of a
session differ only in the name, address and personal link, so the templates are rendered once
with a placeholder for each of those and every copy is filled in, which takes microseconds.

Subject and text templates have autoescape off, the HTML part escapes: a value is filled in as
is in the first two and escaped in the third, which is what rendering it would have done.
matches() holds the filled copy for one recipient against that recipient's full rendering: a
template that filters or tests a personal value (truncates a name, shows a link only for some)
fails it, and the caller renders everyone in full instead.
"""

import secrets
from collections.abc import Sequence

from django.utils.html import escape

from heatportal.mail.services import render_email


def placeholders(names: Sequence[str]) -> dict[str, str]:
    """A placeholder per name: letters and digits only (nothing to escape), with a random part
    that no text of the message can contain."""
    token = secrets.token_hex(8)
    return {name: f"MERGE{token}X{i}X" for i, name in enumerate(names)}


class MailMerge:
    """TEMPLATE rendered once with CONTEXT, in which the value of each of PLACEHOLDERS stands
    for a recipient's own string (placeholders() makes them)."""

    def __init__(self, *, template: str, context: dict, placeholders: dict[str, str], language: str = "nl"):
        self.template, self.language, self.placeholders = template, language, placeholders
        self.subject, self.text, self.html = render_email(template=template, context=context, language=language)

    def fill(self, values: dict[str, str]) -> tuple[str, str, str]:
        """Subject, text and HTML for the recipient whose own strings are VALUES."""
        subject, text, html = self.subject, self.text, self.html
        for name, placeholder in self.placeholders.items():
            value = str(values[name])
            subject = subject.replace(placeholder, value)
            text = text.replace(placeholder, value)
            html = html.replace(placeholder, escape(value))
        return " ".join(subject.split()), text, html

    def matches(self, *, values: dict[str, str], context: dict) -> bool:
        """Whether the copy for VALUES is exactly what rendering their full CONTEXT gives."""
        return self.fill(values) == render_email(template=self.template, context=context, language=self.language)
