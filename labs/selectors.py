"""Reads of the labs app."""

from django.db.models import Count, Q

from labs.models import Enrolment, Lab


def municipality_lab_summary(*, municipality_ids) -> dict[int, dict]:
    """Per municipality id: {"labs": labs it takes part in, "waiting": waiting-list entries}.

    One query however many ids; ids without enrolments map to zeros. A cancelled lab counts
    for neither; withdrawn, declined and expired enrolments never count.
    """
    ids = list(municipality_ids)
    summary = {pk: {"labs": 0, "waiting": 0} for pk in ids}
    if not ids:
        return summary
    rows = (
        Enrolment.objects.filter(municipality_id__in=ids)
        .exclude(lab__status=Lab.Status.CANCELLED)
        .values("municipality_id")
        .annotate(
            labs=Count("id", filter=Q(status=Enrolment.Status.ACTIVE)),
            waiting=Count("id", filter=Q(status__in=Enrolment.ON_LIST)),
        )
    )
    for row in rows:
        summary[row["municipality_id"]] = {"labs": row["labs"], "waiting": row["waiting"]}
    return summary
