"""Period arithmetic: the examples of issue 2, computed by hand from the laws' text, and invariants."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, strategies as st

from procedure import Term, compute, date_of_age, fixed_date, legal_calendar
from procedure.calendar import KYIV

D = dt.date


def due(conv, cal, anchor, **term):
    return compute(anchor, Term(**term), conv, cal, None)


def test_30_days_roll_off_sunday(conv, cal):
    # KAS 120 p1, p6: 2025-04-04 + 30 d = 2025-05-04 (Sunday) -> Monday 2025-05-05.
    r = due(conv["kas_120"], cal, D(2025, 4, 4), days=30)
    assert (r.raw_end, r.due, r.start) == (D(2025, 5, 4), D(2025, 5, 5), D(2025, 4, 5))
    assert [s.code for s in r.steps if s.code.startswith("rollover")] == ["rollover_forward"]
    assert r.due_at.isoformat() == "2025-05-05T23:59:59+03:00"


def test_10_days(conv, cal):
    # 2025-06-13 (Fri) + 10 d = 2025-06-23 (Mon): no move.
    assert due(conv["kas_120"], cal, D(2025, 6, 13), days=10).due == D(2025, 6, 23)


def test_15_working_days_martial_law_vs_peacetime(conv, cal, peace):
    # 3671-VI art 8 p1: 15 working days from Fri 2025-06-06. Under martial law only Sat/Sun are off:
    # 06-09..13 (5), 16..20 (10), 23..27 (15) -> 06-27. In peacetime Trinity (Sun 06-08) moves to Mon 06-09
    # and Constitution Day (Sat 06-28) to Mon 06-30: 06-10..13 (4), 16..20 (9), 23..27 (14), 07-01 (15).
    assert due(conv["working_days"], cal, D(2025, 6, 6), working_days=15).due == D(2025, 6, 27)
    assert due(conv["working_days"], peace, D(2025, 6, 6), working_days=15).due == D(2025, 7, 1)


def test_month_end_clamp_leap_and_common(conv, cal):
    # KAS 120 p3-4: a month from 31 January ends on the last day of February.
    r = due(conv["kas_120"], cal, D(2024, 1, 31), months=1)
    assert r.due == D(2024, 2, 29) and "month_end_clamp" in [s.code for s in r.steps]
    assert due(conv["kas_120"], cal, D(2023, 1, 31), months=1).due == D(2023, 2, 28)


def test_six_months_detention_no_move(conv, cal):
    # KAS 289 p11, substantive: 2025-06-11 + 6 months = 2025-12-11 (Thu), never moved.
    assert due(conv["substantive"], cal, D(2025, 6, 11), months=6).due == D(2025, 12, 11)
    # 2025-06-13 + 6 m = 2025-12-13, a Saturday: a limit does not move.
    r = due(conv["substantive"], cal, D(2025, 6, 13), months=6)
    assert r.due == D(2025, 12, 13) and "no_rollover" in [s.code for s in r.steps]


def test_72_hours(conv, cal):
    # Constitution art 29: 2025-06-11 10:00 + 72 h = 2025-06-14 10:00 (Kyiv, no DST change).
    start = dt.datetime(2025, 6, 11, 10, 0, tzinfo=KYIV)
    r = compute(start, Term(hours=72), conv["hours_elapsed"], cal)
    assert r.due_at == dt.datetime(2025, 6, 14, 10, 0, tzinfo=KYIV)
    assert r.due_at.isoformat() == "2025-06-14T10:00:00+03:00"


def test_72_hours_across_dst(conv, cal):
    # Clocks go back at 04:00 on 2025-10-26: 72 elapsed hours from 10:00 EEST end at 09:00 EET.
    r = compute(dt.datetime(2025, 10, 24, 10, 0, tzinfo=KYIV), Term(hours=72), conv["hours_elapsed"], cal)
    assert r.due_at.isoformat() == "2025-10-27T09:00:00+02:00"
    # Spring forward at 03:00 on 2025-03-30: from 10:00 EET on 03-29, 72 h end at 11:00 EEST on 04-01.
    r = compute(dt.datetime(2025, 3, 29, 10, 0, tzinfo=KYIV), Term(hours=72), conv["hours_elapsed"], cal)
    assert r.due_at.isoformat() == "2025-04-01T11:00:00+03:00"


def test_backward_moves_to_previous_working_day(conv, cal):
    # KAS 289 p12: five days before 2025-12-11 (Thu) = 2025-12-06 (Sat) -> Friday 2025-12-05, never forward.
    r = due(conv["backward_kas_120"], cal, D(2025, 12, 11), days=5)
    assert (r.raw_end, r.due) == (D(2025, 12, 6), D(2025, 12, 5))
    # Five days before 2025-12-13 (Sat) = 2025-12-08 (Mon): no move.
    assert due(conv["backward_kas_120"], cal, D(2025, 12, 13), days=5).due == D(2025, 12, 8)


def test_martial_law_holiday_does_not_move(conv, cal, peace):
    # 2025-12-22 + 10 d = 2026-01-01: New Year is a working day under martial law (Law 2136-IX art 6 p6).
    assert due(conv["kas_120"], cal, D(2025, 12, 22), days=10).due == D(2026, 1, 1)
    # In peacetime it is a public holiday (Labour Code art 73): -> Friday 2026-01-02.
    assert due(conv["kas_120"], peace, D(2025, 12, 22), days=10).due == D(2026, 1, 2)


def test_before_martial_law_holidays_roll(conv, cal):
    # 2022-02-26 + 10 d = 2022-03-08, still a public holiday (before 2022-03-24) -> Wed 2022-03-09.
    assert due(conv["kas_120"], cal, D(2022, 2, 26), days=10).due == D(2022, 3, 9)
    # 2021-08-14 + 10 d = 2021-08-24 (Independence Day, peacetime) -> 08-25.
    assert due(conv["kas_120"], cal, D(2021, 8, 14), days=10).due == D(2021, 8, 25)


def test_law_2073_short_terms_count_working_days(conv, cal):
    # 2073-IX art 33 p1: a 5-day term counts working days; from Fri 2025-06-13: 16, 17, 18, 19, 20 -> 06-20.
    r = due(conv["lap_33"], cal, D(2025, 6, 13), days=5)
    assert r.due == D(2025, 6, 20) and "short_term_working_days" in [s.code for s in r.steps]
    # A 30-day term counts calendar days: 2025-06-13 + 30 = 2025-07-13 (Sun) -> 07-14.
    assert due(conv["lap_33"], cal, D(2025, 6, 13), days=30).due == D(2025, 7, 14)
    # Exactly ten days is still working days: 2025-06-13 -> 06-27.
    assert due(conv["lap_33"], cal, D(2025, 6, 13), days=10).due == D(2025, 6, 27)


def test_echr_no_rollover_and_month_end_reported(conv, cal):
    # Four months from 2024-10-31 -> 2025-02-28 (clamped; not settled at the ECHR: 2025-03-01 reported).
    r = due(conv["echr_35"], cal, D(2024, 10, 31), months=4)
    assert r.due == D(2025, 2, 28)
    assert [(a.code, a.alternative_due) for a in r.ambiguities] == [("month_end_unsettled", D(2025, 3, 1))]
    # 2025-01-04 + 4 m = 2025-05-04, a Sunday: no extension (Sabri Güneş v. Turkey).
    assert due(conv["echr_35"], cal, D(2025, 1, 4), months=4).due == D(2025, 5, 4)


def test_feb29_anchor_year_term_reported(conv, cal):
    r = due(conv["kas_120"], cal, D(2024, 2, 29), years=1)
    assert r.due == D(2025, 2, 28)
    assert [a.code for a in r.ambiguities] == ["feb29_anchor"]


def test_whole_term_from_original_anchor():
    # One month plus one month from 31 January is not two months from 31 January.
    assert (Term(months=1) + Term(months=1)).total_months == 2
    cal = legal_calendar()
    from procedure.periods import Convention

    c = Convention("x", {"en": "x"}, rollover="none")
    assert compute(D(2023, 1, 31), Term(months=1) + Term(months=1), c, cal).due == D(2023, 3, 31)


def test_date_past_known_martial_law_is_reported(conv, cal):
    # 2026-12-20 + 12 d = 2027-01-01: working day if martial law continues; a holiday if it ended (-> 01-04).
    r = due(conv["kas_120"], cal, D(2026, 12, 20), days=12)
    assert r.due == D(2027, 1, 1)
    assert [(a.code, a.alternative_due) for a in r.ambiguities] == [("martial_law_unknown", D(2027, 1, 4))]


def test_fixed_dates():
    r = fixed_date(D(2025, 6, 19), "before")
    assert r.due == D(2025, 6, 18) and r.ambiguities[0].alternative_due == D(2025, 6, 19)
    assert fixed_date(D(2025, 6, 19), "until").due == D(2025, 6, 19)


def test_age():
    assert date_of_age(D(1979, 9, 3), 45) == (D(2024, 9, 3), ())
    reached, amb = date_of_age(D(1980, 2, 29), 45)
    assert reached == D(2025, 2, 28) and amb[0].alternative_due == D(2025, 3, 1)
    assert date_of_age(D(1980, 2, 29), 44)[0] == D(2024, 2, 29)


def test_term_refuses_mixed_units():
    with pytest.raises(ValueError):
        Term(months=1, days=1)
    with pytest.raises(ValueError):
        Term(days=-1)


# --- invariants ---------------------------------------------------------------------------------

anchors = st.dates(min_value=D(1993, 1, 1), max_value=D(2060, 12, 31))
forward = st.sampled_from(["kas_120", "lap_33", "substantive", "echr_35", "working_days", "cc_253", "kupap_analogy"])


@given(anchors, st.integers(0, 400), forward)
def test_forward_day_term_never_ends_before_anchor_and_lands_on_working_day(anchor, n, cid):
    from procedure import load_rules

    conv = load_rules().conventions[cid]
    cal = legal_calendar()
    r = compute(anchor, Term(days=n), conv, cal, None)
    assert r.due >= anchor
    if conv.rollover == "next_working_day":
        assert cal.is_working_day(r.due) or r.due == r.raw_end == anchor
        assert r.due >= r.raw_end
    else:
        assert r.due == r.raw_end == anchor + dt.timedelta(days=n)


@given(st.dates(min_value=D(1993, 1, 1), max_value=D(2055, 12, 31)), st.integers(0, 240))
def test_month_terms_equal_relativedelta_from_the_anchor(anchor, months):
    from procedure import load_rules

    conv = load_rules().conventions["substantive"]
    r = compute(anchor, Term(months=months), conv, legal_calendar(), None)
    assert r.due == anchor + relativedelta(months=months)


@given(anchors, st.integers(1, 60))
def test_backward_never_later_than_raw(anchor, n):
    from procedure import load_rules

    conv = load_rules().conventions["backward_kas_120"]
    cal = legal_calendar()
    r = compute(anchor, Term(days=n), conv, cal, None)
    assert r.due <= r.raw_end == anchor - dt.timedelta(days=n)
    assert cal.is_working_day(r.due)


@given(st.datetimes(min_value=dt.datetime(1995, 1, 1), max_value=dt.datetime(2060, 1, 1)), st.integers(1, 24 * 40))
def test_hours_are_elapsed_time(moment, hours):
    from procedure import load_rules

    start = moment.replace(tzinfo=KYIV)
    assume(start.astimezone(dt.timezone.utc).astimezone(KYIV).replace(tzinfo=None) == moment)  # skip DST gaps
    r = compute(start, Term(hours=hours), load_rules().conventions["hours_elapsed"], legal_calendar(), None)
    assert (r.due_at - start) == dt.timedelta(hours=hours) or \
        r.due_at.astimezone(dt.timezone.utc) - start.astimezone(dt.timezone.utc) == dt.timedelta(hours=hours)


def test_month_arithmetic_equals_relativedelta_over_a_leap_cycle():
    """add_months_clamped is written out (the rounding is the law's); dateutil is the oracle."""
    from procedure.periods import add_months_clamped

    day = dt.date(2023, 1, 1)
    counts = list(range(-36, 37)) + [240, 300, 540, -240]
    # Under the mutation profile (the test runs once per mutant): the days from the 25th to the 5th of each
    # month (month ends, clamps and the start of the next month) of the same four years.
    mut = __import__("os").environ.get("HYPOTHESIS_PROFILE") == "mut"
    while day < dt.date(2027, 1, 1):
        if mut and 5 < day.day < 25:
            day += dt.timedelta(days=1)
            continue
        for m in counts:
            want = day + relativedelta(months=m)
            got, clamped = add_months_clamped(day, m)
            assert (got, clamped) == (want, want.day != day.day), (day, m)
            nxt, _ = add_months_clamped(day, m, "first_of_next_month")
            assert nxt == (want + dt.timedelta(days=1) if clamped else want), (day, m)
        day += dt.timedelta(days=1)


@given(st.dates(dt.date(1992, 1, 1), dt.date(2075, 12, 31)), st.integers(-1200, 1200))
def test_month_arithmetic_equals_relativedelta_anywhere(day, months):
    from procedure.periods import add_months_clamped

    assert add_months_clamped(day, months)[0] == day + relativedelta(months=months)
