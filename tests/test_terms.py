"""Terms set by a court or an authority (issue 12 point 10): what the data cases in tests/cases/terms.yaml
cannot express — bad input refused with one line naming the file, the event and the field (exit 2), and
the API's handling of structured term values."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

import procedure
from procedure.errors import CaseError

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _cli(case: dict, tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    f = tmp_path / "case.json"
    f.write_text(json.dumps(case), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "procedure", "check", str(f), "--as-of", "2025-03-01", *args],
                          capture_output=True, text=True, cwd=str(ROOT))


def _lwm(value) -> dict:
    return {"case_id": "t", "events": [{"id": "lwm", "type": "left_without_movement_served", "date": "2025-02-24",
                                        "ground": "defects", "cure_days": value}]}


@pytest.mark.parametrize("value,words", [
    (-3, "cannot be negative"),
    ({"days": -3}, "days must be a whole number"),
    ({"days": 0}, "days must be a whole number"),
    ({"days": 5, "working_days": 5}, "exactly one unit"),
    ({"days": 5, "until": "2025-03-01"}, "exactly one unit"),
    ({"weeks": 2}, "unknown unit 'weeks'"),
    ({}, "needs a unit"),
    ({"until": "2025-02-30"}, "not a real calendar date"),
    ({"until": "soon"}, "until is a date"),
    ({"days": "five"}, "days must be a whole number"),
    ({"days": True}, "days must be a whole number"),
    ({"months": 1}, "a unit the rule does not allow"),   # kas.169.cure: days, working_days, until
    ({"hours": 48}, "a unit the rule does not allow"),
    ("five", "not a term"),
])
def test_bad_court_set_term_is_one_line_naming_file_event_and_field(tmp_path, value, words):
    r = _cli(_lwm(value), tmp_path)
    assert r.returncode == 2, r.stdout
    assert r.stdout == "" and "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, r.stderr
    assert words in lines[0] and "case.json" in lines[0] and "$.events[0].cure_days" in lines[0], lines[0]


def test_a_unit_the_rule_does_not_allow_names_the_rule():
    with pytest.raises(CaseError) as exc:
        procedure.check(_lwm({"months": 1}), as_of="2025-03-01")
    p = exc.value.problems[0]
    assert p.field == "cure_days" and "kas.169.cure" in (p.expected or "") and "until" in (p.expected or "")


def test_a_bare_number_keeps_the_rule_unit_and_equals_the_structured_days():
    a = procedure.check(_lwm(5), as_of="2025-02-25").deadlines
    b = procedure.check(_lwm({"days": 5}), as_of="2025-02-25").deadlines
    assert [(d.id, d.due, d.status) for d in a] == [(d.id, d.due, d.status) for d in b]
    # Mon 2025-02-24 + 5 days = Sat 03-01 -> Mon 03-03
    assert a[0].due.isoformat() == "2025-03-03"


def test_a_date_value_from_python_is_read_as_iso():
    import datetime as dt

    r = procedure.check(_lwm({"until": dt.date(2025, 3, 4)}), as_of="2025-02-25")
    assert r.deadlines[0].due == dt.date(2025, 3, 4)


def test_named_day_step_is_explained_in_both_languages():
    case = _lwm({"until": "2025-03-04"})
    uk = procedure.check(case, as_of="2025-02-25", lang="uk")
    en = procedure.check(case, as_of="2025-02-25")
    assert "в акті названо останній день — 4 березня 2025 р." in uk.explain("kas.169.cure@lwm", "uk")
    assert "the act names the last day, 2025-03-04; nothing is counted" in en.explain("kas.169.cure@lwm", "en")
