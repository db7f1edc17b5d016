"""The bytes of an outbox message on the wire, written out directly.

Django 6 builds a message with the modern email API (EmailMessage.message()), which parses and
refolds every header of every part: about 4 ms a message here, more than the SMTP dialogue and
both database writes together, and so what limited how fast a fan-out went. Python's legacy
email API (what Django used up to 5.2) still took over a millisecond, most of it folding short
ASCII headers and compiling a regular expression per boundary. An outbox message always has the
same few shapes (text; text and HTML; either with attachments), so its MIME is written here
directly, in well under that. OutboxMessage is a Django EmailMultiAlternatives in everything
else (the backends, mail.outbox in tests, its fields); heatportal/mail/tests/test_mime.py holds
these bytes against what Django's own message() makes of the same message.

Bodies are UTF-8 with CRLF line ends, 8bit (7bit when ASCII) unless a line passes the 998 bytes
SMTP allows, then quoted-printable, as in Django 5.2; other attachments base64. Non-ASCII in
headers is RFC 2047 encoded, a non-ASCII domain IDNA-encoded, long headers folded.
"""

import base64
import email.policy
import re
import secrets
from email import quoprimime
from email.header import Header
from email.utils import encode_rfc2231, formataddr, formatdate, getaddresses

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.encoding import punycode

LINE_LIMIT = 998  # RFC 5322 2.1.1, in bytes, without the CRLF
FOLD_AT = 78  # RFC 5322 2.1.1: SHOULD
CRLF = "\r\n"
_LINE_ENDS = re.compile(r"\r\n|\r|\n")
_QUOTE_IN_PARAM = re.compile(r'[\\"]')


def _clean(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("Header values may not contain line breaks.")
    return value


def _header(name: str, value: str) -> str:
    """NAME: VALUE, RFC 2047 encoded when it is not ASCII and folded when it is long."""
    value = _clean(value)
    if value.isascii() and len(name) + 2 + len(value) <= FOLD_AT:
        return f"{name}: {value}"
    charset = "us-ascii" if value.isascii() else "utf-8"
    return f"{name}: " + Header(value, charset, header_name=name).encode(linesep=CRLF)


def _addresses(name: str, values) -> str:
    pairs = getaddresses([_clean(str(value)) for value in values])
    encoded = []
    for display, addr in pairs:
        local, _, domain = addr.rpartition("@")
        addr = f"{local}@{punycode(domain)}" if local else addr
        # One encoded word for a non-ASCII name, however long: split in two, readers (Python's
        # own among them) put a space where the split was.
        encoded.append(formataddr((display, addr), charset="utf-8"))
    line = f"{name}: " + ", ".join(encoded)
    # Fold before each address, and before "<" of one that is long on its own.
    if len(line) > FOLD_AT:
        folded = [e.replace(" <", CRLF + " <", 1) if len(e) > FOLD_AT - 8 else e for e in encoded]
        line = f"{name}: " + ("," + CRLF + " ").join(folded)
    return line


def _text(content: str, subtype: str) -> tuple[list[str], str]:
    """Headers and body of a text part, the body ending in a line break as Django's do."""
    text = _LINE_ENDS.sub(CRLF, content if content.endswith("\n") else content + "\n")
    raw = text.encode("utf-8", "surrogateescape")
    if any(len(line) > LINE_LIMIT for line in raw.split(CRLF.encode())):
        body, encoding = quoprimime.body_encode(raw.decode("latin-1"), eol=CRLF), "quoted-printable"
        body = body if body.endswith(CRLF) else body + CRLF
    else:
        body, encoding = text, "7bit" if raw.isascii() else "8bit"
    return [f'Content-Type: text/{subtype}; charset="utf-8"', f"Content-Transfer-Encoding: {encoding}"], body


def _attachment(filename: str, content, mimetype: str) -> tuple[list[str], str]:
    maintype, _, subtype = mimetype.partition("/")
    if maintype == "text" and isinstance(content, str):
        headers, body = _text(content, subtype)
    else:
        data = content if isinstance(content, bytes) else str(content).encode()
        headers = [f"Content-Type: {mimetype}", "Content-Transfer-Encoding: base64"]
        body = base64.encodebytes(data).decode("ascii").replace("\n", CRLF)
    if filename.isascii():
        disposition = 'attachment; filename="{}"'.format(_QUOTE_IN_PARAM.sub(r"\\\g<0>", _clean(filename)))
    else:
        disposition = "attachment; filename*=" + encode_rfc2231(_clean(filename), "utf-8")
    return [*headers, f"Content-Disposition: {disposition}"], body


def _multipart(subtype: str, parts: list[tuple[list[str], str]]) -> tuple[list[str], str]:
    bodies = "".join(body for _, body in parts)
    boundary = f"==heatportal-{secrets.token_hex(12)}=="
    while boundary in bodies:  # 96 random bits: never, but cheap to be sure
        boundary = f"==heatportal-{secrets.token_hex(12)}=="
    # The line break before each delimiter is the delimiter's (RFC 2046 5.1.1), not the part's.
    body = "".join(f"--{boundary}{CRLF}{CRLF.join(headers)}{CRLF}{CRLF}{part}{CRLF}" for headers, part in parts)
    return [f'Content-Type: multipart/{subtype}; boundary="{boundary}"'], f"{body}--{boundary}--{CRLF}"


def wire_bytes(message: EmailMultiAlternatives) -> bytes:
    """MESSAGE's text, alternatives and attachments as multipart/alternative inside
    multipart/mixed (each level only when needed), with its headers, as SMTP carries them."""
    part = _text(message.body, "plain")
    if message.alternatives:
        alternatives = [_text(a.content, a.mimetype.partition("/")[2]) for a in message.alternatives]
        part = _multipart("alternative", [part, *alternatives])
    if message.attachments:
        part = _multipart(
            "mixed", [part, *(_attachment(a.filename, a.content, a.mimetype) for a in message.attachments)]
        )
    content_headers, body = part
    local = settings.EMAIL_USE_LOCALTIME
    headers = [
        *content_headers,
        "MIME-Version: 1.0",
        _header("Subject", str(message.subject)),
        _addresses("From", [message.from_email]),
        _addresses("To", message.to),
        *([_addresses("Reply-To", message.reply_to)] if message.reply_to else []),
        f"Date: {formatdate(localtime=local, usegmt=not local)}",
        *(_header(name, str(value)) for name, value in message.extra_headers.items()),
    ]
    return (CRLF.join(headers) + CRLF + CRLF + body).encode("utf-8", "surrogateescape")


class _Wire:
    """What the SMTP backend uses of a message: its bytes."""

    def __init__(self, data: bytes):
        self._data = data

    def as_bytes(self) -> bytes:
        return self._data


class OutboxMessage(EmailMultiAlternatives):
    """EmailMultiAlternatives whose bytes for SMTP come from wire_bytes(): the SMTP backend asks
    for message(policy=email.policy.SMTP) and sends only its as_bytes(). Asked any other way
    (mail.outbox in tests, the file backend, a reader of headers) it is Django's own message."""

    def message(self, *, policy=email.policy.default):
        if policy is email.policy.SMTP:
            return _Wire(wire_bytes(self))
        return super().message(policy=policy)
