import datetime as dt
import struct
import zlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from outcomes.models import AgreedAction, LinkingOpportunity, ReviewPhoto, SessionReview, WijkDirection
from sessions.models import Session
from sessions.tests.factories import SessionDayFactory, SessionFactory
from tests.factories import municipality


def held_session(*, codes=("GM0106", "GM1731"), province=None, status=Session.Status.HELD) -> Session:
    """A sprint session (of Assen and Midden-Drenthe by default) held last week."""
    session = SessionFactory(
        organiser_province=province or municipality(codes[0]).province,
        municipalities=[municipality(code) for code in codes],
        status=status,
        title="Sprintsessie Assen en Midden-Drenthe",
    )
    SessionDayFactory(session=session, date=timezone.localdate() - dt.timedelta(days=7))
    return session


class _OutcomeFactory(factory.django.DjangoModelFactory):
    session = factory.LazyFunction(held_session)
    municipality = factory.LazyAttribute(lambda o: o.session.municipalities.order_by("name").first())


class LinkingOpportunityFactory(_OutcomeFactory):
    class Meta:
        model = LinkingOpportunity

    description = factory.Sequence(lambda n: f"Rioolvervanging {n}")
    neighbourhood_name = "Lariks"
    from_year = 2028


class AgreedActionFactory(_OutcomeFactory):
    class Meta:
        model = AgreedAction

    description = factory.Sequence(lambda n: f"Afspraak {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))


class WijkDirectionFactory(_OutcomeFactory):
    class Meta:
        model = WijkDirection

    neighbourhood_name = factory.Sequence(lambda n: f"Wijk {n}")


def png_bytes(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    """A small real PNG of one colour (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def review_with_photo(session: Session, *, published: bool = False) -> ReviewPhoto:
    """A terugblik of SESSION with one stored photo (published or not)."""
    review = SessionReview.objects.create(
        session=session, summary="Goede sessie.", published_at=timezone.now() if published else None
    )
    photo = ReviewPhoto(review=review, content_type="image/png", alt_text="Zaal met deelnemers", position=1)
    photo.image.save("zaal.png", ContentFile(png_bytes()), save=True)
    return photo
