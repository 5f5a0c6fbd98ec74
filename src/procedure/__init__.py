"""procedure: legal deadlines and status alerts for Ukrainian administrative procedure.

The public API is listed here; everything else is internal and may change.
"""

import sys as _sys

if _sys.argv[:1] == ["-m"]:  # `python -m procedure`: a Ctrl-C while the package loads is one line and 130 too
    import signal as _signal

    def _interrupted(signum, frame):  # pragma: no cover - only on a real Ctrl-C
        import os

        _sys.stderr.write("error: interrupted\n")
        _sys.stderr.flush()
        os._exit(130)

    if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
        _signal.signal(_signal.SIGINT, _interrupted)
from ._version import __version__

from .api import check
from .calendar import Closure, DayInfo, LegalCalendar, MartialLaw, legal_calendar, load_martial_law, peacetime
from .case import Case, Event, Person, parse_case, read_case
from .citation import Basis
from .engine import evaluate
from .values import Alert, Deadline, Report
from .errors import CalendarError, CaseError, Problem, ProcedureError, RuleError, UnknownDeadline, UnknownLanguage, UsageError
from .periods import Ambiguity, Computation, Convention, Step, Term, compute, date_of_age, fixed_date
from .ruleset import Rule, RuleSet, load_rules, validate_paths

__all__ = [
    "Agenda", "Alert", "Ambiguity", "Basis", "CalendarError", "Case", "CaseError", "Closure", "Computation", "Convention", "DayInfo",
    "Deadline", "Event", "LegalCalendar", "MartialLaw", "Person", "Problem", "ProcedureError", "Report", "Rule",
    "RuleError", "RuleSet", "Step", "Term", "UnknownDeadline", "UnknownLanguage", "UsageError", "agenda", "check", "compute", "date_of_age", "evaluate", "fixed_date",
    "legal_calendar", "load_martial_law", "load_rules", "parse_case", "peacetime", "read_case", "validate_paths",
]


def __getattr__(name: str):
    """``agenda`` and ``Agenda`` are imported on first use: a one-case command line does not pay for them."""
    if name == "agenda":
        from .caseload import agenda

        return agenda
    if name == "Agenda":
        from .agendas import Agenda

        return Agenda
    raise AttributeError(f"module 'procedure' has no attribute {name!r}")
