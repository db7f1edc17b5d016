"""A lab's materials: links and uploaded documents for its members, and removing them.

Files live under MEDIA_ROOT with a random name and are only ever sent through the
permission-checked download view, never as public media.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from labs.models import Lab, LabMaterial
from labs.services.errors import LabError

MAX_BYTES = 15 * 1024 * 1024  # a slide deck with photos; larger files belong on a file share

# extension -> (content types a browser may declare, the first bytes of such a file). Office
# and OpenDocument files are zip archives; the declared type alone is the sender's word.
ZIP = b"PK\x03\x04"
ALLOWED = {
    "pdf": ({"application/pdf"}, (b"%PDF-",)),
    "docx": ({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}, (ZIP,)),
    "xlsx": ({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, (ZIP,)),
    "pptx": ({"application/vnd.openxmlformats-officedocument.presentationml.presentation"}, (ZIP,)),
    "odt": ({"application/vnd.oasis.opendocument.text"}, (ZIP,)),
    "png": ({"image/png"}, (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ({"image/jpeg"}, (b"\xff\xd8\xff",)),
    "jpeg": ({"image/jpeg"}, (b"\xff\xd8\xff",)),
}
# Some browsers declare files they have no program for as octet-stream; the first bytes decide then.
UNKNOWN_TYPE = "application/octet-stream"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def upload_check(upload) -> str:
    """The content type to store for UPLOAD, or LabError saying why it is refused."""
    extension = _extension(upload.name or "")
    if extension not in ALLOWED:
        raise LabError(_("Dit soort bestand kan niet. Kies een pdf, docx, xlsx, pptx, odt, png of jpg."), status=400)
    if upload.size > MAX_BYTES:
        raise LabError(
            _("Het bestand is te groot: maximaal %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}, status=400
        )
    if upload.size == 0:
        raise LabError(_("Het bestand is leeg."), status=400)
    types, signatures = ALLOWED[extension]
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if (declared not in types and declared != UNKNOWN_TYPE) or not head.startswith(signatures):
        raise LabError(
            _("De inhoud van het bestand past niet bij de extensie .%(ext)s.") % {"ext": extension}, status=400
        )
    return sorted(types)[0]


@transaction.atomic
def material_add(*, lab: Lab, user, title: str, url: str = "", upload=None) -> LabMaterial:
    """A link (URL) or a document (UPLOAD) for the members of LAB: exactly one of the two."""
    title, url = title.strip(), url.strip()
    if not title:
        raise LabError(_("Geef het materiaal een titel."), status=400)
    if not url and upload is None:
        raise LabError(_("Voeg een link of een bestand toe."), status=400)
    if url and upload is not None:
        raise LabError(_("Kies een link of een bestand, niet allebei."), status=400)
    material = LabMaterial(lab=lab, title=title, url=url, added_by=user)
    if upload is not None:
        material.content_type = upload_check(upload)
        material.filename = "".join(c for c in upload.name or "" if c.isprintable())[-200:]
        material.size = upload.size
        material.file.save(upload.name, upload, save=False)
    try:
        material.save()
    except Exception:
        if material.file:
            material.file.storage.delete(material.file.name)  # no row, so no file either
        raise
    audit_record(
        Action.LAB_MATERIAL_ADDED,
        actor=user,
        obj=lab,
        summary=title,
        changes={"title": title, "kind": "file" if upload is not None else "link", "file": material.filename},
    )
    return material


@transaction.atomic
def material_remove(*, material: LabMaterial, user) -> None:
    name = material.file.name if material.file else ""
    audit_record(
        Action.LAB_MATERIAL_REMOVED,
        actor=user,
        obj=material.lab,
        summary=material.title,
        changes={"title": material.title, "file": material.filename},
    )
    material.delete()
    if name:
        storage = material.file.storage
        # Only once the row is gone for good: a rollback keeps the row, so it keeps its file.
        transaction.on_commit(lambda: storage.delete(name))
