"""The Ukrainian legal calendar: which days are working days, and why.

Sources, in the order they are applied to a day (the first that decides wins):

1. user closures (a court closed, a registry down): non-working, with the reason given;
2. Saturday and Sunday: days off (Labour Code art 67 parts 1-2), unless the day is a Saturday the
   Cabinet made a working day when it transferred a day off (before martial law);
3. martial law (Law 2136-IX art 6 part 6, from 2022-03-24 while martial law lasts): public holidays
   are ordinary working days and no day off is transferred;
4. before 2022-03-24: the public holidays, weekend transfers and Cabinet transfers of the frozen
   python-holidays data (``data/ua_holidays.json``, see ``tools/freeze_calendar.py``);
5. from 2022-03-24 on a day outside martial law: the holidays of Labour Code art 73 and the weekend
   transfer of art 67 part 3 (a holiday on a Saturday or Sunday moves the day off to the next working
   day), computed here because the upstream data switches by year, not by date.

Working-day arithmetic uses a precomputed sorted list of working-day ordinals and ``bisect``: its cost
does not depend on the number of days (``bench/bench.py`` measures it).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import itertools
import json
import pathlib
from typing import Any, Iterable, Literal, Mapping
from zoneinfo import ZoneInfo

import attrs

from ._cache import cache_get, cache_put, json_ready
from ._safe import excerpt, read_regular
from ._paths import bundled_rules_dir, package_file
from .citation import Basis
from .errors import CalendarError, Problem

KYIV = ZoneInfo("Europe/Kyiv")

Assumption = Literal["continues", "ended"]

LABOUR_CODE_WEEKEND = Basis("322-VIII", "67", "1-2", url="https://zakon.rada.gov.ua/laws/show/322-08")
LABOUR_CODE_HOLIDAYS = Basis("322-VIII", "73", "1", url="https://zakon.rada.gov.ua/laws/show/322-08")
LABOUR_CODE_TRANSFER = Basis("322-VIII", "67", "3", url="https://zakon.rada.gov.ua/laws/show/322-08")


@attrs.frozen
class MartialLawPeriod:
    decree: str
    approved_by: str
    start: dt.datetime  # aware, Europe/Kyiv
    end: dt.datetime  # aware, Europe/Kyiv (exclusive)

    def covers_day(self, day: dt.date) -> bool:
        """True when martial law is in force at any moment of ``day`` (Kyiv time)."""
        return self.start.date() <= day and day <= (self.end - dt.timedelta(microseconds=1)).date()


@attrs.frozen(cache_hash=True)  # used as a cache key on every evaluation
class MartialLaw:
    """The martial-law regime as dated data, with an explicit assumption past the known periods."""

    periods: tuple[MartialLawPeriod, ...]
    holidays_working_from: dt.date
    holidays_basis: Basis
    after_known: Assumption = "continues"
    source: str = "rules/calendar/martial-law.yaml"
    # A stated end (a case's calendar.martial_law_ended, or a file's regime.ended): a fact, not an
    # assumption. Periods are cut at it (or run on to it past the known ones); nothing after it is unknown.
    ended_at: dt.datetime | None = None
    ended_source: str | None = None

    @property
    def known_until(self) -> dt.date:
        """The last day covered by a known period."""
        return max(p.end for p in self.periods).date() if self.periods else dt.date.min

    def state(self, day: dt.date) -> Literal["in_force", "assumed", "none"]:
        for p in self.periods:
            if p.covers_day(day):
                return "in_force"
        if self.periods and day > self.known_until and self.after_known == "continues":
            return "assumed"
        return "none"

    def period_for(self, day: dt.date) -> MartialLawPeriod | None:
        for p in self.periods:
            if p.covers_day(day):
                return p
        return None

    def holidays_are_working(self, day: dt.date) -> bool:
        return day >= self.holidays_working_from and self.state(day) != "none"

    def with_assumption(self, after_known: Assumption) -> "MartialLaw":
        return attrs.evolve(self, after_known=after_known)

    def ended(self, at: dt.datetime, source: str) -> "MartialLaw":
        """The regime as it is once its end is stated as a fact: martial law lasted until ``at`` (aware)
        and not after. A period past ``at`` is cut; where ``at`` is past the known periods, martial law is
        taken to have lasted until it (that is what the statement says)."""
        at = at.astimezone(KYIV)
        periods = [attrs.evolve(p, end=min(p.end, at)) for p in self.periods if p.start < at]
        if periods and max(p.end for p in periods) < at:
            last = max(p.end for p in periods)
            periods.append(MartialLawPeriod("", f"stated: {source}", last, at))
        return attrs.evolve(self, periods=tuple(periods), after_known="ended", ended_at=at, ended_source=source)


def _parse_kyiv(value: str, where: str, field: str = "start") -> dt.datetime:
    try:
        naive = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise CalendarError(Problem("not a date-time", source=where, field=field, found=excerpt(value, 40),
                                    expected="YYYY-MM-DDTHH:MM (Kyiv local time)"))
    return naive.replace(tzinfo=KYIV) if naive.tzinfo is None else naive.astimezone(KYIV)


MAX_MARTIAL_LAW_BYTES = 1_000_000
MAX_PERIOD_DAYS = 36_600  # a period of more than a hundred years is a typing error


def _martial_law_data(raw: bytes, path: str) -> Any:
    """The parsed file, through the parsed-data cache (a process that hits it never imports PyYAML).
    Only the parsing is cached; the checks below run on every load. The file goes through the same
    safe loader as the rule files: no aliases, no tags, one line per error."""
    key = hashlib.sha256(b"martial-law/2\0" + raw).hexdigest()
    hit = cache_get(key)
    if hit is not None:
        return hit["data"]
    from ._yaml import YamlProblem, load_yaml

    try:
        data, _ = load_yaml(raw.decode("utf-8"), path, what="martial-law files")
    except UnicodeDecodeError as exc:
        raise CalendarError(Problem("not UTF-8 text", source=path, found=f"byte {exc.start}"))
    except YamlProblem as exc:
        raise CalendarError(exc.problem)
    data = json_ready(data)
    cache_put(key, {"data": data})
    return data


def load_martial_law(path: str | pathlib.Path | None = None, *, after_known: Assumption | None = None) -> MartialLaw:
    """Read the martial-law periods (the bundled file unless ``path`` is given)."""
    p = pathlib.Path(path) if path else bundled_rules_dir() / "calendar" / "martial-law.yaml"
    return _load_martial_law_cached(str(p), after_known)


@functools.lru_cache(maxsize=16)
def _load_martial_law_cached(path: str, after_known: Assumption | None) -> MartialLaw:
    try:
        raw = read_regular(path, MAX_MARTIAL_LAW_BYTES)
    except OSError as exc:
        raise CalendarError(Problem(f"cannot read martial-law file: {exc.strerror}", source=path))
    if len(raw) > MAX_MARTIAL_LAW_BYTES:
        raise CalendarError(Problem("file too large", source=path, found=f"more than {MAX_MARTIAL_LAW_BYTES} bytes",
                                    expected=f"at most {MAX_MARTIAL_LAW_BYTES} bytes"))
    data = _martial_law_data(raw, path)
    try:
        return _martial_law_from(data, path, after_known)
    except CalendarError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as exc:  # a value of an odd shape
        raise CalendarError(Problem(f"invalid martial-law file: {' '.join(str(exc).split())[:80]}", source=path,
                                    expected="the shape of rules/calendar/martial-law.yaml"))


def _martial_law_from(data: Any, path: str, after_known: Assumption | None) -> MartialLaw:
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("periods"), list) or not isinstance(data.get("regime"), dict):
        raise CalendarError(Problem("expected a mapping with `regime` and a list `periods`", source=path))
    regime = data["regime"]
    periods: list[MartialLawPeriod] = []
    for i, row in enumerate(data["periods"]):
        loc = f"$.periods[{i}]"
        if not isinstance(row, dict):
            problems.append(Problem("expected a mapping", source=path, location=loc))
            continue
        try:
            start = _parse_kyiv(row.get("start"), path)
            if "end" in row:
                end = _parse_kyiv(row["end"], path, "end")
            else:
                days = row.get("days")
                if not isinstance(days, int) or isinstance(days, bool) or not 0 < days <= MAX_PERIOD_DAYS:
                    raise CalendarError(Problem("expected a positive number of days or an `end`", source=path,
                                                location=loc, field="days", found=excerpt(days, 30),
                                                expected=f"1 to {MAX_PERIOD_DAYS} days"))
                # A period of N days from 05:30 ends at 05:30 N days later (local wall-clock time).
                end = (start.replace(tzinfo=None) + dt.timedelta(days=days)).replace(tzinfo=KYIV)
        except CalendarError as exc:
            problems.extend(attrs.evolve(p, location=loc) for p in exc.problems)
            continue
        if end <= start:
            problems.append(Problem("period ends before it starts", source=path, location=loc, field="end"))
            continue
        periods.append(MartialLawPeriod(str(row.get("decree", "")), str(row.get("approved_by", "")), start, end))
    mode = after_known or regime.get("after_known", "continues")
    if mode not in ("continues", "ended"):
        problems.append(Problem("unknown assumption", source=path, field="regime.after_known", found=repr(mode),
                                expected="continues or ended"))
    try:
        working_from = dt.date.fromisoformat(str(regime.get("holidays_are_working_days_from")))
    except ValueError:
        problems.append(Problem("not a date", source=path, field="regime.holidays_are_working_days_from",
                                expected="YYYY-MM-DD"))
        working_from = dt.date(2022, 3, 24)
    # Each extension starts when the previous period ends (05:30 on that day): a typo in a new entry's
    # start would otherwise leave a silent gap (holidays days off again) or an overlap. A real break in
    # the regime is written as `new_regime: true` on the first period after it.
    order = sorted(range(len(periods)), key=lambda i: periods[i].start)
    rows = [r for r in data["periods"] if isinstance(r, dict)]
    for a, b in zip(order, order[1:]):
        prev, nxt = periods[a], periods[b]
        fresh = b < len(rows) and rows[b].get("new_regime") is True
        if nxt.start < prev.end or (nxt.start > prev.end and not fresh):
            problems.append(Problem("period overlaps the previous one" if nxt.start < prev.end else "gap after the previous period",
                                    source=path, location=f"$.periods[{b}]", field="start",
                                    found=nxt.start.strftime("%Y-%m-%dT%H:%M"),
                                    expected=f"{prev.end.strftime('%Y-%m-%dT%H:%M')} (the end of {prev.decree or 'the previous period'}), "
                                             "or `new_regime: true` for a new introduction after a break"))
    if problems:
        raise CalendarError(problems)
    periods.sort(key=lambda p: p.start)
    basis = regime.get("holidays_basis") or {"act": "2136-IX", "article": "6", "part": "6"}
    ml = MartialLaw(tuple(periods), working_from, Basis.from_mapping(basis), mode, path)
    if regime.get("ended") is not None:  # the file states when martial law ended: a fact
        ml = ml.ended(_parse_kyiv(regime["ended"], path, "regime.ended"), path)
    return ml


# --------------------------------------------------------------------------------------------------
# Holiday data


@attrs.frozen
class Holiday:
    day: dt.date
    category: str  # "public" (a day off in the frozen data) or "workday" (a holiday that is a working day)
    name_uk: str
    name_en: str

    @property
    def is_transfer(self) -> bool:
        # Weekend transfers ("(вихідний)") and Cabinet transfers ("перенесено") are days off that
        # exist only because of another day; art 67 part 3 recomputes them outside the frozen data.
        return "(вихідний)" in self.name_uk or "перенесено" in self.name_uk


@functools.lru_cache(maxsize=1)
def _holiday_data() -> tuple[dict[dt.date, Holiday], frozenset[dt.date], int, int, str]:
    raw = json.loads(package_file("data/ua_holidays.json").read_bytes())
    days = {}
    for iso, cat, uk, en in raw["holidays"]:
        d = dt.date.fromisoformat(iso)
        days[d] = Holiday(d, cat, uk, en)
    saturdays = frozenset(dt.date.fromisoformat(s) for s in raw["worked_saturdays"])
    return days, saturdays, raw["first_year"], raw["last_year"], raw["source"]


def holiday_data_version() -> str:
    return _holiday_data()[4]


# --------------------------------------------------------------------------------------------------
# Why a day is (not) a working day


@attrs.frozen
class DayReason:
    """One reason that decided a day's status; ``code`` keys a message in ``procedure.i18n``."""

    code: str  # weekend | holiday | transfer | worked_saturday | martial_law_holiday | closure
    name_uk: str = ""
    name_en: str = ""
    basis: Basis | None = None


@attrs.frozen
class DayInfo:
    day: dt.date
    working: bool
    reasons: tuple[DayReason, ...]
    martial_law: str  # in_force | assumed | none


@attrs.frozen
class Closure:
    """A one-off non-working day given by the user: a court closed, a registry down."""

    day: dt.date
    reason: str
    court: str | None = None


_NONZERO_TO_ONE = bytes([0] + [1] * 255)


class LegalCalendar:
    """Working days in Ukraine between ``first`` and ``last`` (inclusive).

    Instances are immutable after construction; build them with :func:`legal_calendar`, which caches.
    """

    def __init__(self, martial_law: MartialLaw, closures: Iterable[Closure] = (),
                 first: dt.date | None = None, last: dt.date | None = None) -> None:
        holidays, worked_saturdays, y0, y1, source = _holiday_data()
        self.first = first or dt.date(y0 + 1, 1, 1)  # 1991 lacks the start of independence; 1992 on is complete
        self.last = last or dt.date(y1, 12, 31)
        self.martial_law = martial_law
        # A stated end leaves nothing unknown: no assumption, no other reading.
        self._known_until: dt.date | None = martial_law.known_until if martial_law.periods and martial_law.ended_at is None else None
        self.closures = {c.day: c for c in closures}
        self.data_version = source
        self._holidays = holidays
        self._worked_saturdays = worked_saturdays
        self._peacetime_transfers = self._art67_transfers(holidays)
        n = (self.last - self.first).days + 1
        o0 = self._o0 = self.first.toordinal()
        # Martial-law state per day, precomputed: 0 none, 1 in force, 2 assumed past the known periods.
        ml = bytearray(n)
        for p in martial_law.periods:
            a = max(p.start.date().toordinal() - o0, 0)
            b = min((p.end - dt.timedelta(microseconds=1)).date().toordinal() - o0, n - 1)
            if b >= a:  # a period wholly outside the range marks nothing (and must not resize the map)
                ml[a:b + 1] = b"\x01" * (b - a + 1)
        if martial_law.periods and martial_law.after_known == "continues":
            a = max(martial_law.known_until.toordinal() + 1 - o0, 0)
            if a < n:
                ml[a:] = b"\x02" * (n - a)
        self._ml = bytes(ml)
        self._holidays_working_from = martial_law.holidays_working_from
        self._why: dict[dt.date, DayInfo] = {}
        self._assumed: dict[str, LegalCalendar] = {}
        self._working = self._working_map(n)
        self._ordinals = list(itertools.compress(range(o0, o0 + n), self._working))

    def _working_map(self, n: int) -> bytes:
        """One byte per day, 1 for a working day: the same answers as :meth:`_decide`, built from the
        exceptions (holidays, transfers, worked Saturdays, closures) instead of day by day, because a
        process pays this once before its first answer (tests compare the two for every day)."""
        o0 = self._o0
        first_weekday = self.first.weekday()
        week = bytes(1 if (first_weekday + k) % 7 < 5 else 0 for k in range(7))
        weekdays = (week * (n // 7 + 1))[:n]  # 1 on Monday-Friday, 0 on Saturday and Sunday
        working = bytearray(weekdays)
        hw = self._holidays_working_from

        def mark(day: dt.date, value: int) -> None:
            i = day.toordinal() - o0
            if 0 <= i < n:
                working[i] = value

        for day in self._worked_saturdays:
            if day < hw and day.weekday() >= 5:
                mark(day, 1)
        for day, hol in self._holidays.items():
            if day.weekday() >= 5:
                continue  # a weekend stays a day off whatever the holiday data says
            if day < hw:
                if hol.category == "public":
                    mark(day, 0)
            elif not hol.is_transfer:
                mark(day, 0)  # restored below on the days martial law makes working
        for day in self._peacetime_transfers:
            if day.weekday() < 5:
                mark(day, 0)
        # Martial law from ``hw``: every weekday is a working day (holidays and transfers included).
        # Bytes hold 0 or 1, so whole-map OR/AND on big integers act day by day, without carries.
        start = min(max(hw.toordinal() - o0, 0), n)
        in_force = bytes(start) + self._ml[start:].translate(_NONZERO_TO_ONE)
        merged = int.from_bytes(working, "big") | (int.from_bytes(in_force, "big") & int.from_bytes(weekdays, "big"))
        working = bytearray(merged.to_bytes(n, "big"))
        for day in self.closures:
            mark(day, 0)
        return bytes(working)

    # -- classification -----------------------------------------------------------------------------

    def _art67_transfers(self, holidays: Mapping[dt.date, Holiday]) -> dict[dt.date, Holiday]:
        """Labour Code art 67 part 3 outside martial law from 2022-03-24: a holiday that falls on a
        Saturday or Sunday moves the day off to the next day that is neither a weekend nor a holiday."""
        out: dict[dt.date, Holiday] = {}
        start = self.martial_law.holidays_working_from
        base = sorted(d for d, h in holidays.items() if d >= start and not h.is_transfer)
        taken = set(base)
        for d in base:
            if d.weekday() >= 5:
                t = d + dt.timedelta(days=1)
                while t.weekday() >= 5 or t in taken:
                    t += dt.timedelta(days=1)
                taken.add(t)
                h = holidays[d]
                out[t] = Holiday(t, "transfer", f"{h.name_uk} (вихідний)", f"{h.name_en} (day off)")
        return out

    def _decide(self, day: dt.date) -> tuple[bool, tuple[DayReason, ...]]:
        closure = self.closures.get(day)
        if closure is not None:
            return False, (DayReason("closure", closure.reason, closure.reason),)
        weekend = day.weekday() >= 5
        if weekend:
            if day in self._worked_saturdays and day < self._holidays_working_from:
                return True, (DayReason("worked_saturday", basis=LABOUR_CODE_TRANSFER),)
            return False, (DayReason("weekend", basis=LABOUR_CODE_WEEKEND),)
        hol = self._holidays.get(day)
        if day >= self._holidays_working_from and self._ml[day.toordinal() - self._o0]:
            if hol is not None and not hol.is_transfer:
                return True, (DayReason("martial_law_holiday", hol.name_uk, hol.name_en, self.martial_law.holidays_basis),)
            return True, ()
        if day < self._holidays_working_from:
            if hol is not None and hol.category == "public":
                code = "transfer" if hol.is_transfer else "holiday"
                return False, (DayReason(code, hol.name_uk, hol.name_en, LABOUR_CODE_HOLIDAYS if code == "holiday" else LABOUR_CODE_TRANSFER),)
            return True, ()
        if hol is not None and not hol.is_transfer:
            return False, (DayReason("holiday", hol.name_uk, hol.name_en, LABOUR_CODE_HOLIDAYS),)
        tr = self._peacetime_transfers.get(day)
        if tr is not None:
            return False, (DayReason("transfer", tr.name_uk, tr.name_en, LABOUR_CODE_TRANSFER),)
        return True, ()

    # -- queries ------------------------------------------------------------------------------------

    def check_range(self, day: dt.date, what: str = "date") -> None:
        if not (self.first <= day <= self.last):
            raise CalendarError(Problem(
                "outside the range of the legal calendar", field=what, found=day.isoformat(),
                expected=f"a date from {self.first.isoformat()} to {self.last.isoformat()}"))

    def _index(self, day: dt.date) -> int:
        self.check_range(day)
        return day.toordinal() - self._o0

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._working[self._index(day)])

    def why(self, day: dt.date) -> DayInfo:
        """The day's status with the reasons for it (for explanations)."""
        info = self._why.get(day)
        if info is None:
            self.check_range(day)
            working, reasons = self._decide(day)
            # At most one entry per day of the range (~30,000): every term's end asks, so keep the answers.
            info = self._why[day] = DayInfo(day, working, reasons,
                                            ("none", "in_force", "assumed")[self._ml[day.toordinal() - self._o0]])
        return info

    def next_working_day(self, day: dt.date, *, inclusive: bool = True) -> dt.date:
        """The first working day on or after ``day`` (strictly after it when ``inclusive`` is False)."""
        self.check_range(day)
        o = day.toordinal()
        i = (bisect.bisect_left if inclusive else bisect.bisect_right)(self._ordinals, o)
        if i >= len(self._ordinals):
            raise CalendarError(Problem("no working day inside the calendar's range after this date",
                                        found=day.isoformat(), expected=f"a date before {self.last.isoformat()}"))
        return dt.date.fromordinal(self._ordinals[i])

    def previous_working_day(self, day: dt.date, *, inclusive: bool = True) -> dt.date:
        """The last working day on or before ``day`` (strictly before it when ``inclusive`` is False)."""
        self.check_range(day)
        o = day.toordinal()
        i = (bisect.bisect_right if inclusive else bisect.bisect_left)(self._ordinals, o) - 1
        if i < 0:
            raise CalendarError(Problem("no working day inside the calendar's range before this date",
                                        found=day.isoformat(), expected=f"a date after {self.first.isoformat()}"))
        return dt.date.fromordinal(self._ordinals[i])

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after ``day`` (n > 0), or strictly before it (n < 0).

        ``add_working_days(d, 0)`` is ``d`` itself. Cost is independent of ``n``.
        """
        self.check_range(day)
        if n == 0:
            return day
        o = day.toordinal()
        if n > 0:
            i = bisect.bisect_right(self._ordinals, o) + n - 1
        else:
            i = bisect.bisect_left(self._ordinals, o) + n
        if not (0 <= i < len(self._ordinals)):
            raise CalendarError(Problem("the result falls outside the range of the legal calendar",
                                        found=f"{day.isoformat()} {n:+d} working days",
                                        expected=f"a result from {self.first.isoformat()} to {self.last.isoformat()}"))
        return dt.date.fromordinal(self._ordinals[i])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end."""
        self.check_range(start)
        self.check_range(end)
        return bisect.bisect_right(self._ordinals, end.toordinal()) - bisect.bisect_right(self._ordinals, start.toordinal())

    def beyond_known_martial_law(self, day: dt.date) -> bool:
        ku = self._known_until
        return ku is not None and day > ku and day >= self._holidays_working_from

    def with_assumption(self, after_known: Assumption) -> "LegalCalendar":
        """The same calendar under the other assumption about martial law past the known periods."""
        other = self._assumed.get(after_known)
        if other is None:  # asked for by every term that ends past the known periods: keep it at hand
            other = self._assumed[after_known] = legal_calendar(
                self.martial_law.with_assumption(after_known), tuple(self.closures.values()), self.first, self.last)
        return other

    def __repr__(self) -> str:
        return (f"LegalCalendar({self.first}..{self.last}, martial law known until {self.martial_law.known_until},"
                f" after that {self.martial_law.after_known}, {len(self.closures)} closures)")


@functools.lru_cache(maxsize=32)
def _cached(martial_law: MartialLaw, closures: tuple[Closure, ...], first, last) -> LegalCalendar:
    return LegalCalendar(martial_law, closures, first, last)


def legal_calendar(martial_law: MartialLaw | None = None, closures: Iterable[Closure] = (),
                   first: dt.date | None = None, last: dt.date | None = None) -> LegalCalendar:
    """A (cached) legal calendar; by default the bundled martial-law data with no closures."""
    ml = martial_law or load_martial_law()
    return _cached(ml, tuple(sorted(closures, key=lambda c: (c.day, c.reason))), first, last)


def peacetime(martial_law: MartialLaw) -> MartialLaw:
    """The regime with no martial law at all (for comparisons and 'what if' questions)."""
    return attrs.evolve(martial_law, periods=(), after_known="ended")
