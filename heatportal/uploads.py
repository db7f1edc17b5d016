"""Checking an uploaded file before it is stored: its extension, its size and its first bytes.

Used by every app that takes files (lab materials, terugblik photos, council decisions). The
declared content type is the sender's word; the first bytes must match the extension too.
Files are stored under MEDIA_ROOT with a random name and sent only through permission-checked
views, never as public media.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# Office and OpenDocument files are zip archives.
ZIP = b"PK\x03\x04"
# extension -> (content types a browser may declare, the first bytes of such a file)
KNOWN = {
    "pdf": ({"application/pdf"}, (b"%PDF-",)),
    "docx": ({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}, (ZIP,)),
    "xlsx": ({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, (ZIP,)),
    "pptx": ({"application/vnd.openxmlformats-officedocument.presentationml.presentation"}, (ZIP,)),
    "odt": ({"application/vnd.oasis.opendocument.text"}, (ZIP,)),
    "png": ({"image/png"}, (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ({"image/jpeg"}, (b"\xff\xd8\xff",)),
    "jpeg": ({"image/jpeg"}, (b"\xff\xd8\xff",)),
    # RIFF, four bytes of length, then WEBP (checked in _head_matches).
    "webp": ({"image/webp"}, (b"RIFF",)),
}
DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "odt", "png", "jpg", "jpeg")
PHOTOS = ("png", "jpg", "jpeg", "webp")
# Some browsers declare files they have no program for as octet-stream; the first bytes decide then.
UNKNOWN_TYPE = "application/octet-stream"


class UploadRefused(ValueError):
    """Why an upload cannot be stored, in words for the person who sent it."""


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    filename: str  # printable characters only, at most 200: for showing and Content-Disposition


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head_matches(extension: str, head: bytes, signatures: tuple[bytes, ...]) -> bool:
    if not head.startswith(signatures):
        return False
    return extension != "webp" or head[8:12] == b"WEBP"


def upload_check(upload, *, allowed=DOCUMENTS, max_bytes: int = 15 * 1024 * 1024) -> CheckedUpload:
    """UPLOAD checked against the ALLOWED extensions and MAX_BYTES, or UploadRefused."""
    extension = _extension(upload.name or "")
    if extension not in allowed:
        kinds = [e for e in allowed if e != "jpeg"]
        listed = _("%(first)s of %(last)s") % {"first": ", ".join(kinds[:-1]), "last": kinds[-1]}
        raise UploadRefused(
            _("Dit soort bestand kan niet. Kies een %(kinds)s.") % {"kinds": listed if len(kinds) > 1 else kinds[0]}
        )
    if upload.size > max_bytes:
        raise UploadRefused(_("Het bestand is te groot: maximaal %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    if upload.size == 0:
        raise UploadRefused(_("Het bestand is leeg."))
    types, signatures = KNOWN[extension]
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if (declared not in types and declared != UNKNOWN_TYPE) or not _head_matches(extension, head, signatures):
        raise UploadRefused(_("De inhoud van het bestand past niet bij de extensie .%(ext)s.") % {"ext": extension})
    filename = "".join(c for c in upload.name or "" if c.isprintable())[-200:]
    return CheckedUpload(content_type=sorted(types)[0], filename=filename)
