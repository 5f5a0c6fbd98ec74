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

from ._safe import LineTooLong, escape_controls
from .case import MAX_CASE_BYTES, read_case_bytes
from .engine import calendar_for, evaluate
from .errors import ProcedureError, Problem
from .ruleset import RuleSet, load_rules


def _error_record(lineno: int, messages: list[str]) -> str:
    return json.dumps({"line": lineno, "errors": messages}, ensure_ascii=False)


def check_line(line: str | bytes, lineno: int, rules: RuleSet, as_of: dt.date | None = None, lang: str = "en",
               martial_law: str | None = None) -> tuple[bool, str]:
    """Evaluate one JSON line. Returns (ok, json_text): a report, or ``{"line": n, "errors": [...]}``.
    Nothing a line holds can end the batch: any failure becomes that line's error record."""
    if isinstance(line, LineTooLong):
        return False, _error_record(lineno, [Problem("line too long", source=f"<line {lineno}>", found=f"{line.size} bytes",
                                                     expected=f"at most {MAX_CASE_BYTES} bytes").render()])
    try:
        raw = line.encode("utf-8") if isinstance(line, str) else line
        case = read_case_bytes(raw, rules, f"<line {lineno}>")
        report = evaluate(case, rules, as_of, calendar_for(case, martial_law))
        return True, report.to_json(lang, indent=None)
    except ProcedureError as exc:
        return False, _error_record(lineno, [p.render() for p in exc.problems])
    except RecursionError:
        return False, _error_record(lineno, [f"<line {lineno}>: input nested too deeply"])
    except Exception as exc:  # a bug: reported on this line, and the batch goes on
        detail = " ".join(str(exc).split())[:120]
        return False, _error_record(lineno, [escape_controls(f"<line {lineno}>: internal error: {type(exc).__name__}: {detail}; "
                                                             "this is a bug in procedure, please report it")])


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
    import os
    import signal
    import sys

    # Ctrl-C reaches the whole process group: the parent alone handles it (it ends the pool), so a
    # worker never dies half-way through a task and leaves the parent waiting for it. A worker prints
    # nothing: every failure of a line is that line's error record, and when the parent is killed the
    # worker's broken pipe is not news.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr = open(os.devnull, "w")
    _W.update(rules=load_rules(tuple(rule_dirs)), as_of=as_of, lang=lang, ml=martial_law)


def _work(item):
    n, line = item
    return check_line(line, n, _W["rules"], _W["as_of"], _W["lang"], _W["ml"])


def check_lines_parallel(lines: Iterable[str | bytes], jobs: int, as_of=None, rule_dirs: Sequence[str] = (),
                         lang: str = "en", martial_law: str | None = None, chunk: int = 64) -> Iterator[tuple[bool, str]]:
    """As :func:`check_lines` over ``jobs`` processes; results keep the input order; memory stays bounded
    because ``imap`` pulls input lazily. Closing the iterator (or Ctrl-C) ends the workers at once."""
    import signal

    numbered = ((n, l) for n, l in enumerate(lines, 1) if l.strip())
    ctx = multiprocessing.get_context("spawn")  # the same behaviour on Linux, macOS and Windows
    # The workers start with Ctrl-C ignored (an ignored signal stays ignored across exec, and Python
    # keeps it so): one that is still importing when Ctrl-C comes must not die with a traceback.
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        previous = None
    try:
        pool = ctx.Pool(jobs, initializer=_init, initargs=(as_of, tuple(rule_dirs), lang, martial_law))
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    try:
        yield from pool.imap(_work, numbered, chunksize=chunk)
        pool.close()
        pool.join()
    except BaseException:  # Ctrl-C, a closed generator, a failed write: end the workers, do not wait for them
        try:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the cleanup
        except ValueError:  # not the main thread
            previous = None
        try:
            pool.terminate()
            pool.join()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        raise
