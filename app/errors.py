"""The one family of domain errors. Each message is the Vietnamese text shown to the clerk
as it is, by the GUI's dialog and the command line's stderr line."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: bad input, a rule refused, a missing record."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """A record the user named does not exist."""


class ValidationError(UserError):
    """A field or a file's content is not acceptable; `field` names where, when known."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConflictError(UserError):
    """Someone else changed the record first, or a unique number is already taken."""


class FileProblem(UserError):
    """A file cannot be read at all (missing, damaged, not the kind expected)."""

    exit_code = 2


class DatabaseProblem(UserError):
    """The data file is unreadable, damaged or from a newer program."""

    exit_code = 2
