"""Evidence of adoption: the council decision (raadsbesluit) asked for when a vision or
programme is marked adopted, stored through the service, audited, and downloaded through a
permission-checked view."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from heatportal.audit.models import Action, ActionLog
from progress.models import Progress
from progress.tests.factories import ProgressFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% raadsbesluit\n"
URL = "https://assen.raadsinformatie.nl/document/12345/raadsbesluit-tvw"


def _post(client, world, **data):
    client.force_login(world.users["officer_assen"])
    url = reverse("progress:progress_section", kwargs={"cbs_code": "GM0106", "section": "visie"})
    values = {"visie-vision_status": "adopted", "visie-vision_adopted_on": "2021-05-19", **data}
    return client.post(url, values)


def _progress(world):
    return Progress.objects.get(municipality=world.assen)


def test_adopting_without_evidence_is_refused_in_place(client, world):
    response = _post(client, world)
    assert response.status_code == 200
    assert "Geef het raadsbesluit bij de vaststelling" in response.content.decode()
    assert not Progress.objects.filter(municipality=world.assen, vision_status="adopted").exists()


def test_adopting_with_a_link_is_stored_and_audited(client, world):
    response = _post(client, world, **{"visie-vision_decision_url": URL})
    assert response.status_code == 302
    assert _progress(world).vision_decision_url == URL
    assert ActionLog.objects.filter(action=Action.PROGRESS_EVIDENCE).count() == 1


def test_adopting_with_an_uploaded_pdf_is_stored(client, world):
    upload = SimpleUploadedFile("besluit.pdf", PDF, content_type="application/pdf")
    response = _post(client, world, **{"visie-vision_decision_file": upload})
    assert response.status_code == 302
    stored = _progress(world).vision_decision_file
    assert stored.name.startswith("raadsbesluiten/") and stored.read() == PDF


def test_a_plain_http_link_is_refused(client, world):
    response = _post(client, world, **{"visie-vision_decision_url": "http://assen.nl/besluit"})
    assert "begint met https://" in response.content.decode()
    assert not Progress.objects.filter(municipality=world.assen, vision_status="adopted").exists()


def test_a_wrong_file_type_is_refused(client, world):
    upload = SimpleUploadedFile("besluit.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png")
    response = _post(client, world, **{"visie-vision_decision_file": upload})
    assert "Dit soort bestand kan niet" in response.content.decode()
    assert not Progress.objects.filter(municipality=world.assen, vision_status="adopted").exists()


def test_an_adopted_row_without_evidence_posted_back_unchanged_changes_nothing(client, world):
    ProgressFactory(municipality=world.assen, vision_status="adopted", vision_adopted_on="2021-05-19")
    before = _progress(world).history.count()
    response = _post(client, world, **{"visie-vision_decision_url": ""})
    assert response.status_code == 302
    assert _progress(world).history.count() == before
    assert not ActionLog.objects.filter(action=Action.PROGRESS_EVIDENCE).exists()


def test_an_adopted_row_with_evidence_posted_back_unchanged_changes_nothing(client, world):
    ProgressFactory(
        municipality=world.assen, vision_status="adopted", vision_adopted_on="2021-05-19", vision_decision_url=URL
    )
    before = _progress(world).history.count()
    response = _post(client, world, **{"visie-vision_decision_url": URL})
    assert response.status_code == 302
    assert _progress(world).history.count() == before
    assert not ActionLog.objects.filter(action=Action.PROGRESS_EVIDENCE).exists()


def test_clearing_the_evidence_of_an_adopted_row_is_refused(client, world):
    ProgressFactory(
        municipality=world.assen, vision_status="adopted", vision_adopted_on="2021-05-19", vision_decision_url=URL
    )
    response = _post(client, world, **{"visie-vision_decision_url": ""})
    assert "Geef het raadsbesluit bij de vaststelling" in response.content.decode()
    assert _progress(world).vision_decision_url == URL


def _with_file(world):
    return ProgressFactory(
        municipality=world.assen,
        vision_status="adopted",
        vision_adopted_on="2021-05-19",
        vision_decision_file=ContentFile(PDF, name="besluit.pdf"),
    )


def test_download_for_who_may_see_the_progress(client, world):
    _with_file(world)
    url = reverse("progress:decision_download", kwargs={"cbs_code": "GM0106", "document": "vision"})
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(world.users["officer_zaanstad"])
    assert client.get(url).status_code == 404


def test_download_without_a_file_or_of_an_unknown_document_is_404(client, world):
    ProgressFactory(municipality=world.assen, vision_status="adopted", vision_adopted_on="2021-05-19")
    client.force_login(world.users["officer_assen"])
    for document in ("vision", "programme", "other"):
        url = reverse("progress:decision_download", kwargs={"cbs_code": "GM0106", "document": document})
        assert client.get(url).status_code == 404


def test_the_section_links_the_uploaded_decision(client, world):
    _with_file(world)
    client.force_login(world.users["officer_assen"])
    response = client.get(reverse("progress:progress_section", kwargs={"cbs_code": "GM0106", "section": "visie"}))
    url = reverse("progress:decision_download", kwargs={"cbs_code": "GM0106", "document": "vision"})
    assert f'href="{url}"' in response.content.decode()


# --- On the overviews -------------------------------------------------------------------------
def _adopted(municipality, **evidence):
    return ProgressFactory(
        municipality=municipality, vision_status="adopted", vision_adopted_on="2021-05-19", **evidence
    )


def test_the_overview_links_the_evidence_and_filters_the_adopted_without_it(client, world):
    from municipalities.models import Municipality

    drenthe = {m.name: m for m in Municipality.objects.filter(res_region__code="ES03")}
    _adopted(drenthe["Assen"], vision_decision_url=URL)
    _adopted(drenthe["Emmen"], vision_decision_file=ContentFile(PDF, name="besluit.pdf"))
    _adopted(drenthe["Meppel"])  # no evidence
    ProgressFactory(municipality=drenthe["Tynaarlo"], programme_status="adopted", programme_adopted_on="2026-11-02")
    ProgressFactory(municipality=drenthe["Coevorden"], vision_status="in_preparation")  # nothing adopted
    client.force_login(world.users["adviser"])
    national = reverse("progress:national_overview")
    html = client.get(national, {"q": "Assen"}).content.decode()
    assert f'href="{URL}"' in html
    html = client.get(national, {"q": "Emmen"}).content.decode()
    assert (
        reverse("progress:decision_download", kwargs={"cbs_code": drenthe["Emmen"].cbs_code, "document": "vision"})
        in html
    )
    rows = client.get(national, {"zonder_besluit": "1"}).context["rows"]
    assert {row.municipality.name for row in rows} == {"Meppel", "Tynaarlo"}
    assert "geen raadsbesluit" in client.get(national, {"q": "Meppel"}).content.decode()
    # A bad value is no filter, not an error.
    assert client.get(national, {"zonder_besluit": "ja<"}).status_code == 200
