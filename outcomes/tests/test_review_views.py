"""The terugblik through its pages: the organisers' section of the outcomes page, its forms with
hostile input, the published terugblik on the session page, and who may see the photos."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from heatportal.audit.models import ActionLog
from outcomes.models import ReviewPhoto, SessionReview
from outcomes.tests.factories import held_session, png_bytes, review_with_photo
from sessions.tests.factories import SessionFactory
from tests.factories import municipality
from tests.htmlforms import page_form, post_data

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def _url(name, session, *args):
    return reverse(f"outcomes:{name}", args=[session.pk, *args])


def _organiser(client, world):
    client.force_login(world.users["staff_drenthe"])
    return client


def test_the_organisers_see_the_terugblik_section_others_do_not(client, world):
    session = held_session()
    response = _organiser(client, world).get(_url("session", session))
    assert "Terugblik opslaan" in response.text and "Aanwezigheid vastleggen" in response.text
    assert 'enctype="multipart/form-data"' in response.text
    client.force_login(world.users["officer_assen"])  # records Assen's outcomes, not the terugblik
    response = client.get(_url("session", session))
    assert response.status_code == 200 and "Terugblik opslaan" not in response.text


@pytest.mark.parametrize(
    ("role", "status"), [("officer_assen", 403), ("officer_zaanstad", 404), ("staff_nh", 404), ("anonymous", 302)]
)
def test_who_may_not_write_the_terugblik_is_refused(client, world, role, status):
    session = held_session()
    if world.users[role]:
        client.force_login(world.users[role])
    for name in ("review_save", "review_publish", "review_attendance", "review_photo_add"):
        response = client.post(_url(name, session), {"summary": "Goed", "foto-alt_text": "Zaal"})
        assert response.status_code == status, name
    assert not SessionReview.objects.exists()
    assert not ActionLog.objects.filter(action__startswith="review.").exists()


def test_the_organiser_writes_publishes_and_withdraws(client, world):
    session = held_session()
    _organiser(client, world)
    response = client.post(_url("review_save", session), {"summary": "Goede middag."})
    assert response.status_code == 302 and response.url.endswith("#terugblik")
    assert client.post(_url("review_attendance", session)).status_code == 302
    assert client.post(_url("review_publish", session)).status_code == 302
    review = SessionReview.objects.get(session=session)
    assert review.summary == "Goede middag." and review.is_published and review.attendance_counted_at
    page = client.get(_url("session", session)).text
    assert "Publicatie intrekken" in page and "Gepubliceerd" in page
    assert client.post(_url("review_withdraw", session)).status_code == 302
    assert not SessionReview.objects.get(pk=review.pk).is_published


def test_publishing_an_empty_terugblik_is_refused_in_place(client, world):
    session = held_session()
    response = _organiser(client, world).post(_url("review_publish", session))
    assert response.status_code == 200
    assert "een lege terugblik wordt niet gepubliceerd" in response.text
    assert not SessionReview.objects.filter(published_at__isnull=False).exists()


def test_a_too_long_summary_is_refused_and_nothing_stored(client, world):
    session = held_session()
    response = _organiser(client, world).post(_url("review_save", session), {"summary": "x" * 4001})
    assert response.status_code == 200 and "niet meer dan 4000 tekens" in response.text
    assert not SessionReview.objects.exists()
    assert not ActionLog.objects.filter(action__startswith="review.").exists()


def test_posting_the_review_form_back_unchanged_changes_nothing(client, world):
    session = held_session()
    _organiser(client, world).post(_url("review_save", session), {"summary": "Goede middag.\r\nVeel gedeeld."})
    client.post(_url("review_attendance", session))
    before = SessionReview.objects.filter(session=session).values().get()
    logs = ActionLog.objects.count()
    # The form as a browser reads it off the page (every initial value), posted back unchanged.
    data = page_form(client.get(_url("session", session)), action_contains=_url("review_save", session))
    assert data["summary"] == "Goede middag.\nVeel gedeeld."
    assert client.post(_url("review_save", session), post_data(data)).status_code == 302
    crlf = {"summary": data["summary"].replace("\n", "\r\n")}  # as a browser sends a textarea's lines
    assert client.post(_url("review_save", session), crlf).status_code == 302
    assert SessionReview.objects.filter(session=session).values().get() == before
    assert ActionLog.objects.count() == logs


def _upload(client, session, name, content, content_type, alt="De zaal"):
    upload = SimpleUploadedFile(name, content, content_type)
    return client.post(_url("review_photo_add", session), {"foto-image": upload, "foto-alt_text": alt})


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("notulen.txt", b"Notulen", "text/plain", "Dit soort bestand kan niet"),
        ("tekening.svg", SVG, "image/svg+xml", "Dit soort bestand kan niet"),
        ("tekening.png", SVG, "image/png", "past niet bij de extensie .png"),
        ("pagina.png", b"<html><script>alert(1)</script></html>", "image/png", "past niet bij de extensie .png"),
        ("echt.png", png_bytes(), "text/html", "past niet bij de extensie .png"),
    ],
)
def test_what_is_no_photo_is_refused_in_place(client, world, name, content, content_type, message):
    session = held_session()
    response = _upload(_organiser(client, world), session, name, content, content_type)
    assert response.status_code == 200 and message in response.text
    assert not ReviewPhoto.objects.exists()


def test_a_photo_needs_its_description(client, world):
    session = held_session()
    response = _upload(_organiser(client, world), session, "zaal.png", png_bytes(), "image/png", alt="  ")
    assert response.status_code == 200 and "Dit veld is verplicht" in response.text
    assert not ReviewPhoto.objects.exists()


def test_an_added_photo_is_shown_to_the_organiser_and_removed(client, world):
    session = held_session()
    assert _upload(_organiser(client, world), session, "zaal.png", png_bytes(), "image/png").status_code == 302
    photo = ReviewPhoto.objects.get()
    page = client.get(_url("session", session)).text
    assert f'src="{_url("review_photo", session, photo.pk)}" alt="De zaal"' in page
    assert client.post(_url("review_photo_remove", session, photo.pk)).status_code == 302
    assert not ReviewPhoto.objects.exists()


def test_the_photo_view_sends_the_image_as_checked(client, world):
    photo = review_with_photo(held_session())
    response = _organiser(client, world).get(_url("review_photo", photo.review.session, photo.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("role", "unpublished", "published"),
    [
        ("staff_drenthe", 200, 200),
        ("officer_assen", 403, 200),
        ("officer_zaanstad", 404, 404),
        ("anonymous", 302, 302),
    ],
)
def test_who_sees_a_photo(client, world, role, unpublished, published):
    photo = review_with_photo(held_session())
    url = _url("review_photo", photo.review.session, photo.pk)
    if world.users[role]:
        client.force_login(world.users[role])
    assert client.get(url).status_code == unpublished
    SessionReview.objects.filter(pk=photo.review_id).update(published_at=timezone.now())
    assert client.get(url).status_code == published


def test_a_photo_of_another_session_is_not_found(client, world):
    photo = review_with_photo(held_session(), published=True)
    other = held_session(codes=("GM0106",))
    assert _organiser(client, world).get(_url("review_photo", other, photo.pk)).status_code == 404
    assert client.post(_url("review_photo_remove", other, photo.pk)).status_code == 404
    assert ReviewPhoto.objects.filter(pk=photo.pk).exists()


def _publish(session, summary):
    review = SessionReview.objects.create(session=session, summary=summary)
    review.attendance = {"housing_corporation": {"expected": 2, "came": 3}, "municipality": {"expected": 2, "came": 2}}
    review.save()
    return review


def test_the_session_page_shows_the_terugblik_once_published(client, world):
    session = held_session()
    review = _publish(session, "Eerste alinea.\n\nTweede <script>alert(1)</script>")
    photo = ReviewPhoto.objects.create(
        review=review, image="terugblik/x.png", content_type="image/png", alt_text="Zaal"
    )
    client.force_login(world.users["officer_assen"])
    page = client.get(session.get_absolute_url()).text
    assert "Eerste alinea." not in page  # not yet published: nobody sees it here, organisers neither
    _organiser(client, world)
    assert "Eerste alinea." not in client.get(session.get_absolute_url()).text
    SessionReview.objects.filter(pk=review.pk).update(published_at=timezone.now())
    client.force_login(world.users["officer_assen"])
    page = client.get(session.get_absolute_url()).text
    assert "<p>Eerste alinea.</p>" in page
    assert "<p>Tweede &lt;script&gt;alert(1)&lt;/script&gt;</p>" in page and "<script>alert(1)" not in page
    assert f'src="{_url("review_photo", session, photo.pk)}" alt="Zaal"' in page
    assert '<th scope="row">Woningcorporatie</th><td>2</td><td>3</td>' in page
    assert '<th scope="row">Gemeente</th><td>2</td><td>2</td>' in page


def test_a_session_without_a_terugblik_shows_none(client, world):
    session = SessionFactory(municipalities=[municipality("GM0106")], organiser_province=world.drenthe)
    page = _organiser(client, world).get(session.get_absolute_url())
    assert page.status_code == 200 and "Aanwezigheid per soort partij" not in page.text
