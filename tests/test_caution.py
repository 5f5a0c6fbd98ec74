"""Caution is monotone (issue 12, docs/trust.md): removing precision from a case never silently favours
the party who must act.

Take a valid case (every data case in tests/cases/*.yaml, each worked by hand) and remove precision from
it: drop the time of some events, drop some optional attributes, replace a date by an unknown date
with bounds that contain it. For every deadline of the full case the
less precise case must give a status no more favourable to the party who must act (overdue -> open,
exceeded -> met, late -> timely, a deadline that vanishes), and a due date no later, unless its report
says so: the deadline is ambiguous or carries an ambiguity the full case did not, or an alert names the
deadline or its triggering event as incomplete (alert.incomplete_input, alert.default_assumed,
alert.ambiguous_input, alert.unattached_closer).

    HYPOTHESIS_PROFILE=fuzz CAUTION_EXAMPLES=2000 python -m pytest tests/test_caution.py -p no:cacheprovider
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import procedure
from procedure.case import RESERVED

from test_cases_data import _build, _collect

# Lower is worse for the party who must act (the cautious side).
RANK = {"overdue": 0, "exceeded": 0, "met_late": 1, "due_soon": 2, "open": 3, "upcoming": 3, "not_started": 3, "met": 4}
COVERING = ("alert.incomplete_input", "alert.incomplete_input_person", "alert.incomplete_person", "alert.default_assumed", "alert.ambiguous_input", "alert.unattached_closer")

RULES = procedure.load_rules()
SPECS = [p.values[1] for p in _collect() if not p.marks]
_EXAMPLES = int(os.environ.get("CAUTION_EXAMPLES", "0")) or None


def _check(case, as_of, ml):
    return procedure.check(case, as_of=as_of, rules=RULES, martial_law=ml)


def _optional_attrs(event: dict) -> list[str]:
    etype = RULES.events.get(event["type"])
    if etype is None:
        return []
    # Not precision, but a fact (docs/trust.md): a flag (bool), whose absence means false, and an attribute a
    # rule tests for presence (`exists:`), whose absence has its own meaning ("no `document`: a claim").
    return [k for k in event if k not in RESERVED and k in etype.attributes and not etype.attributes[k].required
            and etype.attributes[k].type != "bool" and k not in _MEANINGFUL_ABSENCE.get(event["type"], ())]


_MEANINGFUL_ABSENCE: dict[str, set[str]] = {}
for _r in RULES.rules:
    # A term the act states (`alternative: {stated_term: ...}`): its absence means the act states no other term
    # than the law's, which governs (a body cannot change a term set by law); the stated one is an extra reading.
    for _a in _r.ambiguities:
        if _a.alternative_stated is not None:
            for _t in _r.trigger_events:
                _MEANINGFUL_ABSENCE.setdefault(_t, set()).add(_a.alternative_stated.attr)
    for _c in _r.conditions + tuple(c for cl in _r.closed_by for c in cl.when):
        if _c.subject == "attr" and _c.op == "exists":
            for _t in _r.trigger_events + tuple(t for cl in _r.closed_by for t in cl.events):
                _MEANINGFUL_ABSENCE.setdefault(_t, set()).add(_c.field)


@st.composite
def reduced_cases(draw):
    spec = draw(st.sampled_from(SPECS))
    events = spec["events"]
    timed = [i for i, e in enumerate(events) if "time" in e]
    attrs = [(i, k) for i, e in enumerate(events) for k in _optional_attrs(e)]
    drop_time = draw(st.sets(st.sampled_from(timed), max_size=len(timed))) if timed else set()
    drop_attr = draw(st.sets(st.sampled_from(attrs), max_size=min(len(attrs), 3))) if attrs else set()
    unknown = {}
    dated = [i for i, e in enumerate(events) if "date" in e]
    if dated and draw(st.booleans()):
        i = draw(st.sampled_from(dated))
        day = dt.date.fromisoformat(str(events[i]["date"]))
        as_of = dt.date.fromisoformat(str(spec["as_of"])[:10])
        before = draw(st.integers(0, 6))
        after = draw(st.integers(0, max(0, min(6, (as_of - day).days))))
        unknown[i] = {"not_before": (day - dt.timedelta(days=before)).isoformat(),
                      "not_after": (day + dt.timedelta(days=after)).isoformat()}
    if not drop_time and not drop_attr and not unknown:
        drop_time = set(timed[:1])
        drop_attr = set(attrs[:1])
    reduced = []
    for i, e in enumerate(events):
        e = dict(e)
        if i in unknown:
            e.pop("date")
            e.pop("time", None)
            e["date_unknown"] = unknown[i]
        if i in drop_time:
            e.pop("time", None)
        for j, k in drop_attr:
            if j == i:
                e.pop(k, None)
        reduced.append(e)
    return spec, {**spec, "events": reduced}, sorted(drop_time), sorted(drop_attr), unknown


def _covered(full_d, reduced_report, reduced_d) -> bool:
    if reduced_d is not None:
        if reduced_d.status == "ambiguous":
            return True
        before = {a.code for a in full_d.ambiguities}
        if any(a.code not in before for a in reduced_d.ambiguities):
            return True
    trigger = full_d.trigger.event
    for a in reduced_report.alerts:
        if a.code not in COVERING:
            continue
        if a.deadline == full_d.id or (trigger is not None and a.params.get("event") == trigger):
            return True
    return False


def _more_favourable(full_d, reduced_d) -> bool:
    if reduced_d is None:
        return True
    if full_d.status == "ambiguous" or reduced_d.status == "ambiguous":
        return False
    if RANK.get(reduced_d.status, 3) > RANK.get(full_d.status, 3):
        return True
    return full_d.due is not None and reduced_d.due is not None and reduced_d.due > full_d.due


@pytest.mark.skipif(not SPECS, reason="no data cases")
@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck)) if _EXAMPLES else (lambda f: f)
@given(reduced_cases())
def test_caution_is_monotone(tmp_path_factory, drawn):
    spec, less, drop_time, drop_attr, unknown = drawn
    tmp = tmp_path_factory.mktemp("caution")
    full_case, as_of, ml = _build(spec, tmp)
    less_case, _, _ = _build(less, tmp)
    full = _check(full_case, as_of, ml)
    reduced = _check(less_case, as_of, ml)
    got = {d.id: d for d in reduced.deadlines}
    for d in full.deadlines:
        r = got.get(d.id)
        if _more_favourable(d, r) and not _covered(d, reduced, r):
            pytest.fail(f"{spec.get('name')}: dropping times of {[spec['events'][i]['id'] for i in drop_time]} and "
                        f"{[(spec['events'][i]['id'], k) for i, k in drop_attr]}, unknown dates {unknown} moved {d.id} from {d.status} {d.due} to "
                        f"{(r.status, r.due) if r else 'nothing'} without an ambiguity or an incomplete-input alert")
