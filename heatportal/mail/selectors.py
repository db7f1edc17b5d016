from django.db.models import Count, Q, QuerySet

from heatportal.mail.models import Email


def outbox_list(*, status: str = "", query: str = "") -> QuerySet[Email]:
    emails = Email.objects.defer("body_text", "body_html", "attachments")
    if status:
        emails = emails.filter(status=status)
    if query:
        emails = emails.filter(Q(to_email__icontains=query) | Q(subject__icontains=query))
    return emails


def outbox_counts() -> dict[str, int]:
    rows = Email.objects.values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(Email.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
