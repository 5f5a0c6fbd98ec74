"""A caseload, not a case: the agenda across many cases, what changed since an earlier agenda, and what a
change in the law (new rule files, a martial-law extension or its end) moves.

:func:`agenda` takes any iterable of cases (mappings shaped like case.json, :class:`~procedure.case.Case`
objects, JSON texts, or paths: case files, JSON Lines files, directories searched recursively) and
streams through them: each case is read, evaluated and reduced to the deadlines in the window before
the next is read, so memory holds the agenda, not the reports. A file that cannot be read or is not a
valid case becomes an entry of the agenda's errors; it never stops the caseload.

:func:`diff` compares two agenda (or report) JSON documents; :func:`impact` evaluates every case under
the current and a new law and lists the deadlines whose date, status, readings or basis change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .agendas import ALWAYS, OPEN, Agenda, AgendaAlert, AgendaError, AgendaItem, _sort_alerts, _sort_items, stamp
from .case import MAX_CASE_BYTES, Case, parse_case, read_case_bytes
from .engine import calendar_for, evaluate, today_in_kyiv
from .errors import CaseError, Problem, ProcedureError, UsageError
from .ruleset import RuleSet, load_rules
from .values import STATUSES, Report

WINDOW_DAYS = 14
PARTIES = ("person", "authority", "court", "any")
CASE_SUFFIXES = (".json",)
LINES_SUFFIXES = (".jsonl", ".ndjson")


# --------------------------------------------------------------------------------------------------
# Inputs


def iter_sources(cases_or_paths: Any) -> Iterator[tuple[str, Any]]:
    """``(source, item)`` for every case in the input, lazily. ``item`` is a Case, a mapping, the bytes
    of one case, or a :class:`ProcedureError` for something that could not be read."""
    if isinstance(cases_or_paths, (str, bytes, os.PathLike, Mapping, Case)):
        cases_or_paths = (cases_or_paths,)
    for n, x in enumerate(cases_or_paths, 1):
        if isinstance(x, Case):
            yield x.source, x
        elif isinstance(x, Mapping):
            yield f"<item {n}>", x
        elif isinstance(x, bytes) or (isinstance(x, str) and x.lstrip()[:1] == "{"):
            # A JSON text (a line of a Dask bag, a Spark column), not a path.
            yield f"<item {n}>", x.encode("utf-8") if isinstance(x, str) else x
        elif isinstance(x, (str, os.PathLike)):
            yield from _path_sources(pathlib.Path(x))
        else:
            yield f"<item {n}>", CaseError(Problem("not a case", source=f"<item {n}>", found=type(x).__name__,
                                                   expected="a mapping shaped like case.json, a Case, JSON text or a path"))


def _path_sources(p: pathlib.Path) -> Iterator[tuple[str, Any]]:
    if p.is_dir():
        found = sorted(f for f in p.rglob("*") if f.suffix.lower() in CASE_SUFFIXES + LINES_SUFFIXES and f.is_file())
        for f in found:
            yield from _file_sources(f)
        return
    yield from _file_sources(p)


def _file_sources(p: pathlib.Path) -> Iterator[tuple[str, Any]]:
    if p.suffix.lower() in LINES_SUFFIXES:
        try:
            fh = p.open("rb")
        except OSError as exc:
            yield str(p), CaseError(Problem(f"cannot read: {exc.strerror}", source=str(p)))
            return
        with fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    yield f"{p}:{n}", line
        return
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_CASE_BYTES + 1)
    except OSError as exc:
        yield str(p), CaseError(Problem(f"cannot read: {exc.strerror}", source=str(p)))
        return
    yield str(p), raw


def _parse(source: str, item: Any, rules: RuleSet) -> Case:
    if isinstance(item, ProcedureError):
        raise item
    if isinstance(item, Case):
        return item
    if isinstance(item, bytes):
        return read_case_bytes(item, rules, source)
    return parse_case(item, rules, source)


def _error(source: str, exc: ProcedureError) -> AgendaError:
    return AgendaError(source, tuple(p.render() for p in exc.problems))


# --------------------------------------------------------------------------------------------------
# Arguments


def _date_arg(value: Any, field: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UsageError("not a date", field=field, found=repr(value), expected="YYYY-MM-DD") from None


def _choices(value: Any, allowed: Sequence[str], field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v for v in value.split(",")]
    out = tuple(v.strip() for v in value if v and v.strip())
    for v in out:
        if v not in allowed:
            raise UsageError("not allowed", field=field, found=repr(v), expected="one of " + ", ".join(allowed))
    return out


def _ruleset(rules: RuleSet | Sequence[str] | None) -> RuleSet:
    return rules if isinstance(rules, RuleSet) else load_rules(tuple(rules or ()))


class _Settings:
    """The arguments of one agenda, checked once."""

    def __init__(self, as_of, from_, to, party, status, lang, rules, martial_law):
        if lang not in ("uk", "en"):
            raise UsageError("unknown language", field="lang", found=repr(lang), expected="uk or en")
        self.lang = lang
        self.as_of = _date_arg(as_of, "as_of") or today_in_kyiv()
        self.start = _date_arg(from_, "from") or self.as_of
        self.end = _date_arg(to, "to") or self.start + dt.timedelta(days=WINDOW_DAYS)
        if self.end < self.start:
            raise UsageError("the window ends before it starts", field="to", found=self.end.isoformat(),
                             expected=f"a date on or after {self.start.isoformat()}")
        self.party = _choices(party, PARTIES, "party")
        self.status = _choices(status, STATUSES, "status")
        self.rules = _ruleset(rules)
        self.martial_law = martial_law
        from .calendar import holiday_data_version, legal_calendar, load_martial_law

        ml = load_martial_law(martial_law)  # a bad file is refused here, once, not once per case
        legal_calendar(ml).check_range(self.as_of, "as_of")
        self.stamp = stamp(self.rules.version, f"{holiday_data_version()}; martial law: {len(ml.periods)} periods")


# --------------------------------------------------------------------------------------------------
# The agenda


def case_agenda(report: Report, source: str, s: _Settings) -> tuple[list[AgendaItem], list[AgendaAlert]]:
    """The deadlines of one evaluated case that belong on the agenda, and their alerts."""
    case = report.case
    names = {p.id: (p.name or p.id) for p in case.persons}
    items: list[AgendaItem] = []
    kept: set[str] = set()
    started_missing: set[str] = set()
    for d in report.deadlines:
        if s.party and d.party not in s.party and d.party != "any":
            continue
        cautious = min(r.due for r in d.readings) if d.readings else d.due
        in_window = cautious is not None and s.start <= cautious <= s.end
        if d.status == "not_started":
            started_missing.add(d.id)
        if s.status:
            if d.status not in s.status or not (in_window or d.status in ALWAYS or d.status == "not_started"):
                continue
        elif not (in_window or d.status in ALWAYS):
            continue
        kept.add(d.id)
        items.append(AgendaItem(
            case.case_id, source, names.get(d.trigger.person, d.trigger.person) if d.trigger.person else None, d.id,
            d.rule.id, d.rule.title.to_dict(), d.kind, d.party, d.status, d.due, cautious, d.due_at,
            (cautious - s.as_of).days if cautious is not None else None,
            tuple((r.code, r.due, r.status) for r in d.readings), d.rule.basis, d.closed_on, d.rule.warning_days))
    alerts = []
    filtered = bool(s.status or s.party)
    for a in report.alerts:
        if a.deadline is None:
            keep = a.level != "info" and not filtered
        else:
            keep = a.deadline in kept or (a.deadline in started_missing and not s.status)
        if keep:
            alerts.append(AgendaAlert(case.case_id, source, a.level, a.code, a.deadline, a.params))
    return items, alerts


def iter_agenda(cases_or_paths: Any, s: _Settings) -> Iterator[tuple[str, list[AgendaItem], list[AgendaAlert]] | AgendaError]:
    """Per case, in input order: ``(case_id, items, alerts)`` or an :class:`AgendaError`. Lazy."""
    for source, item in iter_sources(cases_or_paths):
        try:
            case = _parse(source, item, s.rules)
            report = evaluate(case, s.rules, s.as_of, calendar_for(case, s.martial_law))
        except ProcedureError as exc:
            yield _error(source, exc)
            continue
        items, alerts = case_agenda(report, source, s)
        yield case.case_id, items, alerts


def agenda(cases_or_paths: Any, as_of: dt.date | str | None = None, from_: dt.date | str | None = None,
           to: dt.date | str | None = None, party: str | Sequence[str] | None = None,
           status: str | Sequence[str] | None = None, lang: str = "en", *,
           rules: RuleSet | Sequence[str] | None = None, martial_law: str | None = None,
           since: Mapping[str, Any] | str | os.PathLike | None = None) -> Agenda:
    """The agenda of a caseload on ``as_of`` (default: today in Kyiv).

    ``cases_or_paths``: one path or any iterable of cases (mappings, :class:`Case`, JSON texts) and paths
    (case files, ``.jsonl`` files, directories searched recursively for ``*.json`` and ``*.jsonl``).
    Window: ``from_`` (default as-of) to ``to`` (default ``from_`` + 14 days), judged on each deadline's
    cautious date (the earliest reading when the law is ambiguous), plus every deadline overdue,
    exceeded or ambiguous whatever its date. ``party`` and ``status``: keep only these (a list, or a
    comma-separated string); a deadline any party may act on is kept under every party; asking for
    ``not_started`` adds the terms that cannot start because an event is missing. ``since``: an earlier
    agenda (its JSON document or a path to it); the agenda then carries ``changes`` (see :func:`diff`).
    """
    s = _Settings(as_of, from_, to, party, status, lang, rules, martial_law)
    items: list[AgendaItem] = []
    alerts: list[AgendaAlert] = []
    errors: list[AgendaError] = []
    cases = 0
    for part in iter_agenda(cases_or_paths, s):
        if isinstance(part, AgendaError):
            errors.append(part)
            continue
        cases += 1
        items += part[1]
        alerts += part[2]
    out = Agenda(s.as_of, s.start, s.end, _sort_items(items), _sort_alerts(alerts), tuple(errors), cases, lang,
                 s.party, s.status, s.stamp)
    if since is not None:
        old = since if isinstance(since, Mapping) else read_document(since)
        import attrs

        out = attrs.evolve(out, changes=diff(old, out.to_dict()))
    return out


# --------------------------------------------------------------------------------------------------
# What changed


def read_document(path: str | os.PathLike) -> dict:
    """An agenda JSON document, a report JSON document, or JSON Lines of reports (``check --batch``)."""
    p = pathlib.Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(Problem(f"cannot read: {exc.strerror}", source=str(p)))
    except UnicodeDecodeError as exc:
        raise UsageError(Problem("not UTF-8 text", source=str(p), found=f"byte {exc.start}"))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as first:
        try:  # JSON Lines of reports
            docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise UsageError(Problem(f"invalid JSON: {first.msg}", source=str(p), location=f"line {first.lineno} column {first.colno}"))
        doc = {"format": "procedure.report/lines", "reports": docs}
    if not isinstance(doc, dict) or not str(doc.get("format", "")).startswith(("procedure.agenda/", "procedure.report/")):
        raise UsageError(Problem("not an agenda or a report", source=str(p), field="format",
                                 found=repr(doc.get("format")) if isinstance(doc, dict) else type(doc).__name__,
                                 expected="procedure.agenda/1 or procedure.report/1 (from --format json)"))
    doc["_source"] = str(p)
    return doc


def _normalise(doc: Mapping[str, Any]) -> tuple[dict, list, str | None, str | None]:
    """(items by (case, deadline), alerts, as_of, window end) of an agenda or report document."""
    fmt = str(doc.get("format", ""))
    items: dict[tuple[str, str], dict] = {}
    alerts: list[dict] = []
    if fmt.startswith("procedure.agenda/"):
        for x in doc.get("items", ()):
            items[(x["case_id"], x["deadline"])] = x
        alerts = list(doc.get("alerts", ()))
        return items, alerts, doc.get("as_of"), doc.get("to")
    reports = doc.get("reports") if fmt == "procedure.report/lines" else [doc]
    as_of = None
    for r in reports:
        if not isinstance(r, dict) or "deadlines" not in r:
            continue  # an error line of a batch
        as_of = as_of or r.get("as_of")
        cid = r.get("case_id")
        for d in r["deadlines"]:
            dues = [x["due"] for x in d.get("readings") or () if x.get("due")]
            items[(cid, d["id"])] = {"case_id": cid, "deadline": d["id"], "title": d.get("title"), "status": d["status"],
                                     "due": d.get("due"), "cautious_due": min(dues) if dues else d.get("due"),
                                     "party": d.get("party")}
        alerts += [{**a, "case_id": cid} for a in r.get("alerts", ())]
    return items, alerts, as_of, None


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict:
    """What changed from ``old`` to ``new`` (agenda or report JSON documents, as dicts): deadlines new,
    closed (met, or no longer on the agenda), moved (old date → new date, on the cautious dates),
    status changed, and alerts new. ``moved_earlier`` is true when an open deadline moved earlier."""
    o_items, o_alerts, o_as_of, o_end = _normalise(old)
    n_items, n_alerts, n_as_of, _ = _normalise(new)

    def brief(x: Mapping) -> dict:
        return {"case_id": x["case_id"], "deadline": x["deadline"], "title": x.get("title"), "status": x.get("status"),
                "due": x.get("cautious_due") or x.get("due")}

    out: dict[str, Any] = {"old_as_of": o_as_of, "new_as_of": n_as_of, "new": [], "closed": [], "moved": [],
                           "status_changed": [], "alerts_new": [], "moved_earlier": False}
    for key in sorted(n_items.keys() - o_items.keys()):
        x = brief(n_items[key])
        x["why"] = "entered_window" if (o_end and x["due"] and x["due"] > o_end and x["status"] not in ALWAYS) else "new"
        out["new"].append(x)
    open_ = set(OPEN) | {"not_started"}
    for key in sorted(o_items.keys() - n_items.keys()):
        x = brief(o_items[key])
        if x["status"] in open_:
            out["closed"].append({**x, "old_status": x["status"], "status": None, "why": "gone"})
    for key in sorted(o_items.keys() & n_items.keys()):
        a, b = o_items[key], n_items[key]
        x = brief(b)
        a_due, b_due = a.get("cautious_due") or a.get("due"), x["due"]
        if a_due and b_due and a_due != b_due:
            earlier = b_due < a_due
            out["moved"].append({**x, "old_due": a_due, "new_due": b_due, "earlier": earlier})
            if earlier and x["status"] in OPEN:
                out["moved_earlier"] = True
        if a.get("status") != b.get("status"):
            if a.get("status") in open_ and b.get("status") in ("met", "met_late"):
                out["closed"].append({**x, "old_status": a.get("status"), "why": "met"})
            else:
                out["status_changed"].append({**x, "old_status": a.get("status")})
    seen = {(a.get("case_id"), a.get("deadline"), a.get("code"), a.get("level")) for a in o_alerts}
    for a in n_alerts:
        if (a.get("case_id"), a.get("deadline"), a.get("code"), a.get("level")) not in seen:
            out["alerts_new"].append({k: a.get(k) for k in ("case_id", "level", "code", "deadline", "message")})
    return out


# --------------------------------------------------------------------------------------------------
# What a change in the law moves


def _side(report: Report, deadline, lang: str, explain: bool) -> dict:
    out = {"due": deadline.due.isoformat() if deadline.due else None, "status": deadline.status,
           "readings": [{"reading": r.code, "due": r.due.isoformat(), "status": r.status} for r in deadline.readings],
           "basis": [b.cite(lang) for b in deadline.rule.basis]}
    if explain:
        from .report import explain_text

        # The numbered steps of `explain`, without their numbers.
        out["explanation"] = [line.strip().split(". ", 1)[1] for line in explain_text(report, deadline.id, lang).splitlines()
                              if line.strip()[:1].isdigit() and ". " in line]
    return out


def impact(cases_or_paths: Any, rules: Sequence[str] = (), martial_law: str | None = None,
           as_of: dt.date | str | None = None, lang: str = "en", explain: bool = False,
           base_rules: Sequence[str] = ()) -> dict:
    """Evaluate each case under the current law (the bundled rules, plus ``base_rules``, with the bundled
    martial-law periods) and under the new one (those rules plus ``rules``, with ``martial_law`` when
    given) on ``as_of`` (default: today in Kyiv), and list every deadline whose date, status, readings
    or basis differ, with both explanations when ``explain``. Deadlines that appear or disappear under
    the new law are listed too (``before`` or ``after`` is None)."""
    if not rules and not martial_law:
        raise UsageError("nothing to compare", field="--rules/--martial-law", expected="a new rule directory, a martial-law file, or both")
    if lang not in ("uk", "en"):
        raise UsageError("unknown language", field="lang", found=repr(lang), expected="uk or en")
    day = _date_arg(as_of, "as_of") or today_in_kyiv()
    old_rules = load_rules(tuple(base_rules))
    new_rules = load_rules(tuple(base_rules) + tuple(rules))
    from .calendar import load_martial_law

    if martial_law:
        load_martial_law(martial_law)  # refused here, once, if it is not a martial-law file
    changes: list[dict] = []
    errors: list[dict] = []
    cases = 0
    for source, item in iter_sources(cases_or_paths):
        try:
            case = _parse(source, item, old_rules)
            new_case = case if new_rules is old_rules else _parse(source, item, new_rules)
            before = evaluate(case, old_rules, day, calendar_for(case, None))
            after = evaluate(new_case, new_rules, day, calendar_for(new_case, martial_law))
        except ProcedureError as exc:
            e = _error(source, exc)
            errors.append({"source": e.source, "problems": list(e.problems)})
            continue
        cases += 1
        b_by = {d.id: d for d in before.deadlines}
        a_by = {d.id: d for d in after.deadlines}
        for did in sorted(b_by.keys() | a_by.keys(), key=lambda k: ((b_by.get(k) or a_by.get(k)).due or dt.date.max, k)):
            b, a = b_by.get(did), a_by.get(did)
            sb = _side(before, b, lang, explain) if b else None
            sa = _side(after, a, lang, explain) if a else None
            if sb is not None and sa is not None and all(sb[k] == sa[k] for k in ("due", "status", "readings", "basis")):
                continue
            title = (a or b).rule.title.get(lang)
            changes.append({"case_id": case.case_id, "source": source, "deadline": did, "title": title,
                            "before": sb, "after": sa})
    new_law = "; ".join([*(f"rules {r}" for r in rules), *([f"martial law {martial_law}"] if martial_law else [])])
    return {"format": "procedure.impact/1", "as_of": day.isoformat(), "new_law": new_law, "cases": cases,
            "changes": changes, "errors": errors}
