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
import re
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .agendas import ALWAYS, OPEN, Agenda, AgendaAlert, AgendaError, AgendaItem, _sort_alerts, _sort_items, stamp
from .case import MAX_CASE_BYTES, Case, parse_case, read_case_bytes
from .citation import Basis
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
    from ._safe import LineTooLong, bounded_lines, open_regular, read_regular

    if p.suffix.lower() in LINES_SUFFIXES:
        try:
            fh = open_regular(p)  # a FIFO or a device is refused at once, not waited on
        except OSError as exc:
            yield str(p), CaseError(Problem(f"cannot read: {exc.strerror}", source=str(p)))
            return
        with fh:
            for n, line in enumerate(bounded_lines(fh, MAX_CASE_BYTES), 1):  # each line read with a bound
                if isinstance(line, LineTooLong):
                    yield f"{p}:{n}", CaseError(Problem("line too long", source=f"{p}:{n}", found=f"{line.size} bytes",
                                                        expected=f"at most {MAX_CASE_BYTES} bytes a case"))
                elif line.strip():
                    yield f"{p}:{n}", line
        return
    try:
        raw = read_regular(p, MAX_CASE_BYTES)
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
        value = [value]
    out = tuple(v.strip() for x in value for v in str(x).split(",") if v.strip())
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

        ml = self.ml = load_martial_law(martial_law)  # a bad file is refused here, once, not once per case
        legal_calendar(ml).check_range(self.as_of, "as_of")
        self.stamp = stamp(self.rules.version, f"{holiday_data_version()}; martial law: {len(ml.periods)} periods")


# --------------------------------------------------------------------------------------------------
# The agenda


# A case's agenda is made in two steps: a snapshot of the evaluated case (every deadline and alert, with
# the span of as-of dates over which none of its statuses or alerts can change), then a selection for
# one as-of date, window and filters. Due dates do not depend on the as-of date, so a snapshot can be
# kept on disk and reused the next day for an unchanged case (see _DueCache).


class _Snapshot:
    __slots__ = ("case_id", "rows", "alerts", "valid_from", "valid_until")

    def __init__(self, case_id, rows, alerts, valid_from, valid_until):
        # rows: (deadline, rule, title, kind, party, status, due, cautious, due_at, readings, basis, closed_on,
        # warning_days, person); alerts: (level, code, deadline, params)
        self.case_id, self.rows, self.alerts = case_id, rows, alerts
        self.valid_from, self.valid_until = valid_from, valid_until  # statuses hold for valid_from <= as_of < valid_until

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


def _flip_dates(report: Report, ages: tuple[int, ...]) -> set[dt.date]:
    """Every as-of date on which a status or an alert of this case may change (a superset). The engine
    compares the as-of date with due dates (less the warning days), reading dates, start dates (a term
    not begun is "upcoming"), event dates (closers, events after the as-of date) and, for documents, the
    30-year look-back; each comparison flips on the date itself or the day after. The test
    tests/test_caseload.py::test_cached_rerun_equals_fresh_every_day holds this against the engine."""
    base: set[dt.date] = {e.date for e in report.case.events}
    for d in report.deadlines:
        w = dt.timedelta(days=d.rule.warning_days)
        for due in [d.due, *(r.due for r in d.readings)]:
            if due is not None:
                base.update((due, due - w))
        if d.closed_on is not None:
            base.add(d.closed_on)
        if d.start is not None:  # "upcoming" until the counting begins (its anchor is the day before, or the day)
            base.update((d.start, d.start - dt.timedelta(days=1)))
    if ages:
        from .periods import date_of_age

        for person in report.case.persons:
            if person.birth_date is not None and any(doc.issued is None for doc in person.documents):
                for age in ages:
                    base.add(date_of_age(person.birth_date, age)[0] + dt.timedelta(days=365 * 30))
    return base | {x + dt.timedelta(days=1) for x in base if x < dt.date.max}


def snapshot(report: Report, ages: tuple[int, ...] = (), span: bool = True) -> _Snapshot:
    case = report.case
    names = {p.id: (p.name or p.id) for p in case.persons}
    rows = []
    for d in report.deadlines:
        cautious = min(r.due for r in d.readings) if d.readings else d.due
        person = names.get(d.trigger.person, d.trigger.person) if d.trigger.person else None
        rows.append((d.id, d.rule.id, d.rule.title.to_dict(), d.kind, d.party, d.status, d.due, cautious, d.due_at,
                     tuple((r.code, r.due, r.status) for r in d.readings), d.rule.basis, d.closed_on, d.rule.warning_days, person))
    alerts = tuple((a.level, a.code, a.deadline, a.params) for a in report.alerts)
    if not span:  # not kept: valid on its own day only
        return _Snapshot(case.case_id, tuple(rows), alerts, report.as_of, report.as_of + dt.timedelta(days=1))
    later = [x for x in _flip_dates(report, ages) if x > report.as_of]
    return _Snapshot(case.case_id, tuple(rows), alerts, report.as_of, min(later) if later else None)


def _params_on(params: Mapping[str, Any], day: dt.date, snap_day: dt.date) -> Mapping[str, Any]:
    """Alert parameters that count from the as-of date, recounted for ``day``."""
    if day == snap_day or not isinstance(params, dict) or not ("days" in params or "as_of" in params):
        return params
    out = dict(params)
    if out.get("due") and isinstance(out.get("days"), int):
        try:  # "2025-06-14", or "2025-06-14 00:00+03:00" for an hour limit
            out["days"] = (dt.date.fromisoformat(str(out["due"])[:10]) - day).days
        except ValueError:
            pass
    if "as_of" in out:
        out["as_of"] = day.isoformat()
    return out


def select(snap: _Snapshot, source: str, s: "_Settings") -> tuple[list[AgendaItem], list[AgendaAlert]]:
    """The deadlines of one case that belong on the agenda of ``s``, and their alerts."""
    items: list[AgendaItem] = []
    kept: set[str] = set()
    started_missing: set[str] = set()
    start, end, as_of = s.start, s.end, s.as_of
    for (did, rule, title, kind, party, status, due, cautious, due_at, readings, basis, closed_on, wdays, person) in snap.rows:
        if s.party and party not in s.party and party != "any":
            continue
        in_window = cautious is not None and start <= cautious <= end
        if status == "not_started":
            started_missing.add(did)
        if s.status:
            if status not in s.status or not (in_window or status in ALWAYS or status == "not_started"):
                continue
        elif not (in_window or status in ALWAYS):
            continue
        kept.add(did)
        items.append(AgendaItem(snap.case_id, source, person, did, rule, title, kind, party, status, due, cautious, due_at,
                                (cautious - as_of).days if cautious is not None else None, readings, basis, closed_on, wdays))
    alerts = []
    filtered = bool(s.status or s.party)
    for level, code, deadline, params in snap.alerts:
        if deadline is None:
            keep = level != "info" and not filtered
        else:
            keep = deadline in kept or (deadline in started_missing and not s.status)
        if keep:
            alerts.append(AgendaAlert(snap.case_id, source, level, code, deadline, _params_on(params, as_of, snap.valid_from)))
    return items, alerts


def case_agenda(report: Report, source: str, s: "_Settings") -> tuple[list[AgendaItem], list[AgendaAlert]]:
    """The deadlines of one evaluated case that belong on the agenda, and their alerts."""
    return select(snapshot(report), source, s)


class _DueCache:
    """Snapshots on disk, keyed by the sha256 of the case's exact content, the rule set's digest, the
    calendar data (holidays, the martial-law periods in use) and the engine's own source, in one SQLite
    file under the cache directory of procedure (``PROCEDURE_CACHE_DIR``; ``off`` switches it off).
    An entry is used only on an as-of date within its span; otherwise the case is evaluated again and
    its statuses judged afresh. Entries carry a checksum like the validated-rules cache: a damaged entry
    is a miss, and a damaged file is replaced. Nothing in an entry is run as code.

    One file rather than one file per case: creating a file costs the file system more than evaluating
    a case does, and a first run over a caseload would pay it for every case. New entries are written
    in batches (one transaction each, ``BATCH`` entries at most held in memory); past ``MAX_ENTRIES``
    the least recently written are removed, once a process, down to three quarters of it."""

    FORMAT = 2
    BATCH = 500
    MAX_ENTRIES = 1_000_000  # a few GB at most; far above a caseload a rerun must find whole

    def __init__(self, s: "_Settings") -> None:
        import hashlib

        from ._cache import cache_dir

        d = cache_dir()
        self.dir = None if d is None else d.parent / f"agenda-f{self.FORMAT}"
        h = hashlib.sha256()
        for part in (s.rules.version, repr(s.ml), s.stamp.get("calendar", "")):
            h.update(str(part).encode("utf-8", "backslashreplace") + b"\0")
        here = pathlib.Path(__file__).parent
        for name in ("_version.py", "engine.py", "periods.py", "calendar.py", "case.py", "values.py", "ruleset.py", "caseload.py"):
            try:
                h.update((here / name).read_bytes())
            except OSError:
                self.dir = None
        self.salt = h.digest()
        self.ages = tuple(sorted({a for r in s.rules.rules for a in (r.anchor.ages or ())}))
        self._rules = s.rules.index_cached()
        self._db: Any = None  # the SQLite connection, opened on first use
        self._pending: dict[str, bytes] = {}  # written at the next batch

    def key(self, raw: bytes) -> str:
        import hashlib

        return hashlib.sha256(self.salt + hashlib.sha256(raw).digest()).hexdigest()

    def _open(self) -> Any:
        if self._db is not None or self.dir is None:
            return self._db
        try:
            import sqlite3
        except ImportError:  # a Python built without SQLite: no cache, only speed is lost
            self.dir = None
            return None
        path = self.dir / "snapshots.sqlite3"
        for attempt in (1, 2):
            db = None
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
                try:
                    db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer (not on every file system)
                except sqlite3.OperationalError:
                    pass
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS snap (key TEXT PRIMARY KEY, body BLOB NOT NULL)")
                self._db = db
                return db
            except sqlite3.DatabaseError as exc:
                if db is not None:
                    db.close()
                if attempt == 1 and not isinstance(exc, sqlite3.OperationalError):
                    for suffix in ("", "-wal", "-shm"):  # not a database (damaged): a cache may always be deleted
                        try:
                            os.unlink(str(path) + suffix)
                        except OSError:
                            pass
                    continue
                break
            except OSError:
                break
        self.dir = None  # a read-only or unusable cache directory only costs speed
        return None

    def get(self, key: str) -> _Snapshot | None:
        import hashlib

        raw = self._pending.get(key)
        if raw is None:
            db = self._open()
            if db is None:
                return None
            import sqlite3

            try:
                row = db.execute("SELECT body FROM snap WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                return None
            if row is None or not isinstance(row[0], bytes):
                return None
            raw = row[0]
        digest, _, body = raw.partition(b"\n")
        if digest.decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
            return None
        try:
            e = json.loads(body)
            D = dt.date.fromisoformat
            by_id = self._rules
            rows = []
            for (did, rule, kind, party, status, due, cautious, due_at, readings, closed_on, person, own) in e["rows"]:
                if own is None:  # the rule set's rule (the key holds its digest): its title, basis, warning days
                    r = by_id[rule]
                    title, basis, wdays = r.title.to_dict(), r.basis, r.warning_days
                else:  # a rule the case itself stands for (a term the case sets): as written
                    title, b, wdays = own
                    basis = tuple(Basis(*x) for x in b)
                    if not isinstance(title, dict):
                        raise TypeError("title")
                rows.append((did, rule, title, kind, party, status, D(due) if due else None, D(cautious) if cautious else None,
                             dt.datetime.fromisoformat(due_at) if due_at else None,
                             tuple((c, D(rd), rs) for c, rd, rs in readings), basis,
                             D(closed_on) if closed_on else None, wdays, person))
            alerts = tuple((a[0], a[1], a[2], a[3]) for a in e["alerts"])
            return _Snapshot(e["case_id"], tuple(rows), alerts, D(e["from"]), D(e["until"]) if e["until"] else None)
        except (ValueError, KeyError, TypeError, IndexError):
            return None

    def put(self, key: str, snap: _Snapshot) -> None:
        import hashlib

        if self.dir is None:
            return
        iso = lambda v: v.isoformat() if v is not None else None  # noqa: E731
        # A row's title, basis and warning days are its rule's (see snapshot): where they are those of the
        # rule set's rule of that id, the id stands for them; otherwise (a term set by the case) they are kept.
        by_id = self._rules
        rows = []
        for (did, rule, title, kind, party, status, due, cautious, due_at, readings, basis, closed_on, wdays, person) in snap.rows:
            r = by_id.get(rule)
            same = r is not None and r.basis == basis and r.warning_days == wdays and r.title.to_dict() == title
            rows.append([did, rule, kind, party, status, iso(due), iso(cautious), iso(due_at),
                         [[c, rd.isoformat(), rs] for c, rd, rs in readings], iso(closed_on), person,
                         None if same else [title, [[b.act, b.article, b.part, b.paragraph, b.url, b.note] for b in basis], wdays]])
        try:
            body = json.dumps({"case_id": snap.case_id, "rows": rows, "alerts": [list(a) for a in snap.alerts],
                               "from": snap.valid_from.isoformat(), "until": iso(snap.valid_until)},
                              ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError):
            return  # parameters that are not plain data: not kept
        # The checksum line makes a torn or damaged entry a miss, never a wrong answer.
        self._pending[key] = hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the entries held in memory, in one transaction."""
        items, self._pending = list(self._pending.items()), {}
        db = self._open() if items else None
        if db is None:
            return
        import sqlite3

        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO snap (key, body) VALUES (?, ?)", items)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            pass  # a busy or read-only cache: these entries are not kept, which only costs speed

    def close(self) -> None:
        """Write what is held, keep the file bounded, and close it (an agenda returns with its entries written)."""
        self.flush()
        db, self._db = self._db, None
        if db is None:
            return
        import sqlite3

        try:
            n = db.execute("SELECT COUNT(*) FROM snap").fetchone()[0]
            if n > self.MAX_ENTRIES:  # rowids grow with every write: the smallest are the least recently written
                db.execute("DELETE FROM snap WHERE rowid IN (SELECT rowid FROM snap ORDER BY rowid LIMIT ?)",
                           (n - self.MAX_ENTRIES * 3 // 4,))
        except sqlite3.Error:
            pass
        finally:
            db.close()


def iter_agenda(cases_or_paths: Any, s: "_Settings", cache: bool = True) -> Iterator[tuple[str, list[AgendaItem], list[AgendaAlert]] | AgendaError]:
    """Per case, in input order: ``(case_id, items, alerts)`` or an :class:`AgendaError`. Lazy. With
    ``cache``, an unchanged case is taken from the on-disk snapshot when the as-of date allows."""
    store = _DueCache(s) if cache else None
    if store is not None and store.dir is None:
        store = None
    try:
        yield from _agenda_parts(cases_or_paths, s, store)
    finally:
        if store is not None:
            store.close()


def _agenda_parts(cases_or_paths: Any, s: "_Settings", store: "_DueCache | None") -> Iterator[tuple[str, list[AgendaItem], list[AgendaAlert]] | AgendaError]:
    for source, item in iter_sources(cases_or_paths):
        key = None
        if store is not None:
            raw = item if isinstance(item, bytes) else (
                json.dumps(item, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
                if isinstance(item, Mapping) else None)
            if raw is not None:
                key = store.key(raw)
                snap = store.get(key)
                if snap is not None and snap.valid_on(s.as_of):
                    items, alerts = select(snap, source, s)
                    yield snap.case_id, items, alerts
                    continue
        try:
            case = _parse(source, item, s.rules)
            report = evaluate(case, s.rules, s.as_of, calendar_for(case, s.martial_law))
        except ProcedureError as exc:
            yield _error(source, exc)
            continue
        snap = snapshot(report, store.ages if store is not None else (), span=key is not None)
        if key is not None:
            store.put(key, snap)
        items, alerts = select(snap, source, s)
        yield case.case_id, items, alerts


def agenda(cases_or_paths: Any, as_of: dt.date | str | None = None, from_: dt.date | str | None = None,
           to: dt.date | str | None = None, party: str | Sequence[str] | None = None,
           status: str | Sequence[str] | None = None, lang: str = "en", *,
           rules: RuleSet | Sequence[str] | None = None, martial_law: str | None = None,
           since: Mapping[str, Any] | str | os.PathLike | None = None, cache: bool = True) -> Agenda:
    """The agenda of a caseload on ``as_of`` (default: today in Kyiv).

    ``cases_or_paths``: one path or any iterable of cases (mappings, :class:`Case`, JSON texts) and paths
    (case files, ``.jsonl`` files, directories searched recursively for ``*.json`` and ``*.jsonl``).
    Window: ``from_`` (default as-of) to ``to`` (default ``from_`` + 14 days), judged on each deadline's
    cautious date (the earliest reading when the law is ambiguous), plus every deadline overdue,
    exceeded or ambiguous whatever its date. ``party`` and ``status``: keep only these (a list, or a
    comma-separated string); a deadline any party may act on is kept under every party; asking for
    ``not_started`` adds the terms that cannot start because an event is missing. ``since``: an earlier
    agenda (its JSON document or a path to it); the agenda then carries ``changes`` (see :func:`diff`).
    ``cache``: keep each case's due dates on disk (keyed by its content, the rules and the calendar
    data) and reuse them on a later run for an unchanged case; statuses are judged on the as-of date.
    """
    s = _Settings(as_of, from_, to, party, status, lang, rules, martial_law)
    items: list[AgendaItem] = []
    alerts: list[AgendaAlert] = []
    errors: list[AgendaError] = []
    cases = 0
    for part in iter_agenda(cases_or_paths, s, cache):
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
    from ._safe import read_regular

    p = pathlib.Path(path)
    limit = 1 << 30  # an agenda of a large caseload is large; a bound all the same, and regular files only
    try:
        raw = read_regular(p, limit)
    except OSError as exc:
        raise UsageError(Problem(f"cannot read: {exc.strerror}", source=str(p)))
    if len(raw) > limit:
        raise UsageError(Problem("too large", source=str(p), expected=f"at most {limit} bytes"))
    try:
        text = raw.decode("utf-8-sig")
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


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _shape_problems(doc: Mapping[str, Any]) -> list[Problem]:
    """What in an agenda or report document is not of the shape `diff` reads (never a crash on a document
    edited by hand or cut short): lists where lists belong, objects in them, strings for ids and statuses,
    ISO days for dates."""
    src = str(doc.get("_source") or "<document>")
    out: list[Problem] = []

    def want(cond: bool, loc: str, field: str, found: Any, expected: str) -> bool:
        if not cond:
            shown = found if isinstance(found, (str, int, float, bool)) or found is None else type(found).__name__
            out.append(Problem("not of the expected shape", source=src, location=loc, field=field, found=repr(shown), expected=expected))
        return cond

    def day(v: Any, loc: str, field: str) -> None:
        want(v is None or (isinstance(v, str) and bool(_ISO_DAY.match(v))), loc, field, v, "a date YYYY-MM-DD or null")

    def alerts(v: Any, loc: str) -> None:
        if want(isinstance(v, list), loc, "alerts", v, "a list"):
            for i, a in enumerate(v):
                want(isinstance(a, dict), f"{loc}.alerts[{i}]", "alerts", a, "an object")

    fmt = str(doc.get("format", ""))
    if fmt.startswith("procedure.agenda/"):
        items = doc.get("items", [])
        if want(isinstance(items, list), "$", "items", items, "a list"):
            for i, x in enumerate(items):
                loc = f"$.items[{i}]"
                if not want(isinstance(x, dict), loc, "items", x, "an object"):
                    continue
                for f in ("case_id", "deadline"):
                    want(isinstance(x.get(f), str), loc, f, x.get(f), "a string")
                want(x.get("status") is None or isinstance(x.get("status"), str), loc, "status", x.get("status"), "a string")
                day(x.get("due"), loc, "due")
                day(x.get("cautious_due"), loc, "cautious_due")
        alerts(doc.get("alerts", []), "$")
        return out
    reports = doc.get("reports") if fmt == "procedure.report/lines" else [doc]
    if not want(isinstance(reports, list), "$", "reports", reports, "a list of reports"):
        return out
    for n, r in enumerate(reports):
        base = f"$.reports[{n}]" if fmt == "procedure.report/lines" else "$"
        if not isinstance(r, dict) or "deadlines" not in r:
            continue  # an error line of a batch
        want(r.get("case_id") is None or isinstance(r.get("case_id"), str), base, "case_id", r.get("case_id"), "a string")
        ds = r["deadlines"]
        if want(isinstance(ds, list), base, "deadlines", ds, "a list"):
            for i, d in enumerate(ds):
                loc = f"{base}.deadlines[{i}]"
                if not want(isinstance(d, dict), loc, "deadlines", d, "an object"):
                    continue
                want(isinstance(d.get("id"), str), loc, "id", d.get("id"), "a string")
                want(isinstance(d.get("status"), str), loc, "status", d.get("status"), "a string")
                day(d.get("due"), loc, "due")
                rd = d.get("readings")
                if rd is not None and want(isinstance(rd, list), loc, "readings", rd, "a list"):
                    for j, x in enumerate(rd):
                        if want(isinstance(x, dict), f"{loc}.readings[{j}]", "readings", x, "an object"):
                            day(x.get("due"), f"{loc}.readings[{j}]", "due")
        alerts(r.get("alerts", []), base)
    return out


def _normalise(doc: Mapping[str, Any]) -> tuple[dict, list, str | None, str | None]:
    """(items by (case, deadline), alerts, as_of, window end) of an agenda or report document."""
    problems = _shape_problems(doc)
    if problems:
        raise UsageError(problems[:20])
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
