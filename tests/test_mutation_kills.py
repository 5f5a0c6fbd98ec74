"""Tests written to kill the mutants that survived a mutation run (mutmut 3) over the time core and the
engine: ``procedure.calendar``, ``procedure.periods`` and ``procedure.engine``.

Every expected value is derived by hand from the law or from the documented behaviour (docs/time.md),
with the computation written next to it; none is copied from the code's output.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import procedure
from procedure import CalendarError, Closure, legal_calendar
from procedure.calendar import KYIV, holiday_data_version, load_martial_law, peacetime

D = dt.date


def _ml_file(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


REGIME = "regime: {holidays_are_working_days_from: 2022-03-24, after_known: ended}\n"


def _rules_from(tmp_path, text):
    """A rule set of the bundled rules and one local file holding ``text``."""
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / "local.yaml").write_text(text, encoding="utf-8")
    return procedure.load_rules([d])


def _local_rule(rid, uk, en, trigger, *, party="person", convention="kas_120", extra=""):
    """One rule of a local rule file: what the test is about (its trigger, party, convention and ``extra``
    keys such as an anchor or a suspension), the rest as every local rule here has it (10 days from
    2020-01-01, KAS art 120 as its basis)."""
    return (f"  - id: {rid}\n    title: {{uk: {uk}, en: {en}}}\n    kind: act_by\n    party: {party}\n"
            f"    trigger: {trigger}\n{extra}"
            f"    versions:\n      - in_force: {{from: 2020-01-01}}\n        period: {{days: 10}}\n        convention: {convention}\n"
            '    basis: [{act: "2747-IV", article: "120"}]\n    confidence: official_text\n    verified: 2026-11-30\n')


def _local_rules(*rules):
    return "rules:\n" + "".join(rules)


# --------------------------------------------------------------------------------------------------
# calendar: the martial-law file


def test_martial_law_file_parses_naive_aware_and_day_count_periods(tmp_path):
    f = _ml_file(tmp_path, "ml.yaml", REGIME + (
        "periods:\n"
        # listed out of order: the loader sorts by start; B follows a break (a gap must be declared)
        "  - {decree: B, approved_by: LB, start: '2025-06-01T00:00+00:00', end: '2025-06-10T00:00', new_regime: true}\n"
        "  - {decree: A, approved_by: LA, start: '2025-02-01T05:30', days: 90}\n"))
    ml = load_martial_law(f)
    a, b = ml.periods
    assert (a.decree, a.approved_by, b.decree, b.approved_by) == ("A", "LA", "B", "LB")
    # A naive time is Kyiv wall-clock time: 05:30 EET (+02:00).
    assert a.start == dt.datetime(2025, 2, 1, 5, 30, tzinfo=KYIV) and a.start.utcoffset() == dt.timedelta(hours=2)
    # 90 days from 05:30 on 1 Feb end at 05:30 (wall clock) on 2 May: Feb 27 + Mar 31 + Apr 30 + 2 = 90.
    assert a.end == dt.datetime(2025, 5, 2, 5, 30, tzinfo=KYIV) and a.end.utcoffset() == dt.timedelta(hours=3)
    # An aware time is converted to Kyiv: 00:00 UTC on 1 June is 03:00 EEST.
    assert b.start.replace(tzinfo=None) == dt.datetime(2025, 6, 1, 3, 0) and b.start.utcoffset() == dt.timedelta(hours=3)
    assert ml.after_known == "ended" and ml.holidays_working_from == D(2022, 3, 24)
    assert ml.known_until == D(2025, 6, 10)
    # No holidays_basis in the file: Law 2136-IX art 6 part 6 by default.
    assert (ml.holidays_basis.act, ml.holidays_basis.article, ml.holidays_basis.part) == ("2136-IX", "6", "6")
    # The caller's assumption wins over the file's.
    assert load_martial_law(f, after_known="continues").after_known == "continues"


def test_martial_law_file_default_assumption_is_continues(tmp_path):
    f = _ml_file(tmp_path, "ml.yaml", "regime: {holidays_are_working_days_from: 2022-03-24}\n"
                 "periods: [{start: '2025-01-01T05:30', days: 10}]\n")
    assert load_martial_law(f).after_known == "continues"


def _problems(path):
    with pytest.raises(CalendarError) as exc:
        load_martial_law(path)
    return exc.value.problems


def test_martial_law_file_unreadable_or_not_yaml(tmp_path):
    missing = str(tmp_path / "nope.yaml")
    (p,) = _problems(missing)
    assert p.message.startswith("cannot read martial-law file") and p.source == missing
    bad = _ml_file(tmp_path, "bad.yaml", "periods: [\n")
    (p,) = _problems(bad)
    assert p.message.startswith("invalid YAML") and p.source == bad
    shape = _ml_file(tmp_path, "shape.yaml", "periods: {}\nregime: {}\n")
    (p,) = _problems(shape)
    assert p.message == "expected a mapping with `regime` and a list `periods`" and p.source == shape
    no_regime = _ml_file(tmp_path, "noregime.yaml", "periods: []\n")
    assert _problems(no_regime)[0].message == "expected a mapping with `regime` and a list `periods`"
    a_list = _ml_file(tmp_path, "list.yaml", "- 1\n")
    assert _problems(a_list)[0].message == "expected a mapping with `regime` and a list `periods`"


def test_martial_law_file_reports_every_bad_row(tmp_path):
    f = _ml_file(tmp_path, "rows.yaml",
                 "regime: {holidays_are_working_days_from: someday, after_known: maybe}\n"
                 "periods:\n"
                 "  - just a string\n"
                 "  - {start: yesterday, days: 5}\n"
                 "  - {start: '2025-01-01T05:30', days: 0}\n"
                 "  - {start: '2025-01-01T05:30', days: true}\n"
                 "  - {start: '2025-01-01T05:30'}\n"
                 "  - {start: '2025-01-10T05:30', end: '2025-01-10T05:30'}\n"
                 "  - {start: '2025-01-01T05:30', days: 10}\n")
    probs = _problems(f)
    got = [(p.location, p.field, p.message, p.found, p.expected) for p in probs]
    assert got == [
        ("$.periods[0]", None, "expected a mapping", None, None),
        ("$.periods[1]", "start", "not a date-time", "'yesterday'", "YYYY-MM-DDTHH:MM (Kyiv local time)"),
        ("$.periods[2]", "days", "expected a positive number of days or an `end`", "0", "1 to 36600 days"),
        ("$.periods[3]", "days", "expected a positive number of days or an `end`", "True", "1 to 36600 days"),
        ("$.periods[4]", "days", "expected a positive number of days or an `end`", "None", "1 to 36600 days"),
        ("$.periods[5]", "end", "period ends before it starts", None, None),
        (None, "regime.after_known", "unknown assumption", "'maybe'", "continues or ended"),
        (None, "regime.holidays_are_working_days_from", "not a date", None, "YYYY-MM-DD"),
    ]
    assert all(p.source == f for p in probs)


def test_martial_law_bad_end_is_reported(tmp_path):
    f = _ml_file(tmp_path, "end.yaml", REGIME + "periods: [{start: '2025-01-01T05:30', end: 'soon'}]\n")
    (p,) = _problems(f)
    assert (p.location, p.message, p.found) == ("$.periods[0]", "not a date-time", "'soon'")


# --------------------------------------------------------------------------------------------------
# calendar: the martial-law regime object


def test_martial_law_state_and_period_for():
    ml = load_martial_law()
    # Decree 64/2022: from 05:30 on 24 Feb 2022. 23 Feb has no moment under martial law.
    assert ml.state(D(2022, 2, 23)) == "none" and ml.period_for(D(2022, 2, 23)) is None
    assert ml.state(D(2022, 2, 24)) == "in_force" and ml.period_for(D(2022, 2, 24)).decree == "64/2022"
    # 30 days from 05:30 on 24 Feb end at 05:30 on 26 Mar, when Decree 133/2022 starts: 25 March is under 64/2022
    # only; 26 March is under both, and the earlier period is returned.
    assert ml.period_for(D(2022, 3, 25)).decree == "64/2022"
    assert ml.period_for(D(2022, 3, 26)).decree == "64/2022"
    assert ml.period_for(D(2022, 3, 27)).decree == "133/2022"
    # Decree 40/2026: until 05:30 on 4 May 2026; 5 May is past the known periods.
    assert ml.state(D(2026, 5, 4)) == "in_force" and ml.period_for(D(2026, 5, 4)).decree == "40/2026"
    assert ml.state(D(2026, 5, 5)) == "assumed" and ml.period_for(D(2026, 5, 5)) is None
    ended = ml.with_assumption("ended")
    assert ended.after_known == "ended" and ml.after_known == "continues"
    assert ended.state(D(2026, 5, 5)) == "none" and ended.state(D(2026, 5, 4)) == "in_force"
    # Law 2136-IX art 6 part 6 applies from 24 March 2022 while martial law lasts (docs/time.md row 3).
    assert ml.holidays_are_working(D(2022, 3, 23)) is False
    assert ml.holidays_are_working(D(2022, 3, 24)) is True
    assert ml.holidays_are_working(D(2030, 1, 1)) is True
    assert ended.holidays_are_working(D(2030, 1, 1)) is False
    assert ml.holidays_are_working(D(2021, 1, 1)) is False


def test_period_ending_at_midnight_does_not_cover_that_day(tmp_path):
    # A period that ends at 00:00 on 10 June has no moment on 10 June.
    f = _ml_file(tmp_path, "mid.yaml", REGIME + "periods: [{start: '2025-06-01T00:00', end: '2025-06-10T00:00'}]\n")
    ml = load_martial_law(f)
    (p,) = ml.periods
    assert p.covers_day(D(2025, 6, 9)) and not p.covers_day(D(2025, 6, 10)) and not p.covers_day(D(2025, 5, 31))
    assert p.covers_day(D(2025, 6, 1))
    assert ml.known_until == D(2025, 6, 10)
    c = legal_calendar(ml)
    assert c.why(D(2025, 6, 9)).martial_law == "in_force"
    assert c.why(D(2025, 6, 10)).martial_law == "none"
    assert c.why(D(2025, 5, 31)).martial_law == "none"


def test_peacetime_regime():
    ml = load_martial_law()
    p = peacetime(ml)
    assert p.periods == () and p.after_known == "ended"
    assert p.holidays_working_from == ml.holidays_working_from
    assert p.state(D(2025, 1, 1)) == "none" and p.known_until == D.min


# --------------------------------------------------------------------------------------------------
# calendar: construction and queries


def test_calendar_default_range_and_edges(cal):
    # docs/time.md: the range is 1992-01-01 to 2075-12-31.
    assert (cal.first, cal.last) == (D(1992, 1, 1), D(2075, 12, 31))
    # 2075-12-31 is a Tuesday (assumed martial law: a working day); 1992-01-01 is New Year, a day off.
    assert cal.is_working_day(D(2075, 12, 31)) is True
    assert cal.is_working_day(D(1992, 1, 1)) is False
    assert cal.why(D(2075, 12, 31)).martial_law == "assumed"
    assert cal.data_version == holiday_data_version() and "python-holidays" in cal.data_version
    with pytest.raises(CalendarError) as exc:
        cal.check_range(D(2076, 1, 1), "due")
    (p,) = exc.value.problems
    assert (p.field, p.found, p.expected) == ("due", "2076-01-01", "a date from 1992-01-01 to 2075-12-31")
    assert p.message == "outside the range of the legal calendar"


def test_calendar_repr(cal, peace):
    assert repr(cal) == "LegalCalendar(1992-01-01..2075-12-31, martial law known until 2026-05-04, after that continues, 0 closures)"
    c = legal_calendar(closures=[Closure(D(2025, 6, 16), "x")])
    assert repr(c).endswith("after that continues, 1 closures)")
    assert "after that ended" in repr(peace)


def test_beyond_known_martial_law(cal, peace):
    # After 2026-05-04 under the bundled periods; never without periods (peacetime).
    assert cal.beyond_known_martial_law(D(2026, 5, 4)) is False
    assert cal.beyond_known_martial_law(D(2026, 5, 5)) is True
    assert peace.beyond_known_martial_law(D(2030, 1, 1)) is False


def test_beyond_known_needs_the_working_holidays_regime(tmp_path):
    # A period that ended before 2022-03-24: a date after it but before 24 March is not "beyond" it,
    # because the martial-law holiday rule did not exist yet.
    f = _ml_file(tmp_path, "early.yaml", REGIME + "periods: [{start: '2022-02-24T05:30', end: '2022-03-01T05:30'}]\n")
    c = legal_calendar(load_martial_law(f))
    assert c.beyond_known_martial_law(D(2022, 3, 10)) is False
    assert c.beyond_known_martial_law(D(2022, 3, 24)) is True


def test_with_assumption_keeps_closures_and_range():
    c = legal_calendar(closures=[Closure(D(2025, 6, 16), "flood")])
    e = c.with_assumption("ended")
    assert e.martial_law.after_known == "ended"
    assert not e.is_working_day(D(2025, 6, 16)) and e.why(D(2025, 6, 16)).reasons[0].name_en == "flood"
    assert (e.first, e.last) == (c.first, c.last)
    # Independence Day 2026 (Mon 24 Aug): a day off only if martial law ended.
    assert e.is_working_day(D(2026, 8, 24)) is False and c.is_working_day(D(2026, 8, 24)) is True


def test_custom_range_marks_martial_law_up_to_its_edges():
    # A calendar from 2022-03-01 (inside Decree 64/2022) to 2025-12-31 (inside Decree 793/2025): both
    # edge days are under martial law.
    c = legal_calendar(first=D(2022, 3, 1), last=D(2025, 12, 31))
    assert c.why(D(2022, 3, 1)).martial_law == "in_force"
    assert c.why(D(2025, 12, 31)).martial_law == "in_force"
    assert c.is_working_day(D(2025, 12, 31)) is True  # Wednesday
    with pytest.raises(CalendarError):
        c.is_working_day(D(2026, 1, 1))


def test_ended_assumption_marks_nothing_after_the_known_periods():
    ended = legal_calendar(load_martial_law(after_known="ended"))
    assert ended.why(D(2026, 5, 4)).martial_law == "in_force"
    assert ended.why(D(2026, 5, 5)).martial_law == "none"
    assert ended.why(D(2026, 5, 6)).martial_law == "none"


def test_assumed_martial_law_starts_the_day_after_the_known_end():
    cal = legal_calendar()
    assert cal.why(D(2026, 5, 4)).martial_law == "in_force"
    assert cal.why(D(2026, 5, 5)).martial_law == "assumed"


def test_custom_range_from_a_day_after_the_first_period_under_ended_assumption():
    """Regression: a calendar whose ``first`` is after the end of a martial-law period, with no "continues"
    tail, used to crash with IndexError (``ml[a:b + 1] = b""`` with a negative ``b`` deleted most of the
    per-day map); fixed in 9d0b7f9. 2023-06-01 (Thu) is under Decree 254/2023; Independence Day 2026
    (Mon 24 Aug) is a day off once martial law is taken to have ended on 2026-05-04."""
    ml = load_martial_law(after_known="ended")
    c = legal_calendar(ml, first=D(2023, 1, 1))
    assert c.why(D(2023, 1, 1)).martial_law == "in_force"
    assert c.why(D(2023, 6, 1)).martial_law == "in_force"
    assert c.why(D(2026, 5, 5)).martial_law == "none"
    assert c.why(D(2026, 8, 24)).working is False
    # A calendar that ends before a period starts marks nothing past its end and keeps its size.
    short = legal_calendar(ml, last=D(2021, 12, 31))
    assert short.why(D(2021, 12, 31)).martial_law == "none" and short.is_working_day(D(2021, 12, 31)) is True


def test_working_day_queries_at_the_edges_of_the_range(cal):
    # 1992-01-01 (New Year) is not a working day; 2 and 3 January 1992 (Thu, Fri) are, per the frozen data.
    assert cal.previous_working_day(D(1992, 1, 2)) == D(1992, 1, 2)            # inclusive: the day itself
    assert cal.previous_working_day(D(1992, 1, 3), inclusive=False) == D(1992, 1, 2)
    assert cal.previous_working_day(D(2025, 6, 16)) == D(2025, 6, 16)           # a Monday is its own answer
    assert cal.add_working_days(D(1992, 1, 3), -1) == D(1992, 1, 2)             # the first working day
    assert cal.add_working_days(D(2075, 12, 27), 1) == D(2075, 12, 30)          # Fri -> Mon
    assert cal.add_working_days(D(2075, 12, 30), 1) == D(2075, 12, 31)          # the last day of the range
    assert cal.next_working_day(D(2075, 12, 31)) == D(2075, 12, 31)
    with pytest.raises(CalendarError) as exc:
        cal.previous_working_day(D(1992, 1, 2), inclusive=False)
    (p,) = exc.value.problems
    assert (p.message, p.found, p.expected) == (
        "no working day inside the calendar's range before this date", "1992-01-02", "a date after 1992-01-01")
    with pytest.raises(CalendarError) as exc:
        cal.next_working_day(D(2075, 12, 31), inclusive=False)
    (p,) = exc.value.problems
    assert (p.message, p.found, p.expected) == (
        "no working day inside the calendar's range after this date", "2075-12-31", "a date before 2075-12-31")
    with pytest.raises(CalendarError) as exc:
        cal.add_working_days(D(2075, 12, 31), 1)
    (p,) = exc.value.problems
    assert (p.message, p.found, p.expected) == ("the result falls outside the range of the legal calendar",
                                                "2075-12-31 +1 working days", "a result from 1992-01-01 to 2075-12-31")
    with pytest.raises(CalendarError) as exc:
        cal.add_working_days(D(1992, 1, 2), -1)
    assert exc.value.problems[0].found == "1992-01-02 -1 working days"
    # Working days d with start < d <= end: Fri 13 June -> Mon 16 June 2025 is one (the Monday).
    assert cal.working_days_between(D(2025, 6, 13), D(2025, 6, 16)) == 1
    assert cal.working_days_between(D(2025, 6, 14), D(2025, 6, 15)) == 0
    with pytest.raises(CalendarError):
        cal.working_days_between(D(2025, 6, 13), D(2076, 1, 1))


def test_two_weekend_holidays_move_to_monday_and_tuesday(peace):
    # Peacetime, Labour Code art 67 part 3: in 2027 Labour Day is Saturday 1 May and Easter Sunday 2 May.
    # Each moves its day off to the next day that is neither a weekend day nor already taken: Mon 3, Tue 4 May.
    assert not peace.is_working_day(D(2027, 5, 3))
    assert not peace.is_working_day(D(2027, 5, 4))
    assert peace.is_working_day(D(2027, 5, 5))
    r3, r4 = peace.why(D(2027, 5, 3)).reasons, peace.why(D(2027, 5, 4)).reasons
    assert [r.code for r in r3 + r4] == ["transfer", "transfer"]
    assert r3[0].name_uk.endswith(" (вихідний)") and r3[0].name_en.endswith(" (day off)")
    assert peace.why(D(2025, 6, 9)).reasons[0].name_uk == "Трійця (вихідний)"
    assert peace.why(D(2025, 6, 9)).reasons[0].name_en == "Pentecost (day off)"
    assert peace.why(D(2025, 6, 9)).reasons[0].basis.article == "67"


# --------------------------------------------------------------------------------------------------
# periods: Term


from procedure import RuleError, Term, compute, date_of_age, fixed_date  # noqa: E402
from procedure.periods import Convention, add_months_clamped, end_of_day  # noqa: E402


def test_term_units_and_validation():
    assert [Term(years=1).unit, Term(months=1).unit, Term(days=1).unit, Term(working_days=1).unit,
            Term(hours=1).unit, Term().unit] == ["months", "months", "days", "working_days", "hours", "zero"]
    assert Term(years=2, months=3).total_months == 27
    assert Term(years=1, months=2).to_dict() == {"years": 1, "months": 2}
    assert Term(days=0).to_dict() == {}
    for bad in ({"days": 1, "hours": 1}, {"working_days": 1, "hours": 1}, {"years": 1, "days": 1},
                {"days": 1, "working_days": 1}, {"months": 1, "working_days": 1}):
        with pytest.raises(ValueError, match="one unit group"):
            Term(**bad)
    for name in ("years", "months", "days", "working_days", "hours"):
        with pytest.raises(ValueError, match=f"term {name} must be a non-negative integer"):
            Term(**{name: -1})
        with pytest.raises(ValueError):
            Term(**{name: True})
        with pytest.raises(ValueError):
            Term(**{name: 1.0})
    Term(years=1, months=1)  # one group: no error
    with pytest.raises(TypeError):
        Term(days=1) + 1
    assert Term(days=2) + Term(days=3) == Term(days=5)
    assert Term(working_days=2) + Term(working_days=3) == Term(working_days=5)
    assert Term(hours=2) + Term(hours=3) == Term(hours=5)
    assert Term(years=1) + Term(years=1, months=1) == Term(years=2, months=1)


def test_term_describe():
    assert Term(years=1, months=2).describe() == "1 year 2 months"
    assert Term(years=2).describe("en") == "2 years"
    assert Term(months=1).describe("uk") == "1 місяць"
    assert Term().describe() == "0 days"
    assert Term(days=5).describe("uk") == "5 днів"
    assert Term(working_days=3).describe() == "3 working days"
    assert Term(hours=72).describe() == "72 hours"
    # Ukrainian plural forms: 1 рік, 2 місяці; 0 днів; 72 години; 3 робочі дні.
    assert Term(years=1, months=2).describe("uk") == "1 рік 2 місяці"
    assert Term(years=5).describe("uk") == "5 років"
    assert Term().describe("uk") == "0 днів"
    assert Term(hours=72).describe("uk") == "72 години"
    assert Term(working_days=3).describe("uk") == "3 робочі дні"


# --------------------------------------------------------------------------------------------------
# periods: compute


def _codes(r):
    return [s.code for s in r.steps]


def _step(r, code):
    (s,) = [s for s in r.steps if s.code == code]
    return s


def test_hour_term_needs_a_moment(conv, cal):
    with pytest.raises(RuleError) as exc:
        compute(D(2025, 6, 11), Term(hours=72), conv["hours_elapsed"], cal)
    (p,) = exc.value.problems
    assert p.field == "time" and "moment" in p.message and p.expected == "a time of day on the triggering event"


def test_hour_term_naive_moment_is_kyiv_and_steps(conv, cal):
    # Constitution art 29: 72 h from 10:00 on 11 June 2025 (no zone given: Kyiv) -> 10:00 on 14 June, +03:00.
    r = compute(dt.datetime(2025, 6, 11, 10, 0), Term(hours=72), conv["hours_elapsed"], cal)
    assert r.due_at == dt.datetime(2025, 6, 14, 10, 0, tzinfo=KYIV) and r.due_at.utcoffset() == dt.timedelta(hours=3)
    assert (r.start, r.raw_end, r.due) == (D(2025, 6, 11), D(2025, 6, 14), D(2025, 6, 14))
    assert r.anchor.tzinfo is KYIV and r.convention == "hours_elapsed" and r.ambiguities == ()
    assert _codes(r) == ["add_hours"]
    assert _step(r, "add_hours").params == {"n": 72, "from": "2025-06-11T10:00:00+03:00", "to": "2025-06-14T10:00:00+03:00"}


def test_hour_term_dst_step(conv, cal):
    # Clocks go back at 04:00 on 26 Oct 2025: +03:00 -> +02:00.
    r = compute(dt.datetime(2025, 10, 24, 10, 0, tzinfo=KYIV), Term(hours=72), conv["hours_elapsed"], cal)
    assert _codes(r) == ["add_hours", "dst_change"]
    assert _step(r, "dst_change").params == {"from": "UTC+03:00", "to": "UTC+02:00"}


def test_hour_term_past_the_calendar_is_an_error(conv, cal):
    # 2075-12-30 10:00 + 72 h = 2076-01-02, outside the calendar's range.
    with pytest.raises(CalendarError) as exc:
        compute(dt.datetime(2075, 12, 30, 10, 0, tzinfo=KYIV), Term(hours=72), conv["hours_elapsed"], cal)
    assert exc.value.problems[0].field == "due"


def test_anchor_outside_the_calendar_is_an_error(conv, cal):
    with pytest.raises(CalendarError) as exc:
        compute(D(1991, 6, 1), Term(days=1), conv["kas_120"], cal)
    assert exc.value.problems[0].field == "anchor"
    # A due date past the range: 2075-12-01 + 60 days = 2076-01-30.
    with pytest.raises(CalendarError) as exc:
        compute(D(2075, 12, 1), Term(days=60), conv["kas_120"], cal)
    assert exc.value.problems[0].field == "due"


def test_day_term_from_a_moment_counts_from_its_date(conv, cal):
    # The event's time does not matter for a day term: 10 days from 13 June 2025 (any hour) -> Mon 23 June.
    r = compute(dt.datetime(2025, 6, 13, 18, 30, tzinfo=KYIV), Term(days=10), conv["kas_120"], cal)
    assert (r.start, r.due) == (D(2025, 6, 14), D(2025, 6, 23))


def test_zero_term_is_the_day_itself(conv, cal):
    # A zero term ends on the event's day; a Saturday moves to Monday under KAS 120 p6.
    r = compute(D(2025, 6, 14), Term(), conv["kas_120"], cal)
    assert (r.start, r.raw_end, r.due) == (D(2025, 6, 14), D(2025, 6, 14), D(2025, 6, 16))
    assert _codes(r)[0] == "same_day" and _step(r, "same_day").params == {"date": "2025-06-14"}


def test_forward_day_steps(conv, cal):
    # KAS 120: 30 days from 4 April 2025: counting starts 5 April; raw end Sun 4 May -> Mon 5 May.
    r = compute(D(2025, 4, 4), Term(days=30), conv["kas_120"], cal)
    assert _codes(r) == ["start_next_day", "add_days", "rollover_forward", "due"]
    assert _step(r, "start_next_day").params == {"anchor": "2025-04-04", "start": "2025-04-05"}
    assert _step(r, "add_days").params == {"n": 30, "date": "2025-05-04"}
    roll = _step(r, "rollover_forward")
    assert roll.params == {"date": "2025-05-04", "to": "2025-05-05",
                           "reasons": [{"code": "weekend", "name": {"uk": "", "en": ""}}]}
    assert roll.basis[:len(conv["kas_120"].basis)] == conv["kas_120"].basis
    assert roll.basis[-1].article == "67"  # the weekend's provision is cited with the move
    assert _step(r, "due").params == {"date": "2025-05-05"}
    assert r.due_at == end_of_day(D(2025, 5, 5))


def test_end_of_day_is_the_last_second_in_kyiv():
    assert end_of_day(D(2025, 1, 15)).isoformat() == "2025-01-15T23:59:59+02:00"
    assert end_of_day(D(2025, 7, 15)).isoformat() == "2025-07-15T23:59:59+03:00"


def test_backward_day_steps(conv, cal):
    # KAS 289 p12: 5 days before Thu 11 Dec 2025 -> Sat 6 Dec -> Fri 5 Dec (never later).
    r = compute(D(2025, 12, 11), Term(days=5), conv["backward_kas_120"], cal)
    assert _codes(r) == ["count_back_from", "subtract_days", "rollover_backward", "due"]
    assert _step(r, "count_back_from").params == {"anchor": "2025-12-11", "start": "2025-12-10"}
    assert r.start == D(2025, 12, 10)
    assert _step(r, "subtract_days").params == {"n": 5, "date": "2025-12-06"}
    assert _step(r, "rollover_backward").params == {"date": "2025-12-06", "to": "2025-12-05",
                                                    "reasons": [{"code": "weekend", "name": {"uk": "", "en": ""}}]}
    assert _step(r, "rollover_backward").basis[-1].article == "67"


def test_backward_working_days_and_months(conv, cal):
    back = conv["backward_kas_120"]
    # 15 working days before Fri 27 June 2025 under martial law: 26..23 (4), 20..16 (9), 13..9 (14), 6 June (15).
    r = compute(D(2025, 6, 27), Term(working_days=15), back, cal)
    assert r.due == D(2025, 6, 6) and _step(r, "subtract_working_days").params == {"n": 15, "date": "2025-06-06"}
    # One month before 31 March 2025 -> "31 February" -> 28 February (Fri), a clamp.
    r = compute(D(2025, 3, 31), Term(months=1), back, cal)
    assert r.due == D(2025, 2, 28)
    assert "subtract_months" in _codes(r) and _step(r, "month_end_clamp").params == {"day": 31, "date": "2025-02-28"}


def test_forward_working_day_steps(conv, cal):
    r = compute(D(2025, 6, 6), Term(working_days=15), conv["working_days"], cal)
    assert _step(r, "add_working_days").params == {"n": 15, "date": "2025-06-27"}
    assert r.start == D(2025, 6, 7)


def test_law_2073_limit_is_inclusive_and_reported(conv, cal):
    # 2073-IX art 33: up to ten days count working days; eleven days count calendar days.
    r = compute(D(2025, 6, 13), Term(days=5), conv["lap_33"], cal)
    assert _step(r, "short_term_working_days").params == {"n": 5, "limit": 10}
    assert _step(r, "add_working_days").params == {"n": 5, "date": "2025-06-20"}
    # 13 June + 11 calendar days = Tue 24 June.
    r = compute(D(2025, 6, 13), Term(days=11), conv["lap_33"], cal)
    assert r.due == D(2025, 6, 24) and "short_term_working_days" not in _codes(r)


def test_month_steps(conv, cal):
    r = compute(D(2025, 6, 11), Term(months=6), conv["kas_120"], cal)
    assert _step(r, "add_months").params == {"term": {"uk": "6 місяців", "en": "6 months"}, "date": "2025-12-11"}
    assert "month_end_clamp" not in _codes(r) and r.ambiguities == ()


def test_add_months_clamped():
    assert add_months_clamped(D(2025, 1, 31), 1) == (D(2025, 2, 28), True)
    assert add_months_clamped(D(2025, 1, 15), 1) == (D(2025, 2, 15), False)
    assert add_months_clamped(D(2025, 1, 31), 1, "first_of_next_month") == (D(2025, 3, 1), True)
    assert add_months_clamped(D(2025, 1, 15), 1, "first_of_next_month") == (D(2025, 2, 15), False)
    assert add_months_clamped(D(2025, 3, 31), -1) == (D(2025, 2, 28), True)


def test_first_of_next_month_convention(cal):
    c = Convention("next1", {"en": "x"}, rollover="none", month_end="first_of_next_month", month_end_settled=False)
    # 31 January 2025 + 1 month: February lacks the 31st -> 1 March; the clamp (28 Feb) is the other reading.
    r = compute(D(2025, 1, 31), Term(months=1), c, cal)
    assert r.due == D(2025, 3, 1)
    assert _step(r, "month_end_next_month").params == {"day": 31, "date": "2025-03-01"}
    assert "month_end_clamp" not in _codes(r)
    assert [(a.code, a.alternative_due, a.params) for a in r.ambiguities] == [
        ("month_end_unsettled", D(2025, 2, 28), {"day": 31, "date": "2025-03-01", "other": "2025-02-28"})]


def test_feb29_anchor_readings(conv, cal):
    # A year from 29 Feb 2024, kas_120 (settled clamp): 28 Feb 2025, with 1 March reported.
    r = compute(D(2024, 2, 29), Term(years=1), conv["kas_120"], cal)
    assert [(a.code, a.alternative_due, a.params) for a in r.ambiguities] == [
        ("feb29_anchor", D(2025, 3, 1), {"date": "2025-02-28", "other": "2025-03-01"})]
    # Under a settled "first of next month" rule the raw end is 1 March and 28 February is the other reading.
    c = Convention("next1", {"en": "x"}, rollover="none", month_end="first_of_next_month", month_end_settled=True)
    r = compute(D(2024, 2, 29), Term(years=1), c, cal)
    assert r.due == D(2025, 3, 1)
    assert [(a.code, a.alternative_due) for a in r.ambiguities] == [("feb29_anchor", D(2025, 2, 28))]
    # Substantive (clamp not settled): only month_end_unsettled, not a second feb29 report.
    r = compute(D(2024, 2, 29), Term(years=1), conv["substantive"], cal)
    assert [(a.code, a.alternative_due, a.params) for a in r.ambiguities] == [
        ("month_end_unsettled", D(2025, 3, 1), {"day": 29, "date": "2025-02-28", "other": "2025-03-01"})]
    # 31 January is not 29 February: no feb29 report, even though the month is February.
    r = compute(D(2024, 1, 31), Term(months=13), conv["kas_120"], cal)
    assert r.due == D(2025, 2, 28) and r.ambiguities == ()
    # 29 March + 11 months -> 29 February of a leap year: no clamp at all.
    r = compute(D(2023, 3, 29), Term(months=11), conv["kas_120"], cal)
    assert r.due == D(2024, 2, 29) and r.ambiguities == () and "month_end_clamp" not in _codes(r)


def test_no_rollover_step(conv, cal):
    # Substantive: 13 June 2025 + 6 months = Sat 13 Dec 2025, not moved.
    r = compute(D(2025, 6, 13), Term(months=6), conv["substantive"], cal)
    s = _step(r, "no_rollover")
    assert s.params == {"date": "2025-12-13", "reasons": [{"code": "weekend", "name": {"uk": "", "en": ""}}]}
    assert s.basis == conv["substantive"].basis
    assert _codes(r)[-1] == "due"


def test_martial_law_holiday_step(conv, cal):
    # 22 Dec 2025 + 10 days = 1 Jan 2026, a working day under martial law: the step says why it did not move.
    r = compute(D(2025, 12, 22), Term(days=10), conv["kas_120"], cal)
    s = _step(r, "martial_law_holiday_working")
    assert s.params["date"] == "2026-01-01"
    assert [x["code"] for x in s.params["reasons"]] == ["martial_law_holiday"]
    assert s.params["reasons"][0]["name"]["en"] == "New Year's Day"
    assert [(b.act, b.article, b.part) for b in s.basis] == [("2136-IX", "6", "6")]
    # A limit that never moves (substantive) does not need that explanation: 1 Dec 2025 + 1 month = 1 Jan 2026.
    r = compute(D(2025, 12, 1), Term(months=1), conv["substantive"], cal)
    assert r.due == D(2026, 1, 1) and "martial_law_holiday_working" not in _codes(r)


def test_unknown_martial_law_with_no_effect_is_a_step(conv, cal):
    # 1 June 2026 + 10 days = Thu 11 June 2026: a working day under either assumption.
    r = compute(D(2026, 6, 1), Term(days=10), conv["kas_120"], cal)
    assert r.due == D(2026, 6, 11) and r.ambiguities == ()
    assert _step(r, "martial_law_unknown_no_effect").params == {
        "known_until": "2026-05-04", "assumed": "continues", "other_mode": "ended", "other": "2026-06-11"}
    ended = cal.with_assumption("ended")
    r = compute(D(2026, 6, 1), Term(days=10), conv["kas_120"], ended)
    assert _step(r, "martial_law_unknown_no_effect").params["other_mode"] == "continues"
    assert _step(r, "martial_law_unknown_no_effect").params["assumed"] == "ended"


def test_unknown_martial_law_is_checked_on_the_due_date_not_the_anchor(conv, cal):
    # 30 April 2026 (known period) + 116 days = Mon 24 Aug 2026 (May 31 + June 30 + July 31 + 24 = 116):
    # Independence Day. A working day if martial law continues; if it ended, the day off moves the end to 25 Aug.
    r = compute(D(2026, 4, 30), Term(days=116), conv["kas_120"], cal)
    assert r.due == D(2026, 8, 24)
    (a,) = r.ambiguities
    assert (a.code, a.alternative_due) == ("martial_law_unknown", D(2026, 8, 25))
    assert a.params == {"known_until": "2026-05-04", "assumed": "continues", "other_mode": "ended", "other": "2026-08-25"}
    assert [(b.act, b.article) for b in a.basis] == [("2136-IX", "6")]
    # The other way round: martial law assumed ended -> 25 Aug, with 24 Aug reported.
    r = compute(D(2026, 4, 30), Term(days=116), conv["kas_120"], cal.with_assumption("ended"))
    assert r.due == D(2026, 8, 25) and [(a.code, a.alternative_due) for a in r.ambiguities] == [("martial_law_unknown", D(2026, 8, 24))]


def test_before_known_end_no_martial_law_check(conv, cal):
    # 1 April 2026 + 10 days = Sat 11 April -> Mon 13 April: all inside the known periods, nothing to report.
    r = compute(D(2026, 4, 1), Term(days=10), conv["kas_120"], cal)
    assert r.due == D(2026, 4, 13) and "martial_law_unknown_no_effect" not in _codes(r) and r.ambiguities == ()


def test_convention_alternative_is_reported_only_when_it_differs(conv, cal):
    k = conv["kupap_analogy"]
    # 30 days from 4 April 2025: Sun 4 May -> Mon 5 May; without a move (KAS art 270 reading) 4 May.
    r = compute(D(2025, 4, 4), Term(days=30), k, cal, conv)
    (a,) = r.ambiguities
    assert (a.code, a.alternative_due) == ("convention_alternative", D(2025, 5, 4))
    assert a.params["convention"] == "kupap_analogy" and a.params["other_convention"] == "calendar_no_rollover"
    assert a.params["other"] == "2025-05-04" and a.params["other_title"] == dict(conv["calendar_no_rollover"].title)
    assert a.basis == conv["calendar_no_rollover"].basis
    # Without the conventions table, nothing to compare with.
    assert compute(D(2025, 4, 4), Term(days=30), k, cal).ambiguities == ()
    # 10 days from Fri 13 June 2025 = Mon 23 June: both readings agree.
    assert compute(D(2025, 6, 13), Term(days=10), k, cal, conv).ambiguities == ()


def test_fixed_date_carries_its_basis():
    from procedure.citation import Basis

    b = (Basis("2747-IV", "120", "5"),)
    r = fixed_date(D(2025, 6, 19), "until", b)
    assert r.anchor == D(2025, 6, 19) and r.steps[0].basis == b and r.steps[1].basis == ()
    r = fixed_date(D(2025, 6, 19), "before", b)
    assert r.anchor == D(2025, 6, 19) and r.steps[0].basis == b and r.ambiguities[0].basis == b
    assert r.due_at.isoformat() == "2025-06-18T23:59:59+03:00"


def test_fixed_date_details():
    r = fixed_date(D(2025, 6, 19), "until")
    assert (r.start, r.raw_end, r.due, r.convention, r.term) == (D(2025, 6, 19), D(2025, 6, 19), D(2025, 6, 19), "fixed_date", Term())
    assert [(s.code, s.params) for s in r.steps] == [("fixed_until", {"date": "2025-06-19"}), ("due", {"date": "2025-06-19"})]
    assert r.due_at == end_of_day(D(2025, 6, 19)) and r.ambiguities == ()
    r = fixed_date(D(2025, 6, 19), "before")
    assert (r.start, r.raw_end, r.due) == (D(2025, 6, 18),) * 3
    assert [(s.code, s.params) for s in r.steps] == [("fixed_before", {"date": "2025-06-19", "due": "2025-06-18"}),
                                                      ("due", {"date": "2025-06-18"})]
    assert r.due_at == end_of_day(D(2025, 6, 18))
    (a,) = r.ambiguities
    assert (a.code, a.params, a.alternative_due) == ("before_date_inclusive", {"date": "2025-06-19", "due": "2025-06-18"}, D(2025, 6, 19))


def test_date_of_age_edges():
    with pytest.raises(ValueError, match="^age must be non-negative$"):
        date_of_age(D(1980, 1, 1), -1)
    # 44 on 29 Feb 2024, a leap year: the birthday exists, nothing to report.
    assert date_of_age(D(1980, 2, 29), 44) == (D(2024, 2, 29), ())
    assert date_of_age(D(1980, 1, 1), 0) == (D(1980, 1, 1), ())
    reached, (a,) = date_of_age(D(1980, 2, 29), 45)
    assert a.code == "feb29_birthday" and a.params == {"date": "2025-02-28", "other": "2025-03-01"}
    # Born on 28 February: no ambiguity in a common year.
    assert date_of_age(D(1980, 2, 28), 45) == (D(2025, 2, 28), ())


# --------------------------------------------------------------------------------------------------
# engine: conditions and statuses


from procedure.case import Case, Event, Person  # noqa: E402
from procedure.engine import _chain_order, _status_for, condition_holds  # noqa: E402
from procedure.ruleset import Condition  # noqa: E402


def _case():
    p = Person("p", birth_date=D(1980, 5, 1), citizenship=("RU", "BY"))
    e = Event("e", "court_decision", D(2025, 6, 13), person="p", attrs={"instance": "first", "tags": ("a", "b"),
                                                                       "served": D(2025, 6, 16)})
    r = Event("r", "appeal_filed", D(2025, 6, 18), refs=("e",), index=1)
    x = Event("x", "appeal_filed", D(2025, 6, 19), refs=("other",), index=2)
    return Case("c", (e, r, x), (p,)), e, r


def _holds(subject, field, op, value):
    case, e, _ = _case()
    return condition_holds(Condition(subject, field, op, value), e, case)


def test_condition_operators():
    assert _holds("attr", "instance", "eq", "first") and not _holds("attr", "instance", "eq", "appeal")
    assert _holds("attr", "instance", "ne", "appeal") and not _holds("attr", "instance", "ne", "first")
    assert _holds("attr", "instance", "in", ["first", "appeal"]) and not _holds("attr", "instance", "in", ["appeal"])
    assert _holds("attr", "instance", "not_in", ["appeal"]) and not _holds("attr", "instance", "not_in", ["first"])
    assert _holds("attr", "tags", "contains", "a") and not _holds("attr", "tags", "contains", "c")
    assert _holds("attr", "tags", "not_contains", "c") and not _holds("attr", "tags", "not_contains", "a")
    # Dates: "before" is strict, "on_or_after" includes the day itself.
    assert _holds("attr", "served", "before", D(2025, 6, 17)) and not _holds("attr", "served", "before", D(2025, 6, 16))
    assert _holds("attr", "served", "on_or_after", D(2025, 6, 16)) and not _holds("attr", "served", "on_or_after", D(2025, 6, 17))
    assert not _holds("attr", "instance", "before", D(2030, 1, 1))  # not a date
    assert not _holds("attr", "instance", "on_or_after", D(1990, 1, 1))
    with pytest.raises(ValueError):
        _holds("attr", "instance", "matches", "f.*")


def test_condition_on_a_missing_value():
    # A missing attribute is "not equal", "not in", "does not contain"; every positive test fails.
    assert _holds("attr", "nope", "ne", "x") and _holds("attr", "nope", "not_in", ["x"]) and _holds("attr", "nope", "not_contains", "x")
    for op, v in (("eq", "x"), ("in", ["x"]), ("contains", "x"), ("before", D(2030, 1, 1)), ("on_or_after", D(1990, 1, 1))):
        assert not _holds("attr", "nope", op, v)
    assert _holds("attr", "instance", "exists", True) and not _holds("attr", "instance", "exists", False)
    assert _holds("attr", "nope", "exists", False) and not _holds("attr", "nope", "exists", True)


def test_condition_on_person_and_references():
    assert _holds("person", "citizenship", "contains", "BY")
    assert _holds("person", "birth_date", "before", D(1990, 1, 1))
    assert _holds("person", "nothing_like_this", "exists", False)
    case, e, r = _case()
    # Event x (appeal_filed) refers to another event: only r refers to e.
    assert condition_holds(Condition("referenced_by", "appeal_filed", "exists", True), e, case)
    assert condition_holds(Condition("referenced_by", "appeal_filed", "contains", "r"), e, case)
    assert not condition_holds(Condition("referenced_by", "appeal_filed", "contains", "x"), e, case)
    # No event refers to r: the empty tuple does not "exist".
    assert condition_holds(Condition("referenced_by", "appeal_filed", "exists", False), r, case)
    # r has no person: a person condition sees nothing.
    assert not condition_holds(Condition("person", "citizenship", "contains", "RU"), r, case)
    assert condition_holds(Condition("person", "citizenship", "exists", False), r, case)


@pytest.mark.parametrize("kind,due,closed,as_of,warn,want", [
    ("act_by", D(2025, 6, 23), D(2025, 6, 23), D(2025, 6, 30), 3, "met"),        # acted on the last day
    ("act_by", D(2025, 6, 23), D(2025, 6, 24), D(2025, 6, 30), 3, "met_late"),
    ("limit", D(2025, 6, 23), D(2025, 6, 24), D(2025, 6, 30), 3, "exceeded"),
    ("limit", D(2025, 6, 23), D(2025, 6, 23), D(2025, 6, 30), 3, "met"),
    ("act_by", D(2025, 6, 23), D(2025, 6, 24), D(2025, 6, 22), 3, "due_soon"),   # closed after as_of: not yet known
    ("act_by", D(2025, 6, 23), D(2025, 6, 22), D(2025, 6, 22), 3, "met"),        # closed on as_of counts
    ("act_by", D(2025, 6, 23), None, D(2025, 6, 23), 3, "due_soon"),             # last day today
    ("act_by", D(2025, 6, 23), None, D(2025, 6, 23), 0, "due_soon"),
    ("act_by", D(2025, 6, 23), None, D(2025, 6, 24), 3, "overdue"),
    ("limit", D(2025, 6, 23), None, D(2025, 6, 24), 3, "exceeded"),
    ("act_by", D(2025, 6, 23), None, D(2025, 6, 20), 3, "due_soon"),             # 3 days left, warning 3
    ("act_by", D(2025, 6, 23), None, D(2025, 6, 19), 3, "open"),                 # 4 days left
    ("limit", D(2025, 6, 23), None, D(2025, 6, 19), 3, "open"),
])
def test_status_for(kind, due, closed, as_of, warn, want):
    assert _status_for(kind, due, closed, as_of, warn) == want


def test_chains_run_after_their_base(rules):
    order = [r.id for r in _chain_order(rules.rules)]
    assert sorted(order) == sorted(r.id for r in rules.rules)
    pos = {rid: i for i, rid in enumerate(order)}
    chained = [r for r in rules.rules if r.anchor.source == "deadline"]
    assert chained
    for r in chained:
        assert pos[r.anchor.rule] < pos[r.id], r.id
    # Rules at the same depth are in id order.
    roots = [rid for rid in order if rules.index_cached()[rid].anchor.source != "deadline"]
    assert roots == sorted(roots)


# --------------------------------------------------------------------------------------------------
# engine: one deadline judged on different days (KAS art 289 part 16: ten days from the proclamation)


def _appeal_case(as_of, *extra):
    # Decision proclaimed Fri 13 June 2025: 10 days (KAS 120 p1) -> Mon 23 June; warning 3 days (rule data).
    events = [{"id": "d", "type": "court_decision", "date": "2025-06-13", "proceeding": "kas_289", "instance": "first"}]
    events += list(extra)
    return procedure.check({"case_id": "t", "events": events}, as_of=as_of)


def _alerts_for(report, did):
    return [(a.level, a.code) for a in report.alerts if a.deadline == did]


A = "kas.289.appeal@d"


def test_last_day_today_is_critical():
    r = _appeal_case("2025-06-23")
    d = r.deadline(A)
    assert (d.due, d.status, d.days_left) == (D(2025, 6, 23), "due_soon", 0)
    assert (d.kind, d.party) == ("act_by", "any")
    (v,) = [x for x in d.steps if x.code == "version"]
    assert v.params == {"from": "2017-12-15", "to": ""} and v.basis == d.rule.basis
    assert _alerts_for(r, A) == [("critical", "alert.due_today")]
    (a,) = [a for a in r.alerts if a.deadline == A]
    assert a.params["due"] == "2025-06-23" and a.params["days"] == 0 and a.params["closed"] == ""
    assert a.params["title"]["en"] == d.rule.title.to_dict()["en"]


def test_due_soon_open_and_overdue_alerts():
    r = _appeal_case("2025-06-20")
    assert r.deadline(A).status == "due_soon" and r.deadline(A).days_left == 3
    assert _alerts_for(r, A) == [("warning", "alert.due_soon")]
    r = _appeal_case("2025-06-19")
    assert r.deadline(A).status == "open" and _alerts_for(r, A) == []
    r = _appeal_case("2025-06-24")
    assert r.deadline(A).status == "overdue" and r.deadline(A).days_left == -1
    assert _alerts_for(r, A) == [("critical", "alert.overdue")]  # the rule's overdue level: default critical


def test_closing_event_must_refer_to_the_trigger_and_earliest_wins():
    late = {"id": "a2", "type": "appeal_filed", "date": "2025-06-24", "refs": ["d"]}
    early = {"id": "a1", "type": "appeal_filed", "date": "2025-06-20", "refs": ["d"]}
    stray = {"id": "s", "type": "appeal_filed", "date": "2025-06-16", "refs": []}
    r = _appeal_case("2025-06-30", late, early, stray)
    d = r.deadline(A)
    assert (d.status, d.closed_by, d.closed_on) == ("met", "a1", D(2025, 6, 20))
    assert [s.params for s in d.steps if s.code == "closed_by"] == [{"event": "a1", "date": "2025-06-20"}]
    r = _appeal_case("2025-06-30", late)
    d = r.deadline(A)
    assert (d.status, d.closed_by) == ("met_late", "a2")
    (a,) = [a for a in r.alerts if a.deadline == A]
    assert (a.level, a.code, a.params["closed"]) == ("warning", "alert.met_late", "2025-06-24")
    r = _appeal_case("2025-06-30", stray)
    assert r.deadline(A).status == "overdue" and r.deadline(A).closed_by is None


def test_appeal_filed_after_as_of_is_not_known_yet_and_is_flagged():
    r = _appeal_case("2025-06-22", {"id": "a", "type": "appeal_filed", "date": "2025-06-24", "refs": ["d"]})
    assert r.deadline(A).status == "due_soon"  # 1 day left; the appeal is in the future of as_of
    flagged = [a for a in r.alerts if a.code == "alert.event_after_as_of"]
    assert [(a.level, a.deadline, a.params) for a in flagged] == [
        ("warning", None, {"event": "a", "date": "2025-06-24", "as_of": "2025-06-22"})]


def test_reference_to_a_later_event_is_a_timeline_alert():
    r = _appeal_case("2025-06-30", {"id": "a", "type": "appeal_filed", "date": "2025-06-10", "refs": ["d"]})
    tl = [a for a in r.alerts if a.code == "alert.timeline"]
    assert [(a.level, a.params) for a in tl] == [
        ("warning", {"event": "a", "date": "2025-06-10", "ref": "d", "ref_date": "2025-06-13"})]
    # An appeal dated before the decision cannot close its term.
    assert r.deadline(A).status == "overdue"


def test_report_order(rules):
    r = _appeal_case("2025-06-24")
    dues = [(d.due or D.max, d.rule.id) for d in r.deadlines]
    assert dues == sorted(dues)
    rank = {"critical": 0, "warning": 1, "info": 2}
    levels = [rank[a.level] for a in r.alerts]
    assert levels == sorted(levels)


# --------------------------------------------------------------------------------------------------
# engine: documents exchanged at an age (CMU 321/2018: a booklet permit is exchanged within a month of
# reaching 25 or 45; Civil Code arts 253-255 for the month)


EXCHANGE = "docs.prp_booklet.exchange"


def _doc_case(as_of, persons):
    # A case needs one event; a neutral one on as_of.
    events = [{"id": "n", "type": "violation_known", "date": as_of}]
    return procedure.check({"case_id": "docs", "events": events, "persons": persons}, as_of=as_of)


def _booklet(doc_id="prp", issued="2018-04-10", form="booklet_2012"):
    d = {"id": doc_id, "type": "permanent_residence_permit", "form": form}
    if issued:
        d["issued"] = issued
    return d


def test_document_rule_skips_other_documents_and_persons_without_a_birth_date():
    persons = [
        {"id": "nobirth", "documents": [_booklet("x")]},
        # a Russian citizen: no CMU 1202 grace reading (documents.yaml), so the status is not ambiguous
        {"id": "b", "birth_date": "1979-09-03", "citizenship": ["RU"], "documents": [
            {"id": "pass", "type": "passport"},
            _booklet("card", form="card"),
            _booklet("prp"),
        ]},
    ]
    r = _doc_case("2025-06-20", persons)
    ids = sorted(d.id for d in r.deadlines if d.rule.id == EXCHANGE)
    # 45th birthday 2024-09-03 (issued 2018, before it); the 25th (2004) precedes the issue: nothing to exchange.
    assert ids == [f"{EXCHANGE}@prp.45"]
    d = r.deadline(f"{EXCHANGE}@prp.45")
    # 2024-09-03 + 1 month = Thu 2024-10-03.
    assert (d.due, d.status) == (D(2024, 10, 3), "overdue")
    assert (d.trigger.event, d.trigger.type, d.trigger.date, d.trigger.person, d.trigger.document) == (
        None, "birthday", D(2024, 9, 3), "b", "prp")
    assert d.steps[0].code == "anchor_birthday"
    assert d.steps[0].params == {"birth": "1979-09-03", "age": 45, "date": "2024-09-03"}


def test_document_issued_on_the_birthday_needs_no_exchange():
    r = _doc_case("2025-06-20", [{"id": "b", "birth_date": "1979-09-03", "documents": [_booklet(issued="2024-09-03")]}])
    assert [d.id for d in r.deadlines if d.rule.id == EXCHANGE] == []
    r = _doc_case("2025-06-20", [{"id": "b", "birth_date": "1979-09-03", "documents": [_booklet(issued="2024-09-02")]}])
    assert [d.id for d in r.deadlines if d.rule.id == EXCHANGE] == [f"{EXCHANGE}@prp.45"]


def test_document_without_issue_date_looks_back_thirty_years():
    # Born 1991-08-01: 25 on 2016-08-01 (version from 2016-07-29 in force). Without an issue date an age
    # reached more than 365 * 30 = 10950 days before as_of is ignored. 2016-08-01 + 10950 days = 2046-07-25
    # (30 years = 2046-08-01, less the 7 leap days 2020, 2024, ..., 2044).
    assert D(2016, 8, 1) + dt.timedelta(days=10950) == D(2046, 7, 25)
    persons = [{"id": "b", "birth_date": "1991-08-01", "documents": [_booklet(issued=None)]}]
    r = _doc_case("2046-07-25", persons)
    assert f"{EXCHANGE}@prp.25" in [d.id for d in r.deadlines]
    r = _doc_case("2046-07-26", persons)
    assert f"{EXCHANGE}@prp.25" not in [d.id for d in r.deadlines]
    # The 45th birthday (2036-08-01) is well inside the window either way.
    assert f"{EXCHANGE}@prp.45" in [d.id for d in r.deadlines]


def test_february_29_birthday_other_reading_is_computed_from_1_march():
    # Born 1980-02-29: 45 on 2025-02-28 (common year; 1 March the other reading). One month (CC 254 p3):
    # 2025-02-28 -> Fri 2025-03-28. From 1 March: 2025-04-01 (Tue).
    # (a Russian citizen: no CMU 1202 grace reading)
    r = _doc_case("2025-03-10", [{"id": "b", "birth_date": "1980-02-29", "citizenship": ["RU"],
                                  "documents": [_booklet(issued="2000-01-01")]}])
    d = r.deadline(f"{EXCHANGE}@prp.45")
    assert d.due == D(2025, 3, 28)
    (feb,) = [a for a in d.ambiguities if a.code == "feb29_birthday"]
    assert feb.alternative_due == D(2025, 4, 1)
    assert feb.params == {"date": "2025-02-28", "other": "2025-03-01", "other_due": "2025-04-01"}
    # The rule's own other reading: 30 days from 2025-02-28 = Sun 2025-03-30 -> Mon 2025-03-31.
    (m30,) = [a for a in d.ambiguities if a.code == "month_or_30_days"]
    assert m30.alternative_due == D(2025, 3, 31)
    assert sorted(x.due for x in d.readings) == [D(2025, 3, 28), D(2025, 3, 31), D(2025, 4, 1)]
    assert d.readings[0].code == "primary"


# --------------------------------------------------------------------------------------------------
# engine: detention terms (KAS art 289 part 11: up to 6 months, extended by up to 6 months each time,
# 18 months at most; substantive convention: the end never moves)


DT = "kas.289.detention_term@dec"
XC = "kas.289.extension_claim@dec"


def _detention(as_of="2025-07-01", exts=(), **attrs_):
    dec = {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
           "instance": "first", "subject": "detention", "outcome": "granted", **attrs_}
    events = [dec] + [{"id": f"ext{i}", "type": "detention_extended", "date": d, "person": "f", "refs": ["dec"], "months": m}
                      for i, (d, m) in enumerate(exts, 1)]
    return procedure.check({"case_id": "det", "persons": [{"id": "f"}], "events": events}, as_of=as_of)


def _steps(d, code):
    return [s.params for s in d.steps if s.code == code]


def test_detention_months_from_the_decision_are_capped_at_six():
    # 8 months asked, 6 allowed: 2025-06-13 + 6 m = Sat 2025-12-13, not moved.
    d = _detention(months=8).deadline(DT)
    assert d.due == D(2025, 12, 13)
    # The per-order maximum is its own step: "capped" is kept for the 18-month cap (extension claims stop there).
    assert _steps(d, "term_limited") == [{"value": 8, "term": {"uk": "6 місяців", "en": "6 months"}}]
    assert _steps(d, "capped") == []
    assert _steps(d, "term_from_field") == [{"field": "months", "value": 6}]
    # Exactly 6: no limiting step.
    d = _detention(months=6).deadline(DT)
    assert d.due == D(2025, 12, 13) and _steps(d, "term_limited") == []
    # 3 months: 2025-09-13 (Sat), not moved.
    d = _detention(months=3).deadline(DT)
    assert d.due == D(2025, 9, 13) and _steps(d, "term_from_field") == [{"field": "months", "value": 3}]
    # No months given: the rule's default, 6.
    d = _detention().deadline(DT)
    assert d.due == D(2025, 12, 13) and _steps(d, "term_from_field") == [{"field": "months", "value": 6}]


def test_detention_term_runs_from_the_term_start_field():
    # term_start 2025-06-11 (the day of detention): + 6 m = Thu 2025-12-11.
    d = _detention(months=6, term_start="2025-06-11").deadline(DT)
    assert d.due == D(2025, 12, 11)
    assert _steps(d, "anchor_field") == [{"field": "term_start", "date": "2025-06-11"}]
    assert _steps(d, "anchor") == []


def test_detention_extensions_add_to_the_first_start_and_stop_at_the_cap():
    # One extension of 8 months, 6 at most each time: 6 + 6 = 12 months -> 2026-06-13 (Sat), not moved.
    r = _detention(as_of="2025-12-10", exts=[("2025-12-08", 8)], months=6)
    d = r.deadline(DT)
    assert d.due == D(2026, 6, 13)
    assert _steps(d, "extended") == [{"event": "ext1", "date": "2025-12-08", "term": {"uk": "6 місяців", "en": "6 months"},
                                      "total": {"uk": "12 місяців", "en": "12 months"}}]
    assert XC in [x.id for x in r.deadlines]  # another extension can still be asked for
    # Two extensions: 6 + 6 + 6 = 18 months, exactly the cap -> 2026-12-13 (Sun), not moved; nothing more to ask.
    r = _detention(as_of="2026-06-10", exts=[("2025-12-08", 6), ("2026-06-05", 6)], months=6)
    d = r.deadline(DT)
    assert d.due == D(2026, 12, 13)
    assert _steps(d, "cap_reached") == [{"term": {"uk": "18 місяців", "en": "18 months"}}] and _steps(d, "capped") == []
    assert XC not in [x.id for x in r.deadlines]
    # Three: 24 months asked, 18 allowed.
    r = _detention(as_of="2026-12-10", exts=[("2025-12-08", 6), ("2026-06-05", 6), ("2026-12-04", 6)], months=6)
    d = r.deadline(DT)
    assert d.due == D(2026, 12, 13) and len(_steps(d, "capped")) == 1 and _steps(d, "cap_reached") == []
    assert XC not in [x.id for x in r.deadlines]


# --------------------------------------------------------------------------------------------------
# engine: suspension (KAS art 120 part 10) on the court's ten days of KAS art 288


def _decide(*extra, as_of="2025-03-10"):
    events = [{"id": "c", "type": "claim_filed", "date": "2025-03-03", "proceeding": "kas_288"}] + list(extra)
    return procedure.check({"case_id": "s", "events": events}, as_of=as_of).deadline("kas.288.decide@c")


def _stop(date, id_="s"):
    return {"id": id_, "type": "proceedings_suspended", "date": date}


def _resume(date, id_="r"):
    return {"id": id_, "type": "proceedings_resumed", "date": date}


def test_suspension_without_resumption_is_reported_and_does_not_move_the_end():
    # 2025-03-03 + 10 d = Thu 03-13; suspended 03-07, not resumed: the step says so; no shift is computed.
    d = _decide(_stop("2025-03-07"))
    assert d.due == D(2025, 3, 13)
    assert _steps(d, "suspended_open") == [{"from": "2025-03-07"}]
    assert [s.basis for s in d.steps if s.code == "suspended_open"] == [d.rule.basis]
    codes = [s.code for s in d.steps]
    assert codes.index("suspended_open") < codes.index("due")


def test_suspension_window_is_from_the_trigger_to_the_end():
    # Suspended on the trigger day itself (03-03), resumed 03-05: 2 days -> 03-15 (Sat) -> Mon 03-17.
    d = _decide(_stop("2025-03-03"), _resume("2025-03-05"))
    assert d.due == D(2025, 3, 17) and d.due_at == end_of_day(D(2025, 3, 17))
    assert _steps(d, "suspended") == [{"from": "2025-03-03", "to": "2025-03-05", "days": 2}]
    # The other counting (one day less: 03-14, Fri) is reported; one day more (03-16, Sun -> 03-17) is the same date.
    assert [(a.code, a.alternative_due) for a in d.ambiguities if a.code == "suspension_counting"] == [
        ("suspension_counting", D(2025, 3, 14))]
    # Suspended on the last day (03-13), resumed 03-14: 1 day -> Fri 03-14.
    d = _decide(_stop("2025-03-13"), _resume("2025-03-14"))
    assert d.due == D(2025, 3, 14)
    # Suspended after the last day, or before the trigger: nothing happens.
    assert _decide(_stop("2025-03-14"), _resume("2025-03-20")).due == D(2025, 3, 13)
    d = _decide(_stop("2025-03-02"), _resume("2025-03-20"))
    assert d.due == D(2025, 3, 13) and _steps(d, "suspended") == []


def test_resumption_must_follow_the_suspension():
    # A resumption dated before the suspension does not end it: the suspension stays open.
    d = _decide(_resume("2025-03-05"), _stop("2025-03-07"))
    assert d.due == D(2025, 3, 13) and _steps(d, "suspended_open") == [{"from": "2025-03-07"}]


# --------------------------------------------------------------------------------------------------
# engine: a term whose trigger has not happened (pending_on)


def test_pending_term_is_not_started():
    # Refugee application refused orally, no written notice: the complaint term (Law 3671-VI art 12) has no start.
    r = procedure.check({"case_id": "p", "persons": [{"id": "b"}], "events": [
        {"id": "oral", "type": "refugee_application_refused_orally", "date": "2025-06-05", "person": "b"}]}, as_of="2025-06-20")
    d = r.deadline("refugees.12.complaint@oral")
    assert (d.status, d.due, d.due_at, d.start, d.days_left, d.closed_by) == ("not_started", None, None, None, None, None)
    assert (d.trigger.event, d.trigger.type, d.trigger.date, d.trigger.person) == ("oral", "refugee_application_refused_orally", D(2025, 6, 5), "b")
    assert [(s.code, s.params) for s in d.steps] == [
        ("trigger_missing", {"events": "refugee_refusal_notice_received", "event": "oral", "date": "2025-06-05"})]
    assert d.version is not None
    assert [(a.level, a.code) for a in r.alerts if a.deadline == d.id] == [("warning", "alert.not_started")]
    # Once the notice is received, the term runs and nothing is pending.
    r = procedure.check({"case_id": "p", "persons": [{"id": "b"}], "events": [
        {"id": "oral", "type": "refugee_application_refused_orally", "date": "2025-06-05", "person": "b"},
        {"id": "n", "type": "refugee_refusal_notice_received", "date": "2025-06-10", "person": "b", "stage": "acceptance"}]},
        as_of="2025-06-20")
    assert "refugees.12.complaint@oral" not in [x.id for x in r.deadlines]
    # 5 working days from Tue 2025-06-10: 11, 12, 13, 16, 17 June -> 2025-06-17; nothing filed -> overdue.
    d = r.deadline("refugees.12.complaint@n")
    assert (d.due, d.status) == (D(2025, 6, 17), "overdue")


# --------------------------------------------------------------------------------------------------
# engine: hour limits compare moments (Constitution art 29: 72 hours from the moment of detention)


H72 = "const.29.detention_72h@d"


def _detained(release=None, release_time=None, detained_time="10:00", as_of="2025-06-20", other_person=False):
    det = {"id": "d", "type": "detained", "date": "2025-06-11", "person": "a", "by": "police", "ground": "other"}
    if detained_time:
        det["time"] = detained_time
    events = [det]
    if release:
        rel = {"id": "rel", "type": "released", "date": release, "person": "z" if other_person else "a"}
        if release_time:
            rel["time"] = release_time
        events.append(rel)
    return procedure.check({"case_id": "h", "persons": [{"id": "a"}, {"id": "z"}], "events": events}, as_of=as_of).deadline(H72)


def test_hour_limit_compares_moments_when_both_are_known():
    # 2025-06-11 10:00 + 72 h = 2025-06-14 10:00 (+03:00).
    d = _detained("2025-06-14", "09:59")
    assert d.due_at.isoformat() == "2025-06-14T10:00:00+03:00" and d.status == "met"
    assert _detained("2025-06-14", "10:00").status == "met"
    assert _detained("2025-06-14", "10:01").status == "exceeded"      # same day, one minute late
    # No time of release on the last day (issue 12 point 3): the hour decides, so both readings are
    # reported, the cautious one (released at the end of the day: exceeded) first.
    d = _detained("2025-06-14")
    assert d.status == "ambiguous" and [(r.code, r.status) for r in d.readings] == [("primary", "exceeded"), ("closing_time_unknown", "met")]
    assert _detained("2025-06-13").status == "met"  # the day before the last: in time at any hour
    assert _detained("2025-06-15").status == "exceeded"
    # Released later than as_of: not known yet on as_of (2025-06-12), still running.
    assert _detained("2025-06-14", "10:01", as_of="2025-06-12").status in ("open", "due_soon")
    # Another person's release does not end this detention.
    assert _detained("2025-06-14", "09:00", other_person=True).status == "exceeded"


def test_hour_limit_without_a_time_assumes_midnight():
    d = _detained(detained_time=None)
    assert d.due_at.isoformat() == "2025-06-14T00:00:00+03:00"
    assert [(a.code, a.params) for a in d.ambiguities if a.code == "time_unknown"] == [("time_unknown", {"date": "2025-06-11"})]
    assert "time_unknown" not in [a.code for a in _detained().ambiguities]


# --------------------------------------------------------------------------------------------------
# engine: two readings of "leave before 19 June" (Law 3773-VI art 26; docs/time.md: the 18th is the last
# day, the 19th is reported) judged on different days, with the alerts they give


DEP = "foreigners.26.departure@rd"


def _departure(as_of):
    return procedure.check({"case_id": "dep", "persons": [{"id": "a"}], "events": [
        {"id": "rd", "type": "forced_return_decision", "date": "2025-06-11", "person": "a", "leave_before": "2025-06-19"}]},
        as_of=as_of)


def test_readings_that_differ_make_the_deadline_ambiguous():
    # On 15 June: the 18th is 3 days away (warning 3: due soon), the 19th 4 days (open).
    r = _departure("2025-06-15")
    d = r.deadline(DEP)
    assert d.status == "ambiguous"
    assert [x.basis for x in d.steps if x.code == "fixed_before"] == [d.rule.basis]
    assert [(x.code, x.due, x.status) for x in d.readings] == [
        ("primary", D(2025, 6, 18), "due_soon"), ("before_date_inclusive", D(2025, 6, 19), "open")]
    (a,) = [a for a in r.alerts if a.deadline == DEP]
    assert (a.level, a.code) == ("warning", "alert.ambiguous")
    assert a.params["dates"]["en"] == "2025-06-18: due soon, 2025-06-19: open"  # status words localised (issue 12)
    # On 19 June: the 18th has passed (overdue), the 19th is today: critical.
    r = _departure("2025-06-19")
    assert r.deadline(DEP).status == "ambiguous"
    assert _alerts_for(r, DEP) == [("critical", "alert.ambiguous")]


def test_readings_that_agree_keep_the_status():
    # On 18 June both readings are due soon: not ambiguous; the 18th is today -> critical "due today".
    r = _departure("2025-06-18")
    d = r.deadline(DEP)
    assert d.status == "due_soon" and d.days_left == 0
    assert [(x.code, x.status) for x in d.readings] == [("primary", "due_soon"), ("before_date_inclusive", "due_soon")]
    assert _alerts_for(r, DEP) == [("critical", "alert.due_today")]
    # On 20 June both have passed.
    assert _departure("2025-06-20").deadline(DEP).status == "overdue"


def test_assumption_alert_only_past_the_known_periods():
    # Decision on Mon 2026-06-01 + 10 d = Thu 2026-06-11: past 2026-05-04, under the assumption that martial law continues.
    events = [{"id": "d", "type": "court_decision", "date": "2026-06-01", "proceeding": "kas_289", "instance": "first"}]
    r = procedure.check({"case_id": "t", "events": events}, as_of="2026-06-02")
    assert r.deadline(A).due == D(2026, 6, 11)
    assert [(a.level, a.params) for a in r.alerts if a.code == "alert.assumption"] == [
        ("info", {"known_until": "2026-05-04", "assumed": "continues"})]
    r = _appeal_case("2025-06-20")
    assert [a for a in r.alerts if a.code == "alert.assumption"] == []


# --------------------------------------------------------------------------------------------------
# engine: what closes a term


def test_document_term_is_closed_by_an_application_for_that_document():
    # (a Russian citizen: no CMU 1202 grace reading, so the open term is plainly overdue)
    persons = [{"id": "b", "birth_date": "1979-09-03", "citizenship": ["RU"],
                "documents": [_booklet("prp"), _booklet("old", issued="2017-01-01")]}]
    events = [{"id": "n", "type": "violation_known", "date": "2025-06-20"},
              {"id": "app", "type": "document_application_filed", "date": "2024-09-20", "person": "b", "refs": ["prp"]}]
    r = procedure.check({"case_id": "docs", "events": events, "persons": persons}, as_of="2025-06-20")
    d = r.deadline(f"{EXCHANGE}@prp.45")
    assert (d.status, d.closed_by, d.closed_on) == ("met", "app", D(2024, 9, 20))  # filed before 2024-10-03
    # The application names "prp", not "old": the other booklet's term is still open (overdue).
    assert r.deadline(f"{EXCHANGE}@old.45").status == "overdue"


def test_release_before_the_last_extension_closed_an_earlier_period():
    # Extended on 2025-12-08 to 12 months (-> 2026-06-13). A release dated 2025-12-05 belongs to the period
    # before that extension and does not close the extended term; a release on 2026-01-10 does.
    rel = {"id": "rel", "type": "released", "date": "2025-12-05", "person": "f"}
    r = _detention(as_of="2026-01-15", exts=[("2025-12-08", 6)], months=6)
    assert r.deadline(DT).status == "open"
    events_case = procedure.check({"case_id": "det", "persons": [{"id": "f"}], "events": [
        {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
         "instance": "first", "subject": "detention", "outcome": "granted", "months": 6},
        {"id": "ext1", "type": "detention_extended", "date": "2025-12-08", "person": "f", "refs": ["dec"], "months": 6},
        rel]}, as_of="2026-01-15")
    d = events_case.deadline(DT)
    assert d.due == D(2026, 6, 13) and d.status == "open" and d.closed_by is None
    late = procedure.check({"case_id": "det", "persons": [{"id": "f"}], "events": [
        {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
         "instance": "first", "subject": "detention", "outcome": "granted", "months": 6},
        {"id": "ext1", "type": "detention_extended", "date": "2025-12-08", "person": "f", "refs": ["dec"], "months": 6},
        {**rel, "date": "2026-01-10"}]}, as_of="2026-01-15")
    assert (late.deadline(DT).status, late.deadline(DT).closed_by) == ("met", "rel")


def test_appellate_term_is_closed_only_by_an_appellate_decision():
    # KAS 289 p17: the appellate court decides within ten days after the appeal term (Mon 2025-06-23) ends:
    # 2025-06-23 + 10 d = Thu 2025-07-03. A first-instance decision referring to the case does not close it.
    base = [{"id": "d", "type": "court_decision", "date": "2025-06-13", "proceeding": "kas_289", "instance": "first"},
            {"id": "a", "type": "appeal_filed", "date": "2025-06-18", "refs": ["d"]}]
    r = procedure.check({"case_id": "t", "events": base + [
        {"id": "x", "type": "court_decision", "date": "2025-06-30", "proceeding": "kas_289", "instance": "first", "refs": ["d"]}]},
        as_of="2025-07-10")
    d = r.deadline("kas.289.appeal_decide@d")
    assert d.due == D(2025, 7, 3) and d.status == "overdue" and d.closed_by is None
    assert _alerts_for(r, d.id) == [("warning", "alert.overdue")]  # the rule sets overdue: warning
    r = procedure.check({"case_id": "t", "events": base + [
        {"id": "y", "type": "court_decision", "date": "2025-07-02", "proceeding": "kas_289", "instance": "appeal", "refs": ["d"]}]},
        as_of="2025-07-10")
    d = r.deadline("kas.289.appeal_decide@d")
    assert (d.status, d.closed_by) == ("met", "y")
    assert d.steps[0].code == "anchor_deadline" and d.steps[0].params["date"] == "2025-06-23"
    assert d.steps[0].basis == r.deadline(A).rule.basis


def test_two_suspensions_add_up_and_the_window_grows():
    # 03-13 raw end; stopped 03-07..03-12 (5 days) -> window to 03-18; stopped again 03-16..03-17 (1 day, inside
    # the grown window): 6 days -> Wed 03-19.
    d = _decide(_stop("2025-03-07"), _resume("2025-03-12"), _stop("2025-03-16", "s2"), _resume("2025-03-17", "r2"))
    assert d.due == D(2025, 3, 19)
    assert _steps(d, "suspended") == [{"from": "2025-03-07", "to": "2025-03-12", "days": 5},
                                      {"from": "2025-03-16", "to": "2025-03-17", "days": 1}]
    s = [s for s in d.steps if s.code == "suspended"][0]
    assert s.basis == d.rule.basis
    # A second stop after the grown window (03-19 > 03-18) changes nothing.
    d = _decide(_stop("2025-03-07"), _resume("2025-03-12"), _stop("2025-03-19", "s2"), _resume("2025-03-25", "r2"))
    assert d.due == D(2025, 3, 18)


def test_resumed_on_the_day_of_the_suspension():
    # Stopped and resumed on 03-07 (the resumption entered after the stop): no day lost, not an open suspension.
    d = _decide(_stop("2025-03-07"), _resume("2025-03-07"))
    assert d.due == D(2025, 3, 13)
    assert _steps(d, "suspended") == [{"from": "2025-03-07", "to": "2025-03-07", "days": 0}]
    assert _steps(d, "suspended_open") == []


def test_suspension_counting_readings_in_order():
    # 03-13 + 5 days stopped (03-07..03-12) = Tue 03-18; one day less Mon 03-17, one day more Wed 03-19 (KAS 120 p10).
    d = _decide(_stop("2025-03-07"), _resume("2025-03-12"))
    sc = [a for a in d.ambiguities if a.code == "suspension_counting"]
    assert [(a.alternative_due, a.params) for a in sc] == [(D(2025, 3, 17), {"other": "2025-03-17"}),
                                                          (D(2025, 3, 19), {"other": "2025-03-19"})]
    assert all(a.basis == d.rule.basis for a in sc)
    assert _steps(d, "due") == [{"date": "2025-03-18"}]


def test_suspension_shifts_the_other_convention_reading_too():
    # KUpAP art 303: 3 months from Sun 2025-01-05 = Sat 2025-04-05; by analogy with KAS 120 -> Mon 04-07, and
    # without a move (the other reading) 04-05. A complaint on 01-10 dismissed 01-11 pauses it 1 day:
    # 04-06 (Sun) -> Mon 04-07; the other reading 04-05 + 1 = Sun 04-06, not moved.
    r = procedure.check({"case_id": "k", "persons": [{"id": "p"}], "events": [
        {"id": "rul", "type": "offence_ruling", "date": "2025-01-05", "issuer": "official", "penalty": "fine", "person": "p"},
        {"id": "c", "type": "offence_complaint_filed", "date": "2025-01-10", "person": "p"},
        {"id": "n", "type": "offence_complaint_dismissed_notice", "date": "2025-01-11", "person": "p"}]}, as_of="2025-01-20")
    d = r.deadline("kupap.303.enforcement_limit@rul")
    assert d.due == D(2025, 4, 7)
    (a,) = [a for a in d.ambiguities if a.code == "convention_alternative"]
    assert a.alternative_due == D(2025, 4, 6) and a.params["other"] == "2025-04-06"
    assert a.params["other_convention"] == "calendar_no_rollover"


def test_with_assumption_keeps_a_custom_range():
    c = legal_calendar(first=D(2022, 3, 1), last=D(2025, 12, 31))
    e = c.with_assumption("ended")
    assert (e.first, e.last) == (D(2022, 3, 1), D(2025, 12, 31))


def test_bounded_version_is_named_in_the_explanation():
    # Born 1972-01-10: 45 on 2017-01-10, under the version in force 2016-07-29 .. 2018-05-31.
    r = _doc_case("2017-01-20", [{"id": "b", "birth_date": "1972-01-10", "documents": [_booklet(issued="2010-01-01")]}])
    d = r.deadline(f"{EXCHANGE}@prp.45")
    (v,) = [x for x in d.steps if x.code == "version"]
    assert v.params == {"from": "2016-07-29", "to": " — 2018-05-31"}
    assert d.due == D(2017, 2, 10)  # 2017-01-10 + 1 month = Fri 2017-02-10


def test_overdue_reading_makes_an_ambiguous_deadline_critical():
    # 45 on 2025-02-28 (born 29 Feb): readings 03-28 (primary), 03-31 (30 days), 04-01 (from 1 March).
    # On 29 March the first has passed and the others are due soon but not today: critical.
    r = _doc_case("2025-03-29", [{"id": "b", "birth_date": "1980-02-29", "documents": [_booklet(issued="2000-01-01")]}])
    did = f"{EXCHANGE}@prp.45"
    assert r.deadline(did).status == "ambiguous"
    assert _alerts_for(r, did) == [("critical", "alert.ambiguous")]


def test_case_can_assume_martial_law_ended():
    # Decision Fri 2026-08-14 + 10 d = Mon 2026-08-24, Independence Day: a working day if martial law continues,
    # a day off if it ended (Labour Code art 73) -> Tue 2026-08-25.
    events = [{"id": "d", "type": "court_decision", "date": "2026-08-14", "proceeding": "kas_289", "instance": "first"}]
    r = procedure.check({"case_id": "t", "events": events}, as_of="2026-08-15")
    assert r.deadline(A).due == D(2026, 8, 24)
    r = procedure.check({"case_id": "t", "events": events, "calendar": {"martial_law_after_known": "ended"}}, as_of="2026-08-15")
    assert r.deadline(A).due == D(2026, 8, 25)
    assert [a.params["assumed"] for a in r.alerts if a.code == "alert.assumption"] == ["ended"]


def test_chained_term_reports_the_base_reading():
    # Detention from 2025-08-31 for 6 months: "2026-02-31" -> 2026-02-28 (clamp; not settled for a substantive
    # limit, 2026-03-01 reported). The extension claim, counted back from that end, carries the base's doubt,
    # counted from the other end too: 2026-02-28 - 5 days = Mon 02-23; 2026-03-01 - 5 days = Tue 02-24.
    r = _detention(as_of="2025-09-10", months=6, term_start="2025-08-31")
    base = r.deadline(DT)
    assert base.due == D(2026, 2, 28)
    assert ("month_end_unsettled", D(2026, 3, 1)) in [(a.code, a.alternative_due) for a in base.ambiguities]
    d = r.deadline(XC)
    (c,) = [a for a in d.ambiguities if a.code == "chained_month_end_unsettled"]
    assert d.due == D(2026, 2, 23)
    assert c.alternative_due == D(2026, 2, 24) and c.params["title"] == base.rule.title.to_dict()
    assert c.params["other"] == "2026-03-01"
    (b,) = [a for a in base.ambiguities if a.code == "month_end_unsettled"]
    assert c.basis == b.basis


# --------------------------------------------------------------------------------------------------
# Survivors of the run of 2026-11-30 (after issue 12)


def test_chain_order_puts_each_rule_after_the_one_it_runs_from():
    # A rule anchored on another's deadline must be evaluated after it, whatever the ids' alphabetical order:
    # depth 0 (a.base... named "z"), 1, 2; ties by id.
    from types import SimpleNamespace as NS

    from procedure.engine import _chain_order

    def rule(rid, on=None):
        return NS(id=rid, anchor=NS(source="deadline" if on else "trigger", rule=on))

    rules = [rule("a.third", "m.second"), rule("m.second", "z.first"), rule("z.first"), rule("b.other")]
    assert [r.id for r in _chain_order(rules)] == ["b.other", "z.first", "m.second", "a.third"]
    # an anchor on a rule that is not in the set counts as a start (depth 0)
    assert [r.id for r in _chain_order([rule("q.x", "gone"), rule("p.y")])] == ["p.y", "q.x"]


def test_beyond_maximum_alert_in_words():
    # A 12-month detention order; KAS art 289 part 4 allows six months per order (legal review: the maximum
    # is counted and the excess is itself a ground to argue).
    case = {"case_id": "t", "as_of": "2025-06-20", "persons": [{"id": "f"}], "events": [
        {"id": "d", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
         "instance": "first", "subject": "detention", "outcome": "granted", "months": 12}]}
    r = procedure.check(case)
    a = next(a for a in r.alerts if a.code == "alert.beyond_maximum")
    en, uk = a.message("en"), a.message("uk")
    assert en == ("Detention term in a temporary holding centre: event d orders 12 months, more than the maximum of one "
                  "term (6 months, 2747-IV art 289 part 11); 6 months is counted. The excess is itself a ground to argue."), en
    assert uk.startswith("Строк затримання у пункті тимчасового перебування: подія d встановлює 12 місяців, більше за "
                         "максимум одного строку (6 місяців, ч. 11 ст. 289 КАС України); враховано 6 місяців."), uk
    assert a.params["value"] == 12 and a.params["event"] == "d" and set(a.params["title"]) == {"uk", "en"}


def test_martial_law_date_time_error_shows_a_short_excerpt(tmp_path):
    # The value is cut to 40 characters (39 and an ellipsis) in the one-line error.
    bad = "x" * 70
    f = _ml_file(tmp_path, "ml.yaml", REGIME + f"periods:\n  - {{decree: A, approved_by: LA, start: '{bad}', days: 90}}\n")
    with pytest.raises(CalendarError) as exc:
        load_martial_law(f)
    found = exc.value.problems[0].found
    assert len(found) == 40 and found.endswith("…"), found


def test_fixed_date_computation_names_its_convention():
    from procedure.periods import fixed_date

    # "until Sat 2025-07-05": that day; "before Tue 2025-08-12": Mon 08-11 (the other reading 08-12)
    assert fixed_date(D(2025, 7, 5), "until").convention == "fixed_date"
    c = fixed_date(D(2025, 8, 12), "before")
    assert c.convention == "fixed_date" and c.due == D(2025, 8, 11)


def test_martial_law_ended_cuts_drops_and_extends_periods(tmp_path):
    # Two known periods: A 2025-02-01 05:30 .. 2025-05-02 05:30 (90 days), B 2025-05-02 05:30 + 30 days.
    f = _ml_file(tmp_path, "ml.yaml", REGIME + (
        "periods:\n"
        "  - {decree: A, approved_by: LA, start: '2025-02-01T05:30', days: 90}\n"
        "  - {decree: B, approved_by: LB, start: '2025-05-02T05:30', days: 30}\n"))
    ml = load_martial_law(f)
    b_end = ml.periods[1].end
    assert b_end == dt.datetime(2025, 6, 1, 5, 30, tzinfo=KYIV)
    # Ended inside A: A is cut at the stated moment, B (starting after it) is dropped.
    at = dt.datetime(2025, 3, 10, 12, 0, tzinfo=KYIV)
    cut = ml.ended(at, "case")
    assert [(p.decree, p.start, p.end) for p in cut.periods] == [("A", ml.periods[0].start, at)]
    assert cut.ended_at == at and cut.after_known == "ended" and cut.ended_source == "case"
    # Ended at the very moment B starts: B has not begun (its start is not before the end) and is dropped.
    at_b = ml.periods[1].start
    assert [p.decree for p in ml.ended(at_b, "case").periods] == ["A"]
    # Ended before any period: none.
    assert ml.ended(dt.datetime(2025, 1, 1, tzinfo=KYIV), "case").periods == ()
    # Ended exactly when B ends: nothing to add.
    assert [p.decree for p in ml.ended(b_end, "case").periods] == ["A", "B"]
    # Ended after the known periods: martial law ran on to the stated moment, as a period of its own.
    later = dt.datetime(2025, 7, 1, tzinfo=KYIV)
    ext = ml.ended(later, "file.yaml").periods
    assert [(p.decree, p.approved_by, p.start, p.end) for p in ext[2:]] == [("", "stated: file.yaml", b_end, later)]


def _unknown_note(report, did):
    d = next(d for d in report.deadlines if d.id == did)
    return next(a for a in d.ambiguities if a.code == "date_unknown").params["dates"], d


def test_unknown_date_bounds_default_to_the_answered_event_and_the_as_of_day():
    # The decision of Thu 2025-08-14; an appeal filed on an unknown day with no bounds: not before the
    # decision it answers (08-14), not after as-of (Mon 09-01). Term: 08-14 + 10 d = Sun 08-24 -> Mon 08-25
    # (KAS 120 p6): filed 08-14 -> met, filed 09-01 -> late: ambiguous, the late reading first.
    dec = {"id": "dec", "type": "court_decision", "date": "2025-08-14", "proceeding": "kas_289", "instance": "first",
           "subject": "detention", "outcome": "refused"}
    case = {"case_id": "t", "as_of": "2025-09-01", "events": [dec, {"id": "app", "type": "appeal_filed", "refs": ["dec"], "date_unknown": True}]}
    note, d = _unknown_note(procedure.check(case), "kas.289.appeal@dec")
    assert note == "app (2025-08-14 … 2025-09-01)"
    assert [(r.code, r.status) for r in d.readings] == [("primary", "met_late"), ("date_unknown", "met")]
    # Without a reference to a dated event: not before the legal calendar's start, 1992-01-01.
    case["events"][1]["refs"] = []
    case["events"].append({"id": "app2", "type": "appeal_filed", "refs": ["dec"], "date_unknown": True})
    r = procedure.check(case)
    note, _ = _unknown_note(r, "kas.289.appeal@dec")
    assert note == "app (1992-01-01 … 2025-09-01), app2 (2025-08-14 … 2025-09-01)"
    # A reference to an event whose own date is unknown does not bound it.
    case["events"][1]["refs"] = ["app2"]
    note, _ = _unknown_note(procedure.check(case), "kas.289.appeal@dec")
    assert "app (1992-01-01 … 2025-09-01)" in note


@pytest.mark.parametrize("n, runs", [(1, 2), (4, 16), (5, 2)])
def test_unknown_dates_every_placement_up_to_four(monkeypatch, n, runs):
    # Up to MAX_UNKNOWN_DATES (4) events of unknown date: every combination of earliest/latest (2**n runs);
    # more: all earliest, then all latest (2 runs).
    from procedure import engine

    calls = []
    real = engine._run
    monkeypatch.setattr(engine, "_run", lambda *a, **k: calls.append(1) or real(*a, **k))
    events = [{"id": "dec", "type": "court_decision", "date": "2025-08-14", "proceeding": "kas_289", "instance": "first",
               "subject": "detention", "outcome": "refused"}]
    events += [{"id": f"a{i}", "type": "appeal_filed", "refs": ["dec"], "date_unknown": True} for i in range(n)]
    engine.clear_memo()
    r = procedure.check({"case_id": "t", "as_of": "2025-09-01", "events": events})
    assert len(calls) == runs
    # all filed on 08-14 (in time: due Mon 08-25) or all on 09-01 (late): both placements are run
    d = next(d for d in r.deadlines if d.id == "kas.289.appeal@dec")
    assert d.status == "ambiguous" and [x.status for x in d.readings] == ["met_late", "met"]


def test_unknown_date_readings_with_one_status_earliest_first():
    # A decision of an unknown day between Mon 2025-08-04 and Thu 08-07; as of Fri 08-08. Appeal term (KAS 289
    # p16 via 120): 08-04 + 10 = Thu 08-14; 08-07 + 10 = Sun 08-17 -> Mon 08-18. Both open: the status is
    # determined; the earlier (cautious) date is the deadline's, the later the other reading.
    case = {"case_id": "t", "as_of": "2025-08-08", "events": [
        {"id": "dec", "type": "court_decision", "proceeding": "kas_289", "instance": "first", "subject": "detention",
         "outcome": "refused", "date_unknown": {"not_before": "2025-08-04", "not_after": "2025-08-07"}}]}
    d = next(d for d in procedure.check(case).deadlines if d.id == "kas.289.appeal@dec")
    assert d.status == "open" and d.due == D(2025, 8, 14)
    assert [(x.due, x.status) for x in d.readings] == [(D(2025, 8, 14), "open"), (D(2025, 8, 18), "open")]


SUSPENDED_NO_MOVE = _local_rules(
    _local_rule("local.susp.nomove", "Тест", "Test", "{events: [claim_filed]}", convention="calendar_no_rollover",
                extra="    suspended_by: {stop: [proceedings_suspended], resume: [proceedings_resumed]}\n"))


def test_a_suspended_term_without_move_stays_on_a_saturday(tmp_path):
    # Mon 2025-06-02 + 10 calendar days = Thu 06-12; suspended Thu 06-05, resumed Sat 06-07: 2 days more ->
    # Sat 06-14. The convention moves nothing (calendar_no_rollover): the end stays on the Saturday.
    rules = _rules_from(tmp_path, SUSPENDED_NO_MOVE)
    case = {"case_id": "t", "as_of": "2025-06-10", "events": [
        {"id": "c", "type": "claim_filed", "date": "2025-06-02", "proceeding": "kas_general"},
        {"id": "s", "type": "proceedings_suspended", "date": "2025-06-05", "refs": ["c"]},
        {"id": "r", "type": "proceedings_resumed", "date": "2025-06-07", "refs": ["c"]}]}
    dl = next(x for x in procedure.check(case, rules=rules).deadlines if x.id == "local.susp.nomove@c")
    assert dl.due == D(2025, 6, 14), [(s.code, s.params) for s in dl.steps]


def test_unknown_date_alerts_of_every_run_once_each():
    # Two runs (the appeal's earliest and latest day); a ruling with no regime raises the same two near-miss
    # alerts (KUpAP 300-3 terms) in each run: the report keeps each once, and keeps them after status alerts.
    case = {"case_id": "t", "as_of": "2025-09-01", "persons": [{"id": "k"}], "events": [
        {"id": "dec", "type": "court_decision", "date": "2025-08-14", "proceeding": "kas_289", "instance": "first",
         "subject": "detention", "outcome": "refused"},
        {"id": "app", "type": "appeal_filed", "refs": ["dec"], "date_unknown": True},
        {"id": "ruling", "type": "offence_ruling", "date": "2025-08-14", "person": "k", "issuer": "official", "penalty": "fine"}]}
    r = procedure.check(case)
    near = sorted(a.params["rule"] for a in r.alerts if a.code == "alert.incomplete_input")
    assert near == ["kupap.300_3.discount_payment", "kupap.300_3.full_payment"]
    assert len(r.alerts) == len({(a.level, a.code, a.deadline, a.message("en")) for a in r.alerts})


def _grace_text(citizenship, birth="1979-09-03", calendar=None, lang="en"):
    person = {"id": "p", "birth_date": birth,
              "documents": [{"id": "prp", "type": "permanent_residence_permit", "form": "booklet_2012", "issued": "2018-04-10"}]}
    if citizenship is not None:
        person["citizenship"] = citizenship
    case = {"case_id": "t", "as_of": "2025-06-20", "persons": [person], "events": []}
    if calendar:
        case["calendar"] = calendar
    doc = procedure.check(case, lang=lang).to_dict()
    d = next(d for d in doc["deadlines"] if d["id"].startswith("docs.prp_booklet.exchange@prp.45"))
    a = next(a for a in d["ambiguities"] if a["code"] == "martial_law_grace_1202")
    return a["text"], a["alternative_due"]


def test_cmu_1202_grace_reading_says_which_case_applied():
    # 45th birthday Tue 2024-09-03 + 1 month = Thu 2024-10-03 (due after 24.02.2022, in martial law).
    # Not RU: the grace ends 30 days after the known martial-law data (Mon 2026-05-04) = Wed 2026-06-03, the
    # earliest end while martial law is assumed to continue.
    t, other = _grace_text(["GE"])
    assert other == "2026-06-03" and "Here: the grace runs to 2026-06-03 at the earliest" in t, t
    assert "Citizenship is not recorded" not in t
    t, _ = _grace_text(["GE"], lang="uk")
    assert "Тут: пільговий строк — не раніше 03.06.2026" in t, t
    # Citizenship not recorded: the grace is shown, and the report says what to add.
    t, other = _grace_text(None)
    assert other == "2026-06-03" and "at the earliest" in t and "Citizenship is not recorded" in t
    # A citizen of the Russian Federation: excluded, no other date.
    t, other = _grace_text(["UA", "RU"])
    assert other is None and "No grace here: the holder is a citizen of the Russian Federation." in t
    # Due before 24.02.2022 (45th birthday 2021-09-03 + 1 month = 2021-10-03): not applicable.
    t, other = _grace_text(["GE"], birth="1976-09-03")
    assert other is None and "No grace here: the date fell before 24.02.2022" in t
    # Martial law stated to have ended on 2026-05-04 (a fact): the grace's end is known, 05-04 + 30 = 06-03.
    t, other = _grace_text(["GE"], calendar={"martial_law_ended": "2026-05-04T00:00:00+03:00"})
    assert other == "2026-06-03" and "the grace runs to 2026-06-03 (the end of martial law is known)" in t, t


def test_martial_law_file_errors_and_the_parsed_data_cache(tmp_path, monkeypatch):
    import uuid

    from procedure import _cache

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_cache, "_MEMORY", None)
    # Not UTF-8: one problem naming the file and the byte.
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(REGIME.encode() + b"periods:\n  - {decree: \xe9, approved_by: L, start: '2025-02-01T05:30', days: 9}\n")
    with pytest.raises(CalendarError) as exc:
        load_martial_law(str(bad))
    p = exc.value.problems[0]
    assert (p.message, p.source) == ("not UTF-8 text", str(bad)) and p.found.startswith("byte ")
    # An alias: refused, and the message says in what kind of file.
    f = _ml_file(tmp_path, "alias.yaml", REGIME + "periods:\n  - &a {decree: A, approved_by: L, start: '2025-02-01T05:30', days: 9}\n  - *a\n")
    with pytest.raises(CalendarError) as exc:
        load_martial_law(f)
    assert "martial-law files" in exc.value.problems[0].message
    # A new file read twice: the second time from the parsed-data cache (memory, then disk), same periods.
    text = REGIME + f"periods:\n  - {{decree: '{uuid.uuid4().hex}', approved_by: L, start: '2025-02-01T05:30', days: 9}}\n"
    f = _ml_file(tmp_path, "fresh.yaml", text)
    first = load_martial_law(f)
    again = load_martial_law(f)
    monkeypatch.setattr(_cache, "_MEMORY", None)
    from_disk = load_martial_law(f)
    assert first.periods == again.periods == from_disk.periods and len(first.periods) == 1
    assert first.periods[0].end == dt.datetime(2025, 2, 10, 5, 30, tzinfo=KYIV)  # 9 days after 02-01 05:30


def test_martial_law_bad_end_names_the_file_and_field(tmp_path):
    f = _ml_file(tmp_path, "end.yaml", REGIME + "periods:\n  - {decree: A, approved_by: L, start: '2025-02-01T05:30', end: 'soon'}\n")
    with pytest.raises(CalendarError) as exc:
        load_martial_law(f)
    p = exc.value.problems[0]
    assert (p.message, p.source, p.field) == ("not a date-time", f, "end")


def _ml_problems(tmp_path, periods_yaml, name="p.yaml"):
    f = _ml_file(tmp_path, name, REGIME + "periods:\n" + periods_yaml)
    with pytest.raises(CalendarError) as exc:
        load_martial_law(f)
    return f, exc.value.problems


def test_martial_law_file_checks_every_row(tmp_path):
    # Day counts: 1 and 36,600 are accepted (a period ends N days later at the same wall-clock time).
    f = _ml_file(tmp_path, "ok.yaml", REGIME + "periods:\n  - {start: '2025-02-01T05:30', days: 1}\n"
                 "  - {start: '2025-02-02T05:30', days: 36600, decree: B}\n")
    ml = load_martial_law(f)
    assert ml.periods[0].end == dt.datetime(2025, 2, 2, 5, 30, tzinfo=KYIV)
    assert (ml.periods[0].decree, ml.periods[0].approved_by) == ("", "")  # not given: empty, never "None"
    assert ml.periods[1].end.date() == D(2025, 2, 2) + dt.timedelta(days=36600)
    # 0 and 36,601 days are refused, each row on its own (every bad row is reported, not only the first);
    # a long value is cut to 30 characters.
    f, probs = _ml_problems(tmp_path, "  - {start: '2025-02-01T05:30', days: 0}\n  - {start: '2025-03-01T05:30', days: 36601}\n"
                            f"  - {{start: '2025-04-01T05:30', days: '{'9' * 50}'}}\n", "days.yaml")
    assert [(p.location, p.field) for p in probs] == [("$.periods[0]", "days"), ("$.periods[1]", "days"), ("$.periods[2]", "days")]
    assert probs[0].source == f and probs[0].expected == "1 to 36600 days" and len(probs[2].found) == 30
    # A gap without `new_regime: true`, and an overlap: both named, with the previous period's end.
    _, probs = _ml_problems(tmp_path, "  - {decree: A, start: '2025-02-01T05:30', days: 10}\n"
                                      "  - {decree: B, start: '2025-02-12T05:30', days: 10}\n"
                                      "  - {start: '2025-02-20T05:30', days: 10}\n", "gap.yaml")
    assert [(p.message, p.location, p.found) for p in probs] == [
        ("gap after the previous period", "$.periods[1]", "2025-02-12T05:30"),
        ("period overlaps the previous one", "$.periods[2]", "2025-02-20T05:30")]
    assert {(p.field, p.source) for p in probs} == {("start", str(tmp_path / "gap.yaml"))}
    assert probs[0].expected.startswith("2025-02-11T05:30 (the end of A), or `new_regime: true`")
    assert probs[1].expected.startswith("2025-02-22T05:30 (the end of B)")
    # The same gap marked as a new introduction after a break is accepted.
    f = _ml_file(tmp_path, "fresh.yaml", REGIME + "periods:\n  - {start: '2025-02-01T05:30', days: 10}\n"
                 "  - {start: '2025-02-12T05:30', days: 10, new_regime: true}\n")
    assert len(load_martial_law(f).periods) == 2
    # Without a decree the message says "the previous period".
    _, probs = _ml_problems(tmp_path, "  - {start: '2025-02-01T05:30', days: 10}\n  - {start: '2025-02-12T05:30', days: 10}\n", "anon.yaml")
    assert "(the end of the previous period)" in probs[0].expected


def _edge_regimes():
    from procedure import legal_calendar as cal

    ml = load_martial_law()
    pt = peacetime(ml)
    return [
        # peacetime ranges that start and end on public holidays (Fri 2021-01-01; Tue 2021-08-24)
        ("peacetime, holiday edges", cal(pt, (), D(2021, 1, 1), D(2021, 8, 24))),
        # a range starting inside martial law and ending on a Friday
        ("inside martial law", cal(ml, (), D(2022, 6, 1), D(2023, 3, 3))),
        # a range wholly past the known periods, martial law assumed to continue; starts on New Year's Day
        ("assumed", cal(ml, (), D(2027, 1, 1), D(2027, 12, 31))),
        ("assumed ended", cal(load_martial_law(after_known="ended"), (), D(2027, 1, 1), D(2027, 12, 31))),
        # a range that ends the day martial law began (Thu 2022-02-24) and one that starts on hw (Thu 2022-03-24)
        ("before", cal(ml, (), D(2021, 12, 31), D(2022, 2, 24))),
        ("from hw", cal(ml, (), D(2022, 3, 24), D(2022, 5, 13))),
    ]


@pytest.mark.parametrize("name,c", _edge_regimes(), ids=[n for n, _ in _edge_regimes()])
def test_working_map_at_the_edges_of_ranges_and_regimes(name, c):
    day, bad = c.first, []
    while day <= c.last:
        if c.is_working_day(day) != c.why(day).working:
            bad.append(day)
        day += dt.timedelta(days=1)
    assert bad == []
    assert len(c._working) == (c.last - c.first).days + 1
    assert c._ordinals == [d for d in range(c.first.toordinal(), c.last.toordinal() + 1) if c._working[d - c.first.toordinal()]]


def test_working_days_at_the_edges_by_hand():
    from procedure import legal_calendar as cal

    ml = load_martial_law()
    pt = peacetime(ml)
    c = cal(pt, (), D(2021, 1, 1), D(2021, 8, 24))
    # Fri 2021-01-01 (New Year) and Tue 2021-08-24 (Independence Day) are days off in peacetime;
    # Mon 2021-08-23 was a transferred day off (Cabinet order), worked on Sat 2021-08-28 (outside this range)
    assert (c.is_working_day(D(2021, 1, 1)), c.is_working_day(D(2021, 1, 4)), c.is_working_day(D(2021, 8, 24))) == (False, True, False)
    # Under martial law assumed to continue past the known data, New Year's Day 2027 (Fri) is a working day;
    # if martial law is taken to have ended with the known data, it is a day off.
    assert cal(ml, (), D(2027, 1, 1), D(2027, 12, 31)).is_working_day(D(2027, 1, 1)) is True
    assert cal(load_martial_law(after_known="ended"), (), D(2027, 1, 1), D(2027, 12, 31)).is_working_day(D(2027, 1, 1)) is False
    # Holidays are working days from Thu 2022-03-24 (Law 2136-IX art 6 p6 as amended), not before: Tue 2022-03-08
    # (Women's Day) was a day off although martial law had begun on 02-24.
    c = cal(ml, (), D(2022, 2, 24), D(2022, 5, 13))
    assert c.is_working_day(D(2022, 3, 8)) is False and c.is_working_day(D(2022, 5, 2)) is True  # 05-02: the May 1 transfer, worked


def _det_case(det_time=None, served=None, as_of="2025-06-20"):
    det = {"id": "det", "type": "detained", "date": "2025-06-11", "person": "f", "by": "migration_service",
           "ground": "identification_expulsion"}
    if det_time:
        det["time"] = det_time
    events = [det, {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
                    "instance": "first", "subject": "detention", "outcome": "granted"}]
    if served:
        events.append({"id": "served", "type": "decision_served", "person": "f", "refs": ["dec"], "proceeding": "kas_289",
                       "instance": "first", **served})
    return {"case_id": "t", "as_of": as_of, "persons": [{"id": "f"}], "events": events}


def _h72(case, lang="en"):
    r = procedure.check(case, lang=lang)
    return next(d for d in r.deadlines if d.id == "const.29.detention_72h@det"), r


def test_hour_limit_start_without_time_both_moments():
    # Detained Wed 2025-06-11, no time: counted from 00:00 (the earliest end) -> Sat 06-14 00:00 (+03:00); the
    # other reading from the end of that day (Thu 06-12 00:00) -> Sun 06-15 00:00. Served Sat 06-14 12:00:
    # exceeded under the first, met under the second -> ambiguous, the cautious reading first, each with its moment.
    d, _ = _h72(_det_case(served={"date": "2025-06-14", "time": "12:00"}))
    assert d.status == "ambiguous"
    assert [(x.status, x.due_at.isoformat()) for x in d.readings] == [
        ("exceeded", "2025-06-14T00:00:00+03:00"), ("met", "2025-06-15T00:00:00+03:00")]


def test_hour_limit_closer_without_time_and_its_words():
    # Detained Wed 06-11 10:00 -> ends Sat 06-14 10:00 (+03:00). Served on 06-14, no time: at 00:00 in time, at the
    # end of the day late: the closing reading starts at 00:00 of that day, and the explanation names the event
    # and the moment the term ends.
    d, r = _h72(_det_case("10:00", served={"date": "2025-06-14"}))
    assert [x.status for x in d.readings] == ["exceeded", "met"]
    a = next(a for a in r.to_dict()["deadlines"] if a["id"] == d.id)
    text = next(x["text"] for x in a["ambiguities"] if x["code"] == "closing_time_unknown")
    assert "served" in text and "2025-06-14" in text and "10:00" in text, text
    # Served on the as-of day itself without a time: still both readings (the day has come).
    d, _ = _h72(_det_case("10:00", served={"date": "2025-06-14"}, as_of="2025-06-14"))
    assert d.status == "ambiguous" and [x.status for x in d.readings] == ["exceeded", "met"]


def test_hour_limit_closed_exactly_at_the_as_of_instant():
    # Ends Sat 06-14 10:00; served at 09:00, as of 09:00 that day: the service has happened (at, not after, as-of) -> met.
    d, _ = _h72(_det_case("10:00", served={"date": "2025-06-14", "time": "09:00"}, as_of="2025-06-14T09:00:00+03:00"))
    assert d.status == "met"


def test_hour_limit_closer_without_time_counts_from_midnight():
    # Detained Wed 06-11 00:30 -> ends Sat 06-14 00:30. Served 06-14 without a time: at 00:00 (before 00:30) in
    # time, later late -> ambiguous (a reading from 01:00 would make it determined).
    d, _ = _h72(_det_case("00:30", served={"date": "2025-06-14"}))
    assert d.status == "ambiguous" and [x.status for x in d.readings] == ["exceeded", "met"]


def test_reference_through_a_service_does_not_close_the_appellate_term():
    # The chain is followed one step only through events that answer the decision (an appeal, a cassation); an
    # appellate decision that refers to the service of the first decision does not close "appellate court
    # decides", and the report says which event it should refer to.
    ev = [{"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289", "instance": "first",
           "subject": "detention", "outcome": "refused"},
          {"id": "app", "type": "appeal_filed", "date": "2025-06-18", "person": "f", "refs": ["dec"]},
          {"id": "srv", "type": "decision_served", "date": "2025-06-16", "person": "f", "refs": ["dec"], "proceeding": "kas_289", "instance": "first"},
          {"id": "appdec", "type": "court_decision", "date": "2025-06-30", "person": "f", "refs": ["srv"], "proceeding": "kas_289",
           "instance": "appeal", "outcome": "granted"}]
    r = procedure.check({"case_id": "t", "as_of": "2025-07-10", "persons": [{"id": "f"}], "events": ev})
    d = next(d for d in r.deadlines if d.id == "kas.289.appeal_decide@dec")
    assert d.status == "overdue" and d.closed_by is None
    assert any(a.code == "alert.unattached_closer" and a.params["event"] == "appdec" and a.deadline == d.id for a in r.alerts)
    # Referring to the appeal instead closes it (through the appeal, step closed_via).
    ev[3]["refs"] = ["app"]
    r = procedure.check({"case_id": "t", "as_of": "2025-07-10", "persons": [{"id": "f"}], "events": ev})
    d = next(d for d in r.deadlines if d.id == "kas.289.appeal_decide@dec")
    assert d.status in ("met", "met_late") and d.closed_by == "appdec"


def _inherited(r, did):
    d = next(d for d in r.deadlines if d.id == did)
    return sorted((s.params["event"], s.params["attr"], s.params["value"], s.params["from"]) for s in d.steps if s.code == "attr_inherited")


def test_attributes_inherited_along_the_chain():
    # The first decision takes `subject` from the claim; the appellate decision, which refers to the appeal (a type
    # without `subject`), takes it through the appeal from the first decision, which took it from the claim.
    ev = [{"id": "claim", "type": "claim_filed", "date": "2025-06-12", "person": "f", "proceeding": "kas_289", "subject": "detention",
           "claimant": "authority"},
          {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "refs": ["claim"], "proceeding": "kas_289",
           "instance": "first", "outcome": "granted", "months": 6},
          {"id": "app", "type": "appeal_filed", "date": "2025-06-18", "person": "f", "refs": ["dec"]},
          {"id": "appdec", "type": "court_decision", "date": "2025-07-02", "person": "f", "refs": ["app"], "proceeding": "kas_289",
           "instance": "appeal", "outcome": "granted"}]
    case = {"case_id": "t", "as_of": "2025-07-10", "persons": [{"id": "f"}], "events": ev}
    r = procedure.check(case)
    assert _inherited(r, "kas.289.detention_term@dec") == [("dec", "subject", "detention", "claim")]
    assert _inherited(r, "kas.329.cassation_289@appdec") == [("appdec", "subject", "detention", "app")]
    # Two claims that say different things: nothing is inherited, and the report asks for the attribute.
    ev2 = [dict(ev[0]), dict(ev[0], id="claim2", subject="forced_return"), dict(ev[1], refs=["claim", "claim2"])]
    r = procedure.check(dict(case, events=ev2))
    assert "kas.289.detention_term@dec" not in {d.id for d in r.deadlines}
    assert any(a.code == "alert.incomplete_input" and a.params["event"] == "dec" and "subject" in a.params["attrs"] for a in r.alerts)


def test_a_service_takes_every_attribute_of_the_decision_it_records():
    # An appellate judgment (kas_general) proclaimed Thu 2025-07-03; its service on Mon 2025-07-07 states nothing
    # else: it takes proceeding and instance from the judgment, so the 30 days of KAS 329 p2 run from the service:
    # 07-07 + 30 = Wed 08-06.
    ev = [{"id": "ap", "type": "court_decision", "date": "2025-07-03", "person": "p", "proceeding": "kas_general", "instance": "appeal"},
          {"id": "s", "type": "decision_served", "date": "2025-07-07", "person": "p", "refs": ["ap"]}]
    r = procedure.check({"case_id": "t", "as_of": "2025-07-10", "persons": [{"id": "p"}], "events": ev})
    d = next(d for d in r.deadlines if d.id == "kas.329.restore_safe@s")
    assert d.due == D(2025, 8, 6)
    assert _inherited(r, "kas.329.restore_safe@s") == [("s", "instance", "appeal", "ap"), ("s", "proceeding", "kas_general", "ap")]


def test_both_times_unknown_reading_code():
    # Neither the detention nor the service has a time: the other reading is "times_unknown".
    d, _ = _h72(_det_case(None, served={"date": "2025-06-14"}))
    assert [x.code for x in d.readings] == ["primary", "times_unknown"]


def test_near_miss_asks_for_the_value_the_rule_needs():
    # KAS 169: a ruling leaving a claim without movement starts the cure term when its ground is "defects"; a
    # service that states no ground asks for `ground: defects` (not merely that a ground exist), with the values.
    r = procedure.check({"case_id": "t", "as_of": "2025-06-05", "persons": [{"id": "p"}], "events": [
        {"id": "l", "type": "left_without_movement_served", "date": "2025-06-02", "person": "p"}]})
    a = next(a for a in r.alerts if a.code == "alert.incomplete_input" and a.params["rule"] == "kas.169.cure")
    assert (a.params["add"], a.params["values"], a.params["attrs"]) == ("`ground: defects`", "ground: late, defects", "`ground`")
    # KUpAP 277: a protocol without its article; the one-day term for art 203 lists the articles it covers.
    r = procedure.check({"case_id": "t", "as_of": "2025-06-05", "events": [
        {"id": "r", "type": "offence_protocol_received", "date": "2025-06-02"}]})
    a = next(a for a in r.alerts if a.code == "alert.incomplete_input" and a.params["rule"] == "kupap.277.consideration_203")
    assert a.params["add"] == "`article: 203 | 203-1 | 204 | 204-1 | 204-2 | 204-3 | 204-4 | 205 | 206 | 206-1`"
    assert a.params["values"] == "article: string" and a.params["event"] == "r"


def test_a_flag_that_is_absent_is_false_not_unknown():
    # KUpAP 300-3 terms apply unless the ruling was recorded automatically (`traffic_auto: true`); a ruling that
    # does not say so is not automatic (a flag's absence is false): the term applies with no "if absent" reading.
    r = procedure.check({"case_id": "t", "as_of": "2025-08-20", "persons": [{"id": "k"}], "events": [
        {"id": "rul", "type": "offence_ruling", "date": "2025-08-14", "person": "k", "issuer": "official", "penalty": "fine",
         "regime": "art_300_3"}]})
    ds = [d for d in r.deadlines if d.id.startswith("kupap.300_3.")]
    assert ds and not any(a.code == "applies_if_absent" for d in ds for a in d.ambiguities)


PERSON_NOT_UA = _local_rules(
    _local_rule("local.foreigners.only", "Тільки для іноземців", "Foreigners only",
                "{events: [appeal_filed], when: [{person: citizenship, not_contains: UA}]}"))


@pytest.mark.parametrize("citizenship, applies, if_absent", [(None, True, True), ([], True, True), (["SY"], True, False), (["UA"], False, False)])
def test_a_person_condition_that_holds_for_want_of_the_field_says_so(tmp_path, citizenship, applies, if_absent):
    rules = _rules_from(tmp_path, PERSON_NOT_UA)
    person = {"id": "p"} if citizenship is None else {"id": "p", "citizenship": citizenship}
    r = procedure.check({"case_id": "t", "as_of": "2025-06-05", "persons": [person], "events": [
        {"id": "a", "type": "appeal_filed", "date": "2025-06-02", "person": "p"}]}, rules=rules)
    got = [x for x in r.deadlines if x.id == "local.foreigners.only@a"]
    assert bool(got) == applies
    if got:
        amb = [a for a in got[0].ambiguities if a.code == "applies_if_absent"]
        assert bool(amb) == if_absent
        if amb:
            assert amb[0].params["field"] == "citizenship (p)"


def test_an_event_that_answers_one_trigger_is_not_unattached_for_another():
    # Two first-instance decisions on two claims of the same person: Fri 06-13 and Mon 06-16. The appeal of
    # Wed 06-18 and the appellate decision of Tue 06-24 answer the first (directly, and through the appeal); both
    # come after the second decision, whose appeal term (06-16 + 10 = Thu 06-26) runs on 06-25 (one day left: due soon). Neither is
    # reported as an unattached closer of the second decision's terms: each answers a trigger of the same rule.
    base = {"person": "f", "proceeding": "kas_289", "subject": "detention"}
    ev = [{"id": "dec1", "type": "court_decision", "date": "2025-06-13", "instance": "first", "outcome": "refused", **base},
          {"id": "dec2", "type": "court_decision", "date": "2025-06-16", "instance": "first", "outcome": "refused", **base},
          {"id": "app1", "type": "appeal_filed", "date": "2025-06-18", "person": "f", "refs": ["dec1"]},
          {"id": "appdec1", "type": "court_decision", "date": "2025-06-24", "refs": ["app1"], "instance": "appeal", "outcome": "refused", **base}]
    r = procedure.check({"case_id": "t", "as_of": "2025-06-25", "persons": [{"id": "f"}], "events": ev})
    assert [a.params.get("event") for a in r.alerts if a.code == "alert.unattached_closer"] == []
    by = {d.id: d for d in r.deadlines}
    assert by["kas.289.appeal@dec1"].closed_by == "app1" and by["kas.289.appeal_decide@dec1"].closed_by == "appdec1"
    assert by["kas.289.appeal@dec2"].status == "due_soon" and by["kas.289.appeal@dec2"].due == D(2025, 6, 26)
    # An appeal that refers to neither decision is reported against the open term.
    ev.append({"id": "stray", "type": "appeal_filed", "date": "2025-06-25", "person": "f"})
    r = procedure.check({"case_id": "t", "as_of": "2025-06-25", "persons": [{"id": "f"}], "events": ev})
    assert {(a.params.get("event"), a.deadline) for a in r.alerts if a.code == "alert.unattached_closer"} == {("stray", "kas.289.appeal@dec2")}

SUSPENDED_WITH_ALTERNATIVES = _local_rules(
    _local_rule("local.susp.analogy", "Тест", "Test", "{events: [claim_filed]}", convention="kupap_analogy",
                extra="    suspended_by: {stop: [proceedings_suspended], resume: [proceedings_resumed]}\n"),
    _local_rule("local.susp.rulealt", "Тест 2", "Test 2", "{events: [claim_filed]}",
                extra="    suspended_by: {stop: [proceedings_suspended], resume: [proceedings_resumed]}\n"
                      "    ambiguities:\n      - code: court_duty_rollover\n        note: {uk: Інше прочитання, en: Another reading}\n"
                      "        alternative: {convention: calendar_no_rollover}\n"))


def test_a_suspension_shifts_every_reading_and_moves_each_by_its_own_rule(tmp_path):
    # Mon 2025-06-02 + 10 = Thu 06-12; suspended Thu 06-05, resumed Sat 06-07: 2 days -> raw end Sat 06-14.
    # KAS 120 p6 moves it to Mon 06-16; the other reading (no move: KUpAP has no counting rule, or the rule's
    # own alternative) stays on Sat 06-14. Before the pause both readings were Thu 06-12: the other reading
    # appears only because of the shift.
    rules = _rules_from(tmp_path, SUSPENDED_WITH_ALTERNATIVES)
    case = {"case_id": "t", "as_of": "2025-06-10", "events": [
        {"id": "c", "type": "claim_filed", "date": "2025-06-02", "proceeding": "kas_general"},
        {"id": "s", "type": "proceedings_suspended", "date": "2025-06-05", "refs": ["c"]},
        {"id": "r", "type": "proceedings_resumed", "date": "2025-06-07", "refs": ["c"]}]}
    r = procedure.check(case, rules=rules)
    for rid, code in (("local.susp.analogy@c", "convention_alternative"), ("local.susp.rulealt@c", "court_duty_rollover")):
        dl = next(x for x in r.deadlines if x.id == rid)
        assert dl.due == D(2025, 6, 16), rid
        amb = next(a for a in dl.ambiguities if a.code == code)
        assert amb.alternative_due == D(2025, 6, 14), (rid, amb)
        assert amb.params["other"] == "2025-06-14"
    amb = next(a for a in next(x for x in r.deadlines if x.id == "local.susp.analogy@c").ambiguities if a.code == "convention_alternative")
    assert (amb.params["convention"], amb.params["other_convention"]) == ("kupap_analogy", "calendar_no_rollover")
    assert set(amb.params["other_title"]) == {"uk", "en"} and amb.basis


# --------------------------------------------------------------------------------------------------
# Survivors of the run of the evening of 2026-11-30. The calendars and martial-law regimes here are
# built inside the tests (not taken from the caches, which a collection-time build fills): the mutation
# run selects, for a mutated function, the tests that call it while they run.


def _fresh_regimes():
    from procedure.calendar import LegalCalendar

    ml = load_martial_law()
    return [LegalCalendar(ml), LegalCalendar(load_martial_law(after_known="ended")), LegalCalendar(peacetime(ml)),
            LegalCalendar(ml, [Closure(D(2021, 8, 28), "closed on a worked Saturday"), Closure(D(2025, 6, 16), "closed")]),
            LegalCalendar(ml, (), D(2023, 2, 1), D(2024, 3, 31))]


def test_fresh_calendars_map_agrees_with_the_day_by_day_decision():
    # 2018-2027 and the first and last 200 days of each range: the bulk map (worked Saturdays, holidays,
    # transfers, martial law, closures) against the decision of each day.
    for c in _fresh_regimes():
        days = [c.first + dt.timedelta(days=k) for k in range((c.last - c.first).days + 1)]
        days = [d for d in days if D(2018, 1, 1) <= d <= D(2027, 12, 31) or (d - c.first).days < 200 or (c.last - d).days < 200]
        assert [d for d in days if c.is_working_day(d) != c.why(d).working] == []
        assert len(c._working) == (c.last - c.first).days + 1
        assert c._ordinals == [o for o in range(c.first.toordinal(), c.last.toordinal() + 1) if c._working[o - c.first.toordinal()]]


def test_fresh_calendar_knows_the_worked_saturdays_and_the_martial_law_days():
    from procedure.calendar import LegalCalendar

    ml = load_martial_law()
    c = LegalCalendar(ml)
    # Worked Saturdays before martial law (CMU transfers): Sat 2021-08-28 (for Mon 08-23), Sat 2022-03-12
    # (for Mon 03-07); an ordinary Saturday and Sunday next to them are days off.
    for day in (D(2021, 8, 28), D(2022, 3, 12)):
        assert c.is_working_day(day) and c.why(day).reasons[0].code == "worked_saturday"
    assert not c.is_working_day(D(2021, 8, 21)) and not c.is_working_day(D(2021, 8, 29))
    # Independence Day Mon 2021-08-23 was a day off; Wed 2023-08-24 (martial law) is a working day.
    assert not c.is_working_day(D(2021, 8, 23)) and c.is_working_day(D(2023, 8, 24))
    # The martial-law state of each day, precomputed, agrees with the regime's own answer: in force from
    # 2022-02-24 05:30 (so all of 02-24), none the day before, assumed past the known periods.
    code = {"none": 0, "in_force": 1, "assumed": 2}
    for day in (D(2022, 2, 23), D(2022, 2, 24), ml.known_until, ml.known_until + dt.timedelta(days=1), c.last):
        assert c._ml[day.toordinal() - c._o0] == code[ml.state(day)], day
    assert ml.state(D(2022, 2, 23)) == "none" and ml.state(D(2022, 2, 24)) == "in_force"
    assert ml.state(ml.known_until + dt.timedelta(days=1)) == "assumed"
    assert c.data_version == holiday_data_version() or c.data_version.startswith("python-holidays")


def test_martial_law_file_reports_every_bad_period_and_reads_its_basis(tmp_path):
    bad = _ml_file(tmp_path, "bad.yaml", REGIME + "periods:\n"
                   "  - 7\n"
                   "  - {start: 2022-02-24T05:30, days: 0}\n"
                   "  - {start: 2022-03-26T05:30, end: 2022-03-01T00:00}\n"
                   "  - {start: 2022-04-25T05:30, days: -3}\n")
    with pytest.raises(CalendarError) as e:
        load_martial_law(bad)
    where = [p.location for p in e.value.problems]
    assert where == ["$.periods[0]", "$.periods[1]", "$.periods[2]", "$.periods[3]"]
    good = _ml_file(tmp_path, "good.yaml", "regime: {holidays_are_working_days_from: 2022-03-24, after_known: ended,\n"
                    "  holidays_basis: {act: 2136-IX, article: '6', part: '6', url: 'https://example.org/x'},\n"
                    "  ended: '2023-01-01T00:00'}\n"
                    "periods:\n  - {start: 2022-02-24T05:30, days: 30}\n")
    ml = load_martial_law(good)
    assert ml.holidays_basis.url == "https://example.org/x" and ml.source == good
    assert ml.ended_source == good and ml.ended_at == dt.datetime(2023, 1, 1, tzinfo=KYIV)
    # the stated end runs martial law on past its last period, and says where it was stated
    assert ml.periods[-1].approved_by == f"stated: {good}"
    badend = _ml_file(tmp_path, "badend.yaml", REGIME.replace("ended}", "ended, ended: someday}") +
                      "periods:\n  - {start: 2022-02-24T05:30, days: 30}\n")
    with pytest.raises(CalendarError) as e:
        load_martial_law(badend)
    (p,) = e.value.problems
    assert p.source == badend and p.field == "regime.ended"


def test_martial_law_file_parse_is_cached_and_errors_name_the_kind_of_file(tmp_path):
    text = REGIME + "periods:\n  - {start: 2022-02-24T05:30, days: 30}\n"
    a = load_martial_law(_ml_file(tmp_path, "a.yaml", text))
    b = load_martial_law(_ml_file(tmp_path, "b.yaml", text))  # same bytes, another path: the parse comes from the cache
    assert a.periods == b.periods and b.source.endswith("b.yaml")
    with pytest.raises(CalendarError) as e:
        load_martial_law(_ml_file(tmp_path, "alias.yaml", "regime: &r {after_known: ended}\nperiods: []\nother: *r\n"))
    assert "martial-law files" in str(e.value)


def _det_events(*extra):
    dec = {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
           "instance": "first", "subject": "detention", "outcome": "granted", "months": 6}
    return {"case_id": "det", "persons": [{"id": "f"}], "events": [dec, *extra]}


def test_extensions_are_the_extension_orders_each_once():
    # An appeal refers to the detention decision but extends nothing; ext2 refers to both the decision and
    # ext1 and is one order. 6 + 6 + 3 = 15 months from Fri 2025-06-13 = Sun 2026-09-13 (no move).
    case = _det_events(
        {"id": "app", "type": "appeal_filed", "date": "2025-06-20", "person": "f", "refs": ["dec"]},
        {"id": "ext1", "type": "detention_extended", "date": "2025-12-08", "person": "f", "refs": ["dec"], "months": 6},
        {"id": "ext2", "type": "detention_extended", "date": "2026-06-05", "person": "f", "refs": ["dec", "ext1"], "months": 3})
    r = procedure.check(case, as_of="2026-06-10")
    d = r.deadline("kas.289.detention_term@dec")
    assert d.due == D(2026, 9, 13)
    assert [p["event"] for p in _steps(d, "extended")] == ["ext1", "ext2"]
    # the chain has three orders: dec (until ext1), ext1 (until ext2) and the current one
    ids = {x.id for x in r.deadlines if x.rule.id == "kas.289.detention_term"}
    assert ids == {"kas.289.detention_term@dec", "kas.289.detention_term@dec.1", "kas.289.detention_term@dec.2"}


def test_an_event_that_refers_to_the_trigger_itself_closes_without_a_via_step():
    # The appellate decision refers to the first-instance decision directly: it closes the appellate term
    # (the appeal term ends Mon 2025-06-23; ten days -> Thu 2025-07-03) with no "through the appeal" step.
    case = _det_events(
        {"id": "app", "type": "appeal_filed", "date": "2025-06-20", "person": "f", "refs": ["dec"]},
        {"id": "appdec", "type": "court_decision", "date": "2025-07-01", "person": "f", "proceeding": "kas_289",
         "instance": "appeal", "subject": "detention", "refs": ["dec"]})
    d = procedure.check(case, as_of="2025-07-10").deadline("kas.289.appeal_decide@dec")
    assert d.due == D(2025, 7, 3) and d.closed_by == "appdec" and d.status == "met"
    assert not [s for s in d.steps if s.code == "closed_via"]
    # Referring to the service of the first decision (which is not an answer to it) does not close the term.
    case["events"][-1]["refs"] = ["srv"]
    case["events"].insert(1, {"id": "srv", "type": "decision_served", "date": "2025-06-13", "person": "f", "refs": ["dec"]})
    d = procedure.check(case, as_of="2025-07-10").deadline("kas.289.appeal_decide@dec")
    assert d.closed_by is None and d.status == "overdue"


def test_roll_moves_by_the_convention_both_ways():
    from procedure.engine import _Evaluator, calendar_for

    rules = procedure.load_rules()
    case = procedure.case.parse_case({"case_id": "r", "events": []}, rules)
    ev = _Evaluator(case, rules, D(2025, 6, 20), calendar_for(case))
    sat = D(2025, 6, 14)
    assert ev._roll(sat, "next_working_day") == D(2025, 6, 16)      # Mon
    assert ev._roll(sat, "previous_working_day") == D(2025, 6, 13)  # Fri
    assert ev._roll(sat, "none") == sat
    assert ev._roll(D(2025, 6, 12), "previous_working_day") == D(2025, 6, 12)  # a working day stays


def test_a_step_goes_before_the_closing_due_step():
    from procedure.engine import _before_due
    from procedure.periods import Step

    a, due, b, x = Step("a"), Step("due"), Step("b"), Step("x")
    assert _before_due((a, due, b), x) == (a, x, due, b)
    assert _before_due((due, a, due), x) == (due, a, x, due)  # the last "due"
    assert _before_due((a, b), x) == (a, b, x)                 # none: at the end
    assert _before_due((), x) == (x,)


PERSON_RULES = _local_rules(
    _local_rule("local.person.dated", "Для осіб певного віку", "For persons of an age",
                "{events: [appeal_filed], when: [{person: birth_date, before: 2000-01-01}, {person: citizenship, in: [UA, GE]}]}"),
    _local_rule("local.person.later", "Для молодших", "For the younger",
                "{events: [appeal_filed], when: [{person: birth_date, on_or_after: 1950-01-01}]}"))


def test_person_near_miss_names_each_missing_field_with_the_value_wanted(tmp_path):
    rules = _rules_from(tmp_path, PERSON_RULES)
    ev = {"id": "a", "type": "appeal_filed", "date": "2025-06-02", "person": "p"}
    r = procedure.check({"case_id": "t", "as_of": "2025-06-05", "persons": [{"id": "p"}], "events": [ev]}, rules=rules)
    (a, later) = [a for a in r.alerts if a.code == "alert.incomplete_input_person"]
    assert later.params["add"] == "`birth_date: >=1950-01-01`" and later.params["rule"] == "local.person.later"
    assert a.level == "warning" and a.deadline is None
    assert a.params["event"] == "a" and a.params["rule"] == "local.person.dated" and a.params["person"] == "p"
    assert a.params["title"] == {"uk": "Для осіб певного віку", "en": "For persons of an age"}
    assert a.params["attrs"] == "`birth_date`, `citizenship`"
    assert a.params["add"] == "`birth_date: <2000-01-01`, `citizenship: UA | GE`"
    # the event names no person: the other alert, with the same wants
    del ev["person"]
    r = procedure.check({"case_id": "t", "as_of": "2025-06-05", "persons": [{"id": "p"}], "events": [ev]}, rules=rules)
    (b, _) = [a for a in r.alerts if a.code == "alert.incomplete_person"]
    assert b.params == {"event": "a", "rule": "local.person.dated", "title": a.params["title"], "person": "—",
                        "add": a.params["add"]}
    assert "For persons of an age" in b.message("en") and "`person`" in b.message("en")


def test_a_term_set_in_the_case_stands_as_a_rule_of_its_own():
    # The rule a `sets_term` stands for is shown like any rule (explain, the rules column of a report): its
    # title names the label or the event in both languages, its version starts on the event's day, it has
    # no conditions, its source is the case, and it warns three days ahead (not a bundled rule's default).
    events = [
        {"id": "lab", "type": "lap_decision", "date": "2025-04-28", "person": "p",
         "sets_term": {"days": 7, "party": "person", "label": "Submit the missing documents"}},
        {"id": "nol", "type": "lap_decision", "date": "2025-04-29", "person": "p", "sets_term": {"until": "2025-05-20", "party": "person"}},
        {"id": "wd", "type": "lap_decision", "date": "2025-04-30", "person": "p", "sets_term": {"working_days": 3, "party": "authority"}},
    ]
    r = procedure.check({"case_id": "s", "persons": [{"id": "p"}], "events": events}, as_of="2025-05-02")
    lab, nol, wd = (r.deadline(f"set_term@{e}").rule for e in ("lab", "nol", "wd"))
    assert (lab.title.uk, lab.title.en) == ("Submit the missing documents", "Submit the missing documents")
    lap = procedure.load_rules().events["lap_decision"].title
    assert (nol.title.uk, nol.title.en) == ("Строк, встановлений: " + lap.uk, "Term set by: " + lap.en)
    for rule, day in ((lab, D(2025, 4, 28)), (nol, D(2025, 4, 29)), (wd, D(2025, 4, 30))):
        (v,) = rule.versions
        assert v.valid_from == day and v.valid_to is None and v.period is None and v.period_from_attr.attr == "sets_term"
        assert rule.conditions == () and rule.pending_on == () and rule.act is None and rule.quote is None
        assert rule.confidence == "official_text" and rule.verified == day and rule.warning_days == 3
        assert rule.not_started_level == "warning" and rule.overdue_level == "critical" and rule.kind == "act_by"
    assert lab.versions[0].period_from_attr.unit == "days" and nol.versions[0].period_from_attr.unit == "days"
    assert wd.versions[0].period_from_attr.unit == "working_days" and wd.party == "authority"
    # three days ahead: wd ends on the 3rd working day after Wed 04-30 (Thu 05-01 is a working day under
    # martial law): Thu 05-01, Fri 05-02, Mon 05-05 -> due soon on Fri 05-02
    assert r.deadline("set_term@wd").due == D(2025, 5, 5) and r.deadline("set_term@wd").status == "due_soon"


def test_why_a_day_is_what_it_is_names_the_day_and_its_provision():
    # Each reason of a day's status, as `procedure day` and the explanation steps show it: the holiday's
    # name in both languages and the Labour Code provision (art 73: holidays; art 67 part 3: a day off
    # moved; parts 1-2: the weekend), or the martial-law provision (Law 2136-IX art 6 part 6).
    from procedure.calendar import LABOUR_CODE_HOLIDAYS, LABOUR_CODE_TRANSFER, LABOUR_CODE_WEEKEND, LegalCalendar

    ml = load_martial_law()
    c = LegalCalendar(ml, [Closure(D(2025, 6, 16), "court closed (power cut)")])

    def one(day):
        info = c.why(day)
        (r,) = info.reasons
        return info.working, r.code, r.name_uk, r.name_en, r.basis

    # Thu 2021-01-07, Orthodox Christmas before martial law: a holiday
    assert one(D(2021, 1, 7)) == (False, "holiday", "Різдво Христове", "Christmas Day", LABOUR_CODE_HOLIDAYS)
    # Mon 2020-06-08: Trinity fell on Sunday 06-07, the day off moved to Monday (art 67 part 3)
    assert one(D(2020, 6, 8)) == (False, "transfer", "Трійця (вихідний)", "Pentecost (observed)", LABOUR_CODE_TRANSFER)
    # Fri 2021-01-08 off, worked on Sat 2021-01-16 (a Cabinet transfer)
    assert one(D(2021, 1, 8))[:2] == (False, "transfer") and one(D(2021, 1, 8))[4] == LABOUR_CODE_TRANSFER
    assert one(D(2021, 1, 16)) == (True, "worked_saturday", "", "", LABOUR_CODE_TRANSFER)
    assert one(D(2021, 8, 21)) == (False, "weekend", "", "", LABOUR_CODE_WEEKEND)
    # Thu 2023-08-24, Independence Day under martial law: a working day, by Law 2136-IX art 6 part 6
    assert one(D(2023, 8, 24)) == (True, "martial_law_holiday", "День незалежності України", "Independence Day",
                                   ml.holidays_basis)
    assert ml.holidays_basis.act == "2136-IX" and ml.holidays_basis.article == "6"
    assert one(D(2025, 6, 16)) == (False, "closure", "court closed (power cut)", "court closed (power cut)", None)
    # Without martial law: Sun 2023-01-01 New Year moves the day off to Mon 01-02; Thu 2023-08-24 is a holiday
    p = LegalCalendar(peacetime(ml))
    (r,) = p.why(D(2023, 1, 2)).reasons
    assert (r.code, r.name_uk, r.name_en, r.basis) == ("transfer", "Новий рік (вихідний)", "New Year's Day (day off)", LABOUR_CODE_TRANSFER)
    (r,) = p.why(D(2023, 8, 24)).reasons
    assert (r.code, r.name_en, r.basis) == ("holiday", "Independence Day", LABOUR_CODE_HOLIDAYS)
    assert p.is_working_day(D(2024, 1, 8))  # 7 January is no longer in art 73 from 2023 (Christmas is 25 December)


def test_utc_offset_is_written_as_people_write_it():
    from procedure.periods import _utc_offset

    assert _utc_offset(dt.datetime(2025, 3, 30, 2, 0, tzinfo=KYIV)) == "UTC+02:00"
    assert _utc_offset(dt.datetime(2025, 3, 30, 5, 0, tzinfo=KYIV)) == "UTC+03:00"
    assert _utc_offset(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)) == "UTC+00:00"
    assert _utc_offset(dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30)))) == "UTC-05:30"


def test_an_unknown_date_that_changes_only_the_day_takes_the_earliest_day():
    # The decision was given between Mon 2025-08-11 and Thu 08-14. Appeal (10 days, KAS 120): from 08-11 ->
    # Thu 08-21; from 08-14 -> Sun 08-24 -> Mon 08-25. On Fri 08-15 both are open (6 and 10 days left): the
    # status does not hang on the day, the date does -> the earlier day is the report's, the other a reading.
    case = {"case_id": "u", "as_of": "2025-08-15", "events": [
        {"id": "dec", "type": "court_decision", "proceeding": "kas_289", "instance": "first", "subject": "detention",
         "outcome": "refused", "date_unknown": {"not_before": "2025-08-11", "not_after": "2025-08-14"}}]}
    d = procedure.check(case).deadline("kas.289.appeal@dec")
    assert d.due == D(2025, 8, 21) and d.status == "open"
    assert [(r.code, r.due, r.status) for r in d.readings] == [("primary", D(2025, 8, 21), "open"),
                                                                ("date_unknown", D(2025, 8, 25), "open")]


NEAR_RULES = _local_rules(
    _local_rule("local.nm.all", "Усі умови", "All conditions",
                "{events: [court_decision], when: [{attr: proceeding, eq: kas_general}, {attr: outcome, eq: granted}, "
                "{attr: subject, exists: true}, {attr: subject, in: [detention, bail]}, {attr: detained_since, before: 2030-01-01}, "
                "{attr: full_text_date, on_or_after: 2000-01-01}, {attr: months, exists: true}]}"),
    _local_rule("local.nm.after", "Після першого", "After the first",
                "{events: [court_decision], when: [{attr: proceeding, eq: kas_general}, {attr: outcome, eq: granted}]}",
                party="court", extra="    anchor: {from: deadline, rule: local.nm.all}\n"))


def test_near_miss_asks_for_each_attribute_by_its_condition(tmp_path):
    # One line per missing attribute, the most telling condition on it (a value, not "it exists"): eq, in,
    # before, on_or_after, exists; with the attribute's allowed values or type. The rule that runs from the
    # near-missed one does not raise a second alert for the same event.
    rules = _rules_from(tmp_path, NEAR_RULES)
    case = {"case_id": "n", "as_of": "2025-06-20", "events": [
        {"id": "d", "type": "court_decision", "date": "2025-06-10", "proceeding": "kas_general", "instance": "first"}]}
    r = procedure.check(case, rules=rules)
    hits = [a for a in r.alerts if a.code == "alert.incomplete_input" and a.params["rule"].startswith("local.")]
    assert [a.params["rule"] for a in hits] == ["local.nm.all"]
    p = hits[0].params
    assert p["event"] == "d" and p["title"] == {"uk": "Усі умови", "en": "All conditions"}
    assert p["attrs"] == "`outcome`, `subject`, `detained_since`, `full_text_date`, `months`"
    assert p["add"] == ("`outcome: granted`, `subject: detention | bail`, `detained_since: <2030-01-01`, "
                        "`full_text_date: >=2000-01-01`, `months: …`")
    assert p["values"] == ("outcome: granted, refused, partly_granted, other; subject: detention, detention_extension, "
                           "bail, surety, forced_return, forced_expulsion, other; detained_since: date; "
                           "full_text_date: date; months: int")


@pytest.mark.parametrize("cure, due, over", [
    # kas.169.cure allows at most 10 days from service. Served Mon 2025-01-20.
    ({"days": 10}, D(2025, 1, 30), False),          # Thu 01-30: exactly the maximum, no alert
    ({"days": 11}, D(2025, 1, 30), True),           # cut back to ten days, with the alert
    ({"working_days": 8}, D(2025, 1, 30), False),   # Tue 21 ... Thu 30: the 8th working day ends on the tenth day
    ({"working_days": 9}, D(2025, 1, 30), True),    # Fri 01-31 is past the ten days: cut back, alert
    ({"until": "2025-01-30"}, D(2025, 1, 30), False),
    ({"until": "2025-01-31"}, D(2025, 1, 30), True),
])
def test_a_court_set_term_at_the_maximum_is_not_beyond_it(cure, due, over):
    case = {"case_id": "c", "as_of": "2025-01-21", "events": [
        {"id": "lwm", "type": "left_without_movement_served", "date": "2025-01-20", "ground": "defects", "cure_days": cure}]}
    r = procedure.check(case)
    assert r.deadline("kas.169.cure@lwm").due == due
    assert any(a.code == "alert.beyond_maximum" for a in r.alerts) is over


def test_today_is_the_day_in_kyiv_whatever_the_machine_zone(monkeypatch):
    # A case with no as-of is judged on today's date in Kyiv (legal time), not the machine's zone: at
    # 23:30 UTC on 31 December it is already 1 January in Kyiv (UTC+2). The clock is read once, so the
    # test freezes it.
    import procedure.engine as engine

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.timezone.utc).astimezone(tz)

    monkeypatch.setattr(engine.dt, "datetime", Frozen)
    assert engine.today_in_kyiv() == D(2026, 1, 1)


def test_a_chained_term_counted_from_an_other_end_past_the_calendar_keeps_the_reading_without_an_alert():
    # kas.289.hold_pending_final runs from the end of the appeal term (0 days: due that day). Counted from an
    # other end inside the calendar, the reading takes that day; from one past the calendar's last day
    # (2025-06-30 here), the reading stays without a date and no out-of-range alert is raised for it.
    from procedure.calendar import LegalCalendar
    from procedure.engine import _Evaluator
    from procedure.periods import Ambiguity

    rules = procedure.load_rules()
    case = procedure.case.parse_case({"case_id": "c", "events": [
        {"id": "dec", "type": "court_decision", "date": "2025-06-13", "proceeding": "kas_289", "instance": "first",
         "subject": "detention", "outcome": "refused"}]}, rules)
    ev = _Evaluator(case, rules, D(2025, 6, 20), LegalCalendar(load_martial_law(), (), D(2020, 1, 1), D(2025, 6, 30)))
    rule = rules.by_id("kas.289.hold_pending_final")
    event = case.events[0]
    trig = procedure.values.Trigger(event.id, event.type, event.date, None)
    ev.run_rule(rules.by_id("kas.289.appeal"))
    appeal = ev.deadlines["kas.289.appeal@dec"]  # Fri 2025-06-13 + 10 d = Mon 06-23
    version = rule.version_on(event.date)

    def from_other_end(day):
        base = attrs.evolve(appeal, ambiguities=(Ambiguity("convention_alternative", {}, day),))
        d = ev._from_base(rule, trig, version, event, [], [], base)
        assert d.due == D(2025, 6, 23) and [s.code for s in d.steps][0] == "anchor_deadline"
        return [a for a in d.ambiguities if a.code == "chained_convention_alternative"]

    assert [a.alternative_due for a in from_other_end(D(2025, 6, 21))] == [D(2025, 6, 21)]
    assert [a.alternative_due for a in from_other_end(D(2025, 7, 2))] == [None] and ev.alerts == []


@pytest.mark.parametrize("obj, msg", [
    ([5], "not a term"),
    ({"weeks": 2}, "unknown unit 'weeks'"),
    ({"w" * 40: 2}, "unknown unit '" + "w" * 30 + "'"),  # the unit is cut to 30 characters in the message
    ({"days": 1, "weeks": 2, "fortnights": 1}, "unknown unit 'weeks'"),  # the first unknown one
    ({}, "a term needs a unit"),
    ({"days": 1, "months": 2}, "a term has exactly one unit"),
    ({"until": "2025-1-1"}, "until is a date YYYY-MM-DD"),
    ({"until": dt.datetime(2025, 1, 1, 10, 0)}, "until is a date YYYY-MM-DD"),
    ({"until": "2025-02-30"}, "until is not a real calendar date"),
    ({"days": 0}, "days must be a whole number from 1 to 36600"),
    ({"working_days": 3661}, "working_days must be a whole number from 1 to 3660"),
    ({"months": True}, "months must be a whole number from 1 to 1200"),
    ({"hours": 1.5}, "hours must be a whole number from 1 to 87600"),
])
def test_a_bad_term_value_says_exactly_what_is_wrong(obj, msg):
    # The reason is what a lawyer reads after the place (file, event, field) in the one-line error.
    from procedure.periods import term_value

    with pytest.raises(ValueError) as err:
        term_value(obj)
    assert str(err.value) == msg


def test_a_good_term_value_is_the_term_or_the_named_day():
    from procedure.periods import Term, term_value

    assert term_value({"until": D(2025, 3, 4)}) == D(2025, 3, 4)
    assert term_value({"until": "2025-03-04"}) == D(2025, 3, 4)
    assert term_value({"years": 100}) == Term(years=100) and term_value({"hours": 72}) == Term(hours=72)


def test_a_court_set_term_of_exactly_the_maximum_in_months_is_no_excess():
    # KAS art 289 part 11: six months a detention order. An order of exactly 6 months is within the law (no
    # alert.beyond_maximum); 7 months is cut to 6 with the alert naming 7 and 6 (Fri 2025-06-13 + 6 m = Sat 12-13).
    def run(months):
        return procedure.check({"case_id": "m", "persons": [{"id": "f"}], "events": [
            {"id": "dec", "type": "court_decision", "date": "2025-06-13", "person": "f", "proceeding": "kas_289",
             "instance": "first", "subject": "detention", "outcome": "granted", "months": months}]}, as_of=D(2025, 7, 1))

    exact, over = run(6), run(7)
    assert exact.deadline("kas.289.detention_term@dec").due == over.deadline("kas.289.detention_term@dec").due == D(2025, 12, 13)
    assert not [a for a in exact.alerts if a.code == "alert.beyond_maximum"]
    (a,) = [a for a in over.alerts if a.code == "alert.beyond_maximum"]
    assert a.deadline == "kas.289.detention_term@dec" and a.params["event"] == "dec"
    assert a.params["term"] == {"uk": "7 місяців", "en": "7 months"} and a.params["max"] == {"uk": "6 місяців", "en": "6 months"}


def test_an_hour_limit_is_not_exceeded_at_its_last_instant():
    # Constitution art 29: 72 hours from Wed 2025-06-11 10:00 end at Sat 2025-06-14 10:00 (+03:00). Judged at
    # that very instant the term has not yet run out; a minute later it has.
    def status(at):
        r = procedure.check({"case_id": "h", "persons": [{"id": "f"}], "as_of": at, "events": [
            {"id": "det", "type": "detained", "date": "2025-06-11", "time": "10:00", "person": "f",
             "by": "migration_service", "ground": "identification_expulsion"}]})
        return r.deadline("const.29.detention_72h@det").status

    assert status("2025-06-14T10:00+03:00") != "exceeded"
    assert status("2025-06-14T07:00+00:00") != "exceeded"  # the same instant written in UTC
    assert status("2025-06-14T10:01+03:00") == "exceeded"
