"""A lab's materials: organisers add links and documents (allow-listed types, a size limit),
members see and download them through a checked view, nobody else, and never as public media."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from heatportal.audit.models import Action, ActionLog
from labs.models import LabMaterial
from labs.services import materials
from labs.tests.factories import PDF, EnrolmentFactory, LabFactory, LabMaterialFactory, pdf_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def lab(world):
    lab = LabFactory(advisers=[world.users["adviser"]])
    EnrolmentFactory(lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"])
    return lab


def _add(client, lab, **data):
    return client.post(reverse("labs:material_add", kwargs={"pk": lab.pk}), data)


def test_organiser_uploads_a_document_that_members_download_and_others_cannot(client, world, lab):
    client.force_login(world.users["staff_nh"])
    upload = SimpleUploadedFile("Handreiking wijkaanpak.pdf", PDF, content_type="application/pdf")
    response = _add(client, lab, title="Handreiking", file=upload)
    assert response.status_code == 302
    material = LabMaterial.objects.get()
    assert (material.filename, material.content_type, material.size) == (
        "Handreiking wijkaanpak.pdf",
        "application/pdf",
        len(PDF),
    )
    assert material.file.name.startswith(f"labs/materials/{lab.pk}/") and "Handreiking" not in material.file.name
    assert Path(settings.MEDIA_ROOT, material.file.name).read_bytes() == PDF
    assert ActionLog.objects.get(action=Action.LAB_MATERIAL_ADDED).changes["kind"] == "file"

    url = reverse("labs:material_download", kwargs={"pk": material.pk})
    for role in ("officer_zaanstad", "adviser", "staff_nh", "programme_admin"):
        client.force_login(world.users[role])
        assert "Handreiking" in client.get(reverse("labs:materials", kwargs={"pk": lab.pk})).text
        response = client.get(url)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"
    for role in ("officer_assen", "staff_drenthe", "coordinator_drenthe"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404, role  # not even told the material exists
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(world.users["officer_zaanstad"])
    for public in (f"/{material.file.name}", f"/media/{material.file.name}"):
        assert client.get(public).status_code == 404  # no public media URL serves it


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("script.html", b"<script>", "text/html", "Dit soort bestand kan niet"),
        ("beeld.svg", b"<svg/>", "image/svg+xml", "Dit soort bestand kan niet"),
        ("nep.pdf", b"MZ\x90\x00", "application/pdf", "past niet bij de extensie .pdf"),
        ("nep.docx", PDF, DOCX, "past niet bij de extensie .docx"),
        ("echt.pdf", PDF, "text/html", "past niet bij de extensie .pdf"),
        ("leeg.png", b"", "image/png", "leeg"),
    ],
)
def test_files_outside_the_allow_list_or_with_other_content_are_refused(
    client, world, lab, name, content, content_type, message
):
    client.force_login(world.users["staff_nh"])
    response = _add(client, lab, title="X", file=SimpleUploadedFile(name, content, content_type=content_type))
    assert response.status_code == 200 and message in response.text
    assert not LabMaterial.objects.exists()


def test_an_office_file_declared_as_octet_stream_is_taken_on_its_content(world, lab):
    upload = SimpleUploadedFile("plan.xlsx", b"PK\x03\x04rest", content_type="application/octet-stream")
    material = materials.material_add(lab=lab, user=world.users["staff_nh"], title="Plan", upload=upload)
    assert material.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_file_over_the_limit_is_refused(client, world, lab, monkeypatch):
    monkeypatch.setattr(materials, "MAX_BYTES", 10)
    client.force_login(world.users["staff_nh"])
    response = _add(client, lab, title="Groot", file=SimpleUploadedFile("groot.pdf", PDF, "application/pdf"))
    assert "Het bestand is te groot" in response.text and not LabMaterial.objects.exists()


def test_links_need_http_and_a_material_is_a_link_or_a_file(client, world, lab):
    client.force_login(world.users["staff_nh"])
    assert _add(client, lab, title="Kwaad", url="javascript:alert(1)").context["form"].errors["url"]
    assert "Voeg een link of een bestand toe." in _add(client, lab, title="Niets").text
    both = _add(client, lab, title="Twee", url="https://example.org", file=pdf_file())
    assert "niet allebei" in both.text
    assert not LabMaterial.objects.exists()
    assert _add(client, lab, title="Kennisbank", url="https://www.example.org/kennis").status_code == 302
    client.force_login(world.users["officer_zaanstad"])
    page = client.get(reverse("labs:materials", kwargs={"pk": lab.pk})).text
    assert 'href="https://www.example.org/kennis" rel="noopener noreferrer"' in page
    assert "Materiaal toevoegen" not in page  # members read, organisers add


def test_removing_a_document_deletes_its_file_and_is_audited(client, world, lab, django_capture_on_commit_callbacks):
    material = LabMaterialFactory(lab=lab, file=pdf_file())
    path = Path(settings.MEDIA_ROOT, material.file.name)
    assert path.exists()
    client.force_login(world.users["officer_zaanstad"])
    assert client.post(reverse("labs:material_delete", kwargs={"pk": material.pk})).status_code == 403
    client.force_login(world.users["staff_nh"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("labs:material_delete", kwargs={"pk": material.pk}))
    assert not LabMaterial.objects.exists() and not path.exists()
    assert ActionLog.objects.get(action=Action.LAB_MATERIAL_REMOVED).summary == material.title
