"""The MIME form of an outbox message, built with Python's legacy email API as Django did up to 5.2.

Django 6 builds a message with the modern email API (EmailMessage.message()), which parses and
refolds every header of every part: about 4 ms a message on this machine, more than the SMTP
dialogue and both database writes together, and so what limited how fast a fan-out went. The
legacy API builds the same structure in about a quarter of that. OutboxMessage is a Django
EmailMultiAlternatives in everything else (the backends, mail.outbox in tests, its fields), so
only the bytes on the wire come from here; heatportal/mail/tests/test_mime.py holds them against
what Django's own message() makes of the same message.

Bodies are UTF-8, 8bit unless a line passes the 998 characters SMTP allows (then quoted-printable),
as in Django 5.2; non-ASCII in headers is RFC 2047 encoded, and a non-ASCII domain IDNA-encoded.
"""

import email.policy
from email import charset as charsets
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import formataddr, formatdate, getaddresses

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.encoding import punycode

# CRLF throughout: the SMTP backend hands these bytes to smtplib as they are.
POLICY = email.policy.compat32.clone(linesep="\r\n")
LINE_LIMIT = 998  # RFC 5322 2.1.1, in bytes, without the CRLF

UTF8_8BIT = charsets.Charset("utf-8")
UTF8_8BIT.body_encoding = None  # 8bit: Python's default for UTF-8 is base64
UTF8_QP = charsets.Charset("utf-8")
UTF8_QP.body_encoding = charsets.QP


def _text(content: str, subtype: str) -> MIMENonMultipart:
    part = MIMENonMultipart("text", subtype, policy=POLICY)
    del part["MIME-Version"]  # the message's header, not each part's
    long_lines = any(len(line.encode(errors="surrogateescape")) > LINE_LIMIT for line in content.splitlines())
    # Ending in a line break, as Django's own parts do (and some readers expect).
    part.set_payload(
        content if content.endswith("\n") else content + "\n", charset=UTF8_QP if long_lines else UTF8_8BIT
    )
    return part


def _attachment(filename: str, content, mimetype: str) -> MIMEBase:
    maintype, _, subtype = mimetype.partition("/")
    if maintype == "text" and isinstance(content, str):
        part = _text(content, subtype)
    else:
        part = MIMEBase(maintype, subtype, policy=POLICY)
        del part["MIME-Version"]
        part.set_payload(content if isinstance(content, bytes) else str(content).encode())
        encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def _header(name: str, value: str) -> str | Header:
    if "\n" in value or "\r" in value:
        raise ValueError("Header values may not contain line breaks.")
    return value if value.isascii() else Header(value, "utf-8", header_name=name)


def _addresses(values) -> str:
    pairs = getaddresses([str(value) for value in values])
    if any("\n" in name or "\r" in name or "\n" in addr for name, addr in pairs):
        raise ValueError("Header values may not contain line breaks.")
    encoded = []
    for name, addr in pairs:
        local, _, domain = addr.rpartition("@")
        encoded.append(formataddr((name, f"{local}@{punycode(domain)}" if local else addr), charset="utf-8"))
    return ", ".join(encoded)


def mime_message(message: EmailMultiAlternatives) -> MIMEBase:
    """MESSAGE's text, alternatives and attachments as multipart/alternative inside
    multipart/mixed (each level only when needed), with its headers."""
    root = _text(message.body, "plain")
    if message.alternatives:
        parts = [root] + [_text(a.content, a.mimetype.partition("/")[2]) for a in message.alternatives]
        root = MIMEMultipart("alternative", _subparts=parts, policy=POLICY)
        del root["MIME-Version"]
    if message.attachments:
        parts = [root] + [_attachment(a.filename, a.content, a.mimetype) for a in message.attachments]
        root = MIMEMultipart("mixed", _subparts=parts, policy=POLICY)
        del root["MIME-Version"]
    root["MIME-Version"] = "1.0"
    root["Subject"] = _header("Subject", str(message.subject))
    root["From"] = _addresses([message.from_email])
    root["To"] = _addresses(message.to)
    root["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME, usegmt=not settings.EMAIL_USE_LOCALTIME)
    for name, value in message.extra_headers.items():
        root[name] = _header(name, str(value))
    return root


class OutboxMessage(EmailMultiAlternatives):
    """EmailMultiAlternatives whose bytes for SMTP come from mime_message(): the SMTP backend asks
    for message(policy=email.policy.SMTP) and sends only its as_bytes(). Asked any other way
    (mail.outbox in tests, the file backend, a reader of headers) it is Django's own message."""

    def message(self, *, policy=email.policy.default):
        if policy is email.policy.SMTP:
            return mime_message(self)
        return super().message(policy=policy)
