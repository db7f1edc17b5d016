"""Reads of the sessions app."""

from django.db.models import Count, Max, Q

from sessions.models import Session, SessionMunicipality


def municipality_session_summary(*, municipality_ids) -> dict[int, dict]:
    """Per municipality id: sessions it takes part in (not cancelled), how many were held, and the
    date of its latest held session day. One query; ids without sessions map to zeros and None."""
    ids = list(municipality_ids)
    summary = {pk: {"sessions": 0, "held": 0, "last_date": None} for pk in ids}
    if not ids:
        return summary
    held = Q(session__status=Session.Status.HELD)
    rows = (
        SessionMunicipality.objects.filter(municipality_id__in=ids)
        .exclude(session__status=Session.Status.CANCELLED)
        .values("municipality_id")
        .annotate(
            sessions=Count("session", distinct=True),
            held=Count("session", filter=held, distinct=True),
            last_date=Max("session__days__date", filter=held),
        )
        .order_by()
    )
    for row in rows:
        summary[row["municipality_id"]] = {
            "sessions": row["sessions"],
            "held": row["held"],
            "last_date": row["last_date"],
        }
    return summary
