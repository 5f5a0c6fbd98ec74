"""Rule sets: the model, the loader and the validation of ``rules/``.

Rule files are YAML read with a safe loader (:mod:`procedure._yaml`), validated against the JSON Schema
shipped in ``schemas/rules.schema.json``, then checked for what a schema cannot see: duplicate ids,
overlapping versions, unknown conventions, undeclared event types and attributes, chains that point
nowhere or in a circle. Every problem in a file is reported at once, each with file, line, rule id and
field. Conditions are data (``{attr: proceeding, eq: kas_289}``) interpreted by a fixed set of
operators; nothing in a rule file is ever executed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import pathlib
from typing import Any, Iterable, Literal, Mapping, Sequence

import attrs

from ._paths import bundled_rules_dir, package_file
from .citation import Basis
from ._cache import cache_get, cache_put, json_ready
from ._safe import escape_controls, excerpt, read_regular, short_message
from .errors import Problem, RuleError, line_of
from .periods import TERM_VALUE_UNITS, Convention, Term

OPERATORS = ("eq", "ne", "in", "not_in", "contains", "not_contains", "exists", "before", "on_or_after")


# --------------------------------------------------------------------------------------------------
# Model


@attrs.frozen
class Text:
    uk: str
    en: str

    def get(self, lang: str) -> str:
        return self.uk if lang == "uk" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"uk": self.uk, "en": self.en}


@attrs.frozen
class AttributeSpec:
    name: str
    type: Literal["string", "enum", "date", "int", "bool", "term"]
    values: tuple[str, ...] = ()
    required: bool = False
    description: Text | None = None


@attrs.frozen
class EventType:
    id: str
    title: Text
    description: Text | None
    attributes: Mapping[str, AttributeSpec] = attrs.field(hash=False)
    required: tuple[str, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)  # sorted, for checks
    counting: str | None = None  # the convention of a term this event sets (`sets_term`), when the case gives none

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "required", tuple(sorted(n for n, a in self.attributes.items() if a.required)))


@attrs.frozen
class Condition:
    subject: Literal["attr", "person", "referenced_by", "refs_attr"]
    field: str
    op: str
    value: Any = attrs.field(hash=False)

    def describe(self) -> str:
        return f"{self.subject}.{self.field} {self.op} {self.value!r}"


@attrs.frozen
class Anchor:
    source: Literal["trigger", "deadline", "birthday", "date_attr"] = "trigger"
    attr: str | None = None
    rule: str | None = None
    ages: tuple[int, ...] = ()
    boundary: Literal["until", "before"] = "until"
    unless_capped: bool = False


@attrs.frozen
class TermFromAttr:
    """The length of a term is set on the trigger event (by a court, an authority): a number in ``unit``,
    or, where the attribute is of type ``term``, a structured value in one of ``units`` (``{days: 5}``,
    ``{working_days: 5}``, ``{months: 2}``, ``{until: 2025-03-10}``: see :func:`procedure.periods.term_value`).
    ``max`` and ``default`` are in ``unit``."""

    attr: str
    unit: str
    max: int | None = None
    default: int | None = None
    units: tuple[str, ...] = ()

    @property
    def allowed(self) -> tuple[str, ...]:
        """The units a structured value may use (the rule's own unit when the rule lists none)."""
        return self.units or (self.unit,)


@attrs.frozen
class Version:
    valid_from: dt.date
    valid_to: dt.date | None
    convention: str
    period: Term | None = None
    period_from_attr: TermFromAttr | None = None
    by: str | None = None
    note: Text | None = None

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@attrs.frozen
class Closer:
    events: tuple[str, ...]
    match: Literal["refs_trigger", "same_person", "any"] = "same_person"
    when: tuple[Condition, ...] = ()


@attrs.frozen
class Extension:
    events: tuple[str, ...]
    attr: str
    unit: Literal["months", "days"]
    max_each: int | None = None


@attrs.frozen
class RuleAmbiguity:
    code: str
    note: Text
    alternative_convention: str | None = None
    alternative_period: Term | None = None
    alternative_closed_by: tuple["Closer", ...] = ()
    alternative_grace: Mapping[str, Any] | None = attrs.field(default=None, hash=False)
    # The act itself states a term (a decision that says "complain within 15 days"): the stated term, read
    # from this attribute of the trigger event, is the other reading where it differs from the law's.
    alternative_stated: "TermFromAttr | None" = None


@attrs.frozen
class Rule:
    id: str
    title: Text
    description: Text | None
    kind: Literal["act_by", "limit"]
    party: Literal["person", "authority", "court", "any"]
    trigger_events: tuple[str, ...]
    trigger_documents: Mapping[str, tuple[str, ...]] | None = attrs.field(hash=False)
    conditions: tuple[Condition, ...]
    pending_on: tuple[str, ...]
    anchor: Anchor
    versions: tuple[Version, ...]
    closed_by: tuple[Closer, ...]
    extended_by: Extension | None
    cap: Term | None
    suspended_by: tuple[tuple[str, ...], tuple[str, ...]] | None
    warning_days: int
    not_started_level: str
    overdue_level: str
    basis: tuple[Basis, ...]
    quote: str | None
    confidence: str
    verified: dt.date
    ambiguities: tuple[RuleAmbiguity, ...]
    act: str | None = None
    source: str = ""
    line: int | None = None
    suspension_when: tuple[Condition, ...] = ()  # every stop and resume event must meet these
    extended_by_set_term: bool = False  # a set term the setter may extend (KAS art 121 p2): see engine.run_rule

    def version_on(self, day: dt.date) -> Version | None:
        for v in self.versions:
            if v.in_force_on(day):
                return v
        return None

    @property
    def in_force(self) -> tuple[dt.date, dt.date | None]:
        return (min(v.valid_from for v in self.versions),
                None if any(v.valid_to is None for v in self.versions) else max(v.valid_to for v in self.versions))


@attrs.frozen(eq=False)  # identity: hashing ~100 rules on every cache lookup would cost more than it saves
class RuleSet:
    rules: tuple[Rule, ...]
    events: Mapping[str, EventType] = attrs.field(hash=False)
    conventions: Mapping[str, Convention] = attrs.field(hash=False)
    sources: tuple[str, ...] = ()
    digest: str = ""

    def by_id(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def in_force_on(self, day: dt.date) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.version_on(day) is not None)

    def index(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def index_cached(self) -> dict[str, Rule]:
        return _rule_index(self)

    @property
    def version(self) -> str:
        return "sha256:" + self.digest[:16]


@functools.lru_cache(maxsize=16)
def _rule_index(rs: "RuleSet") -> dict[str, Rule]:
    return {r.id: r for r in rs.rules}


@functools.lru_cache(maxsize=16)
def extendable_types(rs: "RuleSet") -> frozenset[str]:
    """The event types that start a term a court sets and may extend (rules marked ``extended_by_set_term``,
    KAS art 121 p2): an event with ``sets_term.extends`` may refer to an event of one of these types."""
    return frozenset(t for r in rs.rules if r.extended_by_set_term for t in r.trigger_events)


@functools.lru_cache(maxsize=16)
def term_units(rs: "RuleSet") -> Mapping[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each (event type, attribute) a rule reads a term from: the units the rules allow and the ids
    of those rules. A case that gives such a term in another unit is refused (it names the rules)."""
    out: dict[tuple[str, str], tuple[set[str], list[str]]] = {}
    for r in rs.rules:
        specs = [v.period_from_attr for v in r.versions if v.period_from_attr is not None]
        specs += [a.alternative_stated for a in r.ambiguities if a.alternative_stated is not None]
        for spec in specs:
            for t in r.trigger_events:
                units, ids = out.setdefault((t, spec.attr), (set(), []))
                units.update(spec.allowed)
                if r.id not in ids:
                    ids.append(r.id)
    return {k: (tuple(u for u in TERM_VALUE_UNITS if u in units), tuple(ids)) for k, (units, ids) in out.items()}


# --------------------------------------------------------------------------------------------------
# Loading


@functools.lru_cache(maxsize=8)
def _schema(name: str) -> dict:
    return json.loads(package_file(f"schemas/{name}").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=8)
def _validator(name: str):
    import jsonschema  # imported on first use: a run that hits the validated-rules cache never needs it

    schema = _schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _schema_problems(data: Any, schema: str, source: str, lines: dict[tuple, int]) -> list[Problem]:
    out = []
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    for err in errors:
        path = tuple(err.absolute_path)
        rule_id = None
        if len(path) >= 2 and path[0] in ("rules", "overrides") and isinstance(data, dict):
            try:
                rule_id = data[path[0]][path[1]].get("id")
            except (AttributeError, IndexError, KeyError, TypeError):
                rule_id = None
        line = line_of(lines, path)
        field = ".".join(str(p) for p in path[2:]) if rule_id else ".".join(str(p) for p in path) or None
        if err.validator == "additionalProperties":
            msg = err.message.replace("Additional properties are not allowed", "unknown field(s)")
            expected = "one of: " + ", ".join(sorted(err.schema.get("properties", {})))
        elif err.validator == "required":
            msg, expected = err.message, None
        elif err.validator == "enum":
            msg, expected = f"{excerpt(err.instance, 40)} is not allowed", "one of " + ", ".join(map(str, err.validator_value))
        elif err.validator == "type":  # the kind of value only: never the value (a file behind a symlink may be anything)
            kinds = {dict: "a mapping", list: "a list", str: "a text", bool: "true/false", int: "a number", float: "a number",
                     type(None): "nothing"}
            msg, expected = f"wrong type: {kinds.get(type(err.instance), type(err.instance).__name__)}", str(err.validator_value)
        elif err.validator == "oneOf":
            msg, expected = "the combination of fields is not valid", _oneof_hint(err)
        else:
            msg, expected = short_message(err.message, err.instance), None
        out.append(Problem(msg, source=source, location=f"line {line}" if line else None, field=field,
                           rule_id=rule_id, expected=expected))
    return out


def _oneof_hint(err) -> str | None:
    reqs = [s.get("required") for s in err.validator_value if isinstance(s, dict) and s.get("required")]
    return ("exactly one of: " + ", ".join(r[0] for r in reqs)) if reqs else None


def _read_raw(path: pathlib.Path) -> bytes:
    """The bytes of a rule file: a regular file only, read with a bound (a FIFO, a device or an
    oversized file is refused before it can hang or exhaust the process)."""
    from ._safe import MAX_YAML_BYTES  # not from _yaml: a rule set read from the cache never imports PyYAML

    try:
        raw = read_regular(path, MAX_YAML_BYTES)
    except OSError as exc:
        raise RuleError(Problem(f"cannot read: {exc.strerror}", source=str(path)))
    if len(raw) > MAX_YAML_BYTES:
        raise RuleError(Problem("file too large", source=str(path), found=f"more than {MAX_YAML_BYTES} bytes",
                                expected=f"at most {MAX_YAML_BYTES} bytes"))
    return raw


def _read(path: pathlib.Path, raw: bytes | None = None) -> tuple[Any, dict[tuple, int], str]:
    source = str(path)
    if raw is None:
        raw = _read_raw(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RuleError(Problem("not UTF-8 text", source=source))
    from ._yaml import YamlProblem, load_yaml  # PyYAML only when a file is not in the validated cache

    try:
        data, lines = load_yaml(text, source)
    except YamlProblem as exc:
        raise RuleError(exc.problem)
    return data, lines, text


# --- validated-rules cache: see procedure._cache -------------------------------------------------

@functools.lru_cache(maxsize=8)
def _schema_digest(name: str) -> str:
    """The schema's own content is part of the cache key: a changed schema revalidates every file."""
    return hashlib.sha256(package_file(f"schemas/{name}").read_bytes()).hexdigest()


def _read_checked(path: pathlib.Path, schema: str, use_cache: bool = True) -> tuple[Any, dict[tuple, int], bytes, list[Problem]]:
    """Read, parse, normalise and schema-check one file, through the validated-rules cache
    (``use_cache=False``: from the file itself, and the entry rewritten)."""
    raw = _read_raw(path)
    key = hashlib.sha256(_schema_digest(schema).encode() + b"\0" + raw).hexdigest()
    hit = cache_get(key) if use_cache else None
    if hit is not None and isinstance(hit.get("lines"), list):
        try:
            return hit["data"], _CachedLines({tuple(k): v for k, v in hit["lines"]}, key), raw, []
        except (TypeError, ValueError):
            pass  # an entry of the wrong shape: read the file itself
    data, lines, _ = _read(path, raw)
    data = json_ready(data)
    problems = _schema_problems(data, schema, str(path), lines)
    if not problems:
        # Lines of the top two levels (each rule, event type, convention) are kept with the data; every
        # other line sits in its own entry, read only when a problem deep in the file must be located.
        rows = [[list(k), v] for k, v in lines.items()]
        cache_put(key + ".lines", {"data": rows})
        cache_put(key, {"data": data, "lines": [r for r in rows if len(r[0]) <= _SHALLOW]})
    return data, lines, raw, problems


_SHALLOW = 2


class _CachedLines:
    """The line numbers of a file read from the validated cache (see :func:`_read_checked`)."""

    def __init__(self, shallow: dict[tuple, int], key: str) -> None:
        self._shallow, self._key, self._all = shallow, key, None

    def _for(self, path: tuple) -> dict[tuple, int]:
        if len(path) <= _SHALLOW:
            return self._shallow
        if self._all is None:
            entry = cache_get(self._key + ".lines")
            rows = entry.get("data") if entry else None
            # The deep entry gone (a pruned cache): locate problems at the nearest shallow line instead.
            self._all = {tuple(k): v for k, v in rows} if isinstance(rows, list) else self._shallow
        return self._all

    def __contains__(self, path: tuple) -> bool:
        return path in self._for(path)

    def __getitem__(self, path: tuple) -> int:
        return self._for(path)[path]

    def get(self, path: tuple, default: int | None = None) -> int | None:
        return self._for(path).get(path, default)


def _text(m: Mapping[str, str] | None) -> Text | None:
    return Text(m["uk"], m["en"]) if m else None


def _term(m: Mapping[str, int] | None) -> Term | None:
    return Term(**m) if m else None


def _date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def load_events(path: pathlib.Path) -> dict[str, EventType]:
    data, lines, _, problems = _read_checked(path, "events.schema.json")
    if problems:
        raise RuleError(problems)
    out = {}
    for name, spec in data["events"].items():
        attrs_ = {}
        for aname, a in (spec.get("attributes") or {}).items():
            if a["type"] == "enum" and not a.get("values"):
                problems.append(Problem("an enum attribute needs `values`", source=str(path),
                                        location=f"line {line_of(lines, ('events', name, 'attributes', aname))}",
                                        field=f"events.{name}.attributes.{aname}.values"))
            attrs_[aname] = AttributeSpec(aname, a["type"], tuple(a.get("values") or ()), bool(a.get("required")),
                                          _text(a.get("description")))
        out[name] = EventType(name, _text(spec["title"]), _text(spec.get("description")), attrs_, spec.get("counting"))
    if problems:
        raise RuleError(problems)
    return out


def load_conventions(path: pathlib.Path) -> dict[str, Convention]:
    data, lines, _, problems = _read_checked(path, "conventions.schema.json")
    if problems:
        raise RuleError(problems)
    out = {}
    for cid, c in data["conventions"].items():
        out[cid] = Convention(
            id=cid, title=dict(c["title"]), direction=c.get("direction", "forward"),
            rollover=c.get("rollover", "next_working_day"), working_days_at_most=c.get("working_days_at_most"),
            month_end=c.get("month_end", "clamp"), month_end_settled=c.get("month_end_settled", True),
            alternative=c.get("alternative"), basis=tuple(Basis.from_mapping(b) for b in c.get("basis", ())),
            notes=dict(c.get("notes") or {}))
    for cid, c in out.items():
        if c.alternative and c.alternative not in out:
            problems.append(Problem("unknown convention", source=str(path), field=f"conventions.{cid}.alternative",
                                    location=f"line {line_of(lines, ('conventions', cid, 'alternative'))}",
                                    found=c.alternative, expected="one of " + ", ".join(sorted(out))))
    if problems:
        raise RuleError(problems)
    return out


def _condition(m: Mapping[str, Any]) -> Condition:
    subject = next(k for k in ("attr", "person", "refs_attr", "referenced_by") if k in m)
    ops = [k for k in m if k in OPERATORS]
    op = ops[0]
    value = m[op]
    if op in ("before", "on_or_after"):
        value = _date(value)
    elif op in ("in", "not_in"):
        value = tuple(value)
    return Condition(subject, m[subject], op, value)


def _grace(g: Any) -> Mapping[str, Any] | None:
    if not g:
        return None
    return {"days": int(g["days"]), "on_or_after": _date(g["on_or_after"]), "unless_citizenship": g.get("unless_citizenship")}


def _stated(m: Any) -> "TermFromAttr | None":
    if not m:
        return None
    units = tuple(m.get("units") or ("days", "months", "until"))
    return TermFromAttr(m["attr"], m.get("unit", "days"), None, None, units)


def _closers(items: Any) -> tuple[Closer, ...]:
    return tuple(Closer(tuple(c["events"]), c.get("match", "same_person"),
                        tuple(_condition(x) for x in c.get("when") or ())) for c in items or ())


def _build_rule(m: Mapping[str, Any], act: str | None, source: str, line: int | None) -> Rule:
    trig = m["trigger"]
    anc = m.get("anchor") or {"from": "trigger"}
    alerts = m.get("alerts") or {}
    versions = []
    for v in m["versions"]:
        inf = v["in_force"]
        pfa = v.get("period_from_attr")
        versions.append(Version(
            _date(inf["from"]), _date(inf["to"]) if inf.get("to") else None, v.get("convention", "kas_120"),
            _term(v.get("period")), TermFromAttr(**{**pfa, "units": tuple(pfa.get("units") or ())}) if pfa else None,
            inf.get("by"), _text(v.get("note"))))
    versions.sort(key=lambda v: v.valid_from)
    ext = m.get("extended_by")
    susp = m.get("suspended_by")
    docs = trig.get("documents")
    return Rule(
        id=m["id"], title=_text(m["title"]), description=_text(m.get("description")), kind=m["kind"], party=m["party"],
        trigger_events=tuple(trig.get("events") or ()),
        trigger_documents={"type": tuple(docs["type"]), "form": tuple(docs.get("form") or ())} if docs else None,
        conditions=tuple(_condition(c) for c in trig.get("when") or ()),
        pending_on=tuple(trig.get("pending_on") or ()),
        anchor=Anchor(anc["from"], anc.get("attr"), anc.get("rule"), tuple(anc.get("ages") or ()), anc.get("boundary", "until"),
                      bool(anc.get("unless_capped", False))),
        versions=tuple(versions),
        closed_by=_closers(m.get("closed_by")),
        extended_by=Extension(tuple(ext["events"]), ext["attr"], ext["unit"], ext.get("max_each")) if ext else None,
        cap=_term(m.get("cap")),
        suspended_by=(tuple(susp["stop"]), tuple(susp["resume"])) if susp else None,
        suspension_when=tuple(_condition(c) for c in (susp or {}).get("when") or ()),
        extended_by_set_term=bool(m.get("extended_by_set_term", False)),
        warning_days=int(alerts.get("warning_days", 3)),
        not_started_level=alerts.get("not_started", "warning"),
        overdue_level=alerts.get("overdue", "critical"),
        basis=tuple(Basis.from_mapping(b) for b in m["basis"]),
        quote=m.get("quote"), confidence=m["confidence"], verified=_date(m["verified"]),
        ambiguities=tuple(RuleAmbiguity(a["code"], _text(a["note"]), (a.get("alternative") or {}).get("convention"),
                                        _term((a.get("alternative") or {}).get("period")),
                                        _closers((a.get("alternative") or {}).get("closed_by")),
                                        _grace((a.get("alternative") or {}).get("martial_law_grace")),
                                        _stated((a.get("alternative") or {}).get("stated_term")))
                          for a in m.get("ambiguities") or ()),
        act=act, source=source, line=line)


def _check_rule(rule: Rule, raw: Mapping[str, Any], events: Mapping[str, EventType], conventions: Mapping[str, Convention],
                where: tuple, lines: dict[tuple, int], source: str) -> list[Problem]:
    """Checks a schema cannot express. ``where`` is the rule's path in the file, e.g. ('rules', 3)."""
    probs: list[Problem] = []

    def add(msg: str, path: tuple, field: str, found: Any = None, expected: str | None = None) -> None:
        ln = line_of(lines, where + path)
        probs.append(Problem(msg, source=source, location=f"line {ln}" if ln else None, field=field, rule_id=rule.id,
                             found=None if found is None else str(found), expected=expected))

    known = ", ".join(sorted(events))

    def check_event(name: str, path: tuple, field: str) -> None:
        if name not in events:
            add("unknown event type", path, field, name, "an event declared in rules/events.yaml" +
                (f" (did you mean {_nearest(name, events)}?)" if _nearest(name, events) else ""))

    for i, e in enumerate(rule.trigger_events):
        check_event(e, ("trigger", "events", i), "trigger.events")
    for i, e in enumerate(rule.pending_on):
        check_event(e, ("trigger", "pending_on", i), "trigger.pending_on")
    for i, c in enumerate(rule.closed_by):
        for j, e in enumerate(c.events):
            check_event(e, ("closed_by", i, "events", j), f"closed_by[{i}].events")
    for i, a in enumerate(rule.ambiguities):
        for k, c in enumerate(a.alternative_closed_by):
            for j, e in enumerate(c.events):
                check_event(e, ("ambiguities", i, "alternative", "closed_by", k, "events", j),
                            f"ambiguities[{i}].alternative.closed_by[{k}].events")
    if rule.suspended_by:
        for key, names in zip(("stop", "resume"), rule.suspended_by):
            for j, e in enumerate(names):
                check_event(e, ("suspended_by", key, j), f"suspended_by.{key}")
    if rule.extended_by:
        for j, e in enumerate(rule.extended_by.events):
            check_event(e, ("extended_by", "events", j), "extended_by.events")
            if e in events and rule.extended_by.attr not in events[e].attributes:
                add("attribute not declared for the event", ("extended_by", "attr"), "extended_by.attr",
                    rule.extended_by.attr, f"an attribute of {e}")

    # Attributes used by conditions and anchors must be declared on every trigger event.
    def check_attr(attr: str, path: tuple, field: str, want_type: str | None = None) -> None:
        for e in rule.trigger_events:
            if e in events:
                spec = events[e].attributes.get(attr)
                if spec is None:
                    add("attribute not declared for the trigger event", path, field, attr,
                        f"one of: {', '.join(sorted(events[e].attributes)) or '(none)'} on {e}")
                elif want_type and spec.type not in want_type.split("|"):
                    add("attribute has the wrong type", path, field, f"{attr}: {spec.type}", want_type)

    for i, c in enumerate(rule.conditions):
        if c.subject == "referenced_by":
            check_event(c.field, ("trigger", "when", i), f"trigger.when[{i}].referenced_by")
            if c.op != "exists":
                add("referenced_by takes only the exists operator", ("trigger", "when", i), f"trigger.when[{i}]", c.op, "exists: true|false")
        if c.subject == "refs_attr" and not any(c.field in et.attributes for et in events.values()):
            add("attribute not declared for any event", ("trigger", "when", i), f"trigger.when[{i}].refs_attr", c.field,
                "an attribute of an event type in rules/events.yaml")
        if c.subject == "attr":
            check_attr(c.field, ("trigger", "when", i), f"trigger.when[{i}].attr")
            for e in rule.trigger_events:
                spec = events.get(e, None) and events[e].attributes.get(c.field)
                if spec and spec.type == "enum" and c.op in ("eq", "ne", "in", "not_in"):
                    vals = c.value if isinstance(c.value, tuple) else (c.value,)
                    bad = [v for v in vals if v not in spec.values]
                    if bad:
                        add("value not allowed for the attribute", ("trigger", "when", i), f"trigger.when[{i}]",
                            ", ".join(map(str, bad)), "one of " + ", ".join(spec.values))
    if rule.anchor.source in ("trigger", "date_attr") and rule.anchor.attr:
        check_attr(rule.anchor.attr, ("anchor", "attr"), "anchor.attr", "date")
    if rule.anchor.source == "date_attr" and not rule.anchor.attr:
        add("a date_attr anchor names the attribute", ("anchor",), "anchor.attr", expected="a date attribute")
    if rule.anchor.source == "deadline" and not rule.anchor.rule:
        add("a deadline anchor names the rule it runs from", ("anchor",), "anchor.rule", expected="a rule id")
    if rule.anchor.source == "birthday":
        if not rule.anchor.ages:
            add("a birthday anchor lists the ages", ("anchor",), "anchor.ages", expected="a list of ages")
        if not rule.trigger_documents:
            add("a birthday anchor needs a documents trigger", ("trigger",), "trigger.documents")
    if rule.trigger_documents and rule.anchor.source != "birthday":
        add("a documents trigger needs a birthday anchor", ("anchor", "from"), "anchor.from", rule.anchor.source, "birthday")

    for i, v in enumerate(rule.versions):
        if v.convention not in conventions:
            add("unknown convention", ("versions", i, "convention"), f"versions[{i}].convention", v.convention,
                "one of " + ", ".join(sorted(conventions)))
        if v.valid_to and v.valid_to < v.valid_from:
            add("version ends before it starts", ("versions", i, "in_force"), f"versions[{i}].in_force", f"{v.valid_from}..{v.valid_to}")
        if (v.period is None) == (v.period_from_attr is None) and rule.anchor.source != "date_attr":
            add("a version has exactly one of period, period_from_attr", ("versions", i), f"versions[{i}]",
                expected="period or period_from_attr")
        if v.period_from_attr:
            check_attr(v.period_from_attr.attr, ("versions", i, "period_from_attr", "attr"), f"versions[{i}].period_from_attr.attr",
                       "term" if v.period_from_attr.units else "int|term")
        if v.period is not None and v.period.unit == "hours" and v.convention != "hours_elapsed":
            add("an hour term uses the hours_elapsed convention", ("versions", i, "convention"), f"versions[{i}].convention",
                v.convention, "hours_elapsed")
    vs = sorted(rule.versions, key=lambda v: v.valid_from)
    for a, b in zip(vs, vs[1:]):
        if a.valid_to is None or a.valid_to >= b.valid_from:
            add("versions overlap", ("versions",), "versions", f"{a.valid_from}..{a.valid_to or 'open'} and {b.valid_from}..",
                "each version to end before the next starts")
    for i, a in enumerate(rule.ambiguities):
        if a.alternative_stated is not None:
            check_attr(a.alternative_stated.attr, ("ambiguities", i, "alternative", "stated_term", "attr"),
                       f"ambiguities[{i}].alternative.stated_term.attr", "term")
        if a.alternative_convention and a.alternative_convention not in conventions:
            add("unknown convention", ("ambiguities", i, "alternative", "convention"), f"ambiguities[{i}].alternative.convention",
                a.alternative_convention, "one of " + ", ".join(sorted(conventions)))
    return probs


def _nearest(name: str, options: Iterable[str]) -> str | None:
    import difflib

    m = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return m[0] if m else None


def _inside(path: pathlib.Path, directory: pathlib.Path) -> None:
    """Refuse a rule file that is a symlink leading out of its rules directory: a contributed rules
    directory must not make the loader read (and quote) a file elsewhere on the machine."""
    try:
        path.resolve().relative_to(directory.resolve())
    except ValueError:
        raise RuleError(Problem("a symlink that leads out of the rules directory", source=str(path),
                                found=escape_controls(str(path.resolve()))[:120],
                                expected=f"a file inside {escape_controls(str(directory))}"))
    except (OSError, RuntimeError):  # a symlink loop
        raise RuleError(Problem("cannot read: a symlink loop", source=str(path)))


def _rule_files(directory: pathlib.Path) -> list[pathlib.Path]:
    skip = {"events.yaml", "conventions.yaml"}
    return sorted(p for p in directory.rglob("*.yaml") if p.name not in skip and "calendar" not in p.relative_to(directory).parts)


def load_rules(extra_dirs: Sequence[str | pathlib.Path] = (), *, bundled: bool = True) -> RuleSet:
    """Load the bundled rules (unless ``bundled=False``) and then each of ``extra_dirs`` in order.

    A later directory may add rules, replace earlier ones through ``overrides:``, or switch them off
    through ``disable:``. Raises :class:`RuleError` listing every problem found.
    """
    return _load_rules_cached(tuple(str(pathlib.Path(d)) for d in extra_dirs), bundled)


@functools.lru_cache(maxsize=8)
def _load_rules_cached(extra_dirs: tuple[str, ...], bundled: bool) -> RuleSet:
    dirs = ([bundled_rules_dir()] if bundled else []) + [pathlib.Path(d) for d in extra_dirs]
    problems: list[Problem] = []
    for d in dirs:
        if not d.is_dir():
            problems.append(Problem("not a directory of rules", source=str(d), expected="a directory with *.yaml rule files"))
    if problems:
        raise RuleError(problems)
    # The vocabulary and conventions: the last directory that has the file wins, and adds to earlier ones.
    events: dict[str, EventType] = {}
    conventions: dict[str, Convention] = {}
    digest = hashlib.sha256()
    for d in dirs:
        for fname, target, loader in (("events.yaml", events, load_events), ("conventions.yaml", conventions, load_conventions)):
            p = d / fname
            if p.exists():
                try:
                    _inside(p, d)
                    target.update(loader(p))
                    digest.update(fname.encode() + b"\0" + _read_raw(p))
                except RuleError as exc:
                    problems.extend(exc.problems)
    for name, et in sorted(events.items()):
        if et.counting is not None and et.counting not in conventions:
            problems.append(Problem("unknown convention", source=str(dirs[-1] / "events.yaml") if dirs else None,
                                    field=f"events.{name}.counting", found=et.counting,
                                    expected="one of " + ", ".join(sorted(conventions))))
    if problems:
        raise RuleError(problems)
    if not events:
        raise RuleError(Problem("no event vocabulary found", source=str(dirs[0]) if dirs else None, expected="events.yaml"))
    rules: dict[str, Rule] = {}
    raws: dict[str, tuple[Mapping, tuple, dict, str]] = {}
    sources = []
    for d in dirs:
        for path in _rule_files(d):
            sources.append(str(path))
            try:
                _inside(path, d)
                data, lines, raw, file_problems = _read_checked(path, "rules.schema.json")
            except RuleError as exc:
                problems.extend(exc.problems)
                continue
            # The digest names files relative to their rule directory: the same rules give the same
            # digest in a checkout, an installed package or another machine.
            digest.update(path.relative_to(d).as_posix().encode() + b"\0" + raw)
            if file_problems:
                problems.extend(file_problems)
                continue
            if not isinstance(lines, _CachedLines):
                _add_file(data, lines, path, rules, raws, problems, events, conventions, [])
                continue
            # Taken from the cache: if it gives problems, the entry may be bad rather than the file. Undo,
            # read the file itself, and report only what the file itself gives (the entry is rewritten).
            undo: list = []
            before = len(problems)
            try:
                _add_file(data, lines, path, rules, raws, problems, events, conventions, undo)
                failed = len(problems) > before
            except (KeyError, AttributeError, IndexError, TypeError, ValueError, OverflowError):
                failed = True
            if failed:
                del problems[before:]
                for rid, old_rule, old_raw in reversed(undo):
                    if old_rule is None:
                        rules.pop(rid, None)
                        raws.pop(rid, None)
                    else:
                        rules[rid], raws[rid] = old_rule, old_raw
                try:
                    data, lines, _, file_problems = _read_checked(path, "rules.schema.json", use_cache=False)
                except RuleError as exc:
                    problems.extend(exc.problems)
                    continue
                if file_problems:
                    problems.extend(file_problems)
                    continue
                _add_file(data, lines, path, rules, raws, problems, events, conventions, [])
    # Chains: a deadline anchor must point to a rule with the same trigger events, and never in a circle.
    for rid, rule in sorted(rules.items()):
        if rule.anchor.source != "deadline":
            continue
        raw, where, lines, src = raws[rid]
        target = rules.get(rule.anchor.rule or "")
        if target is None:
            problems.append(Problem("chain to an unknown rule", source=src, location=_chain_loc(lines, where), field="anchor.rule", rule_id=rid,
                                    found=rule.anchor.rule, expected="the id of a loaded rule"))
            continue
        if not set(rule.trigger_events) <= set(target.trigger_events):
            problems.append(Problem("a chained rule must share the trigger events of the rule it runs from", source=src,
                                    location=_chain_loc(lines, where), field="trigger.events", rule_id=rid, found=", ".join(rule.trigger_events),
                                    expected="a subset of " + ", ".join(target.trigger_events)))
        seen, cur = [rid], target
        while cur is not None and cur.anchor.source == "deadline":
            if cur.id in seen:
                problems.append(Problem("chain of deadlines forms a cycle", source=src, location=_chain_loc(lines, where), field="anchor.rule",
                                        rule_id=rid, found=" -> ".join(seen + [cur.id]), expected="a chain that ends"))
                break
            seen.append(cur.id)
            cur = rules.get(cur.anchor.rule or "")
    if problems:
        raise RuleError(problems)
    return RuleSet(tuple(sorted(rules.values(), key=lambda r: r.id)), events, conventions, tuple(sources), digest.hexdigest())


def _add_file(data: Mapping, lines, path: pathlib.Path, rules: dict, raws: dict, problems: list[Problem],
              events: Mapping[str, EventType], conventions: Mapping[str, Convention], undo: list) -> None:
    """Build and check the rules of one file into ``rules`` (``undo`` records what changed)."""
    act = data.get("act")
    for section in ("rules", "overrides"):
        for i, raw in enumerate(data.get(section) or ()):
            where = (section, i)
            try:
                rule = _build_rule(raw, act, str(path), line_of(lines, where))
            except (ValueError, TypeError, OverflowError) as exc:
                problems.append(Problem(str(exc), source=str(path), location=f"line {line_of(lines, where)}",
                                        rule_id=raw.get("id")))
                continue
            rp = _check_rule(rule, raw, events, conventions, where, lines, str(path))
            if section == "rules" and rule.id in rules:
                other = rules[rule.id]
                rp.append(Problem("duplicate rule id", source=str(path), location=f"line {line_of(lines, where + ('id',))}",
                                  field="id", rule_id=rule.id, found=rule.id,
                                  expected=f"a new id (first defined in {other.source}:{other.line}); use `overrides:` to replace it"))
            if section == "overrides" and rule.id not in rules:
                rp.append(Problem("override of an unknown rule", source=str(path),
                                  location=f"line {line_of(lines, where + ('id',))}", field="id", rule_id=rule.id,
                                  expected="the id of a rule loaded earlier"))
            problems.extend(rp)
            if not rp:
                undo.append((rule.id, rules.get(rule.id), raws.get(rule.id)))
                rules[rule.id] = rule
                raws[rule.id] = (raw, where, lines, str(path))
    for i, rid in enumerate(data.get("disable") or ()):
        if rid in rules:
            undo.append((rid, rules[rid], raws.get(rid)))
            del rules[rid]
        else:
            problems.append(Problem("cannot disable an unknown rule", source=str(path),
                                    location=f"line {line_of(lines, ('disable', i))}", field="disable", found=rid))


def _chain_loc(lines, where: tuple) -> str:
    return f"line {line_of(lines, where + ('anchor', 'rule'))}"


def _max_yaml() -> int:
    from ._yaml import MAX_YAML_BYTES

    return MAX_YAML_BYTES


def validate_paths(paths: Sequence[str | pathlib.Path]) -> list[Problem]:
    """Validate rule directories or single rule files against the bundled vocabulary. Returns the problems."""
    problems: list[Problem] = []
    base = bundled_rules_dir()
    dirs: list[str] = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            dirs.append(str(p))
        elif p.is_file() and p.stat().st_size > _max_yaml():
            problems.append(Problem("file too large", source=str(p), found=f"{p.stat().st_size} bytes", expected=f"at most {_max_yaml()} bytes"))
        elif p.is_file() and (root := next((a for a in p.resolve().parents if (a / "events.yaml").is_file()), None)):
            # A file inside a complete rule set (a checkout's rules/): validate that set, report this file.
            try:
                _load_rules_cached.__wrapped__((str(root),), False)
            except RuleError as exc:
                problems.extend(x for x in exc.problems if x.source and pathlib.Path(x.source).resolve() == p.resolve())
        elif p.is_file():
            # A lone file: validate it as if it sat in a directory of its own next to the bundled rules.
            import tempfile, shutil

            tmp = pathlib.Path(tempfile.mkdtemp(prefix="procedure-validate-"))
            try:
                shutil.copy(p, tmp / p.name)
                try:
                    _load_rules_cached.__wrapped__((str(tmp),), p.resolve().parent != base.resolve())
                except RuleError as exc:
                    problems.extend(attrs.evolve(x, source=str(p) if x.source and x.source.startswith(str(tmp)) else x.source)
                                    for x in exc.problems)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        elif os.path.lexists(p):  # it exists, but is not a regular file or a directory (a FIFO, a device, a dangling link)
            try:
                read_regular(p, 0)
                what = "cannot read"
            except OSError as exc:
                what = f"cannot read: {exc.strerror}"
            problems.append(Problem(what, source=str(p), expected="a rule file (*.yaml) or a directory of them"))
        else:
            problems.append(Problem("no such file or directory", source=str(p)))
    if dirs:
        # A directory with its own events.yaml is a complete rule set (the bundled one, or a fork of it):
        # validate it alone. Otherwise it adds to the bundled rules, as --rules DIR would.
        bundled = not any((pathlib.Path(d) / "events.yaml").is_file() for d in dirs)
        try:
            _load_rules_cached.__wrapped__(tuple(dirs), bundled)
        except RuleError as exc:
            problems.extend(exc.problems)
    return problems
