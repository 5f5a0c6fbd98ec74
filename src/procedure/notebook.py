"""Notebook helpers: a report as a pandas DataFrame.

pandas is optional (``pip install "procedure[notebook]"``); without it :func:`report_to_dataframe`
raises :class:`~procedure.errors.UsageError` and nothing else in the library is affected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import UsageError
from .i18n import check_lang

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .values import Report

COLUMNS = ("case_id", "id", "rule", "title", "trigger_date", "due", "cautious_due", "due_at", "status", "party", "kind",
           "basis", "days_left", "confidence")
# Status as an ordered category, most urgent first (the order of procedure.agendas.URGENCY): sort by it,
# or select df[df.status <= "due_soon"] for everything at least as urgent as "due soon".
URGENCY = ("exceeded", "overdue", "ambiguous", "due_soon", "open", "upcoming", "not_started", "met_late", "met")


def report_to_dataframe(report: "Report", lang: str = "en") -> "pandas.DataFrame":
    """One row per deadline, in the report's order (due date, then rule id; not-started terms last).

    Columns: ``case_id``, ``id``, ``rule``, ``title`` (in ``lang``), ``trigger_date``, ``due``
    (``datetime64``, day precision; ``NaT`` when the term has not started), ``cautious_due`` (the earliest
    day any reading gives: ``due`` unless the law is ambiguous), ``due_at`` (the moment the term ends,
    aware, Europe/Kyiv; ``NaT`` when unknown), ``status`` (an ordered categorical, most urgent first:
    :data:`URGENCY`), ``party``, ``kind``, ``basis`` (the provisions, ``"; "``-joined citations in
    ``lang``), ``days_left`` (nullable ``Int64``: due minus as-of, negative when past), ``confidence``
    (the rule's: how its text was checked).
    """
    check_lang(lang)
    try:
        import pandas as pd
    except ImportError:
        raise UsageError("report_to_dataframe needs pandas, which is not installed", field="pandas",
                         expected='pip install pandas (or: pip install "procedure[notebook]")') from None
    rows = []
    for d in report.deadlines:
        cautious = min([x for x in [d.due, *(r.due for r in d.readings),
                                     *(a.alternative_due for a in d.ambiguities)] if x is not None], default=None)
        rows.append({
            "case_id": report.case.case_id,
            "id": d.id,
            "rule": d.rule.id,
            "title": d.rule.title.get(lang),
            "trigger_date": d.trigger.date,
            "due": d.due,
            "cautious_due": cautious,
            "due_at": d.due_at,
            "status": d.status,
            "party": d.party,
            "kind": d.kind,
            "basis": "; ".join(b.cite(lang) for b in d.rule.basis),
            "days_left": d.days_left,
            "confidence": d.rule.confidence,
        })
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("trigger_date", "due", "cautious_due"):
        df[col] = pd.to_datetime(df[col])
    # due_at may mix UTC offsets (+02:00 in winter, +03:00 in summer): normalise to one zone.
    df["due_at"] = pd.to_datetime(df["due_at"], utc=True).dt.tz_convert("Europe/Kyiv")
    df["days_left"] = df["days_left"].astype("Int64")
    for col in ("case_id", "id", "rule", "title", "party", "kind", "basis", "confidence"):
        df[col] = df[col].astype("string")
    df["status"] = pd.Categorical(df["status"], categories=list(URGENCY), ordered=True)
    return df
