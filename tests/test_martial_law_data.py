"""Martial-law data past its last known period (docs/time.md, "Adding an extension").

The bundled periods end at 05:30 on 2026-05-04 (Decree 40/2026, Law 4757-IX). Extensions after that
could not be confirmed from the sources at hand, so the calendar assumes `continues` and reports the
other date. Adding a confirmed extension is one line in rules/calendar/martial-law.yaml; these tests
add that line to a copy and check that the calendar uses it.

Dates worked by hand (Orthodox Easter 2026 is 12 April, so Trinity is Sunday 31 May 2026):
- kas.289.appeal from Fri 2026-05-22 + 10 days = Mon 2026-06-01.
  Under martial law (Law 2136-IX art 6 p6) no day off is transferred: Mon 06-01 is a working day.
  Without martial law, Trinity on a Sunday moves the day off to Mon 06-01 (Labour Code art 67 p3, 73),
  so the term moves to Tue 2026-06-02.
"""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

import procedure
from procedure._paths import bundled_rules_dir
from procedure.calendar import load_martial_law
from procedure.errors import CalendarError

BUNDLED = bundled_rules_dir() / "calendar" / "martial-law.yaml"  # the checkout's rules/, or the wheel's copy
EXTENSION = '  - {decree: "TEST/2026", approved_by: "TEST-IX", start: "2026-05-04T05:30", days: 90}\n'
CASE = {"case_id": "ml", "events": [{"id": "d", "type": "court_decision", "date": "2026-05-22",
                                     "proceeding": "kas_289", "instance": "first", "subject": "detention",
                                     "outcome": "granted"}]}


def _with_extension(tmp_path, line=EXTENSION):
    f = tmp_path / "martial-law.yaml"
    f.write_text(BUNDLED.read_text(encoding="utf-8").rstrip("\n") + "\n" + line, encoding="utf-8")
    return str(f)


def test_bundled_data_ends_2026_05_04_and_the_assumption_is_reported():
    ml = load_martial_law()
    assert ml.known_until == dt.date(2026, 5, 4) and ml.after_known == "continues"
    d = procedure.check(CASE, as_of="2026-05-25").deadline("kas.289.appeal@d")
    # Mon 06-01 under the assumption; Tue 06-02 if martial law ended (Trinity's day off moved to Monday).
    assert d.due == dt.date(2026, 6, 1)
    alt = {a.code: a.alternative_due for a in d.ambiguities}
    assert alt.get("martial_law_unknown") == dt.date(2026, 6, 2)


def test_one_added_entry_is_used(tmp_path):
    path = _with_extension(tmp_path)
    ml = load_martial_law(path)
    assert ml.known_until == dt.date(2026, 8, 2)  # 05:30 on 2026-05-04 + 90 days = 05:30 on 2026-08-02
    d = procedure.check(CASE, as_of="2026-05-25", martial_law=path).deadline("kas.289.appeal@d")
    assert d.due == dt.date(2026, 6, 1)
    assert "martial_law_unknown" not in {a.code for a in d.ambiguities}  # known now: no other reading
    # The same entry with the case saying "ended after the known data": 06-01 is inside the known period.
    ended = dict(CASE, calendar={"martial_law_after_known": "ended"})
    assert procedure.check(ended, as_of="2026-05-25", martial_law=path).deadline("kas.289.appeal@d").due == dt.date(2026, 6, 1)
    # Without the entry, "ended" gives Tue 06-02.
    assert procedure.check(ended, as_of="2026-05-25").deadline("kas.289.appeal@d").due == dt.date(2026, 6, 2)


def test_a_mistyped_start_is_refused_not_a_silent_gap(tmp_path):
    path = _with_extension(tmp_path, EXTENSION.replace("2026-05-04T05:30", "2026-05-14T05:30"))
    with pytest.raises(CalendarError) as exc:
        load_martial_law(path)
    text = str(exc.value)
    assert "gap after the previous period" in text and "2026-05-04T05:30" in text and "periods[19]" in text
    overlap = _with_extension(tmp_path, EXTENSION.replace("2026-05-04T05:30", "2026-05-01T05:30"))
    with pytest.raises(CalendarError, match="overlaps"):
        load_martial_law(overlap)
    # A real break is allowed when it is said so.
    fresh = _with_extension(tmp_path, EXTENSION.replace("2026-05-04T05:30", "2026-06-10T05:30").replace("days: 90", "days: 90, new_regime: true"))
    assert load_martial_law(fresh).known_until == dt.date(2026, 9, 8)


def test_text_report_says_on_its_first_lines_when_past_the_known_data(tmp_path):
    lines = procedure.check(CASE, as_of="2026-05-25").to_text().splitlines()
    assert "2026-05-04" in lines[1] and "continues" in lines[1] and "as-of date 2026-05-25" in lines[1]
    uk = procedure.check(CASE, as_of="2026-05-25").to_text(lang="uk").splitlines()
    assert "04.05.2026" in uk[1] and "воєнний стан" in uk[1]
    # As of a known day, but a computed date past the data: still said.
    early = dict(CASE, events=[dict(CASE["events"][0], date="2026-04-28")])
    first = procedure.check(early, as_of="2026-04-29").to_text().splitlines()[1]
    assert "computed date" in first and "as-of" not in first   # 04-28 + 6 months detention ends past 05-04
    # Everything inside the known data: no such line.
    inside = dict(CASE, events=[dict(CASE["events"][0], date="2025-06-13", outcome="refused")])
    assert procedure.check(inside, as_of="2025-06-20").to_text().splitlines()[1] == ""
    # With the extension added, as of 2026-05-25 is known: no line (the detention term still runs past 08-02).
    path = _with_extension(tmp_path)
    short = dict(CASE, events=[dict(CASE["events"][0], outcome="refused")])
    assert procedure.check(short, as_of="2026-05-25", martial_law=path).to_text().splitlines()[1] == ""
