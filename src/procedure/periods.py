"""Period arithmetic: a term added to an anchor under a named counting convention.

A :class:`Term` is one value (years+months, or days, or working days, or hours) and is always added
to the *original* anchor in one step: one month plus one month from 31 January is not two months from
31 January (``../shared/reference/ecosystem.md`` section 3, trap 1). Month arithmetic
(:func:`add_months_clamped`) is KAS art 120 parts 3-4 / Civil Code art 254 part 3 (the same-numbered
day, or the last day of a month that lacks it) with the whole term added at once; it is written out and
checked against ``dateutil.relativedelta`` in the tests.

Every computation returns a :class:`Computation` with its steps (the raw end, why and where it moved,
the provision behind each step) and its ambiguities (a month-end clamp the law does not settle, an
anchor on 29 February, a date past the known martial-law periods), so that a report can explain it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Mapping

import attrs

from .calendar import KYIV, DayInfo, LegalCalendar
from .citation import Basis
from .errors import CalendarError, Problem, RuleError
from .i18n import plural_unit

UTC = dt.timezone.utc


@attrs.frozen(cache_hash=True)  # a key of the engine's memo, hashed on every lookup
class Term:
    """A length of time. Exactly one unit group is used: (years, months), days, working_days or hours."""

    years: int = 0
    months: int = 0
    days: int = 0
    working_days: int = 0
    hours: int = 0

    def __attrs_post_init__(self) -> None:
        groups = [bool(self.years or self.months), bool(self.days), bool(self.working_days), bool(self.hours)]
        if sum(groups) > 1:
            # "1 month and 1 day" is ambiguous (months first, clamped, then days? or the reverse?): refuse it.
            raise ValueError(f"a term uses one unit group, got {self!r}")
        for name in ("years", "months", "days", "working_days", "hours"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise ValueError(f"term {name} must be a non-negative integer, got {v!r}")

    @property
    def unit(self) -> Literal["months", "days", "working_days", "hours", "zero"]:
        if self.years or self.months:
            return "months"
        if self.days:
            return "days"
        if self.working_days:
            return "working_days"
        if self.hours:
            return "hours"
        return "zero"

    @property
    def total_months(self) -> int:
        return 12 * self.years + self.months

    def __add__(self, other: "Term") -> "Term":
        if not isinstance(other, Term):
            return NotImplemented
        return Term(self.years + other.years, self.months + other.months, self.days + other.days,
                    self.working_days + other.working_days, self.hours + other.hours)

    def describe(self, lang: str = "en") -> str:
        if self.unit == "months":
            parts = []
            if self.years:
                parts.append(plural_unit(self.years, "year", lang))
            if self.months:
                parts.append(plural_unit(self.months, "month", lang))
            return " ".join(parts)
        if self.unit == "zero":
            return plural_unit(0, "day", lang)
        n = getattr(self, self.unit)
        return plural_unit(n, {"days": "day", "working_days": "working_day", "hours": "hour"}[self.unit], lang)

    def to_dict(self) -> dict[str, int]:
        return {k: v for k, v in attrs.asdict(self).items() if v}


# The units a term set by a court or an authority may be given in (issue 12 point 10): a number of one
# unit, or the last day named outright. Bounds keep a typo (days: 100000) from reaching the calendar.
TERM_VALUE_UNITS = ("days", "working_days", "months", "years", "hours", "until")
_TERM_VALUE_MAX = {"days": 36600, "working_days": 3660, "months": 1200, "years": 100, "hours": 87600}


def term_value(obj: Any) -> "Term | dt.date":
    """A term stated on an event: ``{days: N}``, ``{working_days: N}``, ``{months: N}``, ``{years: N}``,
    ``{hours: N}`` (a :class:`Term`) or ``{until: "YYYY-MM-DD"}`` (the last day itself, a date).
    Raises ValueError with a short reason (the caller names the place)."""
    if not isinstance(obj, Mapping):
        raise ValueError("not a term")
    keys = [k for k in obj if k in TERM_VALUE_UNITS]
    unknown = [str(k) for k in obj if k not in TERM_VALUE_UNITS]
    if unknown:
        raise ValueError(f"unknown unit {unknown[0][:30]!r}")
    if len(keys) != 1:
        raise ValueError("a term has exactly one unit" if keys else "a term needs a unit")
    unit = keys[0]
    v = obj[unit]
    if unit == "until":
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v
        if not isinstance(v, str) or len(v) != 10:
            raise ValueError("until is a date YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            raise ValueError("until is not a real calendar date")
    if not isinstance(v, int) or isinstance(v, bool) or v < 1 or v > _TERM_VALUE_MAX[unit]:
        raise ValueError(f"{unit} must be a whole number from 1 to {_TERM_VALUE_MAX[unit]}")
    return Term(**{unit: v})


def term_value_unit(value: "Term | dt.date") -> str:
    """The unit a :func:`term_value` was given in (``until`` for a named day)."""
    if isinstance(value, dt.date):
        return "until"
    if value.years and not value.months:
        return "years"
    return value.unit


@attrs.frozen
class Convention:
    """A named counting convention (defined as data in ``rules/conventions.yaml``)."""

    id: str
    title: Mapping[str, str]
    direction: Literal["forward", "backward"] = "forward"
    rollover: Literal["next_working_day", "previous_working_day", "none"] = "next_working_day"
    working_days_at_most: int | None = None  # Law 2073-IX art 33: terms of <= 10 days count working days
    month_end: Literal["clamp", "first_of_next_month"] = "clamp"
    month_end_settled: bool = True  # False: the clamp is a choice the law does not make; report it
    alternative: str | None = None  # another convention whose result is reported when it differs
    basis: tuple[Basis, ...] = ()
    notes: Mapping[str, str] = attrs.field(factory=dict, hash=False)


@attrs.frozen
class Step:
    """One step of a computation; ``code`` keys a message in :mod:`procedure.i18n`."""

    code: str
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    basis: tuple[Basis, ...] = ()


def _utc_offset(moment: dt.datetime) -> str:
    """A moment's offset as people write it: ``UTC+03:00``."""
    minutes = int(moment.utcoffset().total_seconds()) // 60
    h, m = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes >= 0 else '-'}{h:02d}:{m:02d}"


@attrs.frozen
class Ambiguity:
    """A point where the law allows more than one reading; ``alternative_due`` is the other date."""

    code: str
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    alternative_due: dt.date | None = None
    basis: tuple[Basis, ...] = ()


@attrs.frozen
class Computation:
    anchor: dt.date | dt.datetime
    term: Term
    convention: str
    start: dt.date  # the first day counted (the day after the anchor), or the anchor moment for hours
    raw_end: dt.date  # the end before any move off a non-working day
    due: dt.date  # the last day on which the act is still in time / the state may last
    due_at: dt.datetime  # aware, Europe/Kyiv: the end of ``due`` (23:59:59) or the hour limit
    steps: tuple[Step, ...]
    ambiguities: tuple[Ambiguity, ...] = ()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of ``day`` in Kyiv. The law says the day lasts "until 24:00" (KAS art 120 part 8);
    23:59:59 is that instant in a form every ISO parser reads."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), KYIV)


def _reasons(info: DayInfo) -> list[dict[str, Any]]:
    return [{"code": r.code, "name": {"uk": r.name_uk, "en": r.name_en}} for r in info.reasons]


def _reason_basis(info: DayInfo) -> tuple[Basis, ...]:
    return tuple(r.basis for r in info.reasons if r.basis is not None)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days


def add_months_clamped(anchor: dt.date, months: int, month_end: str = "clamp") -> tuple[dt.date, bool]:
    """``anchor`` + ``months`` with the month-end rule made explicit. Returns (date, clamped?).

    The same-numbered day of the month ``months`` away; where that month is shorter, its last day
    ("clamp", KAS art 120 part 4 / Civil Code art 254 part 3) or the first day of the next month
    ("first_of_next_month"). Written out rather than delegated: the rounding is the law's, and
    tests/test_periods.py checks it against dateutil's relativedelta (every day of a four-year cycle with
    month counts -36..36 and 20, 25, 45 years; random dates and counts across the calendar's range).
    """
    year, month0 = divmod(anchor.year * 12 + anchor.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    last = _days_in_month(year, month0 + 1)
    clamped = anchor.day > last
    raw = dt.date(year, month0 + 1, min(anchor.day, last))
    if clamped and month_end == "first_of_next_month":
        raw = raw + dt.timedelta(days=1)
    return raw, clamped


def compute(anchor: dt.date | dt.datetime, term: Term, convention: Convention, calendar: LegalCalendar,
            conventions: Mapping[str, Convention] | None = None, *, _alternative: bool = True) -> Computation:
    """Apply ``term`` to ``anchor`` under ``convention`` on ``calendar``.

    ``anchor`` is the event's day (or moment, for hour terms); counting starts the day after it.
    """
    steps: list[Step] = []
    ambiguities: list[Ambiguity] = []
    cb = convention.basis

    if term.unit == "hours":
        if not isinstance(anchor, dt.datetime):
            raise RuleError(Problem("an hour term needs the moment of the event, not only its date",
                                    field="time", expected="a time of day on the triggering event"))
        moment = anchor if anchor.tzinfo else anchor.replace(tzinfo=KYIV)
        due_at = (moment.astimezone(UTC) + dt.timedelta(hours=term.hours)).astimezone(KYIV)
        calendar.check_range(due_at.date(), "due")
        steps.append(Step("add_hours", {"n": term.hours, "from": moment.isoformat(), "to": due_at.isoformat()}, cb))
        if moment.utcoffset() != due_at.utcoffset():
            steps.append(Step("dst_change", {"from": _utc_offset(moment), "to": _utc_offset(due_at)}))
        return Computation(moment, term, convention.id, moment.date(), due_at.date(), due_at.date(), due_at,
                           tuple(steps), ())

    day = anchor.date() if isinstance(anchor, dt.datetime) else anchor
    calendar.check_range(day, "anchor")
    sign = -1 if convention.direction == "backward" else 1

    if term.unit == "zero":
        raw = day
        steps.append(Step("same_day", {"date": day.isoformat()}, cb))
        start = day
    else:
        start = day + dt.timedelta(days=sign)
        steps.append(Step("start_next_day" if sign > 0 else "count_back_from", {"anchor": day.isoformat(), "start": start.isoformat()}, cb))
        unit = term.unit
        n_days = term.days
        if unit == "days" and convention.working_days_at_most is not None and n_days <= convention.working_days_at_most:
            steps.append(Step("short_term_working_days", {"n": n_days, "limit": convention.working_days_at_most}, cb))
            unit, term_wd = "working_days", n_days
        else:
            term_wd = term.working_days
        if unit == "days":
            raw = day + dt.timedelta(days=sign * n_days)
            steps.append(Step("add_days" if sign > 0 else "subtract_days", {"n": n_days, "date": raw.isoformat()}, cb))
        elif unit == "working_days":
            raw = calendar.add_working_days(day, sign * term_wd)
            steps.append(Step("add_working_days" if sign > 0 else "subtract_working_days", {"n": term_wd, "date": raw.isoformat()}, cb))
        else:
            total = term.total_months
            raw, clamped = add_months_clamped(day, sign * total, convention.month_end)
            steps.append(Step("add_months" if sign > 0 else "subtract_months",
                              {"term": {"uk": term.describe("uk"), "en": term.describe("en")}, "date": raw.isoformat()}, cb))
            if clamped:
                if convention.month_end == "clamp":
                    steps.append(Step("month_end_clamp", {"day": day.day, "date": raw.isoformat()}, cb))
                else:
                    steps.append(Step("month_end_next_month", {"day": day.day, "date": raw.isoformat()}, cb))
                if not convention.month_end_settled:
                    alt, _ = add_months_clamped(day, sign * total, "first_of_next_month" if convention.month_end == "clamp" else "clamp")
                    ambiguities.append(Ambiguity("month_end_unsettled", {"day": day.day, "date": raw.isoformat(), "other": alt.isoformat()}, alt))
                if day.month == 2 and day.day == 29:
                    alt = raw + dt.timedelta(days=1) if convention.month_end == "clamp" else raw - dt.timedelta(days=1)
                    if convention.month_end_settled:
                        ambiguities.append(Ambiguity("feb29_anchor", {"date": raw.isoformat(), "other": alt.isoformat()}, alt))
        calendar.check_range(raw, "due")

    due = raw
    if term.unit != "hours":
        info = calendar.why(raw)
        if not info.working:
            if convention.rollover == "next_working_day":
                due = calendar.next_working_day(raw)
                steps.append(Step("rollover_forward", {"date": raw.isoformat(), "to": due.isoformat(), "reasons": _reasons(info)},
                                  cb + _reason_basis(info)))
            elif convention.rollover == "previous_working_day":
                due = calendar.previous_working_day(raw)
                steps.append(Step("rollover_backward", {"date": raw.isoformat(), "to": due.isoformat(), "reasons": _reasons(info)},
                                  cb + _reason_basis(info)))
            else:
                steps.append(Step("no_rollover", {"date": raw.isoformat(), "reasons": _reasons(info)}, cb))
        elif any(r.code == "martial_law_holiday" for r in info.reasons) and convention.rollover != "none":
            steps.append(Step("martial_law_holiday_working", {"date": raw.isoformat(), "reasons": _reasons(info)},
                              _reason_basis(info)))

    # Martial law past the known periods: compute under the other assumption and report a difference.
    lo, hi = min(day, due), max(day, due)
    if _alternative and calendar.beyond_known_martial_law(hi):
        ml = calendar.martial_law
        other_mode = "ended" if ml.after_known == "continues" else "continues"
        other = compute(anchor, term, convention, calendar.with_assumption(other_mode), conventions, _alternative=False)
        params = {"known_until": ml.known_until.isoformat(), "assumed": ml.after_known, "other_mode": other_mode,
                  "other": other.due.isoformat()}
        if other.due != due:
            ambiguities.append(Ambiguity("martial_law_unknown", params, other.due, (ml.holidays_basis,)))
        else:
            steps.append(Step("martial_law_unknown_no_effect", params))

    if _alternative and convention.alternative and conventions and convention.alternative in conventions:
        alt_conv = conventions[convention.alternative]
        other = compute(anchor, term, alt_conv, calendar, conventions, _alternative=False)
        if other.due != due:
            ambiguities.append(Ambiguity("convention_alternative",
                                         {"convention": convention.id, "other_convention": alt_conv.id,
                                          "other_title": dict(alt_conv.title), "other": other.due.isoformat()},
                                         other.due, alt_conv.basis))

    steps.append(Step("due", {"date": due.isoformat()}, ()))
    return Computation(anchor, term, convention.id, start, raw, due, end_of_day(due), tuple(steps), tuple(ambiguities))


def fixed_date(day: dt.date, boundary: Literal["until", "before"], basis: tuple[Basis, ...] = ()) -> Computation:
    """A term set by a date in a decision. "Until X" ends on X (KAS art 120 part 5); "before X" is read
    as ending the day before X, with the inclusive reading reported as an ambiguity."""
    if boundary == "until":
        steps = (Step("fixed_until", {"date": day.isoformat()}, basis), Step("due", {"date": day.isoformat()}))
        return Computation(day, Term(), "fixed_date", day, day, day, end_of_day(day), steps)
    due = day - dt.timedelta(days=1)
    steps = (Step("fixed_before", {"date": day.isoformat(), "due": due.isoformat()}, basis), Step("due", {"date": due.isoformat()}))
    amb = Ambiguity("before_date_inclusive", {"date": day.isoformat(), "due": due.isoformat()}, day, basis)
    return Computation(day, Term(), "fixed_date", due, due, due, end_of_day(due), steps, (amb,))


def date_of_age(birth: dt.date, age: int) -> tuple[dt.date, tuple[Ambiguity, ...]]:
    """The day a person born on ``birth`` reaches ``age`` (the birthday itself).

    29 February: in a common year the birthday is taken as 28 February (the month-end rule of KAS art
    120 part 4 / Civil Code art 254 part 3 by analogy; no statute settles it), and 1 March is reported.
    """
    if age < 0:
        raise ValueError("age must be non-negative")
    reached, _ = add_months_clamped(birth, 12 * age)
    if birth.month == 2 and birth.day == 29 and reached.day != 29:
        other = reached + dt.timedelta(days=1)
        return reached, (Ambiguity("feb29_birthday", {"date": reached.isoformat(), "other": other.isoformat()}, other),)
    return reached, ()
