"""The Python entry point: ``procedure.check(case_or_path, as_of=None, rules=None)``."""

from __future__ import annotations

import copy
import datetime as dt
import pathlib
from typing import Any, Mapping, Sequence

from .case import AS_OF_EXPECTED, Case, parse_as_of, parse_case, read_case
from .engine import calendar_for, evaluate
from .values import Report
from .errors import UsageError
from .ruleset import RuleSet, load_rules


def check(case: Case | Mapping[str, Any] | str | pathlib.Path, as_of: dt.date | dt.datetime | str | None = None,
          rules: RuleSet | Sequence[str | pathlib.Path] | None = None, *, martial_law: str | None = None,
          lang: str = "en") -> Report:
    """Evaluate a case and return its :class:`~procedure.values.Report`.

    ``case``: a :class:`Case`, a mapping shaped like case.json (never modified), or a path to a file.
    ``as_of``: when statuses are judged: a date (the end of that day in Kyiv) or an aware date-time /
    ISO string with its offset (that instant; hour limits are judged at it). Default: the case's
    ``as_of``, else today in Kyiv.
    ``rules``: a loaded :class:`RuleSet`, or extra rule directories to load after the bundled ones.
    ``martial_law``: a martial-law file replacing the bundled periods.
    ``lang``: ``uk`` or ``en``, the language the report renders in by default.
    """
    if lang not in ("uk", "en"):
        raise UsageError("unknown language", field="lang", found=repr(lang), expected="uk or en")
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(tuple(rules or ()))
    if as_of is not None:
        parsed, err = parse_as_of(as_of)
        if err:
            raise UsageError(err, field="as_of", found=repr(as_of), expected=AS_OF_EXPECTED)
        as_of = parsed
    if isinstance(case, Case):
        parsed = case
    elif isinstance(case, (str, pathlib.Path)):
        parsed = read_case(case, ruleset)
    else:
        parsed = parse_case(case, ruleset, "<api>")  # refuses anything but a mapping with a CaseError; copies first
    return evaluate(parsed, ruleset, as_of, calendar_for(parsed, martial_law), lang)
