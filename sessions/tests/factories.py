"""Factories of the sessions app."""

import datetime as dt

import factory
from django.utils import timezone

from sessions.models import Invitation, Session, SessionDay, SessionMunicipality, Workshop
from tests.factories import ContactFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Sprintsessie {n}")
    kind = Session.Kind.SPRINT
    status = Session.Status.SCHEDULED

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            for municipality in extracted:
                SessionMunicipality.objects.create(session=self, municipality=municipality)


class SessionDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionDay

    session = factory.SubFactory(SessionFactory)
    # The portal's date (Europe/Amsterdam), not the machine's: they differ around midnight.
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    start_time = dt.time(9, 0)
    end_time = dt.time(16, 30)
    venue = "Provinciehuis"
    address = "Westerbrink 1, Assen"


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    capacity = 10


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    session = factory.SubFactory(SessionFactory)
    contact = factory.SubFactory(ContactFactory)
