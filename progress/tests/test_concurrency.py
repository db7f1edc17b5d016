"""Two people saving the same municipality's progress at the same moment (real PostgreSQL)."""

import threading

import pytest
from django.db import connections

from municipalities.models import Municipality
from progress import services
from progress.models import Progress


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_edits_both_land_on_one_progress_row(world):
    assen = Municipality.objects.get(cbs_code="GM0106")
    users = [world.users["officer_assen"], world.users["programme_admin"]]
    values = [{"vision_status": "in_preparation"}, {"programme_status": "in_preparation"}]
    barrier = threading.Barrier(2)
    errors = []

    def save(user, value):
        try:
            barrier.wait()
            services.progress_update(municipality=assen, user=user, values=value)
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=pair) for pair in zip(users, values, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    progress = Progress.objects.get(municipality=assen)
    assert (progress.vision_status, progress.programme_status) == ("in_preparation", "in_preparation")
    changed_by = set(progress.history.filter(history_type="~").values_list("history_user__email", flat=True))
    assert changed_by == {"assen@example.org", "beheer@example.org"}
