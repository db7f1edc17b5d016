"""The row lock every change to a lab's places takes first (private to this package)."""

from labs.models import Lab


def lab_lock(lab: Lab) -> Lab:
    """LAB read again under `SELECT ... FOR UPDATE`: places are counted and changed by one
    transaction at a time, so two officers enrolling for the last place cannot both get it."""
    return Lab.objects.select_for_update().get(pk=lab.pk)
