"""The engine: apply the rules in force to the events of a case and judge every deadline on a date.

Flow: for each rule (chains after the rule they run from), find its triggers (events of the right type
whose attributes meet the rule's conditions, or documents whose holder reaches an age), pick the rule's
version in force on the trigger date, compute the term (:mod:`procedure.periods`), apply extensions,
caps and suspensions, find what closed it, and judge a status on ``as_of``. Nothing here reads files or
the clock except through its arguments; the same inputs give the same report.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import weakref
from typing import Any, Iterable, Mapping

import attrs

from ._cache import remember
from .calendar import KYIV, LegalCalendar, legal_calendar, load_martial_law
from .case import Case, Event, Person, SetTerm
from .citation import Basis
from .errors import CalendarError
from .i18n import message
from .periods import Ambiguity, Computation, Step, Term, compute, date_of_age, end_of_day, fixed_date
from .ruleset import Anchor, Closer, Condition, Rule, RuleAmbiguity, RuleSet, TermFromAttr, Text, Version, extendable_types
from .values import LEVELS, STATUSES, Alert, Deadline, Reading, Report, Trigger

# --------------------------------------------------------------------------------------------------
# Conditions


_INDEX: list = [None, None]  # [case, its _CaseIndex]: the case being evaluated (one slot, by identity)


class _CaseIndex:
    """Lookups the conditions make per event, built once per case: linear scans made a case of many
    events quadratic (reliability-2 R2)."""

    def __init__(self, case: Case) -> None:
        self.persons = {p.id: p for p in case.persons}
        self.by_id = {e.id: e for e in case.events}
        self.referenced_by: dict[tuple[str, str], tuple[str, ...]] = {}
        acc: dict[tuple[str, str], list[str]] = {}
        for e in case.events:
            for r in e.refs:
                acc.setdefault((r, e.type), []).append(e.id)
        self.referenced_by = {k: tuple(v) for k, v in acc.items()}


def _index_of(case: Case) -> _CaseIndex:
    if _INDEX[0] is not case:
        _INDEX[0], _INDEX[1] = case, _CaseIndex(case)
    return _INDEX[1]


def _subject_value(cond: Condition, event: Event, case: Case) -> Any:
    if cond.subject == "referenced_by":
        return _index_of(case).referenced_by.get((event.id, cond.field), ())
    if cond.subject == "attr":
        return event.attrs.get(cond.field)
    if cond.subject == "refs_attr":
        # The attribute as set on the first event the trigger refers to that carries it (e.g. the penalty
        # of the ruling a service refers to); None when no referenced event has it.
        by_id = _index_of(case).by_id
        for rid in event.refs:
            e = by_id.get(rid)
            if e is not None and cond.field in e.attrs:
                return e.attrs[cond.field]
        return None
    person = _index_of(case).persons.get(event.person) if event.person is not None else None
    if person is None:
        return None
    if cond.field == "citizenship":
        return person.citizenship
    return getattr(person, cond.field, None)


def condition_holds(cond: Condition, event: Event, case: Case) -> bool:
    v = _subject_value(cond, event, case)
    op, want = cond.op, cond.value
    if op == "exists":
        return (v is not None and v != ()) == bool(want)
    if v is None:
        return op in ("ne", "not_in", "not_contains")
    if op == "eq":
        return v == want
    if op == "ne":
        return v != want
    if op == "in":
        return v in want
    if op == "not_in":
        return v not in want
    if op == "contains":
        return want in v
    if op == "not_contains":
        return want not in v
    if op == "before":
        return isinstance(v, dt.date) and v < want
    if op == "on_or_after":
        return isinstance(v, dt.date) and v >= want
    raise ValueError(f"unknown operator {op}")  # the schema makes this unreachable


# --------------------------------------------------------------------------------------------------
# Evaluation


@functools.lru_cache(maxsize=16)
def _ordered(rules: RuleSet) -> tuple[Rule, ...]:
    return tuple(_chain_order(rules.rules))


@attrs.frozen
class _Dispatch:
    """Which rules an event type can start (as a trigger, or as a `pending_on` event), and the rules
    started by documents, each as positions in the chain order so that chains run after their base."""

    by_event_type: Mapping[str, tuple[int, ...]]
    by_documents: tuple[int, ...]


@functools.lru_cache(maxsize=16)
def _dispatch(rules: RuleSet) -> _Dispatch:
    by_type: dict[str, set[int]] = {}
    docs = []
    for i, rule in enumerate(_ordered(rules)):
        if rule.trigger_documents is not None:
            docs.append(i)
            continue
        for t in rule.trigger_events + rule.pending_on:
            by_type.setdefault(t, set()).add(i)
    return _Dispatch({t: tuple(sorted(ix)) for t, ix in by_type.items()}, tuple(docs))


def _chain_order(rules: Iterable[Rule]) -> list[Rule]:
    by_id = {r.id: r for r in rules}

    def depth(r: Rule) -> int:
        d = 0
        while r.anchor.source == "deadline" and r.anchor.rule in by_id and d < 64:
            r = by_id[r.anchor.rule]
            d += 1
        return d

    return sorted(by_id.values(), key=lambda r: (depth(r), r.id))


_COMPUTATION_FIELDS = tuple(attrs.fields_dict(Computation))


def _with(comp: Computation, **changes: Any) -> Computation:
    """``attrs.evolve`` for the one class the engine rebuilds often, without its per-call introspection."""
    values = {f: getattr(comp, f) for f in _COMPUTATION_FIELDS}
    values.update(changes)
    return Computation(**values)


def _status_for(kind: str, due: dt.date, closed_on: dt.date | None, as_of: dt.date, warning_days: int) -> str:
    if closed_on is not None and closed_on <= as_of:
        if closed_on <= due:
            return "met"
        return "met_late" if kind == "act_by" else "exceeded"
    left = (due - as_of).days
    if left < 0:
        return "overdue" if kind == "act_by" else "exceeded"
    if left <= warning_days:
        return "due_soon"
    return "open"


# Term arithmetic is a pure function of (anchor, term, convention, calendar), and a batch repeats the
# same few thousand combinations (one detention date, one six-month cap, one ten-day appeal window ...)
# across many cases. Results are kept per rule set and calendar; a Computation is immutable, so sharing
# it is safe. The bound keeps memory flat on an endless stream: about 1.7 kB an entry, so at most some
# 17 MB; when full, the older half goes (tests check the memo changes no report).
_MEMO_MAX = 10_000
_memos: "weakref.WeakKeyDictionary[RuleSet, weakref.WeakKeyDictionary[LegalCalendar, dict]]" = weakref.WeakKeyDictionary()


def _memo_for(rules: RuleSet, calendar: LegalCalendar) -> dict:
    per_rules = _memos.get(rules)
    if per_rules is None:
        per_rules = _memos[rules] = weakref.WeakKeyDictionary()
    memo = per_rules.get(calendar)
    if memo is None:
        memo = per_rules[calendar] = {}
    return memo


def _remember(memo: dict, key: Any, value: Any) -> None:
    remember(memo, key, value, _MEMO_MAX)


def clear_memo() -> None:
    """Forget every remembered term computation (tests and benchmarks use it to start cold)."""
    _memos.clear()


# Attributes an event may take from the event it answers when it does not state them itself: a decision
# on a claim is about the claim's subject, in the claim's proceedings. Only these, only where the event
# type declares the attribute and allows the value, and only where every event referred to agrees.
INHERITED_ATTRS = ("subject", "proceeding")
# An event that records something done with another event (the service of a decision) describes that same
# event: it takes every attribute it declares and does not state (instance, outcome, form ...).
INHERITS_ALL = frozenset({"decision_served"})
# Readings that exist because the case does not say something (not because the law is unsettled).
_INPUT_READINGS = ("time_unknown", "closing_time_unknown", "times_unknown", "date_unknown", "closer_attr_unknown",
                   "counting_unknown")
# Operators under which an absent attribute makes a condition fail (rather than hold): a near miss.
_NEEDS_VALUE = ("eq", "in", "contains", "before", "on_or_after")


@functools.lru_cache(maxsize=16)
def _presence_attrs(rules: RuleSet) -> Mapping[str, frozenset[str]]:
    """For each event type, the attributes whose presence (`exists: true`) selects a rule."""
    out: dict[str, set[str]] = {}
    for rule in rules.rules:
        for c in rule.conditions:
            if c.subject == "attr" and c.op == "exists" and c.value:
                for t in rule.trigger_events:
                    out.setdefault(t, set()).add(c.field)
    return {t: frozenset(v) for t, v in out.items()}


@functools.lru_cache(maxsize=16)
def _answer_types(rules: RuleSet) -> Mapping[str, frozenset[str]]:
    """For each trigger event type, the event types that answer it (close one of its terms by
    referring to it) and start no term of their own (an appeal, not a decision). An event that refers
    to such an answer answers the trigger too: one step along a chain, never through a decision, which
    is an answer in its own right."""
    out: dict[str, set[str]] = {}
    starts = {t for rule in rules.rules for t in rule.trigger_events}
    for rule in rules.rules:
        for closer in rule.closed_by:
            if closer.match == "refs_trigger":
                for t in rule.trigger_events:
                    out.setdefault(t, set()).update(x for x in closer.events if x not in starts)
    return {t: frozenset(v) for t, v in out.items()}


def _inherit(events: tuple[Event, ...], rules: RuleSet) -> tuple[tuple[Event, ...], dict[str, tuple[tuple[str, Any, str], ...]]]:
    """The events with the attributes they inherit (see INHERITED_ATTRS), and what each inherited."""
    by_id = {e.id: e for e in events}
    types = rules.events
    found: dict[str, tuple[tuple[str, Any, str], ...]] = {}

    def value_of(ev: Event, attr: str, seen: frozenset[str]) -> Any:
        if ev.attrs.get(attr) is not None:
            return ev.attrs[attr]
        spec = types.get(ev.type)
        if spec is not None and attr in spec.attributes:
            own = next((v for a, v, _ in inherit(ev, seen) if a == attr), None)
            return own
        # A type without the attribute (an appeal) passes on what the event it answers says.
        vals = {value_of(by_id[r], attr, seen | {ev.id}) for r in ev.refs if r in by_id and r not in seen}
        vals.discard(None)
        return next(iter(vals)) if len(vals) == 1 else None

    def inherit(ev: Event, seen: frozenset[str] = frozenset()) -> tuple[tuple[str, Any, str], ...]:
        if ev.id in found:
            return found[ev.id]
        spec = types.get(ev.type)
        got = []
        if spec is not None and ev.refs:
            for attr in (sorted(spec.attributes) if ev.type in INHERITS_ALL else INHERITED_ATTRS):
                aspec = spec.attributes.get(attr)
                if aspec is None or ev.attrs.get(attr) is not None:
                    continue
                vals: dict[Any, str] = {}
                for r in ev.refs:
                    if r in by_id and r not in seen and r != ev.id:
                        v = value_of(by_id[r], attr, seen | {ev.id})
                        if v is not None:
                            vals.setdefault(v, r)
                if len(vals) == 1:
                    v, src = next(iter(vals.items()))
                    if not aspec.values or v in aspec.values:
                        got.append((attr, v, src))
        found[ev.id] = tuple(got)
        return found[ev.id]

    out = []
    for e in events:
        got = inherit(e)
        out.append(attrs.evolve(e, attrs={**e.attrs, **{a: v for a, v, _ in got}}) if got else e)
    return tuple(out), {k: v for k, v in found.items() if v}


def _before_due(steps: tuple[Step, ...], step: Step) -> tuple[Step, ...]:
    """``steps`` with ``step`` put before the closing "due" step (at the end when there is none)."""
    i = next((k for k in range(len(steps) - 1, -1, -1) if steps[k].code == "due"), len(steps))
    return steps[:i] + (step,) + steps[i:]


def _said(value: Term | dt.date) -> dict[str, str]:
    """A term as set on an event, in words (uk, en)."""
    if isinstance(value, dt.date):
        return {"uk": "до " + value.strftime("%d.%m.%Y"), "en": "until " + value.isoformat()}
    return {"uk": value.describe("uk"), "en": value.describe("en")}


SET_TERM_SOURCE = "<case: sets_term>"


def _set_term_rule(ev: Event, st: SetTerm, counting: str, basis: tuple[Basis, ...], ambs: tuple[RuleAmbiguity, ...],
                   etype) -> Rule:
    """The rule a term set in the case stands for: never a bundled rule, built for one event."""
    if st.label:
        title = Text(st.label, st.label)
    else:
        what = etype.title if etype is not None else Text(ev.type, ev.type)
        title = Text(f"Строк, встановлений: {what.uk}", f"Term set by: {what.en}")
    unit = "days" if isinstance(st.value, dt.date) else (st.value.unit if st.value.unit != "zero" else "days")
    version = Version(ev.date, None, counting, None, TermFromAttr("sets_term", unit))
    return Rule(id="set_term", title=title, description=None, kind="act_by", party=st.party, trigger_events=(ev.type,),
                trigger_documents=None, conditions=(), pending_on=(), anchor=Anchor(), versions=(version,),
                closed_by=(Closer(st.closed_by, "refs_trigger"),), extended_by=None, cap=None, suspended_by=None,
                warning_days=3, not_started_level="warning", overdue_level="critical", basis=basis, quote=None,
                confidence="official_text", verified=ev.date, ambiguities=ambs, act=None, source=SET_TERM_SOURCE)


def _hour_status(kind: str, due_at: dt.datetime, close_at: dt.datetime | None, as_of_at: dt.datetime, warning_days: int) -> str:
    """The status of an hour limit: moments compared, not days."""
    if close_at is not None and close_at <= as_of_at:
        if close_at <= due_at:
            return "met"
        return "met_late" if kind == "act_by" else "exceeded"
    if as_of_at > due_at:
        return "overdue" if kind == "act_by" else "exceeded"
    if (due_at.date() - as_of_at.date()).days <= warning_days:
        return "due_soon"
    return "open"


def _hours_after(moment: dt.datetime, hours: int) -> dt.datetime:
    return (moment.astimezone(dt.timezone.utc) + dt.timedelta(hours=hours)).astimezone(KYIV)


def as_of_instant(as_of: dt.date | dt.datetime) -> tuple[dt.date, dt.datetime]:
    """The day (in Kyiv) and the instant statuses are judged at. A bare date is the end of that day in
    Kyiv (23:59:59, as a due date's end); a date-time must carry its offset."""
    if isinstance(as_of, dt.datetime):
        at = as_of.astimezone(KYIV)
        return at.date(), at
    return as_of, end_of_day(as_of)


# KAS art 251 part 6, last paragraph: a decision sent to the e-cabinet «пізніше 17 години» is served on the
# next working day after sending. Applies to any trigger event recorded with `channel: e_cabinet` and a time.
_E_CABINET_CUTOFF = dt.time(17, 0)
_KAS_251_6 = (Basis(act="2747-IV", article="251", part="6", url="https://zakon.rada.gov.ua/laws/show/2747-15"),)

# A term an event sets (`sets_term`, issue 12 point 10): the law that lets the body set it and says how it is
# counted. KAS art 118 part 1: terms are set by law or, where it is silent, by the court; art 120 counts them.
# Law 2073-IX art 34 part 6: terms of procedural acts are set by law or, where it is silent, by the
# administrative body; art 33 counts them (ten days or less in working days).
_KAS_URL, _LAP_URL = "https://zakon.rada.gov.ua/laws/show/2747-15", "https://zakon.rada.gov.ua/laws/show/2073-20"
SET_TERM_BASIS = {
    "kas_120": (Basis(act="2747-IV", article="118", part="1", url=_KAS_URL), Basis(act="2747-IV", article="120", url=_KAS_URL)),
    "lap_33": (Basis(act="2073-IX", article="34", part="6", url=_LAP_URL), Basis(act="2073-IX", article="33", url=_LAP_URL)),
}
# A court may extend a term it set (KAS art 121 part 2); an authority a term it set (Law 2073-IX art 33 part 5).
_EXTEND_BASIS = (Basis(act="2747-IV", article="121", part="2", url=_KAS_URL), Basis(act="2073-IX", article="33", part="5", url=_LAP_URL))
# Counted both ways when the case does not say which law the act falls under (and its type does not).
SET_TERM_READINGS = ("kas_120", "lap_33")
SET_TERM_NOTE = Text(
    "Не вказано, за яким законом обчислюється строк: за Законом № 2073-IX (ст. 33) строк до десяти днів включно "
    "обчислюється робочими днями, за КАС (ст. 120) — календарними. Показано раніший день; додайте `counting` до `sets_term`.",
    "The case does not say under which law the term is counted: under Law 2073-IX (art 33) a term of ten days or "
    "less counts working days, under KAS (art 120) calendar days. The earlier day is shown; add `counting` to `sets_term`.")


class _Evaluator:
    def __init__(self, case: Case, rules: RuleSet, as_of: dt.date | dt.datetime, calendar: LegalCalendar) -> None:
        self.as_of, self.as_of_at = as_of_instant(as_of)
        self.case, self.rules, self.cal = case, rules, calendar
        self.memo = _memo_for(rules, calendar)
        self.events, self.inherited = _inherit(case.events, rules) if any(e.refs for e in case.events) else (case.events, {})
        self.by_id = {e.id: e for e in self.events}
        self.by_type: dict[str, list[Event]] = {}
        self.refd_by: dict[str, list[Event]] = {}  # event or document id -> the events that refer to it, in date order
        self._typed_memo: dict[tuple, tuple[list[Event], list[tuple]]] = {}
        self._out_of_range: set[tuple] = set()
        for e in self.events:  # already in date order
            self.by_type.setdefault(e.type, []).append(e)
            for r in e.refs:
                self.refd_by.setdefault(r, []).append(e)
        self.deadlines: dict[str, Deadline] = {}
        self.alerts: list[Alert] = []
        self.near: set[tuple[str, str]] = set()  # (rule id, event id) of near misses
        self.assumed: dict[tuple[str, str], list[Condition]] = {}  # conditions held only for want of a value
        self.answers = _answer_types(rules)
        # An event that extends a set term (`sets_term.extends`) ends the term of each event it refers to that set
        # one (the earliest such extension); its own term replaces it (KAS art 121 p2, Law 2073-IX art 33 p5).
        # A term set by an event's own `sets_term`, or by a bundled rule marked `extended_by_set_term` (the cure
        # term of KAS art 169, which the court sets in its ruling) that the referred event triggers.
        self.continued: dict[str, Event] = {}  # an event whose set term was extended -> the first extension
        self.term_chain: dict[str, tuple[str, ...]] = {}  # an event extending set terms -> the events that set them
        extensions = [e for e in self.events if e.sets_term is not None and e.sets_term.extends]
        if extensions:
            extendable = extendable_types(rules)
            for ev in extensions:  # date order
                firsts = tuple(r for r in ev.refs if r in self.by_id
                               and (self.by_id[r].sets_term is not None or self.by_id[r].type in extendable))
                chain = list(firsts)
                for r in firsts:
                    self.continued.setdefault(r, ev)
                    chain.extend(self.term_chain.get(r, ()))
                self.term_chain[ev.id] = tuple(dict.fromkeys(chain))

    # -- triggers --------------------------------------------------------------------------------

    def _event_triggers(self, rule: Rule) -> list[Event]:
        if len(rule.trigger_events) == 1:
            found = self.by_type.get(rule.trigger_events[0], ())
        else:
            found = sorted((e for t in rule.trigger_events for e in self.by_type.get(t, ())), key=Event.sort_key)
        if not rule.conditions or not found:
            return list(found)
        out = []
        for e in found:
            missing: list[Condition] = []
            for c in rule.conditions:
                if not condition_holds(c, e, self.case):
                    # `exists: true` is a near miss only when the event states none of the attributes whose
                    # presence selects a rule (a return decision gives "leave before" or "leave until": one
                    # of them present, the other's absence is on purpose).
                    # A flag (a bool attribute) that is absent is false, as its name says: not a near miss.
                    if c.subject == "attr" and e.attrs.get(c.field) is None and not self._is_flag(e.type, c.field) and (
                            c.op in _NEEDS_VALUE or (c.op == "exists" and c.value and not any(
                                e.attrs.get(a) is not None for a in _presence_attrs(self.rules).get(e.type, ())))):
                        missing.append(c)  # fails only because the attribute is absent
                        continue
                    if c.subject == "person" and c.op in _NEEDS_VALUE and self._absent(c, e):
                        missing.append(c)  # the event names no person, or its person lacks the field
                        continue
                    break
            else:
                if not missing:
                    out.append(e)
                    # A condition that holds only because the value it excludes is not stated (a person's
                    # citizenship not given under `not_contains: UA`): the rule is applied (the cautious
                    # reading: the term runs), and the deadline says on what (never silently).
                    held = [c for c in rule.conditions if c.op in ("ne", "not_in", "not_contains") and self._absent(c, e)]
                    if held:
                        self.assumed[(rule.id, e.id)] = held
                else:
                    self._near_miss(rule, e, missing)
        return out

    def _absent(self, c: Condition, e: Event) -> bool:
        if c.subject == "attr":
            return e.attrs.get(c.field) is None and not self._is_flag(e.type, c.field)
        if c.subject == "person":
            v = _subject_value(c, e, self.case)
            return v is None or v == ()
        if c.subject == "refs_attr":
            # The attribute of the event referred to (the ruling a service refers to); a flag absent is false.
            return _subject_value(c, e, self.case) is None and not any(
                self._is_flag(x.type, c.field) for x in (self.by_id.get(r) for r in e.refs) if x is not None)
        return False

    def _is_flag(self, etype: str, attr: str) -> bool:
        spec = self.rules.events.get(etype)
        a = spec.attributes.get(attr) if spec is not None else None
        return a is not None and a.type == "bool"

    def _near_miss(self, rule: Rule, e: Event, missing: list[Condition]) -> None:
        """The event would start the rule if it stated the missing attributes: say so (never silently)."""
        if rule.version_on(e.date) is None:
            return
        self.near.add((rule.id, e.id))
        if rule.anchor.source == "deadline" and (rule.anchor.rule, e.id) in self.near:
            return  # the rule it runs from already carries the alert
        spec = self.rules.events.get(e.type)
        adds, values, names = [], [], []
        # One per attribute: the most telling condition on it (a value to add rather than "it exists").
        best: dict[str, Condition] = {}
        for c in missing:
            if c.field not in best or (best[c.field].op == "exists" and c.op != "exists"):
                best[c.field] = c
        missing = list(best.values())
        if any(c.subject == "person" for c in missing):
            self._person_near_miss(rule, e, [c for c in missing if c.subject == "person"])
            missing = [c for c in missing if c.subject != "person"]
            if not missing:
                return
        for c in missing:
            aspec = spec.attributes.get(c.field) if spec else None
            if c.op == "eq":
                want = f"{c.field}: {c.value}"
            elif c.op in ("in", "contains"):
                want = f"{c.field}: " + " | ".join(map(str, c.value if isinstance(c.value, tuple) else (c.value,)))
            elif c.op == "before":
                want = f"{c.field}: <{c.value.isoformat()}"
            elif c.op == "on_or_after":
                want = f"{c.field}: >={c.value.isoformat()}"
            else:
                want = f"{c.field}: …"
            names.append(f"`{c.field}`")
            adds.append(f"`{want}`")
            if aspec is not None:
                values.append(f"{c.field}: " + (", ".join(aspec.values) if aspec.values else aspec.type))
        self.alerts.append(Alert("warning", "alert.incomplete_input", None, {
            "event": e.id, "rule": rule.id, "title": rule.title.to_dict(), "attrs": ", ".join(names),
            "add": ", ".join(adds), "values": "; ".join(values)}))

    def _person_near_miss(self, rule: Rule, e: Event, missing: list[Condition]) -> None:
        """The event would start the rule if its person stated a field (or if it named its person)."""
        wants = []
        for c in missing:
            v = c.value if isinstance(c.value, tuple) else (c.value,)
            shown = " | ".join(x.isoformat() if isinstance(x, dt.date) else str(x) for x in v)
            wants.append(f"`{c.field}: {'<' if c.op == 'before' else '>=' if c.op == 'on_or_after' else ''}{shown}`")
        if e.person is None or e.person not in _index_of(self.case).persons:
            self.alerts.append(Alert("warning", "alert.incomplete_person", None, {
                "event": e.id, "rule": rule.id, "title": rule.title.to_dict(), "person": "—", "add": ", ".join(wants)}))
            return
        self.alerts.append(Alert("warning", "alert.incomplete_input_person", None, {
            "event": e.id, "rule": rule.id, "title": rule.title.to_dict(), "person": e.person,
            "attrs": ", ".join(f"`{c.field}`" for c in missing), "add": ", ".join(wants)}))

    def _answers(self, e: Event, trig: Trigger, chain: tuple[str, ...] = ()) -> str | None:
        """Whether ``e`` answers the trigger: "" when it refers to it, the id of the event in between when
        it refers to an event that answers the trigger (an appellate decision that refers to the appeal),
        None when neither. ``chain``: the events whose set terms the trigger's extends (an act done that
        refers to the first ruling answers its extension too)."""
        target = trig.event or trig.document
        if target in e.refs:
            return ""
        if any(r in e.refs for r in chain):
            return ""  # it refers to the term this one extends: it answers this one
        kinds = self.answers.get(trig.type, ())
        for r in e.refs:
            x = self.by_id.get(r)
            if x is not None and x.type in kinds and target in x.refs:
                return r
        return None

    def _closer_candidates(self, closer, trig: Trigger, chain: tuple[str, ...] = ()) -> Iterable[Event]:
        """The events of the closer's types that could close a term of ``trig``: for a closer that must
        refer to the trigger, only those that refer to it or to an answer of it (through the index)."""
        if closer.match != "refs_trigger":
            return (x for t in closer.events for x in self.by_type.get(t, ()))
        target = trig.event or trig.document
        direct = self.refd_by.get(target, ()) if target is not None else ()
        if chain:
            direct = list(direct) + [e for r in chain for e in self.refd_by.get(r, ())]
        kinds = self.answers.get(trig.type, ())
        found = {e.id: e for e in direct if e.type in closer.events}
        for x in direct:
            if x.type in kinds:
                found.update((e.id, e) for e in self.refd_by.get(x.id, ()) if e.type in closer.events)
        return found.values()

    def _extensions(self, rule: Rule, event: Event) -> list[Event]:
        """The events extending ``rule``'s term started by ``event``, in date order: those that refer to
        it, or to an earlier extension of it (a chain of orders), found through the index of references."""
        if rule.extended_by is None:
            return []
        types = rule.extended_by.events
        seen, out, frontier = {event.id}, [], [event.id]
        while frontier:
            nxt = []
            for i in frontier:
                for e in self.refd_by.get(i, ()):
                    if e.type in types and e.id not in seen:
                        seen.add(e.id)
                        out.append(e)
                        nxt.append(e.id)
            frontier = nxt
        return sorted(out, key=Event.sort_key)

    def _closing(self, rule: Rule, trig: Trigger, after: dt.date, window: tuple[dt.date, dt.date] | None = None) -> Event | None:
        """The earliest event that closes the term. ``window``: only events within it (a period of a chain
        of orders, between the order that began it and the one that continued it)."""
        by_type = self.by_type
        self._via = self._uncertain = None
        if not any(t in by_type for closer in rule.closed_by for t in closer.events):
            return None  # nothing in this case can close it (the usual answer)
        best: Event | None = None
        best_via = None
        uncertain: tuple[Event, list[str]] | None = None
        self._uncertain = None
        until = None
        if window is not None:
            after, until = window
        else:
            # An event before the last extension closed an earlier period, not the current one; a chained
            # rule (the extension claim) follows the extensions of the rule it runs from.
            extended = rule if rule.extended_by is not None else (
                self.rules.index_cached().get(rule.anchor.rule or "") if rule.anchor.source == "deadline" else None)
            if extended is not None and extended.extended_by is not None and trig.event is not None and trig.event in self.by_id:
                exts = self._extensions(extended, self.by_id[trig.event])
                if exts:
                    after = max(after, exts[-1].date)
        chain = self.term_chain.get(trig.event or "", ()) if rule.source == SET_TERM_SOURCE else ()
        for closer in rule.closed_by:
            for e in self._closer_candidates(closer, trig, chain):
                if e.date < after or e.id == trig.event or (until is not None and e.date > until):
                    continue
                via = None
                if closer.match == "refs_trigger":
                    via = self._answers(e, trig, chain)
                    if via is None:
                        continue
                elif closer.match == "same_person":
                    if trig.person and e.person and e.person != trig.person:
                        continue
                if closer.when and not all(condition_holds(c, e, self.case) for c in closer.when):
                    continue
                absent = [c.field for c in closer.when if c.subject == "attr" and c.op in ("ne", "not_in", "not_contains")
                          and e.attrs.get(c.field) is None]
                if absent:
                    # It closes the term only if the attribute it does not state has the right value: not
                    # taken as closing (the cautious reading); the other reading is reported.
                    if uncertain is None or e.sort_key() < uncertain[0].sort_key():
                        uncertain = (e, absent)
                    continue
                if best is None or e.sort_key() < best.sort_key():
                    best, best_via = e, via
        self._via = best_via or None
        self._uncertain = uncertain
        return best

    # -- one deadline ----------------------------------------------------------------------------

    def _compute(self, anchor: dt.date | dt.datetime, term: Term, conv, conventions) -> Computation:
        # conv.id names one convention within this rule set; `conventions` only says whether the
        # convention's own alternative is computed too (it is a lookup table of this same rule set).
        key = (anchor, term, conv.id, conventions is not None)
        hit = self.memo.get(key)
        if hit is None:
            hit = compute(anchor, term, conv, self.cal, conventions)
            _remember(self.memo, key, hit)
        return hit

    def _version_step(self, rule: Rule, version: Version) -> Step:
        key = ("version", rule.id, version.valid_from)
        step = self.memo.get(key)
        if step is None:
            step = Step("version", {"from": version.valid_from.isoformat(),
                                    "to": f" — {version.valid_to.isoformat()}" if version.valid_to else ""}, rule.basis)
            _remember(self.memo, key, step)
        return step

    def _rule_computation(self, rule: Rule, version: Version, anchor: dt.date | dt.datetime, term: Term,
                          conv) -> Computation:
        """The term under the rule's convention, with the rule's own other readings (which depend on
        nothing else in the case, so the result is remembered like the term arithmetic itself)."""
        key = ("rule", rule.id, version.valid_from, anchor, term, conv.id) if rule.source != SET_TERM_SOURCE else None
        comp = self.memo.get(key) if key is not None else None
        if comp is not None:
            return comp
        comp = self._compute(anchor, term, conv, self.rules.conventions)
        # The rule's own other readings join the computation first, so that a suspension shifts them too.
        rule_ambs = []
        for amb in rule.ambiguities:
            if amb.alternative_grace is not None or amb.alternative_stated is not None:
                continue  # depends on the person, the martial-law data or the event: computed in _make
            alt_due, params = None, {"note": amb.note.to_dict()}
            if amb.alternative_convention or amb.alternative_period:
                alt_conv = self.rules.conventions[amb.alternative_convention] if amb.alternative_convention else conv
                alt = self._compute(anchor, amb.alternative_period or term, alt_conv, None)
                alt_due = alt.due if alt.due != comp.due else None
                params["other_convention"] = alt_conv.id
            rule_ambs.append(Ambiguity(amb.code, params, alt_due))
        if rule_ambs:
            comp = _with(comp, ambiguities=comp.ambiguities + tuple(rule_ambs))
        if key is not None:
            _remember(self.memo, key, comp)
        return comp

    def _beyond(self, rule: Rule, event: Event, value: int, unit: str, limit: int, did: str, notes: list[Alert],
                given: Mapping[str, str] | None = None) -> None:
        """An order beyond the legal maximum: the maximum is counted, and the excess is itself a point
        to argue, so it is an alert that cites the provision. ``given``: the term as the event states it,
        in words, when it is not ``value`` ``unit`` (another unit, a named day)."""
        most = Term(**{unit: limit})
        notes.append(Alert("warning", "alert.beyond_maximum", did, {
            "title": rule.title.to_dict(), "event": event.id, "value": value,
            "term": dict(given) if given is not None else {"uk": Term(**{unit: value}).describe("uk"), "en": Term(**{unit: value}).describe("en")},
            "max": {"uk": most.describe("uk"), "en": most.describe("en")},
            "basis": {"uk": "; ".join(b.cite("uk") for b in rule.basis[:1]), "en": "; ".join(b.cite("en") for b in rule.basis[:1])}}))

    def _term(self, rule: Rule, version: Version, event: Event | None, steps: list[Step],
              did: str = "", notes: list[Alert] | None = None, anchor: dt.date | dt.datetime | None = None,
              conv=None) -> Term | dt.date | None:
        """The term of ``version``: its period, or the length set on the event (``period_from_attr``): a
        number in the rule's unit, a structured value (``{working_days: 5}``) or a named last day (a date
        is returned: nothing is counted). A value beyond the rule's ``max`` is limited to it (the later
        end of the two is cut back; a value in another unit is compared by its end date)."""
        if version.period is not None:
            return version.period
        spec = version.period_from_attr
        if event is not None and spec.attr == "sets_term" and event.sets_term is not None:
            value: Any = event.sets_term.value
        else:
            value = event.attrs.get(spec.attr) if event is not None else None
        if value is None:
            value = spec.default
            if value is None:
                return None
            if notes is not None and event is not None:
                # The event does not give the length: the rule's default is counted, which may be longer than
                # what was set. Say so, and what to add (never silently the longer term).
                most = Term(**{spec.unit: value})
                notes.append(Alert("warning", "alert.default_assumed", did, {
                    "title": rule.title.to_dict(), "event": event.id, "attr": spec.attr,
                    "term": {"uk": most.describe("uk"), "en": most.describe("en")}}))
                steps.append(Step("term_default", {"field": spec.attr, "term": {"uk": most.describe("uk"), "en": most.describe("en")}}))
        elif isinstance(value, (Term, dt.date)):
            return self._set_value(rule, spec, value, event, steps, did, notes, anchor, conv)
        elif spec.max is not None and value > spec.max:
            if notes is not None and event is not None:
                self._beyond(rule, event, value, spec.unit, spec.max, did, notes)
            steps.append(Step("term_limited", {"value": value, "term": {"uk": Term(**{spec.unit: spec.max}).describe("uk"),
                                                                        "en": Term(**{spec.unit: spec.max}).describe("en")}}))
            value = spec.max
        steps.append(Step("term_from_field", {"field": spec.attr, "value": value}))
        return Term(**{spec.unit: value})

    def _set_value(self, rule: Rule, spec, value: Term | dt.date, event: Event | None, steps: list[Step], did: str,
                   notes: list[Alert] | None, anchor: dt.date | dt.datetime | None, conv) -> Term | dt.date:
        """A structured term set on the event (issue 12 point 10), checked against the rule's maximum."""
        said = _said(value)
        if spec.max is not None:
            most = Term(**{spec.unit: spec.max})
            if isinstance(value, Term) and value.unit == most.unit:
                over = (value.total_months > most.total_months if value.unit == "months"
                        else getattr(value, value.unit) > getattr(most, most.unit))
            elif anchor is not None and conv is not None:
                # Another unit, or a named day: the term goes beyond the maximum if it ends later.
                end = value if isinstance(value, dt.date) else self._compute(anchor, value, self._conv_for(value, conv), None).due
                over = end > self._compute(anchor, most, conv, None).due
            else:
                over = False
            if over:
                if notes is not None and event is not None:
                    self._beyond(rule, event, spec.max, spec.unit, spec.max, did, notes, given=said)
                steps.append(Step("term_limited", {"value": said, "term": {"uk": most.describe("uk"), "en": most.describe("en")}}))
                steps.append(Step("term_from_field", {"field": spec.attr, "value": spec.max}))
                return most
        if isinstance(value, dt.date):
            steps.append(Step("term_named_day", {"field": spec.attr, "date": value.isoformat()}))
        else:
            steps.append(Step("term_from_field", {"field": spec.attr, "value": said}))
        return value

    def _stated(self, rule: Rule, comp: Computation, anchor: dt.date | dt.datetime, conv, event: Event | None) -> Computation:
        """The act states its own term (``alternative: {stated_term: ...}`` of a rule ambiguity; a decision
        that says "complain within 15 days" where the law gives 30). Counted from the same anchor under the
        rule's convention (or the day it names). Where it ends on another day than the law's, both are
        readings and the earlier is the deadline's date: a term set by law cannot be changed by the body,
        but a person who relied on the act has a ground to restore a missed term, and a shorter stated
        term may be a special law's (issue 12 point 10)."""
        for amb in rule.ambiguities:
            spec = amb.alternative_stated
            if spec is None:
                continue
            value = event.attrs.get(spec.attr) if event is not None else None
            if isinstance(value, int) and not isinstance(value, bool):
                value = Term(**{spec.unit: value})
            if not isinstance(value, (Term, dt.date)):
                comp = _with(comp, ambiguities=comp.ambiguities + (Ambiguity(amb.code, {"note": amb.note.to_dict()}),))
                continue
            if isinstance(value, dt.date):
                stated_due = value
            else:
                stated_due = self._compute(anchor, value, self._conv_for(value, conv), None).due
            said = _said(value)
            law = comp.due
            params = {"note": amb.note.to_dict(), "stated": said, "stated_due": stated_due.isoformat(), "law_due": law.isoformat()}
            if stated_due == law:
                step = Step("stated_term_same", {"term": said, "date": law.isoformat()}, rule.basis)
                comp = _with(comp, steps=_before_due(comp.steps, step))
                continue
            if stated_due < law:
                # The earlier reading counts: the deadline's date is the act's; the law's is the other reading.
                step = Step("stated_term_earlier", {"term": said, "date": stated_due.isoformat(), "law": law.isoformat()}, rule.basis)
                comp = _with(comp, due=stated_due, due_at=end_of_day(stated_due),
                             steps=tuple(x for x in _before_due(comp.steps, step) if x.code != "due")
                             + (Step("due", {"date": stated_due.isoformat()}),),
                             ambiguities=comp.ambiguities + (Ambiguity(amb.code, {**params, "other": law.isoformat()}, law, rule.basis),))
            else:
                step = Step("stated_term_later", {"term": said, "date": stated_due.isoformat(), "law": law.isoformat()}, rule.basis)
                comp = _with(comp, steps=_before_due(comp.steps, step),
                             ambiguities=comp.ambiguities + (Ambiguity(amb.code, {**params, "other": stated_due.isoformat()}, stated_due, rule.basis),))
        return comp

    def _conv_for(self, term: Term, conv):
        """An hour term is elapsed time whatever the rule's convention for days."""
        if term.unit == "hours" and conv.id != "hours_elapsed" and "hours_elapsed" in self.rules.conventions:
            return self.rules.conventions["hours_elapsed"]
        return conv

    def _make(self, rule: Rule, trig: Trigger, anchor: dt.date | dt.datetime, version: Version,
              event: Event | None, pre_steps: list[Step], pre_amb: list[Ambiguity], suffix: str = "",
              upto: int | None = None, continued_by: Event | None = None,
              window: tuple[dt.date, dt.date] | None = None) -> Deadline | None:
        """One deadline; a date the computation reaches outside the legal calendar's range is an alert
        on this deadline alone (naming the rule, person, document and trigger), not a failure of the case."""
        try:
            return self._make_in_range(rule, trig, anchor, version, event, pre_steps, pre_amb, suffix, upto, continued_by, window)
        except CalendarError as exc:
            p = exc.problems[0] if exc.problems else None
            key = (rule.id, trig.event, trig.document, suffix)
            if key not in self._out_of_range:
                self._out_of_range.add(key)
                self.alerts.append(Alert("warning", "alert.out_of_range", None, {
                    "id": f"{rule.id}@{trig.event or trig.document}{suffix}", "rule": rule.id, "title": rule.title.to_dict(),
                    "person": trig.person or "—", "document": trig.document or "—", "event": trig.event or "—",
                    "date": (p.found if p is not None and p.found else "?"), "first": self.cal.first.isoformat(),
                    "last": self.cal.last.isoformat()}))
            return None

    def _make_in_range(self, rule: Rule, trig: Trigger, anchor: dt.date | dt.datetime, version: Version,
                       event: Event | None, pre_steps: list[Step], pre_amb: list[Ambiguity], suffix: str = "",
                       upto: int | None = None, continued_by: Event | None = None,
                       window: tuple[dt.date, dt.date] | None = None) -> Deadline | None:
        """One deadline. For a period of a chain of orders: ``upto`` extensions counted, ``continued_by``
        the order that continued it (it ends the period), ``window`` the days its closing events fall in."""
        steps = list(pre_steps)
        ambiguities = list(pre_amb)
        did = f"{rule.id}@{trig.event or trig.document}{suffix}"
        notes: list[Alert] = []
        anchor_time_unknown = False
        if rule.source != SET_TERM_SOURCE:  # a term set in the case has no version of a law
            steps.append(self._version_step(rule, version))
        conv = self.rules.conventions[version.convention]
        term: Term | dt.date | None = None
        if rule.anchor.source == "date_attr":
            day = event.attrs.get(rule.anchor.attr) if event else None
            if day is None:
                return None
            key = ("fixed", rule.id, day)
            comp = self.memo.get(key)
            if comp is None:
                comp = fixed_date(day, rule.anchor.boundary, rule.basis)
                _remember(self.memo, key, comp)
        else:
            term = self._term(rule, version, event, steps, did, notes, anchor, conv)
            if term is None:
                return None
        if isinstance(term, dt.date):
            # The act names the last day (a ruling "cure the defects by 10 March"): that day, nothing counted.
            comp = fixed_date(term, "until", rule.basis)
            self.cal.check_range(term, "due")
            start_day = anchor.date() if isinstance(anchor, dt.datetime) else anchor
            if term < start_day and event is not None:
                # A day before the event the term runs from (a ruling served after the day it names): counted
                # as given, and said, with the remedy (an extension of a term set by the court or the body).
                comp = _with(comp, ambiguities=comp.ambiguities + (Ambiguity(
                    "named_day_before_event", {"date": term.isoformat(), "event": event.id, "event_date": start_day.isoformat()},
                    None, _EXTEND_BASIS),))
            if conv.rollover == "next_working_day" and not self.cal.is_working_day(term):
                # Whether a named day that is not a working day moves like the last day of a counted term
                # (KAS art 120 part 6, Law 2073-IX art 33 part 3) is not settled: the named day (earlier)
                # first, the next working day as the other reading.
                moved = self.cal.next_working_day(term)
                comp = _with(comp, ambiguities=comp.ambiguities + (Ambiguity(
                    "named_day_not_working", {"date": term.isoformat(), "other": moved.isoformat()}, moved, conv.basis),))
        elif rule.anchor.source != "date_attr":
            conv = self._conv_for(term, conv)
            if term.unit == "hours" and isinstance(anchor, dt.date) and not isinstance(anchor, dt.datetime):
                # No time given: assume the start of the day, the earliest moment (a cautious end); the
                # latest moment is the other reading (see the hour readings below).
                anchor = dt.datetime.combine(anchor, dt.time(0), KYIV)
                anchor_time_unknown = True
                ambiguities.append(Ambiguity("time_unknown", {"date": anchor.date().isoformat()}))
            crossed: Event | None = None  # the extension that took the orders past the rule's cap
            if rule.extended_by and event is not None:
                for ext in self._extensions(rule, event)[:upto]:
                    if True:
                        add = ext.attrs.get(rule.extended_by.attr) or 0
                        if rule.extended_by.max_each is not None and add > rule.extended_by.max_each:
                            self._beyond(rule, ext, add, rule.extended_by.unit, rule.extended_by.max_each, did, notes)
                            steps.append(Step("term_limited", {"value": add, "term": {
                                "uk": Term(**{rule.extended_by.unit: rule.extended_by.max_each}).describe("uk"),
                                "en": Term(**{rule.extended_by.unit: rule.extended_by.max_each}).describe("en")}}))
                            add = rule.extended_by.max_each
                        term = term + Term(**{rule.extended_by.unit: add})
                        if (crossed is None and rule.cap is not None and term.unit == rule.cap.unit == "months"
                                and term.total_months > rule.cap.total_months):
                            crossed = ext
                        steps.append(Step("extended", {"event": ext.id, "date": ext.date.isoformat(),
                                                       "term": {"uk": Term(**{rule.extended_by.unit: add}).describe("uk"),
                                                                "en": Term(**{rule.extended_by.unit: add}).describe("en")},
                                                       "total": {"uk": term.describe("uk"), "en": term.describe("en")}}))
            if rule.cap is not None and term.unit == rule.cap.unit == "months" and term.total_months >= rule.cap.total_months:
                # At or over the cap: the term is the cap, and no further extension can be asked for.
                code = "capped" if term.total_months > rule.cap.total_months else "cap_reached"
                steps.append(Step(code, {"term": {"uk": rule.cap.describe("uk"), "en": rule.cap.describe("en")}}, rule.basis))
                if code == "capped" and crossed is not None:
                    # Orders that add up past the total the law allows (art 289 part 11: 18 months): the cap is
                    # counted, and the order that went past it is what a lawyer argues (issue 12 point 4).
                    notes.append(Alert("warning", "alert.beyond_cap", did, {
                        "title": rule.title.to_dict(), "event": crossed.id,
                        "term": {"uk": term.describe("uk"), "en": term.describe("en")},
                        "max": {"uk": rule.cap.describe("uk"), "en": rule.cap.describe("en")},
                        "basis": {"uk": "; ".join(b.cite("uk") for b in rule.basis[:1]),
                                  "en": "; ".join(b.cite("en") for b in rule.basis[:1])}}))
                term = rule.cap
            comp = self._rule_computation(rule, version, anchor, term, conv)
            comp = self._suspend(rule, comp, conv, trig)
            comp = self._stated(rule, comp, anchor, conv, event)
        if rule.anchor.source == "date_attr" or isinstance(term, dt.date):
            for amb in rule.ambiguities:
                if amb.alternative_stated is None:
                    ambiguities.append(Ambiguity(amb.code, {"note": amb.note.to_dict()}))
        steps.extend(comp.steps)
        ambiguities.extend(comp.ambiguities)
        for amb in rule.ambiguities:
            if amb.alternative_grace is not None:
                ambiguities.append(self._grace(amb, comp.due, trig))
        closer = self._closing(rule, trig, trig.date, window)
        uncertain = self._uncertain
        if continued_by is not None and (closer is None or continued_by.sort_key() < closer.sort_key()):
            # The order that continued this period ends it: in time if on or before its last day.
            closer = continued_by
            self._via = None
            steps.append(Step("continued_by", {"event": continued_by.id, "date": continued_by.date.isoformat()}))
        closed_on = closer.date if closer else None
        # A term whose counting starts after as-of (the appellate court's ten days, which open when the
        # appeal term ends) has not begun: its own status, not "open" and not "not_started".
        anchor_day = comp.anchor.date() if isinstance(comp.anchor, dt.datetime) else comp.anchor
        not_begun = (closer is None or closer.date > self.as_of) and anchor_day > self.as_of and conv.direction == "forward" \
            and rule.anchor.source != "date_attr" and not isinstance(term, dt.date) and (rule.kind == "act_by" or rule.anchor.source != "deadline")

        def judge(due: dt.date, closed: dt.date | None = closed_on) -> str:
            st = _status_for(rule.kind, due, closed, self.as_of, rule.warning_days)
            return "upcoming" if st == "open" and not_begun else st

        status = judge(comp.due)
        if not_begun and status == "upcoming":
            steps.append(Step("not_begun", {"start": comp.start.isoformat(), "as_of": self.as_of.isoformat()}))
        hour_readings: list[Reading] = []
        if comp.term.unit == "hours":
            status, hour_readings = self._hour_readings(rule, comp, closer, anchor_time_unknown, ambiguities)
        if closer is not None:
            steps.append(Step("closed_by", {"event": closer.id, "date": closer.date.isoformat()}))
            if self._via:
                steps.append(Step("closed_via", {"event": closer.id, "via": self._via, "trigger": trig.event or trig.document}))
        readings = []
        dates = {comp.due}
        for amb in ambiguities:
            if amb.alternative_due is not None and amb.alternative_due not in dates:
                dates.add(amb.alternative_due)
                readings.append(Reading(amb.code, amb.alternative_due, judge(amb.alternative_due)))
        # A reading in which other events close the term (the law is read to allow another remedy): the
        # same due date, judged with that closer.
        for ramb in rule.ambiguities:
            if ramb.alternative_closed_by:
                alt_closer = self._closing(attrs.evolve(rule, closed_by=ramb.alternative_closed_by), trig, trig.date)
                alt_on = alt_closer.date if alt_closer else None
                alt_status = judge(comp.due, alt_on)
                if alt_status != status:
                    readings.append(Reading(ramb.code, comp.due, alt_status))
        if uncertain is not None and (closer is None or uncertain[0].sort_key() < closer.sort_key()) and uncertain[0].date <= self.as_of:
            u, missing = uncertain
            ambiguities.append(Ambiguity("closer_attr_unknown", {"event": u.id, "attrs": ", ".join(missing)}))
            if comp.term.unit == "hours":
                alt_status = _hour_status(rule.kind, comp.due_at, u.moment or dt.datetime.combine(u.date, dt.time(0), KYIV),
                                          self.as_of_at, rule.warning_days)
                if hour_readings or alt_status != status:
                    hour_readings = (hour_readings or [Reading("primary", comp.due, status, comp.due_at)]) + [
                        Reading("closer_attr_unknown", comp.due, alt_status, comp.due_at)]
            else:
                alt_status = judge(comp.due, u.date)
                if alt_status != status:
                    readings.append(Reading("closer_attr_unknown", comp.due, alt_status))
        if hour_readings:
            readings = hour_readings
            if any(r.status != status for r in readings):
                status = "ambiguous"
        elif readings and any(r.status != status for r in readings):
            readings.insert(0, Reading("primary", comp.due, status))
            status = "ambiguous"
        elif readings:
            readings.insert(0, Reading("primary", comp.due, status))
        if not suffix:
            self.alerts.extend(notes)
        return Deadline(did, rule, trig, rule.kind, rule.party, status, comp.start, comp.due, comp.due_at,
                        closer.id if closer else None, closed_on, tuple(steps), tuple(ambiguities), tuple(readings), version,
                        (comp.due - self.as_of).days)

    def _hour_readings(self, rule: Rule, comp: Computation, closer: Event | None, anchor_time_unknown: bool,
                       ambiguities: list[Ambiguity]) -> tuple[str, list[Reading]]:
        """An hour limit judged at the as-of instant. Where the start or the closing event has no time,
        the cautious reading (the earliest end, the latest close) comes first and the favourable one
        (the latest end, the earliest close) second; where they differ the deadline is ambiguous."""
        due_early = comp.due_at
        due_late = _hours_after(dt.datetime.combine(comp.anchor.date() + dt.timedelta(days=1), dt.time(0), KYIV),
                                comp.term.hours) if anchor_time_unknown else due_early
        close_early = close_late = None
        if closer is not None and closer.date <= self.as_of:
            if closer.moment is not None:
                close_early = close_late = closer.moment
            else:
                close_early = dt.datetime.combine(closer.date, dt.time(0), KYIV)
                close_late = min(end_of_day(closer.date), max(self.as_of_at, close_early))
        cautious = _hour_status(rule.kind, due_early, close_late, self.as_of_at, rule.warning_days)
        favourable = _hour_status(rule.kind, due_late, close_early, self.as_of_at, rule.warning_days)
        if closer is not None and closer.moment is None and closer.date <= self.as_of:
            ambiguities.append(Ambiguity("closing_time_unknown", {"event": closer.id, "date": closer.date.isoformat(),
                                                                  "due_at": due_early.isoformat()}))
        if cautious == favourable:
            return cautious, []
        code = "closing_time_unknown" if (closer is not None and closer.moment is None) else "time_unknown"
        if anchor_time_unknown and code == "closing_time_unknown":
            code = "times_unknown"
        return cautious, [Reading("primary", due_early.date(), cautious, due_early),
                          Reading(code, due_late.date(), favourable, due_late)]

    def _grace(self, amb, due: dt.date, trig: Trigger) -> Ambiguity:
        """A validity kept for martial law and some days after it (Cabinet resolution 1202): the other
        reading ends ``days`` after martial law ends. Not for a due date before ``on_or_after``, outside
        martial law, or for a holder whose citizenship includes ``unless_citizenship``. The end of martial
        law is the end of the known periods, or the due date if later: under the assumption that it
        continues this is the EARLIEST the grace can end, and the reading says so."""
        g = amb.alternative_grace
        params: dict[str, Any] = {"note": amb.note.to_dict()}
        ml = self.cal.martial_law
        person = self.case.person(trig.person)
        citizenship = person.citizenship if person is not None else None
        if due < g["on_or_after"] or (ml.state(due) == "none" and due > ml.known_until):
            params["grace"] = "not_applicable"
            return Ambiguity(amb.code, params)
        if g.get("unless_citizenship") and citizenship and g["unless_citizenship"] in citizenship:
            params["grace"] = "excluded_citizenship"
            return Ambiguity(amb.code, params)
        end = max(ml.known_until, due) + dt.timedelta(days=g["days"])
        params["grace"] = "earliest" if ml.after_known == "continues" else "known"
        params["other"] = end.isoformat()
        if not citizenship:
            params["citizenship"] = "not_recorded"
        return Ambiguity(amb.code, params, end if end != due else None)

    def _suspend(self, rule: Rule, comp: Computation, conv, trig: Trigger) -> Computation:
        """KAS art 120 part 10: a suspension stops the running; it resumes from the resumption day.
        The days from the suspension to the resumption are added to the raw end, then the end moves off a
        non-working day again. Whether the suspension day and the resumption day themselves count is not
        settled: the ends one day earlier and one day later are reported as other readings."""
        if not rule.suspended_by:
            return comp
        stops, resumes = rule.suspended_by
        when = rule.suspension_when

        def counts(ev: Event) -> bool:
            return all(condition_holds(c, ev, self.case) for c in when)
        steps: list[Step] = []
        shift = 0
        open_stop = None
        stop_events, _ = self._typed(stops)
        resume_events, resume_keys = self._typed(resumes)
        for e in stop_events:
            if trig.date <= e.date <= comp.raw_end + dt.timedelta(days=shift) and counts(e):
                # the first resumption after the suspension (that counts), found by bisect
                i = bisect.bisect_right(resume_keys, e.sort_key())
                res = next((r for r in itertools.islice(resume_events, i, None) if counts(r)), None)
                res_date = res.date if res is not None else None
                until = e.attrs.get("until")  # a stop that carries its own end (a deferral until a date)
                if isinstance(until, dt.date) and until >= e.date and (res_date is None or until < res_date):
                    res_date = until
                if res_date is None:
                    open_stop = e
                    break
                days = (res_date - e.date).days
                shift += days
                steps.append(Step("suspended", {"from": e.date.isoformat(), "to": res_date.isoformat(), "days": days}, rule.basis))
        if open_stop is not None:
            steps.append(Step("suspended_open", {"from": open_stop.date.isoformat()}, rule.basis))
        if not shift:
            if steps:
                comp = _with(comp, steps=tuple(s for s in comp.steps if s.code != "due") + tuple(steps)
                                    + tuple(s for s in comp.steps if s.code == "due"))
            return comp
        raw = comp.raw_end + dt.timedelta(days=shift)
        due = self._roll(raw, conv.rollover)
        # Every other reading pauses for the same days: shift its raw end, then move it by its own rule.
        ambs = []
        for a in comp.ambiguities:
            if a.alternative_due is None:
                # A reading under another convention that gave the same day before the pause may give another
                # after it (the shifted end on a Saturday: moved, and not moved). Where the two conventions
                # count alike and differ only in the move, it is the shifted raw end moved by its own rule.
                other = self.rules.conventions.get(a.params.get("other_convention", ""))
                if (other is not None and other.direction == conv.direction
                        and other.working_days_at_most == conv.working_days_at_most):
                    alt = raw if other.rollover == "none" else self._roll(raw, other.rollover)
                    if alt != due:
                        a = attrs.evolve(a, alternative_due=alt, params={**a.params, "other": alt.isoformat()})
                ambs.append(a)
                continue
            alt_conv = self.rules.conventions.get(a.params.get("other_convention", ""), conv)
            alt_raw = a.alternative_due + dt.timedelta(days=shift)
            alt = alt_raw if alt_conv.rollover == "none" else self._roll(alt_raw, alt_conv.rollover)
            ambs.append(attrs.evolve(a, alternative_due=alt, params={**a.params, "other": alt.isoformat()}))
        # The convention's own other reading (e.g. no move off a day off) may coincide with the main date
        # before the pause and differ after it: compute it from the shifted raw end.
        alt_id = conv.alternative
        if alt_id and alt_id in self.rules.conventions and not any(a.code == "convention_alternative" for a in ambs):
            alt_conv = self.rules.conventions[alt_id]
            alt = raw if alt_conv.rollover == "none" else self._roll(raw, alt_conv.rollover)
            if alt != due:
                ambs.append(Ambiguity("convention_alternative",
                                      {"convention": conv.id, "other_convention": alt_conv.id,
                                       "other_title": dict(alt_conv.title), "other": alt.isoformat()}, alt, alt_conv.basis))
        for delta in (-1, 1):
            other = self._roll(raw + dt.timedelta(days=delta), conv.rollover)
            if other != due:
                ambs.append(Ambiguity("suspension_counting", {"other": other.isoformat()}, other, rule.basis))
        return _with(comp, raw_end=raw, due=due, due_at=end_of_day(due), ambiguities=tuple(ambs),
                            steps=tuple(s for s in comp.steps if s.code != "due") + tuple(steps)
                            + (Step("due", {"date": due.isoformat()}),))

    def _typed(self, types: Iterable[str]) -> tuple[list[Event], list[tuple]]:
        """The events of ``types`` in date order, with their sort keys (for bisect); kept per evaluation."""
        key = tuple(types)
        hit = self._typed_memo.get(key)
        if hit is None:
            found = sorted((e for t in set(key) for e in self.by_type.get(t, ())), key=Event.sort_key)
            hit = self._typed_memo[key] = (found, [e.sort_key() for e in found])
        return hit

    def _roll(self, day: dt.date, rollover: str) -> dt.date:
        if rollover == "next_working_day" and not self.cal.is_working_day(day):
            return self.cal.next_working_day(day)
        if rollover == "previous_working_day" and not self.cal.is_working_day(day):
            return self.cal.previous_working_day(day)
        return day

    # -- a rule ----------------------------------------------------------------------------------

    def run_rule(self, rule: Rule) -> None:
        if rule.trigger_documents:
            self._run_documents(rule)
            return
        triggers = self._event_triggers(rule)
        for ev in triggers:
            trig = Trigger(ev.id, ev.type, ev.date, ev.person)
            pre: list[Step] = [Step("attr_inherited", {"event": ev.id, "attr": a, "value": v, "from": src})
                               for a, v, src in self.inherited.get(ev.id, ())]
            amb: list[Ambiguity] = [
                Ambiguity("applies_if_absent", {"event": ev.id, "field": (f"{c.field} ({ev.person or '—'})" if c.subject == "person" else c.field),
                                                "excluded": f"{c.field}: " + (" | ".join(map(str, c.value)) if isinstance(c.value, tuple) else str(c.value))})
                for c in self.assumed.get((rule.id, ev.id), ())]
            if rule.anchor.source == "deadline":
                base = self.deadlines.get(f"{rule.anchor.rule}@{ev.id}")
                version = rule.version_on(ev.date)
                if version is None:
                    continue
                if base is not None and base.due is not None and not (
                        rule.anchor.unless_capped and any(s.code in ("capped", "cap_reached") for s in base.steps)):
                    d = self._from_base(rule, trig, version, ev, pre, amb, base)
                    if d is not None:
                        self.deadlines[d.id] = d
                # else nothing runs from the current period (none, or it reached its cap: nothing further can
                # be asked for); the earlier periods of a chain still have theirs, each from its own period
                self._history(rule, trig, ev, ev.date, version, pre, amb)
                continue
            anchor: dt.date | dt.datetime = ev.moment if ev.moment is not None else ev.date
            field_date = ev.attrs.get(rule.anchor.attr) if rule.anchor.source == "trigger" and rule.anchor.attr else None
            if field_date is not None:
                anchor = field_date
                pre.append(Step("anchor_field", {"field": rule.anchor.attr, "date": field_date.isoformat()}))
            else:
                pre.append(Step("anchor", {"event": ev.id, "date": ev.date.isoformat() + (f" {ev.time.isoformat('minutes')}" if ev.time else "")}))
                if ev.attrs.get("channel") == "e_cabinet" and ev.time is not None and ev.time > _E_CABINET_CUTOFF:
                    # KAS art 251 part 6: sent to the e-cabinet after 17:00 -> served on the next working day.
                    anchor = self.cal.next_working_day(ev.date, inclusive=False)
                    pre.append(Step("deemed_service_251", {"date": ev.date.isoformat(), "time": ev.time.isoformat("minutes"),
                                                           "served": anchor.isoformat()}, _KAS_251_6))
            version = rule.version_on(ev.date)
            if version is None:
                continue
            d = self._make(rule, trig, anchor, version, ev, pre, amb,
                           continued_by=self.continued.get(ev.id) if rule.extended_by_set_term else None)
            if d is not None:
                self.deadlines[d.id] = d
            self._history(rule, trig, ev, anchor, version, pre, amb)
        if not triggers and rule.pending_on:
            for ev in sorted((x for t in rule.pending_on for x in self.by_type.get(t, ())), key=Event.sort_key):
                if rule.version_on(ev.date) is not None:
                    trig = Trigger(ev.id, ev.type, ev.date, ev.person)
                    did = f"{rule.id}@{ev.id}"
                    steps = (Step("trigger_missing", {"events": ", ".join(rule.trigger_events), "event": ev.id,
                                                      "date": ev.date.isoformat()}, rule.basis),)
                    self.deadlines[did] = Deadline(did, rule, trig, rule.kind, rule.party, "not_started", None, None, None,
                                                   None, None, steps, (), (), rule.version_on(ev.date), None)

    def _from_base(self, rule: Rule, trig: Trigger, version: Version, ev: Event, pre: list[Step], amb: list[Ambiguity],
                   base: Deadline, suffix: str = "", window: tuple[dt.date, dt.date] | None = None) -> Deadline | None:
        """A term that runs from the end of another (``base``: the current period, or one period of a chain of
        orders, each term from its own). Where that end has another reading (martial law over, the unmoved
        day...), the term is counted from the other end too, so its own status is judged under both readings
        rather than under the first alone."""
        steps = list(pre) + [Step("anchor_deadline", {"title": base.rule.title.to_dict(), "date": base.due.isoformat()}, base.rule.basis)]
        readings = list(amb)
        for a in base.ambiguities:
            if a.alternative_due is None:
                continue
            other_due = None
            try:  # not _make: an end past the calendar on this reading alone is no alert of its own
                other = self._make_in_range(rule, trig, a.alternative_due, version, ev, [], [], suffix + "~other")
                other_due = other.due if other is not None else None
            except CalendarError:
                pass  # the reading stays, without a date
            readings.append(Ambiguity(a.code if a.code.startswith("chained_") else "chained_" + a.code,
                                      {**a.params, "title": base.rule.title.to_dict()}, other_due, a.basis))
        d = self._make(rule, trig, base.due, version, ev, steps, readings, suffix, window=window)
        if d is not None and any(a.code.startswith("chained_") and a.alternative_due not in (None, d.due) for a in d.ambiguities):
            # "the result is the same whether or not martial law continues" holds for this term's own
            # count, not for the end it runs from: not said where that end has another reading
            d = attrs.evolve(d, steps=tuple(s for s in d.steps if s.code != "martial_law_unknown_no_effect"))
        return d

    def run_set_terms(self) -> None:
        """Terms the events of the case set themselves (``sets_term``: a court's or an authority's own term
        where no bundled rule has one): one deadline ``set_term@EVENT`` each, counted under the case's
        ``counting``, else the event type's, else both ways (KAS art 120 and Law 2073-IX art 33), the
        earlier first, with an alert naming the field to add where the two differ."""
        for ev in self.events:
            st = ev.sets_term
            if st is None:
                continue
            etype = self.rules.events.get(ev.type)
            counting = st.counting or (etype.counting if etype is not None else None)
            anchor: dt.date | dt.datetime = ev.moment if ev.moment is not None else ev.date
            said = _said(st.value)
            pre = [Step("set_term", {"event": ev.id, "term": said, "party": {l: message("party." + st.party, None, l) for l in ("uk", "en")}})]
            unknown = counting is None
            ambs: tuple[RuleAmbiguity, ...] = ()
            if unknown:
                readings = [c for c in SET_TERM_READINGS if c in self.rules.conventions]
                dues = {}
                for c in readings:
                    if isinstance(st.value, dt.date) or st.value.unit == "hours":
                        dues[c] = dt.date.min  # a named day, or elapsed hours: the same under either law
                        continue
                    try:
                        dues[c] = self._compute(anchor, st.value, self.rules.conventions[c], None).due
                    except CalendarError:
                        dues[c] = dt.date.max
                readings.sort(key=lambda c: dues[c])  # the earlier (cautious) reading counts; the other is shown
                counting = readings[0]
                if len(set(dues.values())) > 1:
                    ambs = (RuleAmbiguity("counting_unknown", SET_TERM_NOTE, readings[1]),)
                    self.alerts.append(Alert("warning", "alert.counting_unknown", f"set_term@{ev.id}", {
                        "event": ev.id, "term": said, "first": dues[readings[0]].isoformat(), "first_convention": readings[0],
                        "other": dues[readings[1]].isoformat(), "other_convention": readings[1]}))
                else:
                    pre.append(Step("counting_unknown_no_effect", {"conventions": ", ".join(readings)}))
            else:
                pre.append(Step("set_term_counting", {"convention": counting,
                                                      "title": dict(self.rules.conventions[counting].title),
                                                      "source": "case" if st.counting else "type"}))
            basis = SET_TERM_BASIS.get(counting, self.rules.conventions[counting].basis)
            if unknown and ambs:
                basis = SET_TERM_BASIS["kas_120"] + SET_TERM_BASIS["lap_33"]
            rule = _set_term_rule(ev, st, counting, basis, ambs, etype)
            trig = Trigger(ev.id, ev.type, ev.date, ev.person)
            if self.term_chain.get(ev.id):
                pre.append(Step("set_term_extends", {"ids": ", ".join(self.term_chain[ev.id])}, _EXTEND_BASIS))
            d = self._make(rule, trig, anchor, rule.versions[0], ev, pre, [], continued_by=self.continued.get(ev.id))
            if d is not None:
                self.deadlines[d.id] = d

    def _history(self, rule: Rule, trig: Trigger, ev: Event, anchor: dt.date | dt.datetime, version: Version,
                 pre: list[Step], amb: list[Ambiguity]) -> None:
        """A chain of orders keeps its history: every order's own period (``rule@trigger.N``, N = 1 for the
        first order) with its own end, closed by the order that continued it, and the terms chained from
        it (the extension claim of that period, closed by a claim filed within the period). The current
        period is ``rule@trigger`` as before; a cap runs across the whole chain."""
        base_rule = rule if rule.extended_by is not None else (
            self.rules.index_cached().get(rule.anchor.rule or "") if rule.anchor.source == "deadline" else None)
        if base_rule is None or base_rule.extended_by is None:
            return
        exts = self._extensions(base_rule, ev)
        for k, nxt in enumerate(exts):
            window = (exts[k - 1].date if k else trig.date, nxt.date)
            suffix = f".{k + 1}"
            steps = list(pre) + [Step("chain_period", {"n": k + 1, "event": (exts[k - 1] if k else ev).id,
                                                       "next": nxt.id, "date": nxt.date.isoformat()})]
            if rule is base_rule:
                d = self._make(rule, trig, anchor, version, ev, steps, list(amb), suffix, upto=k, continued_by=nxt, window=window)
            else:
                base = self.deadlines.get(f"{rule.anchor.rule}@{ev.id}{suffix}")
                if base is None or base.due is None:
                    continue
                if rule.anchor.unless_capped and any(s.code in ("capped", "cap_reached") for s in base.steps):
                    continue
                d = self._from_base(rule, trig, version, ev, steps, amb, base, suffix, window)
            if d is not None:
                self.deadlines[d.id] = d

    def _run_documents(self, rule: Rule) -> None:
        spec = rule.trigger_documents or {}
        for person in self.case.persons:
            if person.birth_date is None:
                continue
            for doc in person.documents:
                if doc.type not in spec.get("type", ()) or (spec.get("form") and doc.form not in spec["form"]):
                    continue
                for age in rule.anchor.ages:
                    reached, amb = date_of_age(person.birth_date, age)
                    if doc.issued is not None and doc.issued >= reached:
                        continue  # issued after the person reached this age: nothing to exchange
                    if doc.issued is None and reached < self.as_of - dt.timedelta(days=365 * 30):
                        continue
                    version = rule.version_on(reached)
                    if version is None:
                        continue
                    trig = Trigger(None, "birthday", reached, person.id, doc.id)
                    pre = [Step("anchor_birthday", {"birth": person.birth_date.isoformat(), "age": age, "date": reached.isoformat()})]
                    # The other reading of a 29 February birthday is another anchor: compute the due date from it.
                    alt_amb = []
                    for a in amb:
                        other = self._make(rule, trig, a.alternative_due, version, None, [], [], suffix=f".{age}")
                        alt_amb.append(attrs.evolve(a, alternative_due=other.due if other is not None else None,
                                                    params={**a.params, "other_due": other.due.isoformat() if other and other.due else ""}))
                    d = self._make(rule, trig, reached, version, None, pre, alt_amb, suffix=f".{age}")
                    if d is not None:
                        self.deadlines[d.id] = d

    # -- case-level checks -------------------------------------------------------------------------

    def case_alerts(self) -> None:
        for e in self.events:
            if e.date > self.as_of or (e.moment is not None and e.moment > self.as_of_at):
                self.alerts.append(Alert("warning", "alert.event_after_as_of", None,
                                         {"event": e.id, "date": e.date.isoformat() + (f" {e.time.isoformat('minutes')}" if e.time else ""),
                                          "as_of": self.as_of.isoformat() if self.as_of_at == end_of_day(self.as_of)
                                          else self.as_of_at.isoformat(timespec="minutes")}))
            for r in e.refs:
                ref = self.by_id.get(r)
                if ref is not None and ref.sort_key()[:2] > e.sort_key()[:2]:
                    self.alerts.append(Alert("warning", "alert.timeline", None, {"event": e.id, "date": e.date.isoformat(),
                                                                                "ref": ref.id, "ref_date": ref.date.isoformat()}))
        ku = self.cal._known_until
        if ku is not None and any(d.due and d.due > ku for d in self.deadlines.values()):
            self.alerts.append(Alert("info", "alert.assumption", None,
                                     {"known_until": ku.isoformat(), "assumed": self.cal.martial_law.after_known}))

    def unattached_closers(self) -> None:
        """An open term that an event in the case could plausibly close, if only it referred to the
        trigger: say which event it should refer to (a missing reference must not leave a false alert).
        The events that answer no term of the rule are found once per rule and closer (through the
        reference index), so a case of many events stays near-linear."""
        unanswered: dict[tuple[str, int, tuple[str, ...]], list[tuple[list[Event], list[tuple]]]] = {}
        for d in self.deadlines.values():
            if d.closed_by is not None or d.trigger.event is None or d.status in ("met", "met_late", "not_started"):
                continue
            closers = [c for c in d.rule.closed_by if c.match == "refs_trigger"]
            if not closers:
                continue
            for ci, c in enumerate(closers):
                lists = unanswered.get((d.rule.id, ci, c.events))
                if lists is None:
                    lists = unanswered[(d.rule.id, ci, c.events)] = self._unanswered(d.rule, c)
                hit = None
                for events, keys in lists:
                    for e in events[bisect.bisect_left(keys, (d.trigger.date,)):]:
                        if e.date > self.as_of:
                            break
                        if e.id == d.trigger.event or (d.trigger.person and e.person and e.person != d.trigger.person):
                            continue
                        hit = e
                        break
                    if hit is not None:
                        break
                if hit is not None:
                    self.alerts.append(Alert("warning", "alert.unattached_closer", d.id, {
                        "event": hit.id, "title": d.rule.title.to_dict(), "trigger": d.trigger.event}))

    def _unanswered(self, rule: Rule, c) -> list[tuple[list[Event], list[tuple]]]:
        """Per event type of closer ``c`` (in its order), the events in date order that meet its `when`
        and answer no trigger of ``rule`` (neither refer to one nor to an answer of one)."""
        answered: set[str] = set()
        for x in self.deadlines.values():
            if x.rule.id != rule.id or x.trigger.event is None:
                continue
            target = x.trigger.event or x.trigger.document
            kinds = self.answers.get(x.trigger.type, ())
            for e in self.refd_by.get(target, ()):
                answered.add(e.id)
                if e.type in kinds:
                    answered.update(y.id for y in self.refd_by.get(e.id, ()))
        out = []
        for t in c.events:
            events = [e for e in self.by_type.get(t, ()) if e.id not in answered
                      and not (c.when and not all(condition_holds(w, e, self.case) for w in c.when))]
            out.append((events, [e.sort_key() for e in events]))
        return out

    def deadline_alerts(self) -> None:
        for d in self.deadlines.values():
            due = d.due.isoformat() if d.due else ""
            if d.due_at is not None and d.version is not None and d.version.period is not None and d.version.period.unit == "hours":
                due = d.due_at.isoformat(sep=" ", timespec="minutes")  # an hour limit: the hour matters
            p = {"title": d.rule.title.to_dict(), "due": due,
                 "days": d.days_left, "closed": d.closed_on.isoformat() if d.closed_on else ""}
            if d.status == "due_soon":
                if d.days_left == 0:
                    self.alerts.append(Alert("critical", "alert.due_today", d.id, p))
                else:
                    self.alerts.append(Alert("warning", "alert.due_soon", d.id, p))
            elif d.status == "overdue":
                self.alerts.append(Alert(d.rule.overdue_level, "alert.overdue", d.id, p))
            elif d.status == "exceeded":
                self.alerts.append(Alert("critical", "alert.exceeded", d.id, p))
            elif d.status == "met_late":
                self.alerts.append(Alert("warning", "alert.met_late", d.id, p))
            elif d.status == "not_started":
                self.alerts.append(Alert(d.rule.not_started_level, "alert.not_started", d.id, p))
            elif d.status == "ambiguous":
                def when(r: Reading) -> str:
                    return r.due_at.isoformat(sep=" ", timespec="minutes") if r.due_at is not None else r.due.isoformat()
                # Readings on the same date differ in what closes the term (an alternative closer): name them.
                shared = {r.due for r in d.readings if sum(x.due == r.due for x in d.readings) > 1}
                dates = {lang: ", ".join(f"{when(r)}: {message('status.' + r.status, None, lang)}"
                                         + (f" ({r.code})" if r.due in shared and r.code != "primary" else "")
                                         for r in d.readings)
                         for lang in ("uk", "en")}
                code = "alert.ambiguous_input" if any(r.code in _INPUT_READINGS for r in d.readings) else "alert.ambiguous"
                level = "critical" if any(r.status in ("overdue", "exceeded") or (r.status == "due_soon" and r.due == self.as_of)
                                          for r in d.readings) else "warning"
                self.alerts.append(Alert(level, code, d.id, {**p, "dates": dates}))


def calendar_for(case: Case, martial_law_file: str | None = None) -> LegalCalendar:
    ml = load_martial_law(martial_law_file, after_known=case.calendar.martial_law_after_known)  # type: ignore[arg-type]
    if case.calendar.martial_law_ended is not None:  # stated in the case: a fact, and it wins
        ml = ml.ended(case.calendar.martial_law_ended, "case")
    return legal_calendar(ml, case.calendar.closures)


def today_in_kyiv() -> dt.date:
    return dt.datetime.now(KYIV).date()


def _run(case: Case, rules: RuleSet, as_of: dt.date | dt.datetime, cal: LegalCalendar) -> "_Evaluator":
    ev = _Evaluator(case, rules, as_of, cal)
    cal.check_range(ev.as_of, "as_of")  # statuses judged on a day the calendar does not know would be guesses
    # Only the rules that something in this case can start (a few of them, in a typical case).
    ordered, dispatch = _ordered(rules), _dispatch(rules)
    candidates: set[int] = set()
    for t in ev.by_type:
        candidates.update(dispatch.by_event_type.get(t, ()))
    if any(p.documents for p in case.persons):
        candidates.update(dispatch.by_documents)
    for i in sorted(candidates):
        ev.run_rule(ordered[i])
    ev.run_set_terms()
    ev.deadline_alerts()
    ev.unattached_closers()
    ev.case_alerts()
    return ev


# Statuses from the worst for the party who must act to the best: the cautious reading comes first.
_CAUTION = {"overdue": 0, "exceeded": 0, "ambiguous": 0, "met_late": 1, "due_soon": 2, "open": 3, "upcoming": 3,
            "not_started": 3, "met": 4}
_STATUS_ALERTS = frozenset({"alert.due_soon", "alert.due_today", "alert.overdue", "alert.exceeded", "alert.met_late",
                            "alert.not_started", "alert.ambiguous", "alert.ambiguous_input"})
MAX_UNKNOWN_DATES = 4  # 2**4 placements; more unknown dates are placed all early, then all late


def _bounds(case: Case, e: Event, as_of: dt.date) -> tuple[dt.date, dt.date]:
    lo, hi = e.date_bounds or (None, None)
    if lo is None:  # not before the events it answers (those with known dates), else the calendar's start
        known = [x.date for x in case.events if x.id in e.refs and x.date_bounds is None]
        lo = max(known) if known else dt.date(1992, 1, 1)
    if hi is None:
        hi = as_of
    return lo, max(lo, hi)


def _with_unknown_dates(case: Case, rules: RuleSet, as_of: dt.date | dt.datetime, cal: LegalCalendar) -> "_Evaluator":
    """Events recorded with an unknown date (optionally between bounds): evaluate with each at its earliest
    and its latest day; a deadline the bounds determine keeps its status, the others become ambiguous with
    every reading, the cautious one first (issue 12 point 6)."""
    import itertools

    day = as_of_instant(as_of)[0]
    unknown = [e for e in case.events if e.date_bounds is not None]
    bounds = {e.id: _bounds(case, e, day) for e in unknown}
    if len(unknown) <= MAX_UNKNOWN_DATES:
        placements = list(itertools.product((0, 1), repeat=len(unknown)))
    else:
        placements = [(0,) * len(unknown), (1,) * len(unknown)]
    runs = []
    for place in placements:
        at = {e.id: bounds[e.id][side] for e, side in zip(unknown, place)}
        events = tuple(sorted((attrs.evolve(e, date=at[e.id], time=None, moment=None) if e.id in at else e for e in case.events),
                              key=Event.sort_key))
        runs.append(_run(attrs.evolve(case, events=events), rules, as_of, cal))
    first = runs[0]
    merged: dict[str, Deadline] = {}
    for did in dict.fromkeys(d for r in runs for d in r.deadlines):
        found = [r.deadlines[did] for r in runs if did in r.deadlines]
        outcomes = sorted({(d.status, d.due) for d in found}, key=lambda o: (_CAUTION.get(o[0], 3), o[1] or dt.date.max))
        cautious = next(d for d in found if (d.status, d.due) == outcomes[0])
        if len(outcomes) == 1:
            merged[did] = cautious
            continue
        note = Ambiguity("date_unknown", {"dates": ", ".join(f"{e.id} ({bounds[e.id][0]} … {bounds[e.id][1]})" for e in unknown)},
                         next((o[1] for o in outcomes[1:] if o[1] != cautious.due), None))
        readings = [Reading("primary", outcomes[0][1], outcomes[0][0])] + [
            Reading("date_unknown", due, status) for status, due in outcomes[1:] if due is not None]
        status = "ambiguous" if len({o[0] for o in outcomes}) > 1 else cautious.status
        merged[did] = attrs.evolve(cautious, status=status, ambiguities=cautious.ambiguities + (note,), readings=tuple(readings))
    first.deadlines = merged
    others = []
    seen = set()
    for r in runs:
        for a in r.alerts:
            if a.code in _STATUS_ALERTS:
                continue
            key = (a.level, a.code, a.deadline, message(a.code, a.params, "en"))
            if key not in seen:
                seen.add(key)
                others.append(a)
    first.alerts = []
    first.deadline_alerts()
    first.alerts.extend(others)
    return first


def evaluate(case: Case, rules: RuleSet, as_of: dt.date | dt.datetime | None = None, calendar: LegalCalendar | None = None,
             lang: str = "en") -> Report:
    """Evaluate ``case`` under ``rules`` at ``as_of`` (default: the case's ``as_of``, else today in Kyiv).

    ``as_of`` is a date (the end of that day in Kyiv) or an aware date-time (that instant)."""
    as_of = as_of or case.as_of_at or case.as_of or today_in_kyiv()
    cal = calendar or calendar_for(case)
    if any(e.date_bounds is not None for e in case.events):
        ev = _with_unknown_dates(case, rules, as_of, cal)
    else:
        ev = _run(case, rules, as_of, cal)
    far = dt.date.max
    deadlines = tuple(sorted(ev.deadlines.values(), key=lambda d: (d.due or far, d.rule.id, d.id)))
    order = {lvl: i for i, lvl in enumerate(reversed(LEVELS))}
    due_of = {d.id: d.due or far for d in deadlines}
    # A stable sort: alerts equal in all of these keep the order they were raised in, which is fixed
    # (rules in chain order, events in date order), so the output is the same on every run.
    alerts = tuple(sorted(ev.alerts, key=lambda a: (order[a.level], due_of.get(a.deadline or "", far), a.deadline or "", a.code)))
    return Report(case, ev.as_of, deadlines, alerts, rules, cal, lang, ev.as_of_at)
