import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from labs.models import Enrolment, Lab, LabMaterial, LabMeeting
from municipalities.models import Province


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lab
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Leer Lab {n}")
    summary = "Samen leren over de warmtetransitie."
    organiser_province = factory.LazyFunction(lambda: Province.objects.get(code="PV27"))
    organiser_name = "Servicepunt Warmte Noord-Holland"
    enrolment_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))

    @factory.post_generation
    def eligible_provinces(self, create, extracted, **kwargs):
        if create:
            self.eligible_provinces.set(extracted if extracted is not None else [self.organiser_province])

    @factory.post_generation
    def advisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.advisers.set(extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    lab = factory.SubFactory(LabFactory)
    case_title = factory.Sequence(lambda n: f"Case {n}")
    status = Enrolment.Status.ACTIVE
    queued_at = factory.LazyFunction(timezone.now)


class LabMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabMeeting

    lab = factory.SubFactory(LabFactory)
    topic = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))


PDF = b"%PDF-1.4\n% Leer Lab\n"


class LabMaterialFactory(factory.django.DjangoModelFactory):
    """A link by default; `LabMaterialFactory(file=pdf_file())` for a document."""

    class Meta:
        model = LabMaterial

    lab = factory.SubFactory(LabFactory)
    title = factory.Sequence(lambda n: f"Materiaal {n}")
    url = factory.LazyAttribute(lambda o: "" if o.file else "https://www.example.org/handreiking")
    file = None
    filename = factory.LazyAttribute(lambda o: "handreiking.pdf" if o.file else "")
    content_type = factory.LazyAttribute(lambda o: "application/pdf" if o.file else "")
    size = factory.LazyAttribute(lambda o: len(PDF) if o.file else 0)


def pdf_file(name: str = "handreiking.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)
