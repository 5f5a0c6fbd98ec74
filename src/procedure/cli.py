"""Command line: ``python -m procedure check|explain|rules|events|validate|day``.

Exit codes (README, "Exit codes"): 0 done; 1 an alert at the ``--fail-on`` level; 2 bad input or usage,
or a file that cannot be read or written, with one line per problem on stderr and nothing on stdout;
3 a batch ran and some lines were refused (each reported); 4 an internal error (a bug: one line on
stderr, ``--debug`` shows the traceback); 130 interrupted (Ctrl-C). Never a traceback otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
from typing import Sequence

from ._version import __version__
from .errors import ProcedureError, Problem, UsageError

LEVELS = ("info", "warning", "critical")
EXIT_OK, EXIT_ALERT, EXIT_INPUT, EXIT_BATCH, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
EXIT_CODES = (EXIT_OK, EXIT_ALERT, EXIT_INPUT, EXIT_BATCH, EXIT_INTERNAL, EXIT_INTERRUPTED)
MAX_JOBS = 64  # --jobs above this is refused; any value is also reduced to the CPUs available
GLOBAL_FLAGS = ("--debug", "--no-cache")  # accepted anywhere on the command line


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``error: usage: ...``) and exit code 2, like any bad input."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(Problem(f"usage: {message}", expected=f"see `{self.prog} --help`"))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value[:40]!r} (expected YYYY-MM-DD)")


def _instant(value: str):
    from .case import AS_OF_EXPECTED, parse_as_of

    parsed, err = parse_as_of(value)
    if err:
        raise argparse.ArgumentTypeError(f"{err}: {value!r} (expected {AS_OF_EXPECTED})")
    return parsed


def _jobs(value: str) -> int:
    try:
        n = int(value) if len(value) < 10 else 0
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"not a positive whole number up to {MAX_JOBS}: {value[:40]!r}")
    return n


_positive = _jobs  # the name earlier versions used


_PARSER: dict = {}
COMMAND_NAMES = ("check", "explain", "rules", "events", "new", "validate", "agenda", "diff", "impact", "day")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, built once a process (building it costs more than parsing; in-process callers repeat).
    With ``command`` (the first word of the command line, when it names a command), only that command's
    options are declared: the others cannot be used in this run, and declaring them all costs a
    one-case run as much as its evaluation. Every command is still listed (``-h``, a wrong name)."""
    key = command if command in COMMAND_NAMES else None
    if key not in _PARSER:
        _PARSER[key] = _build_parser(key)
    return _PARSER[key]


class _Unused:
    """The options of a command that is not the one run: not declared."""

    def add_argument(self, *args, **kwargs) -> None:
        pass


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    p = _Parser(prog="python -m procedure", description="Legal deadlines for Ukrainian administrative procedure.",
                epilog="Exit codes: 0 done; 1 an alert at --fail-on; 2 bad input or usage, or a file that cannot be read "
                       "or written; 3 a batch with refused lines; 4 internal error (a bug); 130 interrupted.")
    p.add_argument("--version", action="version", version=f"procedure {__version__}")
    p.add_argument("--debug", action="store_true", help="on an internal error, show the Python traceback (accepted anywhere)")
    p.add_argument("--no-cache", action="store_true",
                   help="do not read or write the validated-rules cache (as PROCEDURE_CACHE_DIR=off; accepted anywhere)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, **kw):
        sp = sub.add_parser(name, **kw)  # every command is listed
        return sp if only is None or only == name else _Unused()  # its options only if it is the one run

    def common(sp, lang=True):
        sp.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
        if lang:
            sp.add_argument("--lang", choices=("uk", "en"), default="en")
        output(sp)

    def output(sp):
        sp.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE instead of standard output (whole or not at all: a failed run keeps the old file)")

    c = command("check", help="evaluate a case: deadlines, statuses, alerts")
    c.add_argument("case", nargs="+", help="case.json, or - for standard input; with --batch, a JSON-lines file (one case per line)")
    c.add_argument("--batch", action="store_true", help="the input holds one case per line; write one JSON report per line")
    c.add_argument("--jobs", type=_jobs, default=1,
                   help=f"worker processes for --batch (default 1; at most {MAX_JOBS}, and never more than the CPUs available)")
    c.add_argument("--as-of", type=_instant, help="judge statuses at this date (its end, in Kyiv) or date-time with offset "
                                                  "(2025-06-14T09:00+03:00); default: the case's as_of, else today in Kyiv")
    c.add_argument("--format", choices=("text", "json", "html", "ics"), default=None,
                   help="report format (default text; --batch writes JSON lines and refuses the others)")
    c.add_argument("--fail-on", choices=LEVELS, help="exit 1 when an alert of this level or higher is present")
    c.add_argument("--martial-law", metavar="FILE", help="martial-law periods file replacing the bundled one")
    c.add_argument("--timeline", metavar="FILE.svg", help="also write the case's timeline picture (SVG) to this file")
    common(c)

    e = command("explain", help="explain one deadline step by step")
    e.add_argument("case")
    e.add_argument("deadline", help="deadline id from `check`")
    e.add_argument("--as-of", type=_instant)
    e.add_argument("--martial-law", metavar="FILE")
    common(e)

    r = command("rules", help="list the rules in force")
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.add_argument("--as-of", type=_date, help="only rules with a version in force on this date")
    common(r)

    v = command("events", help="list the event vocabulary and the rules each event starts or closes")
    v.add_argument("--format", choices=("text", "json"), default="text")
    common(v)

    nw = command("new", help="write a starting case.json (detention, fine, refugee, document), each event explained in a note")
    nw.add_argument("kind", choices=("detention", "fine", "refugee", "document"))
    nw.add_argument("--lang", choices=("uk", "en"), default="en", help="language of the notes")
    output(nw)

    val = command("validate", help="validate rule files or directories")
    val.add_argument("paths", nargs="+")

    _caseload_parsers(command, common)

    d = command("day", help="is a date a working day, and why")
    d.add_argument("date", type=_date)
    d.add_argument("--martial-law", metavar="FILE")
    d.add_argument("--lang", choices=("uk", "en"), default="en")
    output(d)
    return p


def _caseload_parsers(command, common) -> None:
    formats = ("text", "json", "html", "ics", "csv")
    a = command("agenda", help="what is due across many cases: by day, alerts first, refused files listed")
    a.add_argument("paths", nargs="+", metavar="PATH", help="case files, directories (searched recursively) or JSON Lines files")
    a.add_argument("--as-of", type=_date, help="judge statuses on this date (default: today in Kyiv)")
    a.add_argument("--from", dest="from_", type=_date, metavar="DATE", help="window start (default: the as-of date)")
    a.add_argument("--to", type=_date, metavar="DATE", help="window end (default: 14 days after the start)")
    a.add_argument("--party", action="append", metavar="P", help="only deadlines for this party: person, authority, court (repeatable)")
    a.add_argument("--status", action="append", metavar="S", help="only deadlines with this status (repeatable, or comma-separated)")
    a.add_argument("--format", choices=formats, default="text")
    a.add_argument("--since", metavar="OLD.json", help="an earlier agenda (--format json): list what changed since")
    a.add_argument("--fail-on", choices=("moved-earlier",), help="exit 1 when an open deadline moved earlier (with --since)")
    a.add_argument("--martial-law", metavar="FILE", help="martial-law periods file replacing the bundled one")
    common(a)

    df = command("diff", help="what changed between two agenda or report JSON files")
    df.add_argument("old", metavar="OLD")
    df.add_argument("new", metavar="NEW")
    df.add_argument("--format", choices=("text", "json"), default="text")
    df.add_argument("--fail-on", choices=("moved-earlier",), help="exit 1 when an open deadline moved earlier")
    df.add_argument("-o", "--output", metavar="FILE")
    df.add_argument("--lang", choices=("uk", "en"), default="en")

    im = command("impact", help="which deadlines a change in the law moves (new rules, a martial-law file)")
    im.add_argument("paths", nargs="+", metavar="PATH")
    im.add_argument("--rules", action="append", default=[], metavar="NEW_DIR", help="rule directory of the new law (repeatable)")
    im.add_argument("--martial-law", metavar="FILE", help="the new martial-law periods (an extension, or its end)")
    im.add_argument("--base-rules", action="append", default=[], metavar="DIR", help="extra rule directory of the current law")
    im.add_argument("--as-of", type=_date, help="judge statuses on this date (default: today in Kyiv)")
    im.add_argument("--explain", action="store_true", help="show both explanations of every deadline that changes")
    im.add_argument("--format", choices=("text", "json"), default="text")
    im.add_argument("-o", "--output", metavar="FILE")
    im.add_argument("--lang", choices=("uk", "en"), default="en")


def cmd_agenda(args) -> int:
    from .caseload import agenda

    status = args.status or None
    if args.format == "csv" and not args.since:
        return _agenda_csv_stream(args, status)
    a = agenda(args.paths, as_of=args.as_of, from_=args.from_, to=args.to, party=args.party, status=status,
               lang=args.lang, rules=args.rules, martial_law=args.martial_law, since=args.since)
    render = {"text": a.to_text, "json": a.to_json, "html": a.to_html, "ics": a.to_ics, "csv": a.to_csv}[args.format]
    text = render()
    args.out.write(text if text.endswith("\n") else text + "\n")
    for e in a.errors:
        _say_all(e.problems)
    if a.errors:
        return EXIT_BATCH  # the agenda was made; some files were refused (each named on stderr and in the output)
    if args.fail_on == "moved-earlier" and a.changes and a.changes.get("moved_earlier"):
        return EXIT_ALERT
    return EXIT_OK


def _say_all(problems) -> None:
    for p in problems:
        _say(f"error: {p}")


def _agenda_csv_stream(args, status) -> int:
    """CSV rows as each case is evaluated, in input order: flat memory on a caseload of any size."""
    from ._safe import AtomicFile
    from .agendas import AgendaError, csv_header, csv_rows
    from .caseload import _Settings, iter_agenda

    s = _Settings(args.as_of, args.from_, args.to, args.party, status, args.lang, args.rules, args.martial_law)
    sink = AtomicFile(args.output) if args.output else None
    refused = 0

    def put(text: str) -> None:
        if sink is not None:
            sink.write(text.encode("utf-8"))
        else:
            _write_stdout(text, flush=False)

    try:
        put(csv_header())
        for part in iter_agenda(args.paths, s):
            if isinstance(part, AgendaError):
                refused += 1
                _say_all(part.problems)
                continue
            if part[1]:
                put(csv_rows(part[1], args.lang))
        if sink is not None:
            sink.commit()
            sink = None
            args.output = None  # written: nothing further for the common output step
    finally:
        if sink is not None:
            sink.discard()
    return EXIT_BATCH if refused else EXIT_OK


def cmd_diff(args) -> int:
    from .agendas import changes_to_text
    from .caseload import diff, read_document

    changes = diff(read_document(args.old), read_document(args.new))
    args.out.write(json.dumps(changes, ensure_ascii=False, indent=2) + "\n" if args.format == "json"
                   else changes_to_text(changes, args.lang))
    return EXIT_ALERT if args.fail_on == "moved-earlier" and changes["moved_earlier"] else EXIT_OK


def cmd_impact(args) -> int:
    from .agendas import impact_to_text
    from .caseload import impact

    out = impact(args.paths, rules=args.rules, martial_law=args.martial_law, as_of=args.as_of, lang=args.lang,
                 explain=args.explain or args.format == "json", base_rules=args.base_rules)
    args.out.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n" if args.format == "json"
                   else impact_to_text(out, args.lang, args.explain))
    for e in out["errors"]:
        _say_all(e["problems"])
    return EXIT_BATCH if out["errors"] else EXIT_OK


def _read_case(arg: str, rules):
    from ._safe import read_stream
    from .case import MAX_CASE_BYTES, read_case, read_case_bytes

    if arg == "-":
        return read_case_bytes(read_stream(sys.stdin.buffer, MAX_CASE_BYTES), rules, "<stdin>")
    return read_case(arg, rules)


def _report(args):
    from .engine import calendar_for, evaluate
    from .ruleset import load_rules

    rules = load_rules(tuple(args.rules))
    case = _read_case(args.case, rules)
    return evaluate(case, rules, args.as_of, calendar_for(case, args.martial_law))


def _available_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _top_level(report_json: str) -> int:
    """The highest alert level in a batch report line (-1: none)."""
    alerts = json.loads(report_json).get("alerts") or ()
    return max((LEVELS.index(a["level"]) for a in alerts if a.get("level") in LEVELS), default=-1)


def cmd_batch(args) -> int:
    import itertools

    from ._safe import AtomicFile, bounded_lines, open_regular
    from .batch import check_lines, check_lines_parallel
    from .case import MAX_CASE_BYTES

    if args.format not in (None, "json"):
        raise UsageError(Problem("--batch writes one JSON report per line", field="--format", found=args.format,
                                 expected="json (or leave --format out)"))
    if args.timeline:
        raise UsageError(Problem("--batch writes no timeline pictures", field="--timeline",
                                 expected="check one case at a time for its timeline"))
    try:
        fh = sys.stdin.buffer if args.case == "-" else open_regular(args.case)
    except OSError as exc:
        raise UsageError(Problem(f"cannot read: {exc.strerror}", source=args.case))
    sink = None
    results = None
    failed = done = 0
    top = -1
    tty = sys.stderr.isatty()
    try:
        lines = bounded_lines(fh, MAX_CASE_BYTES)
        head = []
        for line in lines:
            head.append(line)
            if line.strip():
                break
        first = head[-1].strip() if head and isinstance(head[-1], bytes) else b""
        if first in (b"{", b"[") or (first.startswith(b"[") and not first.endswith(b"]")):
            raise UsageError(Problem("this looks like one pretty-printed JSON document, not JSON Lines", source=_name(args.case),
                                     location="line 1", expected="one whole case per line (give a single case to `check` without --batch)"))
        lines = itertools.chain(head, lines)
        jobs = min(args.jobs, _available_cpus())
        if args.output:
            try:
                sink = AtomicFile(args.output)
            except OSError as exc:
                raise UsageError(Problem(f"cannot write: {exc.strerror}", source=args.output, field="--output"))
        if jobs > 1:
            results = check_lines_parallel(lines, jobs, args.as_of, args.rules, args.lang, args.martial_law)
        else:
            results = check_lines(lines, args.as_of, args.rules, args.lang, martial_law=args.martial_law)
        for ok, text in results:
            done += 1
            if not ok:
                failed += 1
                sys.stderr.write(f"error: {text}\n")
            elif args.fail_on:
                top = max(top, _top_level(text))
            if sink is not None:
                try:
                    sink.write(text.encode("utf-8", "backslashreplace") + b"\n")
                except OSError as exc:
                    raise UsageError(Problem(f"cannot write: {exc.strerror}", source=args.output, field="--output"))
            else:
                _write_stdout(text + "\n", flush=False)
            if tty and done % 100 == 0:
                sys.stderr.write(f"\r{done} cases, {failed} failed")
        if sink is not None:
            try:
                sink.commit()
                args.output = None  # written: the common output step must not replace it with nothing
            except OSError as exc:
                raise UsageError(Problem(f"cannot write: {exc.strerror}", source=args.output, field="--output"))
    finally:
        if results is not None and hasattr(results, "close"):
            results.close()  # a parallel batch: the pool is ended here, also on Ctrl-C
        if sink is not None:
            sink.discard()
        if fh is not sys.stdin.buffer:
            fh.close()
    if tty:
        sys.stderr.write(f"\r{done} cases, {failed} failed\n")
    if failed:
        return EXIT_BATCH  # the batch ran, some lines were refused (each reported); this wins over --fail-on
    if args.fail_on and top >= LEVELS.index(args.fail_on):
        return EXIT_ALERT
    return EXIT_OK


def _name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _one_case(args) -> None:
    """`check` reads one case: for several files or a directory, point to `agenda` (one line, exit 2)."""
    import os

    paths = args.case
    if len(paths) > 1 or os.path.isdir(paths[0]):
        what = "a directory" if len(paths) == 1 else f"{len(paths)} paths"
        raise UsageError(Problem(f"check reads one case, not {what}", source=paths[0] if len(paths) == 1 else None,
                                 field="case", expected="one case file; for many cases: python -m procedure agenda "
                                 + " ".join(paths[:3]) + (" ..." if len(paths) > 3 else "")))
    args.case = paths[0]


def cmd_check(args) -> int:
    _one_case(args)
    if args.batch:
        return cmd_batch(args)
    report = _report(args)
    fmt = args.format or "text"
    if fmt == "json":
        out = report.to_json(args.lang) + "\n"
    elif fmt == "html":
        out = report.to_html(args.lang)  # a complete page: doctype, charset, title
    elif fmt == "ics":
        from .ics import report_to_ics

        out = report_to_ics(report, args.lang)
    else:
        out = report.to_text(args.lang)
    if args.timeline:
        from ._safe import atomic_write

        svg = report.to_svg(args.lang)  # rendered whole before the file is touched
        try:
            atomic_write(args.timeline, svg.encode("utf-8", "backslashreplace"))
        except OSError as exc:
            raise UsageError(Problem(f"cannot write: {exc.strerror}", source=args.timeline, field="--timeline"))
    args.out.write(out)
    if args.fail_on:
        threshold = LEVELS.index(args.fail_on)
        if any(LEVELS.index(a.level) >= threshold for a in report.alerts):
            return EXIT_ALERT
    return EXIT_OK


def cmd_explain(args) -> int:
    report = _report(args)
    args.out.write(report.explain(args.deadline, args.lang))  # UnknownDeadline names the ids there are
    return 0


def _rule_json(rule, lang: str) -> dict:
    return {
        "id": rule.id, "title": rule.title.to_dict(), "kind": rule.kind, "party": rule.party,
        "basis": [{"act": b.act, "article": b.article, "part": b.part, "url": b.link()} for b in rule.basis],
        "in_force": {"from": rule.in_force[0].isoformat(), "to": rule.in_force[1].isoformat() if rule.in_force[1] else None},
        "trigger": {"events": list(rule.trigger_events), "documents": dict(rule.trigger_documents) if rule.trigger_documents else None,
                    "when": [c.describe() for c in rule.conditions]},
        "anchor": {"from": rule.anchor.source, "rule": rule.anchor.rule, "attr": rule.anchor.attr, "ages": list(rule.anchor.ages)},
        "period": [{"from": v.valid_from.isoformat(), "to": v.valid_to.isoformat() if v.valid_to else None,
                    "term": v.period.to_dict() if v.period else None,
                    "term_from": v.period_from_attr.attr if v.period_from_attr else None, "convention": v.convention}
                   for v in rule.versions],
        "confidence": rule.confidence, "verified": rule.verified.isoformat(),
    }


def cmd_rules(args) -> int:
    from .ruleset import load_rules

    rules = load_rules(tuple(args.rules))
    selected = rules.in_force_on(args.as_of) if args.as_of else rules.rules
    if args.format == "json":
        args.out.write(json.dumps([_rule_json(r, args.lang) for r in selected], ensure_ascii=False, indent=2) + "\n")
        return 0
    for r in selected:
        v = r.version_on(args.as_of) if args.as_of else r.versions[-1]
        term = v.period.describe(args.lang) if v and v.period else (f"<{v.period_from_attr.attr}>" if v and v.period_from_attr else "—")
        cite = "; ".join(b.cite(args.lang) for b in r.basis[:2])
        args.out.write(f"{r.id:<44} {term:<16} {v.convention if v else '':<22} {cite}\n")
    return 0


def cmd_events(args) -> int:
    from .i18n import MESSAGES as _MESSAGES
    from .ruleset import load_rules

    rules = load_rules(tuple(args.rules))
    rows = []
    for name, et in sorted(rules.events.items()):
        starts = [r.id for r in rules.rules if name in r.trigger_events]
        closes = [r.id for r in rules.rules if any(name in c.events for c in r.closed_by)]
        rows.append({"type": name, "title": et.title.to_dict(),
                     "attributes": {a: {"type": s.type, **({"values": list(s.values)} if s.values else {}), "required": s.required}
                                    for a, s in sorted(et.attributes.items())},
                     "starts": starts, "closes": closes,
                     "rule_titles": {r: rules.by_id(r).title.to_dict() for r in dict.fromkeys(starts + closes)}})
    if args.format == "json":
        args.out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    # Text: each attribute with its allowed values and whether it is required, and the titles of the
    # rules the event type starts or closes (their ids in brackets), in the reader's language.
    from .i18n import text

    lang = args.lang
    titles = {r.id: r.title.get(lang) for r in rules.rules}
    descriptions = {(name, a): s.description for name, et in rules.events.items() for a, s in et.attributes.items()}
    for row in rows:
        args.out.write(f"{row['type']}: {row['title'][lang]}\n")
        for a, spec in row["attributes"].items():
            kind = (text("ui.type.enum", lang) + " " + ", ".join(spec["values"]) if spec.get("values")
                    else text("ui.type." + spec["type"], lang) if "ui.type." + spec["type"] in _MESSAGES else spec["type"])
            req = f" ({text('ui.required', lang)})" if spec["required"] else ""
            desc = descriptions.get((row["type"], a))
            args.out.write(f"    {a}{req}: {kind}" + (f" — {desc.get(lang)}" if desc else "") + "\n")
        for key in ("starts", "closes"):
            if row[key]:
                args.out.write(f"    {text('ui.' + key, lang)}:\n")
                for rid in row[key]:
                    args.out.write(f"      - {titles[rid]} ({rid})\n")
    return 0


def cmd_new(args) -> int:
    from .templates import starting_case

    args.out.write(json.dumps(starting_case(args.kind, args.lang), ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_validate(args) -> int:
    from .ruleset import validate_paths

    problems = validate_paths(args.paths)
    if problems:
        for p in problems:
            sys.stderr.write(p.render() + "\n")
        return 2
    args.out.write(f"ok: {', '.join(args.paths)}\n")
    return 0


def cmd_day(args) -> int:
    from .calendar import legal_calendar, load_martial_law
    from .i18n import WEEKDAYS, format_date, reason_text, text

    lang = args.lang
    cal = legal_calendar(load_martial_law(args.martial_law))
    info = cal.why(args.date)
    reasons = ", ".join(reason_text(r.code, r.name_uk, r.name_en, lang) for r in info.reasons)
    word = text("ui.working_day" if info.working else "ui.non_working_day", lang)
    # Weekday and state names come from the catalogue: strftime would follow the machine's locale.
    weekday = WEEKDAYS[lang][info.day.weekday()]
    state = text("martial_law.state." + info.martial_law, lang)
    args.out.write(f"{format_date(info.day, lang)} {weekday}: {word}" + (f" ({reasons})" if reasons else "")
                     + f"; {text('ui.martial_law', lang)}: {state}\n")
    return 0


COMMANDS = {"check": cmd_check, "explain": cmd_explain, "rules": cmd_rules, "events": cmd_events,
            "validate": cmd_validate, "new": cmd_new, "day": cmd_day, "agenda": cmd_agenda, "diff": cmd_diff, "impact": cmd_impact}


class _WriteFailed(Exception):
    def __init__(self, target: str, strerror: str | None) -> None:
        self.target, self.strerror = target, strerror or "write failed"


def _silence_stdout() -> None:
    """After a failed write to stdout, point it at the null device: the interpreter's last flush must
    not fail again (and print "Exception ignored ..." on stderr)."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        pass


def _write_stdout(text: str, flush: bool = True) -> None:
    try:
        sys.stdout.write(text)
        if flush:
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _WriteFailed("<stdout>", exc.strerror)


def _emit_output(args, text: str) -> None:
    """The command's output, to ``-o FILE`` (written whole or not at all) or to stdout."""
    target = getattr(args, "output", None)
    if target:
        from ._safe import atomic_write

        try:
            atomic_write(target, text.encode("utf-8", "backslashreplace"))
        except OSError as exc:
            raise UsageError(Problem(f"cannot write: {exc.strerror}", source=target, field="--output"))
    elif text:
        _write_stdout(text)


def _utf8_streams() -> None:
    """Reports hold Ukrainian text whatever --lang says (citations): write UTF-8 whatever the console,
    the locale or PYTHONIOENCODING say, and never fail on a character (a lone surrogate is escaped)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="backslashreplace")
            except (ValueError, OSError, io.UnsupportedOperation):
                pass


def _say(line: str) -> None:
    from ._safe import escape_controls

    try:
        sys.stderr.write(escape_controls(line) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (see the module docstring). Never raises, except
    SystemExit from nothing: every exception ends here as one line on stderr and a documented code."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_in or os.environ.get("PROCEDURE_DEBUG", "") not in ("", "0")
    no_cache = "--no-cache" in args_in
    args_in = [a for a in args_in if a not in GLOBAL_FLAGS]
    _utf8_streams()
    saved_cache = os.environ.get("PROCEDURE_CACHE_DIR")
    try:
        from ._safe import restore_sigint

        restore_sigint()  # from here on a Ctrl-C is a KeyboardInterrupt, caught below
        if no_cache:
            os.environ["PROCEDURE_CACHE_DIR"] = "off"
        return _main(args_in, debug)
    except KeyboardInterrupt:
        _say("error: interrupted")
        return EXIT_INTERRUPTED
    finally:
        if no_cache:
            if saved_cache is None:
                os.environ.pop("PROCEDURE_CACHE_DIR", None)
            else:
                os.environ["PROCEDURE_CACHE_DIR"] = saved_cache


def _main(argv: list[str], debug: bool) -> int:
    from ._safe import escape_controls

    try:
        args = _parser(argv[0] if argv else None).parse_args(argv)
        args.out = io.StringIO()  # output is held until the command succeeds: nothing on stdout on an error
        code = COMMANDS[args.command](args)
        text = args.out.getvalue()
        if text:  # (agenda, diff and impact write through their own sink)
            _emit_output(args, text)
        return code
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except ProcedureError as exc:
        for p in exc.problems:
            _say(f"error: {p.render()}")
        return EXIT_INPUT
    except BrokenPipeError:  # `| head` closed the pipe: not an error of the input
        _silence_stdout()
        return EXIT_OK
    except _WriteFailed as exc:
        _silence_stdout()
        _say(f"error: {exc.target}: cannot write: {exc.strerror}")
        return EXIT_INPUT
    except OSError as exc:  # a file that cannot be opened
        name = escape_controls(str(exc.filename)) if getattr(exc, "filename", None) else "input"
        _say(f"error: {name}: cannot read: {exc.strerror or exc}")
        return EXIT_INPUT
    except RecursionError:
        _say("error: input nested too deeply")
        return EXIT_INPUT
    except MemoryError:
        _say("error: out of memory (an input far beyond the documented limits?)")
        return EXIT_INTERNAL
    except Exception as exc:  # a bug: one line, the code of its own, the traceback on request
        if debug:
            import traceback

            traceback.print_exc()
        detail = " ".join(str(exc).split())[:120]
        _say(f"error: internal error: {type(exc).__name__}" + (f": {detail}" if detail else "")
             + "; this is a bug in procedure: run again with --debug for the traceback, and report it")
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
