"""Errors a user can cause, each with the exit code the command line documents.

Every failure that comes from a user's input (a file, a query, a parameter, an option) is raised as
one of these, with a message that names what was wrong and where; the command line prints the
message on one line and exits with the code, never with a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2


class AcsaGraphError(Exception):
    """Base class of the errors acsa-graph reports to its users."""

    exit_code: int = EXIT_USAGE


class InputError(AcsaGraphError):
    """A file, query or value given by the user cannot be used: unparseable, unknown, unreadable."""


class ParameterError(InputError):
    """A query parameter is missing, unknown or has a value that does not name anything known."""
