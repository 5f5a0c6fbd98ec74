"""Runs the tests written as data in tests/cases/*.yaml (OpenFisca style).

Each file:

    rule: kas.289.appeal            # the rule(s) the file is about (documentation only)
    cases:
      - name: weekend rollover
        as_of: 2025-08-20
        martial_law: known | ended | peacetime   # optional; default: the bundled periods
        persons: [...]                 # optional, as in case.json
        calendar: {...}                # optional, as in case.json
        events:
          - {id: d, type: court_decision, date: 2025-08-14, proceeding: kas_289, instance: first}
        expect:
          - {deadline: kas.289.appeal@d, due: 2025-08-25, status: open}
        absent: [kas.289.appeal_decide@d]   # optional: deadlines that must not exist
        alerts:                              # optional: alerts that must be raised; every key but
          - {code: alert.incomplete_input, event: d, rule: kas.289.detention_term}  # code matches the
                                             # alert's level/deadline or one of its parameters
        no_alerts: [alert.unattached_closer] # optional: alert codes that must not be raised

An expectation may also list `steps: [code, ...]` (explanation steps the deadline must show) and
`readings: [[code, status], ...]` (its readings, in order).

Every expected date is computed by hand from the act's text; the computation is written next to it.
"""

from __future__ import annotations

import datetime as dt
import pathlib

import attrs
import pytest
import yaml

import procedure
from procedure.calendar import load_martial_law, peacetime

CASES_DIR = pathlib.Path(__file__).parent / "cases"


def _iso(obj):
    if isinstance(obj, dict):
        return {k: _iso(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_iso(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def _collect():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data.get("cases") or ()):
            marks = [pytest.mark.xfail(reason=case["xfail_reason"], strict=True)] if case.get("xfail_reason") else []
            yield pytest.param(path.name, case, id=f"{path.stem}::{case.get('name', i)}", marks=marks)


def _martial_law_file(mode: str | None, tmp_path: pathlib.Path) -> str | None:
    if mode in (None, "known"):
        return None
    if mode == "peacetime":
        f = tmp_path / "no-martial-law.yaml"
        f.write_text("regime: {holidays_are_working_days_from: 2022-03-24, after_known: ended}\nperiods: []\n", encoding="utf-8")
        return str(f)
    if mode == "ended":
        return None  # handled through the case's calendar settings
    raise ValueError(f"unknown martial_law mode {mode!r}")


@pytest.mark.parametrize("fname,spec", list(_collect()))
def test_case(fname, spec, tmp_path):
    case, as_of, martial_law = _build(spec, tmp_path, f"{fname}:{spec.get('name')}")
    report = procedure.check(case, as_of=as_of, martial_law=martial_law)
    got = {d.id: d for d in report.deadlines}
    for exp in spec.get("expect") or ():
        did = exp["deadline"]
        assert did in got, f"{did} missing; got {sorted(got)}"
        d = got[did]
        if "due" in exp:
            want = _iso(exp["due"])
            assert (d.due.isoformat() if d.due else None) == want, f"{did}: due {d.due} != {want}"
        if "due_at" in exp:
            assert d.due_at.isoformat() == exp["due_at"], f"{did}: due_at {d.due_at.isoformat()} != {exp['due_at']}"
        if "status" in exp:
            assert d.status == exp["status"], f"{did}: status {d.status} != {exp['status']}"
        if "ambiguities" in exp:
            codes = sorted(a.code for a in d.ambiguities)
            for code in exp["ambiguities"]:
                assert code in codes, f"{did}: ambiguity {code} not in {codes}"
        if "steps" in exp:
            codes = [s.code for s in d.steps]
            for code in exp["steps"]:
                assert code in codes, f"{did}: step {code} not in {codes}"
        if "readings" in exp:
            got_r = [[r.code, r.status] for r in d.readings]
            assert got_r == exp["readings"], f"{did}: readings {got_r} != {exp['readings']}"
        if "alternative_due" in exp:
            alts = sorted(a.alternative_due.isoformat() for a in d.ambiguities if a.alternative_due)
            assert _iso(exp["alternative_due"]) in alts, f"{did}: alternative {exp['alternative_due']} not in {alts}"
    for did in spec.get("absent") or ():
        assert did not in got, f"{did} should not be produced"
    for want in spec.get("alerts") or ():
        def matches(a, want=want):
            for k, v in want.items():
                have = {"code": a.code, "level": a.level, "deadline": a.deadline}.get(k, a.params.get(k))
                if _iso(have) != _iso(v):
                    return False
            return True
        assert any(matches(a) for a in report.alerts), f"no alert {want}; got {[(a.code, a.deadline, dict(a.params)) for a in report.alerts]}"
    for code in spec.get("no_alerts") or ():
        assert not any(a.code == code for a in report.alerts), f"alert {code} should not be raised"


def test_every_rule_has_a_data_test():
    rules = procedure.load_rules()
    covered = set()
    for path in CASES_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data.get("cases") or ():
            for exp in case.get("expect") or ():
                covered.add(exp["deadline"].split("@")[0])
    missing = sorted(r.id for r in rules.rules if r.id not in covered)
    assert not missing, f"rules without a data test in tests/cases: {missing}"


def _build(spec, tmp_path, case_id="memo"):
    """The case.json of a data case, its as-of date and its martial-law file."""
    case = {"case_id": case_id, "events": _iso(spec["events"])}
    if spec.get("persons"):
        case["persons"] = _iso(spec["persons"])
    calendar = _iso(spec.get("calendar") or {})
    if spec.get("martial_law") == "ended":
        calendar["martial_law_after_known"] = "ended"
    if calendar:
        case["calendar"] = calendar
    return case, _iso(spec["as_of"]), _martial_law_file(spec.get("martial_law"), tmp_path)


def test_remembered_term_computations_change_nothing(tmp_path):
    """The engine remembers term computations across cases (procedure.engine._memo_for). Every data
    case evaluated cold, one by one, must give the same report as all of them evaluated with a shared
    memo in reverse order, with the memo already holding every other case's terms."""
    import random

    from procedure.engine import clear_memo

    specs = [p.values[1] for p in _collect()]
    cold = {}
    for i, spec in enumerate(specs):
        clear_memo()
        case, as_of, ml = _build(spec, tmp_path)
        cold[i] = procedure.check(case, as_of=as_of, martial_law=ml).to_dict()
    order = list(range(len(specs)))
    random.Random(7).shuffle(order)
    for i in order + order[::-1]:
        case, as_of, ml = _build(specs[i], tmp_path)
        assert procedure.check(case, as_of=as_of, martial_law=ml).to_dict() == cold[i], specs[i].get("name")


def test_memo_keeps_a_convention_with_and_without_its_alternative_apart():
    """A term computed for a rule's main reading also reports its convention's alternative; the same
    term computed as another reading does not. The memo must not hand one out for the other."""
    from procedure.engine import _Evaluator, calendar_for, clear_memo
    from procedure.periods import Term

    rules = procedure.load_rules()
    conv = next(c for c in rules.conventions.values() if c.alternative)
    case = procedure.case.parse_case({"case_id": "m", "events": [{"id": "e", "type": "court_decision", "date": "2025-06-06",
                                                                   "proceeding": "kas_289", "instance": "first"}]}, rules)
    clear_memo()
    ev = _Evaluator(case, rules, dt.date(2025, 6, 20), calendar_for(case))
    anchor = dt.date(2025, 6, 4)  # + 10 days = Saturday 2025-06-14: the alternative (no rollover) differs
    with_alt = ev._compute(anchor, Term(days=10), conv, rules.conventions)
    without = ev._compute(anchor, Term(days=10), conv, None)
    assert any(a.code == "convention_alternative" for a in with_alt.ambiguities)
    assert not any(a.code == "convention_alternative" for a in without.ambiguities)


def test_memo_stays_bounded(monkeypatch):
    """The memo drops its older half when full: memory stays flat on an endless stream, and the
    reports stay what they were."""
    from procedure import engine

    monkeypatch.setattr(engine, "_MEMO_MAX", 40)
    rules = procedure.load_rules()
    engine.clear_memo()
    day, sizes, dues = dt.date(2020, 1, 6), [], []
    for i in range(120):
        case = {"case_id": "b", "events": [{"id": "d", "type": "court_decision", "date": (day + dt.timedelta(days=i % 60)).isoformat(),
                                            "proceeding": "kas_289", "instance": "first"}]}
        dues.append(procedure.check(case, as_of="2030-01-01", rules=rules).deadline("kas.289.appeal@d").due)
        sizes.append(max(len(m) for per in engine._memos.values() for m in per.values()))
    assert max(sizes) <= 40 and any(b < a for a, b in zip(sizes, sizes[1:]))  # it filled, then shed
    assert dues[:60] == dues[60:]  # the second pass (partly remembered, partly recomputed) agrees
