"""Many officers enrolling at once for the last place: the lab row lock keeps the maximum."""

import threading
import time

import pytest
from django.db import connections

from accounts.models import Role
from labs.models import Enrolment
from labs.services import enrolling
from labs.tests.factories import EnrolmentFactory, LabFactory
from municipalities.models import Municipality
from tests.factories import user_with_role

THREADS = 24


@pytest.mark.django_db(transaction=True)
def test_parallel_enrolments_for_the_last_place_never_exceed_the_maximum(reference_data):
    municipalities = list(Municipality.objects.current().filter(province__code="PV27").order_by("cbs_code"))
    assert len(municipalities) >= THREADS + 4
    lab = LabFactory(max_participants=5)
    for m in municipalities[:4]:
        EnrolmentFactory(lab=lab, municipality=m)
    contenders = [
        (user_with_role(Role.Kind.MUNICIPAL_OFFICER, m, email=f"race{i}@example.org"), m)
        for i, m in enumerate(municipalities[4 : 4 + THREADS])
    ]
    barrier = threading.Barrier(THREADS)
    results, errors, durations = [], [], []
    lock = threading.Lock()

    def attempt(user, municipality):
        try:
            barrier.wait(timeout=30)
            started = time.perf_counter()
            enrolment = enrolling.enrolment_create(
                lab=lab, municipality=municipality, user=user, case_title=f"Case {municipality.name}"
            )
            with lock:
                results.append(enrolment.status)
                durations.append(time.perf_counter() - started)
        except Exception as exc:  # collected and asserted below
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=pair) for pair in contenders]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    wall = time.perf_counter() - wall

    assert not errors, errors
    assert results.count(Enrolment.Status.ACTIVE) == 1
    assert results.count(Enrolment.Status.WAITING) == THREADS - 1
    assert lab.enrolments.filter(status=Enrolment.Status.ACTIVE).count() == lab.max_participants
    assert lab.enrolments.filter(status=Enrolment.Status.WAITING).count() == THREADS - 1
    print(f"\n{THREADS} parallel enrolments: wall {wall:.3f}s, slowest {max(durations):.3f}s")  # noqa: T201
