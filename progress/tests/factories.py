import factory

from municipalities.models import Municipality
from progress.models import Initiative, Neighbourhood, Progress


class ProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Progress
        django_get_or_create = ("municipality",)

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(cbs_code="GM0106"))


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(cbs_code="GM0106"))
    name = factory.Sequence(lambda n: f"Wijk {n}")
    dwellings = 1200
    period_start = 2026
    period_end = 2030
    alternative = "heat_network"


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(cbs_code="GM0106"))
    name = factory.Sequence(lambda n: f"Warmte-initiatief {n}")
    phase = Initiative.Phase.ORIENTATION
