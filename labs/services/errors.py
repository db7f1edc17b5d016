"""The refusal of the labs services."""


class LabError(Exception):
    """A refusal with a Dutch message for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
