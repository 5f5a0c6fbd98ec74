"""The legal calendar: weekends, holidays, transfers, martial law, closures, range errors."""

import datetime as dt

import holidays
import pytest
from hypothesis import given, strategies as st

from procedure import CalendarError, Closure, legal_calendar
from procedure.calendar import load_martial_law, peacetime

_MUT = __import__("os").environ.get("HYPOTHESIS_PROFILE") == "mut"  # see docs/testing.md, mutation testing

D = dt.date


@pytest.mark.parametrize("day,working,code", [
    (D(2025, 6, 14), False, "weekend"),              # Saturday
    (D(2025, 6, 15), False, "weekend"),              # Sunday
    (D(2025, 6, 16), True, None),                    # ordinary Monday
    (D(2022, 3, 8), False, "holiday"),               # martial law in force, but Law 2136-IX only from 2022-03-24
    (D(2022, 3, 7), False, "transfer"),              # Cabinet transfer from Saturday 2022-03-12
    (D(2022, 3, 12), True, "worked_saturday"),       # the worked Saturday for it
    (D(2022, 5, 9), True, "martial_law_holiday"),    # Victory Day 2022: a working day under martial law
    (D(2025, 8, 25), True, None),                    # Monday after Independence Day on a Sunday: no transfer
    (D(2025, 12, 25), True, "martial_law_holiday"),  # Christmas 2025: working day
    (D(2021, 8, 24), False, "holiday"),              # Independence Day 2021 (peacetime)
    (D(2021, 8, 23), False, "transfer"),             # transferred from Saturday 2021-08-28
    (D(2021, 8, 28), True, "worked_saturday"),
    (D(2021, 5, 3), False, "transfer"),              # Labour Day 2021 fell on Saturday: moved to Monday
    (D(2020, 1, 1), False, "holiday"),
])
def test_day_status(cal, day, working, code):
    info = cal.why(day)
    assert info.working is working
    assert cal.is_working_day(day) is working
    if code:
        assert [r.code for r in info.reasons] == [code]
    else:
        assert info.reasons == ()


def test_holiday_names_do_not_depend_on_locale(cal):
    info = cal.why(D(2022, 3, 8))
    assert info.reasons[0].name_uk == "Міжнародний жіночий день"
    assert info.reasons[0].name_en == "International Women's Day"


def test_peacetime_transfers_art_67_part_3(peace):
    # 2025 without martial law: Trinity (Sun 06-08) -> Mon 06-09 off; Constitution Day (Sat 06-28) -> Mon 06-30 off.
    assert not peace.is_working_day(D(2025, 6, 9))
    assert not peace.is_working_day(D(2025, 6, 30))
    assert not peace.is_working_day(D(2025, 8, 25))  # Independence Day on Sunday 08-24 -> Monday off
    assert peace.why(D(2025, 6, 9)).reasons[0].code == "transfer"


def test_martial_law_state(cal):
    assert cal.why(D(2022, 2, 23)).martial_law == "none"
    assert cal.why(D(2022, 2, 24)).martial_law == "in_force"   # from 05:30
    assert cal.why(D(2026, 5, 4)).martial_law == "in_force"    # until 05:30
    assert cal.why(D(2026, 5, 5)).martial_law == "assumed"
    assert cal.martial_law.known_until == D(2026, 5, 4)


def test_user_ends_martial_law(cal):
    ended = legal_calendar(load_martial_law(after_known="ended"))
    assert ended.why(D(2026, 8, 24)).working is False          # Independence Day 2026 (Monday) in peacetime
    assert cal.why(D(2026, 8, 24)).working is True             # assumed to continue: a working day
    # Labour Day 2026-05-01 (Fri) is inside the last known period: a working day under either assumption.
    assert ended.is_working_day(D(2026, 5, 1)) is True


def test_known_period_wins_over_assumption():
    ended = legal_calendar(load_martial_law(after_known="ended"))
    assert ended.why(D(2026, 5, 1)).martial_law == "in_force"


def test_closures():
    c = legal_calendar(closures=[Closure(D(2025, 6, 16), "court closed: air raid damage", "Kyiv District Administrative Court")])
    info = c.why(D(2025, 6, 16))
    assert not info.working and info.reasons[0].code == "closure"
    assert c.next_working_day(D(2025, 6, 14)) == D(2025, 6, 17)


def test_next_previous(cal):
    assert cal.next_working_day(D(2025, 6, 14)) == D(2025, 6, 16)
    assert cal.next_working_day(D(2025, 6, 16)) == D(2025, 6, 16)
    assert cal.next_working_day(D(2025, 6, 16), inclusive=False) == D(2025, 6, 17)
    assert cal.previous_working_day(D(2025, 6, 15)) == D(2025, 6, 13)
    assert cal.previous_working_day(D(2025, 6, 13), inclusive=False) == D(2025, 6, 12)


def test_working_day_offsets(cal, peace):
    assert cal.add_working_days(D(2025, 6, 6), 15) == D(2025, 6, 27)
    assert peace.add_working_days(D(2025, 6, 6), 15) == D(2025, 7, 1)
    assert cal.add_working_days(D(2025, 6, 27), -15) == D(2025, 6, 6)
    assert cal.add_working_days(D(2025, 6, 14), 1) == D(2025, 6, 16)   # from a Saturday
    assert cal.add_working_days(D(2025, 6, 16), 0) == D(2025, 6, 16)
    assert cal.working_days_between(D(2025, 6, 6), D(2025, 6, 27)) == 15


@pytest.mark.parametrize("day", [D(1991, 12, 31), D(2076, 1, 1), D(1900, 1, 1)])
def test_outside_range_is_an_error(cal, day):
    with pytest.raises(CalendarError) as exc:
        cal.is_working_day(day)
    assert "outside the range" in str(exc.value)


def test_offset_past_the_end_is_an_error(cal):
    with pytest.raises(CalendarError):
        cal.add_working_days(D(2075, 12, 20), 30)


def test_frozen_data_matches_installed_holidays():
    """Drift test: the frozen holiday file equals what the installed python-holidays says.

    When it fails after an upgrade, review the difference and re-freeze with tools/freeze_calendar.py."""
    from procedure.calendar import _holiday_data

    frozen, saturdays, y0, y1, _ = _holiday_data()
    years = range(y0, y1 + 1)
    live = holidays.UA(years=years, categories=("public", "workday"), language="uk")
    public = holidays.UA(years=years, categories=("public",), language="uk")
    assert {d: h.name_uk for d, h in frozen.items()} == dict(live)
    assert {d for d, h in frozen.items() if h.category == "public"} == set(public)
    assert saturdays == {d for d in public.weekend_workdays if y0 <= d.year <= y1}


def naive_add(cal, day, n):
    """Reference: step day by day."""
    d = day
    while n > 0:
        d += dt.timedelta(days=1)
        if cal.is_working_day(d):
            n -= 1
    return d


# 400 working days are at most ~600 calendar days: start early enough to stay inside the range (a result
# past 2075-12-31 is a CalendarError by design, tested in test_offset_past_the_end_is_an_error).
dates = st.dates(min_value=D(1992, 1, 1), max_value=D(2074, 5, 1))


@given(dates, st.integers(min_value=0, max_value=400))
def test_offset_equals_day_by_day_reference(day, n):
    c = legal_calendar()
    assert c.add_working_days(day, n) == naive_add(c, day, n)


# 1992-01-01 is a holiday with no working day before it inside the range: looking back from it is an
# error by design (tested above), so the property starts a week in.
@given(st.dates(min_value=D(1992, 1, 8), max_value=D(2075, 12, 24)))
def test_no_date_in_range_raises_and_rollover_lands_on_working_day(day):
    c = legal_calendar()
    c.why(day)
    nxt = c.next_working_day(day)
    assert nxt >= day and c.is_working_day(nxt)
    assert all(not c.is_working_day(day + dt.timedelta(days=k)) for k in range((nxt - day).days))
    prv = c.previous_working_day(day)
    assert prv <= day and c.is_working_day(prv)


def _regimes():
    ml = load_martial_law()
    return [
        ("bundled, continues", legal_calendar(ml)),
        ("bundled, ended", legal_calendar(load_martial_law(after_known="ended"))),
        ("peacetime", legal_calendar(peacetime(ml))),
        ("closures", legal_calendar(ml, [Closure(D(2025, 6, 16), "closed"), Closure(D(2019, 1, 7), "closed"),
                                         Closure(D(2021, 8, 28), "closed on a worked Saturday")])),
        ("short range", legal_calendar(ml, (), D(2023, 2, 1), D(2024, 3, 31))),
    ]


@pytest.mark.parametrize("name,c", _regimes(), ids=[n for n, _ in _regimes()])
def test_working_map_equals_day_by_day_decision(name, c):
    """The working-day map is built from the exceptions in bulk; every day must agree with `why`.
    Under the mutation profile (HYPOTHESIS_PROFILE=mut: the test runs once per mutant) every day of
    2019-2029 and of the range's first and last 400 days; otherwise every day of the range."""
    days = [c.first + dt.timedelta(days=k) for k in range((c.last - c.first).days + 1)]
    if _MUT:
        days = [d for d in days if D(2019, 1, 1) <= d <= D(2029, 12, 31) or (d - c.first).days < 400 or (c.last - d).days < 400]
    mismatches = [day for day in days if c.is_working_day(day) != c.why(day).working]
    assert mismatches == []
    assert c._ordinals == [d for d in range(c.first.toordinal(), c.last.toordinal() + 1) if c._working[d - c.first.toordinal()]]
