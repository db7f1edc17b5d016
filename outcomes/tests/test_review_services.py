"""The terugblik's writes: what is stored and audited, and what is refused."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from heatportal.audit.models import Action, ActionLog
from municipalities.models import Organisation
from outcomes import services_review
from outcomes.models import ReviewPhoto, SessionReview
from outcomes.selectors_review import attendance_by_type, attendance_rows
from outcomes.tests.factories import held_session, png_bytes, review_with_photo
from sessions.models import Invitation, Session
from sessions.tests.factories import InvitationFactory
from tests.factories import ContactFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


def _png(name="zaal.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, png_bytes() if content is None else content, content_type)


def _came(session, contact, attended=True):
    return InvitationFactory(session=session, contact=contact, answer=Invitation.Answer.ACCEPTED, attended=attended)


def _session_with_attendance(world):
    """Assen wants a corporation and the grid operator at its table, Midden-Drenthe a corporation."""
    session = held_session()
    assen, midden = municipality("GM0106"), municipality("GM1731")
    session.participations.filter(municipality=assen).update(seat_types=["housing_corporation", "grid_operator"])
    session.participations.filter(municipality=midden).update(seat_types=["housing_corporation"])
    corporation = OrganisationFactory(type=Organisation.Type.HOUSING_CORPORATION, municipalities=[assen])
    grid = OrganisationFactory(type=Organisation.Type.GRID_OPERATOR, municipalities=[assen])
    cooperation = OrganisationFactory(type=Organisation.Type.ENERGY_INITIATIVE, municipalities=[midden])
    _came(session, ContactFactory(organisation=corporation))
    _came(session, ContactFactory(organisation=grid), attended=False)
    _came(session, ContactFactory(organisation=cooperation))
    _came(session, ContactFactory(organisation=None, email="ASSEN@example.org"))  # the officer, by address
    _came(session, ContactFactory(organisation=None, email="buurman@example.org"))
    _came(session, ContactFactory(organisation=corporation), attended=None)  # said yes, not ticked
    return session


def test_attendance_counts_who_came_per_kind_against_the_seat_mix(world):
    session = _session_with_attendance(world)
    assert attendance_by_type(session) == {
        "energy_initiative": {"expected": 0, "came": 1},
        "grid_operator": {"expected": 1, "came": 0},
        "housing_corporation": {"expected": 2, "came": 1},
        "municipality": {"expected": 2, "came": 1},
        "none": {"expected": 0, "came": 1},
    }
    rows = attendance_rows(attendance_by_type(session))
    assert [(r["label"], r["expected"], r["came"]) for r in rows] == [
        ("Gemeente", 2, 1),
        ("Woningcorporatie", 2, 1),
        ("Netbeheerder", 1, 0),
        ("Lokaal energie-initiatief / energiecoöperatie", 0, 1),
        ("Zonder organisatie", 0, 1),
    ]


def test_an_ended_officer_role_counts_as_no_organisation(world):
    session = _session_with_attendance(world)
    Role.objects.filter(user=world.users["officer_assen"]).update(ends_on="2020-01-01")
    counted = attendance_by_type(session)
    assert counted["municipality"]["came"] == 0 and counted["none"]["came"] == 2


def test_recording_attendance_keeps_the_figure_as_it_was(world):
    session = _session_with_attendance(world)
    user = world.users["staff_drenthe"]
    review = services_review.review_attendance_count(session=session, user=user)
    assert review.attendance["housing_corporation"] == {"expected": 2, "came": 1}
    assert review.attendance_counted_at is not None
    assert ActionLog.objects.filter(action=Action.REVIEW_ATTENDANCE, object_id=str(review.pk)).count() == 1
    Invitation.objects.filter(session=session).update(attended=True)  # the list changes afterwards
    assert SessionReview.objects.get(pk=review.pk).attendance["housing_corporation"]["came"] == 1
    review = services_review.review_attendance_count(session=session, user=user)  # counted again on request
    assert review.attendance["housing_corporation"]["came"] == 2


def test_saving_stores_the_summary_counts_attendance_once_and_audits(world):
    session = _session_with_attendance(world)
    user = world.users["staff_drenthe"]
    review = services_review.review_save(session=session, user=user, summary="  Goede middag.\nVeel gedeeld.  ")
    stored = SessionReview.objects.get(session=session)
    assert stored.summary == "Goede middag.\nVeel gedeeld."
    assert stored.attendance["grid_operator"] == {"expected": 1, "came": 0}
    assert stored.history.latest().history_user == user
    log = ActionLog.objects.get(action=Action.REVIEW_SAVED)
    assert log.actor == user and log.changes == {"summary": ["", "Goede middag.\nVeel gedeeld."]}
    counted_at = stored.attendance_counted_at
    services_review.review_save(session=session, user=user, summary="Anders.")
    assert SessionReview.objects.get(pk=review.pk).attendance_counted_at == counted_at  # not counted again


def test_saving_the_same_summary_writes_nothing(world):
    session = held_session()
    user = world.users["staff_drenthe"]
    review = services_review.review_save(session=session, user=user, summary="Goed.")
    before = SessionReview.objects.filter(pk=review.pk).values().get()
    logs = ActionLog.objects.count()
    services_review.review_save(session=session, user=user, summary="Goed. ")
    assert SessionReview.objects.filter(pk=review.pk).values().get() == before
    assert ActionLog.objects.count() == logs
    assert review.history.count() == 1


@pytest.mark.parametrize("status", [Session.Status.SCHEDULED, Session.Status.CANCELLED])
def test_a_session_not_held_gets_no_terugblik(world, status):
    session = held_session(status=status)
    session.days.update(date="2099-01-01")
    with pytest.raises(ValidationError) as refusal:
        services_review.review_save(session=session, user=world.users["staff_drenthe"], summary="Goed.")
    assert refusal.value.code == "not_held"
    assert not SessionReview.objects.exists() and not ActionLog.objects.exists()


@pytest.mark.parametrize("role", ["officer_assen", "staff_nh", "coordinator_drenthe"])
def test_only_organisers_write_the_terugblik(world, role):
    session = held_session()
    with pytest.raises(PermissionDenied):
        services_review.review_save(session=session, user=world.users[role], summary="Goed.")
    with pytest.raises(PermissionDenied):
        services_review.review_publish(session=session, user=world.users[role])
    assert not SessionReview.objects.exists()


def test_publishing_needs_a_summary_and_withdrawing_takes_it_off(world):
    session = held_session()
    user = world.users["programme_admin"]
    with pytest.raises(ValidationError) as refusal:
        services_review.review_publish(session=session, user=user)
    assert refusal.value.code == "empty"
    assert not SessionReview.objects.exists()
    services_review.review_save(session=session, user=user, summary="Goed.")
    review = services_review.review_publish(session=session, user=user)
    stored = SessionReview.objects.get(pk=review.pk)
    assert stored.published_at is not None and stored.published_by == user
    services_review.review_publish(session=session, user=user)  # twice: nothing more
    assert ActionLog.objects.filter(action=Action.REVIEW_PUBLISHED).count() == 1
    with pytest.raises(ValidationError):
        services_review.review_save(session=session, user=user, summary="  ")  # published cannot be emptied
    services_review.review_withdraw(session=session, user=user)
    stored.refresh_from_db()
    assert stored.published_at is None and stored.published_by is None and stored.summary == "Goed."
    assert ActionLog.objects.filter(action=Action.REVIEW_WITHDRAWN, actor=user).count() == 1


def test_a_photo_is_stored_under_a_random_name_with_its_description(world):
    session = held_session()
    user = world.users["staff_drenthe"]
    photo = services_review.review_photo_add(
        session=session, user=user, upload=_png("geheim-verslag Jansen.png"), alt_text=" Zaal vol "
    )
    photo.refresh_from_db()
    assert photo.alt_text == "Zaal vol" and photo.content_type == "image/png" and photo.position == 1
    assert "Jansen" not in photo.image.name and "geheim" not in photo.image.name
    assert photo.image.name.startswith(f"terugblik/{session.pk}/") and photo.image.name.endswith(".png")
    assert Path(settings.MEDIA_ROOT, photo.image.name).read_bytes() == png_bytes()
    log = ActionLog.objects.get(action=Action.REVIEW_PHOTO_ADDED)
    assert log.changes == {"alt_text": "Zaal vol", "content_type": "image/png"}
    second = services_review.review_photo_add(session=session, user=user, upload=_png(), alt_text="Buiten")
    assert second.position == 2


def test_webp_and_jpeg_are_photos_too(world):
    session = held_session()
    user = world.users["staff_drenthe"]
    webp = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24
    add = services_review.review_photo_add
    add(session=session, user=user, upload=_png("a.webp", webp, "image/webp"), alt_text="A")
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 20
    add(session=session, user=user, upload=_png("b.jpg", jpeg, "image/jpeg"), alt_text="B")
    assert sorted(ReviewPhoto.objects.values_list("content_type", flat=True)) == ["image/jpeg", "image/webp"]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("tekening.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        ("tekening.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/png"),
        ("pagina.png", b"<!doctype html><script>alert(1)</script>", "image/png"),
        ("nep.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 24, "image/webp"),
        ("verslag.pdf", b"%PDF-1.7\n", "application/pdf"),
        ("leeg.png", b"", "image/png"),
    ],
)
def test_what_is_no_photo_is_refused_and_nothing_stored(world, name, content, content_type):
    session = held_session()
    with pytest.raises(ValidationError) as refusal:
        services_review.review_photo_add(
            session=session, user=world.users["staff_drenthe"], upload=_png(name, content, content_type), alt_text="X"
        )
    assert refusal.value.code == "upload"
    assert not ReviewPhoto.objects.exists() and not ActionLog.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).glob(f"terugblik/{session.pk}/*"))


def test_a_photo_without_description_or_too_large_is_refused(world, monkeypatch):
    session = held_session()
    user = world.users["staff_drenthe"]
    with pytest.raises(ValidationError) as refusal:
        services_review.review_photo_add(session=session, user=user, upload=_png(), alt_text="   ")
    assert refusal.value.code == "alt_text"
    monkeypatch.setattr(services_review, "PHOTO_MAX_BYTES", 50)
    with pytest.raises(ValidationError, match="te groot"):
        services_review.review_photo_add(session=session, user=user, upload=_png(), alt_text="Zaal")
    assert not ReviewPhoto.objects.exists()


def test_removing_a_photo_removes_its_file_after_commit(world, django_capture_on_commit_callbacks):
    photo = review_with_photo(held_session())
    path = Path(settings.MEDIA_ROOT, photo.image.name)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services_review.review_photo_remove(photo=photo, user=world.users["staff_drenthe"])
    assert not ReviewPhoto.objects.exists() and not path.exists()
    assert ActionLog.objects.get(action=Action.REVIEW_PHOTO_REMOVED).changes == {"alt_text": "Zaal met deelnemers"}
