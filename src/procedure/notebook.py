"""Notebook helpers: a report as a pandas DataFrame.

pandas is optional (``pip install "procedure[notebook]"``); without it :func:`report_to_dataframe`
raises :class:`~procedure.errors.UsageError` and nothing else in the library is affected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import UsageError
from .i18n import LANGS

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .values import Report

COLUMNS = ("id", "rule", "title", "trigger_date", "due", "due_at", "status", "party", "kind", "basis", "days_left")


def report_to_dataframe(report: "Report", lang: str = "en") -> "pandas.DataFrame":
    """One row per deadline, in the report's order (due date, then rule id; not-started terms last).

    Columns: ``id``, ``rule``, ``title`` (in ``lang``), ``trigger_date``, ``due`` (``datetime64``, day
    precision; ``NaT`` when the term has not started), ``due_at`` (the moment the term ends, aware,
    Europe/Kyiv; ``NaT`` when unknown), ``status`` (the code: open, due_soon, overdue, met, met_late,
    exceeded, not_started, ambiguous), ``party``, ``kind``, ``basis`` (the provisions, ``"; "``-joined
    citations in ``lang``), ``days_left`` (nullable ``Int64``: due minus as-of, negative when past).
    """
    if lang not in LANGS:
        raise UsageError("unknown language", field="lang", found=repr(lang), expected=" or ".join(LANGS))
    try:
        import pandas as pd
    except ImportError:
        raise UsageError("report_to_dataframe needs pandas, which is not installed", field="pandas",
                         expected='pip install pandas (or: pip install "procedure[notebook]")') from None
    rows = []
    for d in report.deadlines:
        rows.append({
            "id": d.id,
            "rule": d.rule.id,
            "title": d.rule.title.get(lang),
            "trigger_date": d.trigger.date,
            "due": d.due,
            "due_at": d.due_at,
            "status": d.status,
            "party": d.party,
            "kind": d.kind,
            "basis": "; ".join(b.cite(lang) for b in d.rule.basis),
            "days_left": d.days_left,
        })
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("trigger_date", "due"):
        df[col] = pd.to_datetime(df[col])
    # due_at may mix UTC offsets (+02:00 in winter, +03:00 in summer): normalise to one zone.
    df["due_at"] = pd.to_datetime(df["due_at"], utc=True).dt.tz_convert("Europe/Kyiv")
    df["days_left"] = df["days_left"].astype("Int64")
    for col in ("id", "rule", "title", "status", "party", "kind", "basis"):
        df[col] = df[col].astype("string")
    return df
