"""The values of a report: :class:`Report`, :class:`Deadline`, :class:`Alert` and their parts.

They sit below the engine, which builds them, and below the renderers (text, HTML, ics, SVG, data
frames), which read them: a renderer imports this module and never the engine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Mapping, get_args

import attrs

from .calendar import LegalCalendar
from .case import Case
from .periods import Ambiguity, Step
from .ruleset import Rule, RuleSet, Version

# Typed, so that a type checker catches a typo (d.status == "overdu"); the tuples are the same values.
Status = Literal["open", "due_soon", "overdue", "met", "met_late", "exceeded", "not_started", "ambiguous", "upcoming"]
Level = Literal["info", "warning", "critical"]
Party = Literal["person", "authority", "court", "any"]
Kind = Literal["act_by", "limit"]
STATUSES: tuple[Status, ...] = get_args(Status)
LEVELS: tuple[Level, ...] = get_args(Level)


@attrs.frozen
class Trigger:
    event: str | None  # event id, or None for a document/birthday trigger
    type: str
    date: dt.date
    person: str | None = None
    document: str | None = None


@attrs.frozen
class Reading:
    """One reading of an ambiguous rule and the status it gives."""

    code: str
    due: dt.date
    status: Status
    due_at: dt.datetime | None = None  # the moment, for an hour limit


@attrs.frozen
class Deadline:
    id: str
    rule: Rule = attrs.field(repr=False)
    trigger: Trigger
    kind: Kind
    party: Party
    status: Status
    start: dt.date | None
    due: dt.date | None
    due_at: dt.datetime | None
    closed_by: str | None
    closed_on: dt.date | None
    steps: tuple[Step, ...]
    ambiguities: tuple[Ambiguity, ...]
    readings: tuple[Reading, ...] = ()
    version: Version | None = None
    days_left: int | None = None


@attrs.frozen
class Alert:
    level: Level
    code: str
    deadline: str | None
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    def message(self, lang: str = "en") -> str:
        """The alert in words, in ``lang`` (``uk`` or ``en``). The report's documents (``to_dict``,
        ``to_text``...) name the case's events by what they are as well."""
        from .i18n import message

        return message(self.code, self.params, lang)


@attrs.frozen
class Report:
    """The result of evaluating a case. Renders itself in ``lang`` (``uk`` or ``en``) unless told otherwise.

    A report is a value: its parts (steps, ambiguities and their parameters) may be shared with other
    reports through the engine's memo, so read them, do not change them. ``to_dict()`` gives a fresh
    document that belongs to the caller.
    """

    case: Case = attrs.field(repr=False)
    as_of: dt.date
    deadlines: tuple[Deadline, ...]
    alerts: tuple[Alert, ...]
    rules: RuleSet = attrs.field(repr=False)
    calendar: LegalCalendar = attrs.field(repr=False)
    lang: str = "en"
    as_of_at: dt.datetime | None = None  # the instant judged at (a bare as-of date: the end of that day in Kyiv)

    # Renderers live in procedure.report (and .ics, .timeline, .notebook); these keep the API in one place.
    def to_dict(self, lang: str | None = None) -> dict:
        from .report import report_to_dict

        return report_to_dict(self, lang or self.lang)

    def to_json(self, lang: str | None = None, indent: int | None = 2) -> str:
        from .report import report_to_json

        return report_to_json(self, lang or self.lang, indent)

    def to_text(self, lang: str | None = None) -> str:
        from .report import report_to_text

        return report_to_text(self, lang or self.lang)

    def to_html(self, lang: str | None = None, fragment: bool = False) -> str:
        """A complete HTML page (doctype, charset, title); ``fragment=True``: the ``<div>`` alone, as a
        notebook shows it (:meth:`_repr_html_`)."""
        from .report import report_to_html

        return report_to_html(self, lang or self.lang, page=not fragment)

    def to_ics(self, lang: str | None = None) -> str:
        from .ics import report_to_ics

        return report_to_ics(self, lang or self.lang)

    def to_svg(self, lang: str | None = None) -> str:
        """The case on one time axis (events, terms as bars, the as-of line)."""
        from .timeline import report_to_svg

        return report_to_svg(self, lang or self.lang)

    def to_dataframe(self, lang: str | None = None):
        """One row per deadline (needs pandas: pip install "procedure[notebook]")."""
        from .notebook import report_to_dataframe

        return report_to_dataframe(self, lang or self.lang)

    def explain(self, deadline_id: str, lang: str | None = None) -> str:
        from .report import explain_text

        return explain_text(self, deadline_id, lang or self.lang)

    def deadline(self, deadline_id: str) -> Deadline:
        """The deadline with this id; :class:`~procedure.errors.UnknownDeadline` (a ``KeyError``) if none."""
        for d in self.deadlines:
            if d.id == deadline_id:
                return d
        from .errors import UnknownDeadline

        raise UnknownDeadline("no such deadline in this case", field="deadline", found=repr(deadline_id),
                              expected="one of: " + ", ".join(d.id for d in self.deadlines))

    def _repr_html_(self) -> str:
        return self.to_html(fragment=True)

    def __repr__(self) -> str:  # short: the default repr of a report runs to tens of kilobytes
        counts: dict[str, int] = {}
        for d in self.deadlines:
            counts[d.status] = counts.get(d.status, 0) + 1
        by_status = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        return (f"<Report {self.case.case_id!r} as of {self.as_of.isoformat()}: {len(self.deadlines)} deadlines"
                + (f" ({by_status})" if by_status else "") + f", {len(self.alerts)} alerts>")

    def __str__(self) -> str:
        return self.to_text()
