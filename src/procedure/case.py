"""A case: persons, documents and events, read from case.json (or a mapping) and checked.

Checking happens in two passes and reports every problem at once: the JSON Schema
(``schemas/case.schema.json``) for shapes and types, then what a schema cannot see: impossible dates,
duplicate ids, references to unknown events or persons, unknown event types (with the nearest known
name), attributes the event type does not declare, Kyiv local times that do not exist or occur twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pathlib
import re
from typing import Any, Iterator, Mapping

import attrs

from ._safe import CONTROL, escape_controls, excerpt, read_regular
from .calendar import KYIV, Closure
from .errors import CaseError, Problem
from .periods import Term, term_value, term_value_unit
from .ruleset import EventType, RuleSet, _validator, extendable_types, term_units

MAX_CASE_BYTES = 5_000_000
# Events must fall inside the legal calendar's range (procedure.calendar.LegalCalendar defaults).
FIRST_DAY, LAST_DAY = dt.date(1992, 1, 1), dt.date(2075, 12, 31)
MAX_EVENTS = 10_000
RESERVED = {"id", "type", "date", "time", "person", "refs", "note", "sets_term"}
TERM_EXPECTED = ('a whole number (in the unit of the rule that reads it), or one of {"days": N}, {"working_days": N}, '
                 '{"months": N}, {"years": N}, {"hours": N}, {"until": "YYYY-MM-DD"}')


@attrs.frozen
class Document:
    id: str
    type: str
    form: str | None = None
    issued: dt.date | None = None
    expires: dt.date | None = None


@attrs.frozen
class Person:
    id: str
    birth_date: dt.date | None = None
    citizenship: tuple[str, ...] = ()
    documents: tuple[Document, ...] = ()
    name: str | None = None


SET_TERM_META = ("party", "label", "counting", "closed_by", "extends")
SET_TERM_CLOSER = "term_act_done"  # the event type that closes a set term when the case names none


@attrs.frozen
class SetTerm:
    """A term an event sets for someone to act, where no bundled rule has it (``sets_term`` in case.json;
    issue 12 point 10): ``value`` a :class:`Term` or the named last day; ``counting`` a convention id,
    None when the case does not give one (the event type's ``counting`` then, else both readings)."""

    value: Term | dt.date
    party: str
    label: str | None = None
    counting: str | None = None
    closed_by: tuple[str, ...] = (SET_TERM_CLOSER,)
    extends: bool = False  # it replaces the term set by the events it refers to (an extension)


@attrs.frozen
class Event:
    id: str
    type: str
    date: dt.date
    time: dt.time | None = None
    moment: dt.datetime | None = None  # aware, Kyiv, when ``time`` is given
    person: str | None = None
    refs: tuple[str, ...] = ()
    attrs: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    index: int = 0  # position in the input, for stable ordering and error messages
    # Recorded with an unknown date: (not before, not after), either None when not given; ``date`` is then
    # a placeholder and the engine evaluates the event at each bound (issue 12 point 6).
    date_bounds: tuple[dt.date | None, dt.date | None] | None = None
    sets_term: SetTerm | None = None  # a term this event sets (issue 12 point 10)

    def sort_key(self) -> tuple:
        return (self.date, self.time or dt.time(0), self.index)


@attrs.frozen
class CalendarSettings:
    closures: tuple[Closure, ...] = ()
    martial_law_after_known: str | None = None
    martial_law_ended: dt.datetime | None = None  # stated in the case: a fact (aware, Kyiv)


@attrs.frozen
class Case:
    case_id: str
    events: tuple[Event, ...]
    persons: tuple[Person, ...] = ()
    as_of: dt.date | None = None
    calendar: CalendarSettings = CalendarSettings()
    source: str = "<api>"
    sha256: str = ""
    title: str | None = None
    as_of_at: dt.datetime | None = None  # when the case's as_of is a date-time (aware), that instant

    def event(self, event_id: str) -> Event:
        for e in self.events:
            if e.id == event_id:
                return e
        raise KeyError(event_id)

    def person(self, person_id: str | None) -> Person | None:
        for p in self.persons:
            if p.id == person_id:
                return p
        return None


def _date(value: str, problems: list[Problem], source: str, loc: str, field: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(Problem("not a real calendar date", source=source, location=loc, field=field, found=repr(value),
                                expected="an existing date YYYY-MM-DD"))
        return None


def parse_as_of(value: Any) -> tuple[dt.date | dt.datetime | None, str | None]:
    """An as-of value: a date (``YYYY-MM-DD``: the end of that day in Kyiv) or a date-time with its
    offset (``2025-06-14T09:00+03:00``, or ``Z``). Returns (value, error)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return None, "a date-time needs its offset"
        return value.astimezone(KYIV), None
    if isinstance(value, dt.date):
        return value, None
    if not isinstance(value, str):
        return None, "not a date"
    if len(value) == 10:
        try:
            return dt.date.fromisoformat(value), None
        except ValueError:
            return None, "not a date (no such day)"
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        return None, "not a date or a date-time"
    if at.tzinfo is None:
        return None, "a date-time needs its offset"
    return at.astimezone(KYIV), None


def _stated_instant(value: Any) -> tuple[dt.datetime | None, str | None]:
    """A stated moment (the end of martial law): a date-time, Kyiv local time unless it has an offset."""
    if isinstance(value, dt.datetime):
        return (value.replace(tzinfo=KYIV) if value.tzinfo is None else value.astimezone(KYIV)), None
    if not isinstance(value, str) or len(value) <= 10:
        return None, "not a date-time"
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        return None, "not a date-time"
    if not FIRST_DAY <= at.date() <= LAST_DAY:
        return None, "outside the range of the legal calendar"
    return (at.replace(tzinfo=KYIV) if at.tzinfo is None else at.astimezone(KYIV)), None


AS_OF_EXPECTED = "YYYY-MM-DD (the end of that day in Kyiv) or a date-time with its offset, YYYY-MM-DDTHH:MM+03:00"


def _plain(obj: Any) -> Any:
    """``obj`` with ``datetime.date``/``datetime.datetime`` values written as ISO strings (a new object)."""
    if isinstance(obj, dt.datetime):
        return obj.isoformat()
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def _iso_default(obj: Any) -> str:
    if isinstance(obj, dt.date):
        return obj.isoformat()
    raise TypeError(f"not JSON: {type(obj).__name__}")


def _has_dates(obj: Any, depth: int = 0) -> bool:
    if isinstance(obj, dt.date):
        return True
    if depth > 64:
        return False
    if isinstance(obj, Mapping):
        return any(_has_dates(v, depth + 1) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return any(_has_dates(v, depth + 1) for v in obj)
    return False


def kyiv_moment(day: dt.date, text: str) -> tuple[dt.datetime | None, dt.time | None, str | None]:
    """Resolve a Kyiv local time. Returns (moment, time, error)."""
    offset = None
    t = text
    if len(text) > 5 and text[-6] in "+-":
        t, off = text[:-6], text[-6:]
        sign = 1 if off[0] == "+" else -1
        offset = dt.timedelta(hours=sign * int(off[1:3]), minutes=sign * int(off[4:6]))
    try:
        clock = dt.time.fromisoformat(t)
    except ValueError:
        return None, None, "not a valid time of day"
    naive = dt.datetime.combine(day, clock)
    a = naive.replace(tzinfo=KYIV, fold=0)
    b = naive.replace(tzinfo=KYIV, fold=1)
    if offset is not None:
        for cand in (a, b):
            if cand.utcoffset() == offset and cand.astimezone(dt.timezone.utc).astimezone(KYIV).replace(tzinfo=None) == naive:
                return cand, clock, None
        return None, None, f"Kyiv has no offset {text[-6:]} at that moment"
    # A time in the spring-forward gap does not survive a round trip through UTC.
    if a.astimezone(dt.timezone.utc).astimezone(KYIV).replace(tzinfo=None) != naive:
        return None, None, "this Kyiv local time does not exist (clocks moved forward)"
    if a.utcoffset() != b.utcoffset():
        return None, None, "this Kyiv local time occurs twice (clocks moved back); add the offset, e.g. 03:30+03:00"
    return a, clock, None


def _fast_valid(data: Any) -> bool:
    """Yes or no from the case schema compiled ahead of time (tools/gen_case_validator.py)."""
    from ._case_validator import validate

    try:
        validate(data)
        return True
    except Exception:  # its JsonSchemaValueException, or anything odd: let jsonschema explain
        return False


def _nearest(name: str, options) -> str | None:
    import difflib  # only when something is misspelt

    m = difflib.get_close_matches(name, sorted(options), n=1, cutoff=0.5)
    return m[0] if m else None


def _check_attr(value: Any, spec, problems: list[Problem], source: str, loc: str, field: str,
                allowed: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> Any:
    t = spec.type
    if t == "term":
        return _check_term(value, problems, source, loc, field, allowed)
    if t == "bool":
        if not isinstance(value, bool):
            problems.append(Problem("wrong type", source=source, location=loc, field=field, found=repr(value), expected="true or false"))
        return value
    if t == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(Problem("wrong type", source=source, location=loc, field=field, found=repr(value), expected="a non-negative integer"))
        return value
    if not isinstance(value, str):
        problems.append(Problem("wrong type", source=source, location=loc, field=field, found=repr(value), expected="a string"))
        return value
    if t == "date":
        return _date(value, problems, source, loc, field) if len(value) == 10 else problems.append(
            Problem("not a date", source=source, location=loc, field=field, found=repr(value), expected="YYYY-MM-DD"))
    if t == "enum" and value not in spec.values:
        near = _nearest(value, spec.values)
        problems.append(Problem("value not allowed", source=source, location=loc, field=field, found=repr(value),
                                expected="one of " + ", ".join(spec.values) + (f" (did you mean {near}?)" if near else "")))
    return value


def _check_term(value: Any, problems: list[Problem], source: str, loc: str, field: str,
                allowed: tuple[tuple[str, ...], tuple[str, ...]] | None, expected: str = TERM_EXPECTED) -> Any:
    """A term set on the event (issue 12 point 10): a bare number in the unit of the rule that reads it,
    or a structured value in a unit those rules allow (``allowed``: their units and ids)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            problems.append(Problem("a term cannot be negative", source=source, location=loc, field=field, found=repr(value),
                                    expected=TERM_EXPECTED))
        return value
    try:
        parsed = term_value(value)
    except ValueError as exc:
        problems.append(Problem(str(exc), source=source, location=loc, field=field, found=excerpt(value),
                                expected=expected))
        return None
    if allowed is not None and term_value_unit(parsed) not in allowed[0]:
        problems.append(Problem("a unit the rule does not allow for this term", source=source, location=loc, field=field,
                                found=term_value_unit(parsed),
                                expected=("a number, or one of " + ", ".join(allowed[0]) + f" ({', '.join(allowed[1])})")))
    return parsed


def _check_sets_term(value: Any, rules: RuleSet, problems: list[Problem], source: str, loc: str) -> SetTerm | None:
    """``sets_term`` of an event: one unit (as a term attribute), who must act, and optionally a label,
    the counting convention and the event types that close it. Every problem names the field."""
    if not isinstance(value, Mapping):
        return None  # the schema has said so
    before = len(problems)
    unit = {k: v for k, v in value.items() if k not in SET_TERM_META}
    parsed = _check_term(unit, problems, source, loc, "sets_term", None,
                         'exactly one of {"days": N}, {"working_days": N}, {"months": N}, {"years": N}, {"hours": N}, '
                         '{"until": "YYYY-MM-DD"}, with "party" and optionally "label", "counting", "closed_by"')
    party = value.get("party")
    if party not in ("person", "authority", "court", "any"):
        problems.append(Problem("who must act is not given" if party is None else "value not allowed", source=source,
                                location=loc + ".party", field="sets_term.party", found=None if party is None else excerpt(party),
                                expected="one of person, authority, court, any"))
    counting = value.get("counting")
    if counting is not None and counting not in rules.conventions:
        near = _nearest(str(counting), rules.conventions)
        problems.append(Problem("unknown convention", source=source, location=loc + ".counting", field="sets_term.counting",
                                found=excerpt(counting), expected="one of " + ", ".join(sorted(rules.conventions))
                                + (f" (did you mean {near}?)" if near else "")))
    closers = value.get("closed_by")
    if closers is not None:
        for j, t in enumerate(closers if isinstance(closers, list) else ()):
            if t not in rules.events:
                near = _nearest(str(t), rules.events)
                problems.append(Problem("unknown event type", source=source, location=f"{loc}.closed_by[{j}]", field="sets_term.closed_by",
                                        found=excerpt(t), expected="an event type from `python -m procedure events`"
                                        + (f" (did you mean {near!r}?)" if near else "")))
    label = value.get("label")
    if label is not None and CONTROL.search(str(label)):
        problems.append(Problem("control or layout character in a label", source=source, location=loc + ".label",
                                field="sets_term.label", found=excerpt(label), expected="printable text"))
    extends = value.get("extends", False)
    if not isinstance(extends, bool):
        problems.append(Problem("wrong type", source=source, location=loc + ".extends", field="sets_term.extends",
                                found=excerpt(extends), expected="true or false"))
    if len(problems) > before or parsed is None or isinstance(parsed, int):
        return None
    return SetTerm(parsed, party, label, counting, tuple(closers) if closers else (SET_TERM_CLOSER,), extends)


def _ids(data: Mapping) -> Iterator[tuple[str, str, Any]]:
    """Every id of a case (and every reference to one) with its JSON path and field name."""
    yield "$.case_id", "case_id", data["case_id"]
    for i, p in enumerate(data.get("persons") or ()):
        yield f"$.persons[{i}].id", "id", p["id"]
        for j, d in enumerate(p.get("documents") or ()):
            yield f"$.persons[{i}].documents[{j}].id", "id", d["id"]
    for i, e in enumerate(data["events"]):
        yield f"$.events[{i}].id", "id", e["id"]
        if isinstance(e.get("person"), str):
            yield f"$.events[{i}].person", "person", e["person"]
        for j, r in enumerate(e.get("refs") or ()):
            yield f"$.events[{i}].refs[{j}]", "refs", r


def _check_ids(data: Mapping, problems: list[Problem], source: str) -> None:
    """Ids are data, not layout: a control character, a bidi override or a lone surrogate in one could
    forge a line of a report or a log, or break an SVG or iCalendar file. One search over all of them;
    only a hit walks them to name the place."""
    if not CONTROL.search("".join(v for _, _, v in _ids(data) if isinstance(v, str))):
        return
    for loc, field, value in _ids(data):
        if isinstance(value, str) and CONTROL.search(value):
            problems.append(Problem("control or layout character in an id", source=source, location=loc, field=field,
                                    found=excerpt(value), expected="printable text (no newline, tab, NUL, escape or bidi control)"))


def parse_case(data: Any, rules: RuleSet, source: str = "<api>", raw_bytes: bytes | None = None) -> Case:
    """Check ``data`` (a mapping as read from case.json) and build a :class:`Case`. Never mutates ``data``."""
    problems: list[Problem] = []
    if not isinstance(data, dict) and not isinstance(data, Mapping):  # dict first: the ABC check is slow
        raise CaseError(Problem("a case is a JSON object", source=source, location="$", found=type(data).__name__,
                                expected="an object with case_id and events"))
    # Nothing below writes into `data`: the caller's mapping is never mutated (tests check it).
    fast = _fast_valid(data)
    if not fast and _has_dates(data):
        data = _plain(data)  # a mapping built in Python may carry datetime.date values: read them as ISO
        fast = _fast_valid(data)
    plain = data
    # Events recorded with an unknown date: {"date_unknown": true} or {"date_unknown": {"not_before": D,
    # "not_after": D}} instead of "date". Checked here; the schema sees a placeholder date.
    unknown: dict[int, tuple[dt.date | None, dt.date | None]] = {}
    late: list[Problem] = []
    raw_list = data.get("events")
    if isinstance(raw_list, list) and any(("date_unknown" in e) if type(e) is dict else (isinstance(e, Mapping) and "date_unknown" in e)
                                          for e in raw_list):  # dict first: the ABC check costs more than the rest of an event
        new_list = []
        for i, e in enumerate(raw_list):
            if isinstance(e, Mapping) and "date_unknown" in e:
                loc = f"$.events[{i}].date_unknown"
                spec = e["date_unknown"]
                lo = hi = None
                if isinstance(spec, Mapping) and set(spec) <= {"not_before", "not_after"}:
                    lo = _date(spec["not_before"], late, source, loc + ".not_before", "not_before") if "not_before" in spec else None
                    hi = _date(spec["not_after"], late, source, loc + ".not_after", "not_after") if "not_after" in spec else None
                    if lo and hi and hi < lo:
                        late.append(Problem("the bounds are the wrong way round", source=source, location=loc, field="not_after",
                                            found=f"{lo} … {hi}", expected="not_before <= not_after"))
                elif spec is not True:
                    late.append(Problem("not a date bound", source=source, location=loc, field="date_unknown", found=repr(spec)[:60],
                                        expected='true, or {"not_before": "YYYY-MM-DD", "not_after": "YYYY-MM-DD"} (either may be left out)'))
                if "date" in e:
                    late.append(Problem("an event has a date or an unknown date, not both", source=source, location=loc,
                                        field="date_unknown", expected="either date or date_unknown"))
                if "time" in e:
                    late.append(Problem("an event with an unknown date has no time", source=source, location=f"$.events[{i}].time",
                                        field="time", expected="no time, or a known date"))
                unknown[i] = (lo, hi)
                e = {k: v for k, v in e.items() if k != "date_unknown"}
                e["date"] = (hi or lo or FIRST_DAY).isoformat()
            new_list.append(e)
        data = {**data, "events": new_list}
        fast = _fast_valid(data)
    # A stated end of martial law is checked here (see below); the schema sees the rest of the calendar.
    ml_ended_value = None
    cal_in = data.get("calendar")
    if isinstance(cal_in, Mapping) and "martial_law_ended" in cal_in:
        ml_ended_value = cal_in["martial_law_ended"]
        data = {**data, "calendar": {k: v for k, v in cal_in.items() if k != "martial_law_ended"}}
        fast = _fast_valid(data)
    # An as-of date-time (an instant with its offset) is checked here; the schema sees its day.
    as_of_value = data.get("as_of")
    if isinstance(as_of_value, str) and len(as_of_value) > 10:
        data = {**data, "as_of": as_of_value[:10]}
        fast = fast or _fast_valid(data)
    if isinstance(data.get("events"), list) and len(data["events"]) > MAX_EVENTS:
        raise CaseError(Problem("too many events", source=source, location="$.events", found=str(len(data["events"])),
                                expected=f"at most {MAX_EVENTS}"))
    # Fast path: a compiled validator says yes or no; only a "no" pays for jsonschema's full error list.
    errors = [] if fast else _validator("case.schema.json").iter_errors(data)
    for err in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
        field = str(err.absolute_path[-1]) if err.absolute_path else None
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else None
            problems.append(Problem("missing required field", source=source, location=path, field=missing))
        elif err.validator == "anyOf" and err.context and all(c.validator == "required" for c in err.context):
            # an event needs a date or, when the day is not known, date_unknown
            names = [c.message.split("'")[1] for c in err.context if "'" in c.message]
            problems.append(Problem("missing required field", source=source, location=path, field=names[0] if names else None,
                                    expected=" or ".join(names) or None))
        elif err.validator == "anyOf" and field in ("as_of", "martial_law_ended"):
            problems.append(Problem("not a date", source=source, location=path, field=field, found=repr(err.instance)[:60],
                                    expected="YYYY-MM-DD, or a date-time with its offset (YYYY-MM-DDTHH:MM+03:00)"))
        elif err.validator == "anyOf":  # (date_unknown) never echo the instance: a short note of what was expected
            problems.append(Problem("not one of the accepted forms", source=source, location=path, field=field,
                                    found=repr(err.instance)[:60], expected="see docs/case-format.md"))
        elif err.validator == "additionalProperties":
            problems.append(Problem(err.message.replace("Additional properties are not allowed", "unknown field(s)"),
                                    source=source, location=path, expected="one of " + ", ".join(sorted(err.schema.get("properties", {})))))
        elif err.validator == "pattern" and field in ("date", "as_of", "birth_date", "issued", "expires"):
            problems.append(Problem("not a date", source=source, location=path, field=field, found=repr(err.instance), expected="YYYY-MM-DD"))
        elif err.validator == "type":
            problems.append(Problem("wrong type", source=source, location=path, field=field, found=repr(err.instance)[:60],
                                    expected=str(err.validator_value)))
        else:
            problems.append(Problem(err.message, source=source, location=path, field=field))
    if problems:
        raise CaseError(problems)

    _check_ids(data, problems, source)
    if problems:
        raise CaseError(problems + late)
    problems.extend(late)  # with every other problem of the case, below

    as_of = _date(data["as_of"], problems, source, "$.as_of", "as_of") if "as_of" in data else None
    as_of_at = None
    if isinstance(as_of_value, str) and len(as_of_value) > 10:
        parsed, err = parse_as_of(as_of_value)
        if err:
            problems.append(Problem(err, source=source, location="$.as_of", field="as_of", found=repr(as_of_value),
                                    expected=AS_OF_EXPECTED))
            as_of = None
        else:
            as_of_at, as_of = parsed, parsed.date()
    if as_of is not None and not (FIRST_DAY <= as_of <= LAST_DAY):
        problems.append(Problem("outside the range of the legal calendar", source=source, location="$.as_of", field="as_of",
                                found=as_of.isoformat(), expected=f"a date from {FIRST_DAY} to {LAST_DAY}"))
    persons: list[Person] = []
    person_ids: set[str] = set()
    doc_ids: set[str] = set()
    for i, p in enumerate(data.get("persons") or ()):
        loc = f"$.persons[{i}]"
        if p["id"] in person_ids:
            problems.append(Problem("duplicate person id", source=source, location=loc, field="id", found=excerpt(p["id"]), expected="a unique id"))
        person_ids.add(p["id"])
        birth = _date(p["birth_date"], problems, source, loc + ".birth_date", "birth_date") if "birth_date" in p else None
        docs = []
        for j, d in enumerate(p.get("documents") or ()):
            dloc = f"{loc}.documents[{j}]"
            if d["id"] in doc_ids:
                problems.append(Problem("duplicate document id", source=source, location=dloc, field="id", found=excerpt(d["id"])))
            doc_ids.add(d["id"])
            issued = _date(d["issued"], problems, source, dloc + ".issued", "issued") if "issued" in d else None
            expires = _date(d["expires"], problems, source, dloc + ".expires", "expires") if "expires" in d else None
            if issued and expires and expires < issued:
                problems.append(Problem("document expires before it was issued", source=source, location=dloc, field="expires",
                                        found=expires.isoformat(), expected=f"a date after {issued.isoformat()}"))
            if birth and issued and issued < birth:
                problems.append(Problem("document issued before the person was born", source=source, location=dloc,
                                        field="issued", found=issued.isoformat()))
            docs.append(Document(d["id"], d["type"], d.get("form"), issued, expires))
        persons.append(Person(p["id"], birth, tuple(p.get("citizenship") or ()), tuple(docs), p.get("name")))

    raw_events = data["events"]  # may be empty: persons and documents alone have deadlines too
    events: list[Event] = []
    ids: dict[str, int] = {}
    for i, e in enumerate(raw_events):
        loc = f"$.events[{i}]"
        if e["id"] in ids:
            problems.append(Problem("duplicate event id", source=source, location=loc + ".id", field="id", found=excerpt(e["id"]),
                                    expected=f"a unique id (also used by $.events[{ids[e['id']]}])"))
        ids.setdefault(e["id"], i)
        etype: EventType | None = rules.events.get(e["type"])
        if etype is None:
            near = _nearest(e["type"], rules.events)
            problems.append(Problem("unknown event type", source=source, location=loc + ".type", field="type", found=repr(e["type"]),
                                    expected="an event type from `python -m procedure events`" + (f" (did you mean {near!r}?)" if near else "")))
        day = _date(e["date"], problems, source, loc + ".date", "date")
        if day is not None and not (FIRST_DAY <= day <= LAST_DAY):
            problems.append(Problem("outside the range of the legal calendar", source=source, location=loc + ".date", field="date",
                                    found=day.isoformat(), expected=f"a date from {FIRST_DAY} to {LAST_DAY}"))
            day = None
        moment = clock = None
        if "time" in e and day is not None:
            moment, clock, err = kyiv_moment(day, e["time"])
            if err:
                problems.append(Problem(err, source=source, location=loc + ".time", field="time", found=repr(e["time"]),
                                        expected="an existing Kyiv local time HH:MM"))
        if e.get("person") is not None and e["person"] not in person_ids:
            problems.append(Problem("unknown person", source=source, location=loc + ".person", field="person", found=repr(e["person"]),
                                    expected="the id of a person in $.persons" + (f": {', '.join(sorted(person_ids))}" if person_ids else " (none given)")))
        attrs_: dict[str, Any] = {}
        keys = [k for k in e if k not in RESERVED]
        if len(keys) > 1:
            keys.sort()  # problems in a fixed order
        for key in keys:
            if etype is None:
                continue
            spec = etype.attributes.get(key)
            if spec is None:
                problems.append(Problem("attribute not declared for this event type", source=source, location=f"{loc}.{key}", field=key,
                                        expected="one of " + (", ".join(sorted(etype.attributes)) or "(none)") + f" for {etype.id}"))
                continue
            attrs_[key] = _check_attr(e[key], spec, problems, source, f"{loc}.{key}", key,
                                      term_units(rules).get((etype.id, key)) if spec.type == "term" else None)
        if etype is not None:
            for aname in etype.required:
                if aname not in e:
                    spec = etype.attributes[aname]
                    problems.append(Problem("missing required attribute", source=source, location=loc, field=aname,
                                            expected=f"{spec.type}" + (f" (one of {', '.join(spec.values)})" if spec.values else "")))
        sets = _check_sets_term(e["sets_term"], rules, problems, source, f"{loc}.sets_term") if "sets_term" in e else None
        if day is not None:
            events.append(Event(e["id"], e["type"], day, clock, moment, e.get("person"), tuple(e.get("refs") or ()), attrs_, i,
                                unknown.get(i), sets))
    by_id = {ev.id: ev for ev in events}
    extensions = [ev for ev in events if ev.sets_term is not None and ev.sets_term.extends]
    # a term an event sets itself, or the court-set term of a rule the event starts (KAS art 169: cure_days)
    extendable = extendable_types(rules) if extensions else frozenset()
    for ev in extensions:
        if not any(by_id.get(r) is not None and (by_id[r].sets_term is not None or by_id[r].type in extendable) for r in ev.refs):
            problems.append(Problem("extends a term, but none of the events it refers to sets one", source=source,
                                    location=f"$.events[{ev.index}].sets_term.extends", field="sets_term.extends",
                                    expected="refs naming an event with sets_term" + "".join(f" or of type {t}" for t in sorted(extendable))))
    for ev in events:
        for r in ev.refs:
            if r not in ids and r not in doc_ids:
                problems.append(Problem("reference to an unknown event or document", source=source,
                                        location=f"$.events[{ev.index}].refs", field="refs", found=repr(r),
                                        expected="the id of another event (or of a document)"))
            if r == ev.id:
                problems.append(Problem("an event refers to itself", source=source, location=f"$.events[{ev.index}].refs", field="refs", found=repr(r)))
    cal = data.get("calendar") or {}
    ml_ended = None
    if ml_ended_value is not None:
        ml_ended, err = _stated_instant(ml_ended_value)
        if err:
            problems.append(Problem(err, source=source, location="$.calendar.martial_law_ended", field="martial_law_ended",
                                    found=repr(ml_ended_value)[:60],
                                    expected="a date-time, Kyiv local or with its offset: 2026-05-04T05:30 or 2026-05-04T05:30+03:00"))
    closures = []
    for i, c in enumerate(cal.get("closures") or ()):
        d = _date(c["date"], problems, source, f"$.calendar.closures[{i}].date", "date")
        if d:
            closures.append(Closure(d, c["reason"], c.get("court")))
    if problems:
        raise CaseError(problems)
    if raw_bytes is None:
        # default: a date inside a term value ({"until": date}) the fast schema let through, written as ISO
        raw_bytes = json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                               default=_iso_default).encode("utf-8")
    return Case(
        case_id=data["case_id"], events=tuple(sorted(events, key=Event.sort_key)), persons=tuple(persons), as_of=as_of,
        calendar=CalendarSettings(tuple(closures), cal.get("martial_law_after_known"), ml_ended), source=source,
        sha256=hashlib.sha256(raw_bytes).hexdigest(), title=data.get("title"), as_of_at=as_of_at)


def _depth_ok(obj: Any, limit: int = 64, raw: bytes | None = None) -> bool:
    if raw is not None and raw.count(b"[") + raw.count(b"{") <= limit:
        return True  # fewer brackets than the limit: no walk needed (the usual case)
    stack = [(obj, 0)]
    while stack:
        o, d = stack.pop()
        if d > limit:
            return False
        if isinstance(o, dict):
            stack.extend((v, d + 1) for v in o.values())
        elif isinstance(o, list):
            stack.extend((v, d + 1) for v in o)
    return True


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list) -> dict:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKey(k)
            seen.add(k)
    return d


_LONG_NUMBER = re.compile(r"-?\d{4301,}")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _line_col(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line} column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def _bad_string(obj: Any, path: str = "$") -> str | None:
    """The JSON path of the first string (key or value) that is not Unicode text (a lone surrogate)."""
    stack = [(obj, path)]
    while stack:
        o, p = stack.pop()
        if isinstance(o, str):
            try:
                o.encode("utf-8")
            except UnicodeEncodeError:
                return p
        elif isinstance(o, dict):
            for k, v in o.items():
                try:
                    k.encode("utf-8")
                except UnicodeEncodeError:
                    return p
                stack.append((v, f"{p}.{escape_controls(k)}"))
        elif isinstance(o, list):
            stack.extend((v, f"{p}[{i}]") for i, v in enumerate(o))
    return None


def loads_json(text: str, source: str) -> Any:
    """``json.loads`` for untrusted input: every way it can fail is a :class:`CaseError` naming the place
    (invalid JSON, a duplicate key, a number too long for Python, a lone surrogate, too deep)."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise CaseError(Problem(f"invalid JSON: {exc.msg}", source=source, location=f"line {exc.lineno} column {exc.colno}"))
    except _DuplicateKey as exc:
        raise CaseError(Problem("duplicate key in a JSON object", source=source, field=escape_controls(str(exc.key))[:60],
                                found=excerpt(exc.key), expected="each key once per object"))
    except RecursionError:
        raise CaseError(Problem("JSON nested too deeply", source=source, expected="at most 64 levels"))
    except ValueError:  # CPython refuses to convert an integer of more than 4300 digits
        m = _LONG_NUMBER.search(text)
        raise CaseError(Problem("number too long", source=source, location=_line_col(text, m.start()) if m else None,
                                found=f"{len(m.group())} digits" if m else None, expected="a number of at most 20 digits"))
    if _SURROGATE_ESCAPE.search(text):
        bad = _bad_string(data)
        if bad is not None:
            raise CaseError(Problem("not Unicode text: a lone surrogate escape (\\uD800-\\uDFFF)", source=source,
                                    location=bad, expected="text that can be written as UTF-8"))
    return data


def read_case_bytes(raw: bytes, rules: RuleSet, source: str) -> Case:
    if len(raw) > MAX_CASE_BYTES:
        raise CaseError(Problem("input too large", source=source, found=f"more than {MAX_CASE_BYTES} bytes" if len(raw) == MAX_CASE_BYTES + 1
                                else f"{len(raw)} bytes", expected=f"at most {MAX_CASE_BYTES} bytes"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError(Problem("not UTF-8 text", source=source, found=f"byte {exc.start}"))
    data = loads_json(text, source)
    if not _depth_ok(data, raw=raw):
        raise CaseError(Problem("JSON nested too deeply", source=source, expected="at most 64 levels"))
    return parse_case(data, rules, source, raw)


def read_case(path: str | pathlib.Path, rules: RuleSet) -> Case:
    p = pathlib.Path(path)
    try:
        raw = read_regular(p, MAX_CASE_BYTES)
    except OSError as exc:
        raise CaseError(Problem(f"cannot read: {exc.strerror}", source=str(p)))
    return read_case_bytes(raw, rules, str(p))
