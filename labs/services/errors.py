"""The refusal of the labs services."""


class LabError(Exception):
    """A refusal with a Dutch message for the person who asked.

    STATUS is the HTTP status a view answers with: 409 when the lab's state stands in the way
    (closed, deadline passed, already enrolled), 403 when who asks may not (a municipality
    outside the lab's area, or one the officer does not work for)."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status
