"""Documented error types.

Every error the library raises on bad input is a :class:`ProcedureError` carrying one or more
:class:`Problem` records. A problem names the file (``source``), where in it (a JSON path such as
``$.events[3].date`` or a YAML line), the field, what was found and what was expected, so that the CLI
can print one line per problem and a case system can show them next to its own form fields.
"""

from __future__ import annotations

from typing import Iterable

import attrs

from ._safe import escape_controls


@attrs.frozen
class Problem:
    """One thing wrong with an input."""

    message: str
    source: str | None = None  # file path, "<stdin>", or "<api>"
    location: str | None = None  # JSON path ("$.events[2].date") or "line 14"
    field: str | None = None
    found: str | None = None
    expected: str | None = None
    rule_id: str | None = None

    def render(self) -> str:
        """One line, for a terminal or a log: ``file:location: [rule] field: message (found ..., expected ...)``."""
        where = ":".join(p for p in (self.source, self.location) if p)
        parts = [f"{where}:" if where else ""]
        if self.rule_id:
            parts.append(f"[{self.rule_id}]")
        if self.field:
            parts.append(f"{self.field}:")
        parts.append(self.message)
        extra = []
        if self.found is not None:
            extra.append(f"found {self.found}")
        if self.expected is not None:
            extra.append(f"expected {self.expected}")
        if extra:
            parts.append("(" + "; ".join(extra) + ")")
        # One line, whatever the input held: a newline, an escape sequence or a bidi override in a file
        # name or a value is shown escaped, so that it can neither forge a line nor rewrite the terminal.
        return escape_controls(" ".join(p for p in parts if p))


class ProcedureError(Exception):
    """Base class: an input the library refuses. ``problems`` lists every problem found."""

    kind = "error"

    def __init__(self, problems: Iterable[Problem] | Problem | str, **fields) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, **fields)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.render() for p in self.problems))


class CaseError(ProcedureError, ValueError):
    """The case (case.json, or the mapping given to the API) is invalid."""

    kind = "case"


class RuleError(ProcedureError, ValueError):
    """A rule file, the event vocabulary or the conventions are invalid."""

    kind = "rule"


class CalendarError(ProcedureError, ValueError):
    """A date outside the range the legal calendar knows, or invalid calendar settings."""

    kind = "calendar"


class UsageError(ProcedureError):
    """The command line or an API argument is invalid."""

    kind = "usage"


class UnknownDeadline(UsageError, KeyError):
    """A deadline id the report does not have (``Report.deadline``, ``Report.explain``). The problem lists
    the ids there are. A :class:`KeyError` too, for code written before it existed."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class UnknownLanguage(UsageError, ValueError):
    """A report language other than ``uk`` or ``en``. A :class:`ValueError` too, as before."""


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of ``path`` or of its nearest ancestor."""
    p = tuple(path)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get(())
