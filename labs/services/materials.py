"""A lab's materials: links and uploaded documents for its members, and removing them.

Files live under MEDIA_ROOT with a random name and are only ever sent through the
permission-checked download view, never as public media.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from heatportal import uploads
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from labs.models import Lab, LabMaterial
from labs.services.errors import LabError

MAX_BYTES = 15 * 1024 * 1024  # a slide deck with photos; larger files belong on a file share


def upload_check(upload) -> str:
    """The content type to store for UPLOAD, or LabError saying why it is refused."""
    try:
        return uploads.upload_check(upload, max_bytes=MAX_BYTES).content_type
    except uploads.UploadRefused as refused:
        raise LabError(str(refused), status=400) from refused


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
