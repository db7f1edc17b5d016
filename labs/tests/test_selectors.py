from labs.models import Enrolment, Lab
from labs.selectors import municipality_lab_summary
from labs.tests.factories import EnrolmentFactory, LabFactory
from tests.factories import municipality


def test_summary_counts_active_labs_and_waiting_entries_in_one_query(reference_data, django_assert_num_queries):
    zaanstad, alkmaar, haarlem, assen = (municipality(c) for c in ("GM0479", "GM0361", "GM0392", "GM0106"))
    lab_a, lab_b, lab_c = LabFactory(), LabFactory(), LabFactory()
    cancelled = LabFactory(status=Lab.Status.CANCELLED)
    EnrolmentFactory(lab=lab_a, municipality=zaanstad)
    EnrolmentFactory(lab=lab_b, municipality=zaanstad)
    EnrolmentFactory(lab=lab_c, municipality=zaanstad, status=Enrolment.Status.WAITING)
    EnrolmentFactory(lab=cancelled, municipality=zaanstad)
    EnrolmentFactory(lab=lab_a, municipality=alkmaar, status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(lab=lab_b, municipality=alkmaar, status=Enrolment.Status.DECLINED)
    EnrolmentFactory(lab=lab_c, municipality=alkmaar, status=Enrolment.Status.EXPIRED)
    EnrolmentFactory(
        lab=lab_a, municipality=haarlem, status=Enrolment.Status.OFFERED, offer_expires_at="2030-01-01T00:00Z"
    )

    with django_assert_num_queries(1):
        summary = municipality_lab_summary(municipality_ids=[zaanstad.pk, alkmaar.pk, haarlem.pk, assen.pk])

    assert summary == {
        zaanstad.pk: {"labs": 2, "waiting": 1},
        alkmaar.pk: {"labs": 0, "waiting": 0},
        haarlem.pk: {"labs": 0, "waiting": 1},
        assen.pk: {"labs": 0, "waiting": 0},
    }


def test_summary_of_no_ids_runs_no_query(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert municipality_lab_summary(municipality_ids=[]) == {}
