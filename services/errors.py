class JournalError(Exception):
    """A refusal with a message fit to show a person, in Russian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AccessDenied(JournalError):
    pass


class NotFound(JournalError):
    pass


class RuleViolation(JournalError):
    pass
