"""Reads of a session's evaluations: the figures and the open answers, without names."""

from django.db.models import Avg, Count

from sessions.models import Evaluation, Session


def evaluation_results(*, session: Session) -> dict:
    """How many answered, the average rating, how many gave each rating (5 to 1), and per
    question as asked the answers given (empty ones left out), in the order they came in."""
    evaluations = list(Evaluation.objects.filter(session=session).order_by("submitted_at", "pk"))
    figures = Evaluation.objects.filter(session=session).aggregate(n=Count("pk"), average=Avg("rating"))
    spread = dict.fromkeys(range(5, 0, -1), 0)
    questions: dict[str, list[str]] = {}
    for evaluation in evaluations:
        spread[evaluation.rating] += 1
        for question, answer in zip(evaluation.questions, evaluation.answers, strict=False):
            questions.setdefault(question, [])
            if answer:
                questions[question].append(answer)
    return {
        "count": figures["n"],
        "average": figures["average"],
        "spread": [{"rating": rating, "n": n} for rating, n in spread.items()],
        "questions": [{"question": q, "answers": a} for q, a in questions.items()],
        "rows": evaluations,
    }
