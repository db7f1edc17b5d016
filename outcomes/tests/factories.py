import datetime as dt

import factory
from django.utils import timezone

from outcomes.models import AgreedAction, LinkingOpportunity, WijkDirection
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
