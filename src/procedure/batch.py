"""Batch evaluation: many cases, one report each, in input order, in constant memory.

``check_lines`` is a pure function of its inputs (JSON lines in, JSON lines out), so it runs unchanged
inside Dask (``bag.map_partitions``) or Spark (``mapInPandas``); see docs/scale.md. A bad line gives an
error record, never stops the batch.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import multiprocessing
from typing import Iterable, Iterator, Sequence

from .case import read_case_bytes
from .engine import calendar_for, evaluate
from .errors import ProcedureError
from .ruleset import RuleSet, load_rules


def check_line(line: str | bytes, lineno: int, rules: RuleSet, as_of: dt.date | None = None, lang: str = "en",
               martial_law: str | None = None) -> tuple[bool, str]:
    """Evaluate one JSON line. Returns (ok, json_text): a report, or ``{"line": n, "errors": [...]}``."""
    raw = line.encode("utf-8") if isinstance(line, str) else line
    try:
        case = read_case_bytes(raw, rules, f"<line {lineno}>")
        report = evaluate(case, rules, as_of, calendar_for(case, martial_law))
        return True, report.to_json(lang, indent=None)
    except ProcedureError as exc:
        return False, json.dumps({"line": lineno, "errors": [p.render() for p in exc.problems]}, ensure_ascii=False)


def check_lines(lines: Iterable[str | bytes], as_of: dt.date | None = None, rule_dirs: Sequence[str] = (),
                lang: str = "en", start: int = 1, martial_law: str | None = None) -> Iterator[tuple[bool, str]]:
    """Evaluate JSON lines lazily, in order. Blank lines are skipped (but counted)."""
    rules = load_rules(tuple(rule_dirs))
    for n, line in enumerate(lines, start):
        if not line.strip():
            continue
        yield check_line(line, n, rules, as_of, lang, martial_law)


def check_many(cases: Iterable, as_of: dt.date | None = None, rules: RuleSet | Sequence[str] | None = None,
               lang: str = "en") -> Iterator[tuple[bool, object]]:
    """Evaluate any iterable of cases (mappings shaped like case.json, :class:`~procedure.case.Case`
    objects or paths) lazily, in order. Yields ``(True, Report)`` or ``(False, ProcedureError)``."""
    from .api import check

    ruleset = rules if isinstance(rules, RuleSet) else load_rules(tuple(rules or ()))
    for case in cases:
        try:
            yield True, check(case, as_of=as_of, rules=ruleset, lang=lang)
        except ProcedureError as exc:
            yield False, exc


# --- parallel: worker processes hold their own rule set --------------------------------------------

_W: dict = {}


def _init(as_of, rule_dirs, lang, martial_law):
    _W.update(rules=load_rules(tuple(rule_dirs)), as_of=as_of, lang=lang, ml=martial_law)


def _work(item):
    n, line = item
    return check_line(line, n, _W["rules"], _W["as_of"], _W["lang"], _W["ml"])


def check_lines_parallel(lines: Iterable[str | bytes], jobs: int, as_of=None, rule_dirs: Sequence[str] = (),
                         lang: str = "en", martial_law: str | None = None, chunk: int = 64) -> Iterator[tuple[bool, str]]:
    """As :func:`check_lines` over ``jobs`` processes; results keep the input order; memory stays bounded
    because ``imap`` pulls input lazily."""
    numbered = ((n, l) for n, l in enumerate(lines, 1) if l.strip())
    ctx = multiprocessing.get_context("spawn")  # the same behaviour on Linux, macOS and Windows
    with ctx.Pool(jobs, initializer=_init, initargs=(as_of, tuple(rule_dirs), lang, martial_law)) as pool:
        yield from pool.imap(_work, numbered, chunksize=chunk)
