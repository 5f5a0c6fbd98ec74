"""Command line: ``python -m procedure check|explain|rules|events|validate|day``.

Exit codes: 0 success; 1 ``--fail-on`` level reached (check) or problems found (validate: 2); 2 bad
input or usage, with one line per problem on stderr and nothing on stdout. Never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Sequence

from ._version import __version__
from .errors import ProcedureError, Problem, UsageError

LEVELS = ("info", "warning", "critical")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (expected YYYY-MM-DD)")


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return n


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m procedure",
                                description="Legal deadlines for Ukrainian administrative procedure.")
    p.add_argument("--version", action="version", version=f"procedure {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp, lang=True):
        sp.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
        if lang:
            sp.add_argument("--lang", choices=("uk", "en"), default="en")

    c = sub.add_parser("check", help="evaluate a case: deadlines, statuses, alerts")
    c.add_argument("case", help="case.json, or - for standard input; with --batch, a JSON-lines file (one case per line)")
    c.add_argument("--batch", action="store_true", help="the input holds one case per line; write one JSON report per line")
    c.add_argument("--jobs", type=_positive, default=1, help="worker processes for --batch (default 1)")
    c.add_argument("--as-of", type=_date, help="judge statuses on this date (default: the case's as_of, else today in Kyiv)")
    c.add_argument("--format", choices=("text", "json", "html", "ics"), default="text")
    c.add_argument("--fail-on", choices=LEVELS, help="exit 1 when an alert of this level or higher is present")
    c.add_argument("--martial-law", metavar="FILE", help="martial-law periods file replacing the bundled one")
    c.add_argument("--timeline", metavar="FILE.svg", help="also write the case's timeline picture (SVG) to this file")
    common(c)

    e = sub.add_parser("explain", help="explain one deadline step by step")
    e.add_argument("case")
    e.add_argument("deadline", help="deadline id from `check`")
    e.add_argument("--as-of", type=_date)
    e.add_argument("--martial-law", metavar="FILE")
    common(e)

    r = sub.add_parser("rules", help="list the rules in force")
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.add_argument("--as-of", type=_date, help="only rules with a version in force on this date")
    common(r)

    v = sub.add_parser("events", help="list the event vocabulary and the rules each event starts or closes")
    v.add_argument("--format", choices=("text", "json"), default="text")
    common(v)

    val = sub.add_parser("validate", help="validate rule files or directories")
    val.add_argument("paths", nargs="+")

    d = sub.add_parser("day", help="is a date a working day, and why")
    d.add_argument("date", type=_date)
    d.add_argument("--martial-law", metavar="FILE")
    d.add_argument("--lang", choices=("uk", "en"), default="en")
    return p


def _read_case(arg: str, rules):
    from .case import read_case, read_case_bytes

    if arg == "-":
        return read_case_bytes(sys.stdin.buffer.read(), rules, "<stdin>")
    return read_case(arg, rules)


def _report(args):
    from .engine import calendar_for, evaluate
    from .ruleset import load_rules

    rules = load_rules(tuple(args.rules))
    case = _read_case(args.case, rules)
    return evaluate(case, rules, args.as_of, calendar_for(case, args.martial_law))


def cmd_batch(args) -> int:
    from .batch import check_lines, check_lines_parallel

    if args.format not in ("json",):
        args.format = "json"
    fh = sys.stdin.buffer if args.case == "-" else open(args.case, "rb")
    failed = done = 0
    tty = sys.stderr.isatty()
    try:
        if args.jobs > 1:
            results = check_lines_parallel(fh, args.jobs, args.as_of, args.rules, args.lang, args.martial_law)
        else:
            results = check_lines(fh, args.as_of, args.rules, args.lang, martial_law=args.martial_law)
        for ok, text in results:
            done += 1
            if not ok:
                failed += 1
                sys.stderr.write(f"error: {text}\n")
            sys.stdout.write(text + "\n")
            if tty and done % 100 == 0:
                sys.stderr.write(f"\r{done} cases, {failed} failed")
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()
    if tty:
        sys.stderr.write(f"\r{done} cases, {failed} failed\n")
    return 3 if failed else 0  # 3: the batch ran, some lines were refused (each reported)


def cmd_check(args) -> int:
    if args.batch:
        return cmd_batch(args)
    report = _report(args)
    if args.format == "json":
        out = report.to_json(args.lang) + "\n"
    elif args.format == "html":
        out = report.to_html(args.lang) + "\n"
    elif args.format == "ics":
        from .ics import report_to_ics

        out = report_to_ics(report, args.lang)
    else:
        out = report.to_text(args.lang)
    if args.timeline:
        import pathlib

        try:
            pathlib.Path(args.timeline).write_text(report.to_svg(args.lang), encoding="utf-8")
        except OSError as exc:
            raise UsageError(Problem(f"cannot write: {exc.strerror}", source=args.timeline, field="--timeline"))
    sys.stdout.write(out)
    if args.fail_on:
        threshold = LEVELS.index(args.fail_on)
        if any(LEVELS.index(a.level) >= threshold for a in report.alerts):
            return 1
    return 0


def cmd_explain(args) -> int:
    report = _report(args)
    try:
        sys.stdout.write(report.explain(args.deadline, args.lang))
    except KeyError:
        ids = ", ".join(d.id for d in report.deadlines)
        raise UsageError(Problem("no such deadline in this case", field="deadline", found=repr(args.deadline), expected=f"one of: {ids}"))
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
        sys.stdout.write(json.dumps([_rule_json(r, args.lang) for r in selected], ensure_ascii=False, indent=2) + "\n")
        return 0
    for r in selected:
        v = r.version_on(args.as_of) if args.as_of else r.versions[-1]
        term = v.period.describe(args.lang) if v and v.period else (f"<{v.period_from_attr.attr}>" if v and v.period_from_attr else "—")
        cite = "; ".join(b.cite(args.lang) for b in r.basis[:2])
        sys.stdout.write(f"{r.id:<44} {term:<16} {v.convention if v else '':<22} {cite}\n")
    return 0


def cmd_events(args) -> int:
    from .ruleset import load_rules

    rules = load_rules(tuple(args.rules))
    rows = []
    for name, et in sorted(rules.events.items()):
        starts = [r.id for r in rules.rules if name in r.trigger_events]
        closes = [r.id for r in rules.rules if any(name in c.events for c in r.closed_by)]
        rows.append({"type": name, "title": et.title.to_dict(),
                     "attributes": {a: {"type": s.type, **({"values": list(s.values)} if s.values else {}), "required": s.required}
                                    for a, s in sorted(et.attributes.items())},
                     "starts": starts, "closes": closes})
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    for row in rows:
        sys.stdout.write(f"{row['type']}: {row['title'][args.lang]}\n")
        if row["attributes"]:
            sys.stdout.write("    attributes: " + ", ".join(f"{a} ({s['type']})" for a, s in row["attributes"].items()) + "\n")
        if row["starts"]:
            sys.stdout.write("    starts: " + ", ".join(row["starts"]) + "\n")
        if row["closes"]:
            sys.stdout.write("    closes: " + ", ".join(row["closes"]) + "\n")
    return 0


def cmd_validate(args) -> int:
    from .ruleset import validate_paths

    problems = validate_paths(args.paths)
    if problems:
        for p in problems:
            sys.stderr.write(p.render() + "\n")
        return 2
    sys.stdout.write(f"ok: {', '.join(args.paths)}\n")
    return 0


def cmd_day(args) -> int:
    from .calendar import legal_calendar, load_martial_law
    from .i18n import message

    cal = legal_calendar(load_martial_law(args.martial_law))
    info = cal.why(args.date)
    reasons = ", ".join(message(r.code, {"name": r.name_uk if args.lang == "uk" else r.name_en}, args.lang) for r in info.reasons)
    word = ("робочий день" if info.working else "неробочий день") if args.lang == "uk" else ("working day" if info.working else "non-working day")
    # Weekday and state names are spelled out here: strftime would follow the machine's locale.
    uk = args.lang == "uk"
    weekday = (("пн", "вт", "ср", "чт", "пт", "сб", "нд") if uk else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))[info.day.weekday()]
    state = ({"in_force": "діє", "assumed": "припущено (після відомих періодів)", "none": "немає"} if uk else
             {"in_force": "in force", "assumed": "assumed (past the known periods)", "none": "none"})[info.martial_law]
    sys.stdout.write(f"{info.day.isoformat()} {weekday}: {word}" + (f" ({reasons})" if reasons else "")
                     + f"; {'воєнний стан' if uk else 'martial law'}: {state}\n")
    return 0


COMMANDS = {"check": cmd_check, "explain": cmd_explain, "rules": cmd_rules, "events": cmd_events,
            "validate": cmd_validate, "day": cmd_day}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ProcedureError as exc:
        for p in exc.problems:
            sys.stderr.write(f"error: {p.render()}\n")
        return 2
    except BrokenPipeError:  # `| head` closed the pipe: not an error of the input
        return 0
    except OSError as exc:  # e.g. a --batch file that cannot be opened
        sys.stderr.write(f"error: {getattr(exc, 'filename', '')}: cannot read: {exc.strerror}\n")
        return 2
    except RecursionError:
        sys.stderr.write("error: input nested too deeply\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
