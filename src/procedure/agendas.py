"""The values of a caseload's agenda and their renderings: text, JSON, HTML (a full page), ics, CSV and
data frames. Also the renderings of what changed between two agendas and of what a change in the law moves.

This module sits beside :mod:`procedure.values`, below the engine: :mod:`procedure.caseload` builds the
values from reports; nothing here evaluates a case. An agenda is a value (frozen attrs classes): build
it once, render it as often as you like, merge the agendas of partitions with :meth:`Agenda.merge`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from typing import Any, Iterable, Mapping

import attrs

from ._version import __version__
from .citation import Basis
from .i18n import LANGS, message, plural_unit

FORMAT = "procedure.agenda/1"
# Most urgent first: an ordered category in data frames, and the order of equal dates in the text.
URGENCY = ("exceeded", "overdue", "ambiguous", "due_soon", "open", "upcoming", "not_started", "met_late", "met")
ALWAYS = ("overdue", "exceeded", "ambiguous")  # on the agenda whatever their date
OPEN = ("open", "due_soon", "overdue", "exceeded", "ambiguous", "upcoming")  # as in procedure.ics: a calendar entry
LEVELS = ("critical", "warning", "info")
_MARK = {"critical": "!!", "warning": "! ", "info": "i "}
_FAR = dt.date.max
_UNSET = object()


@attrs.frozen
class AgendaItem:
    """One deadline of one case on the agenda."""

    case_id: str
    source: str
    person: str | None  # the person's name when the case gives one, else the person's id
    deadline: str  # the deadline id (as in the case's report and `explain`)
    rule: str
    title: Mapping[str, str] = attrs.field(hash=False)  # {"uk": ..., "en": ...}
    kind: str
    party: str
    status: str
    due: dt.date | None  # the date under the rule's own reading
    cautious_due: dt.date | None  # the earliest of the readings (= due unless the law is ambiguous)
    due_at: dt.datetime | None
    days_left: int | None  # cautious_due - as_of
    readings: tuple[tuple[str, dt.date, str], ...]  # (reading, due, status), the rule's own first
    basis: tuple[Basis, ...]
    closed_on: dt.date | None = None
    warning_days: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.case_id, self.deadline)


@attrs.frozen
class AgendaAlert:
    case_id: str
    source: str
    level: str
    code: str
    deadline: str | None
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    def text(self, lang: str) -> str:
        return message(self.code, self.params, lang)


@attrs.frozen
class AgendaError:
    """A file (or line) the agenda could not read: each problem on one line."""

    source: str
    problems: tuple[str, ...]


def _sort_items(items: Iterable[AgendaItem]) -> tuple[AgendaItem, ...]:
    rank = {s: i for i, s in enumerate(URGENCY)}
    return tuple(sorted(items, key=lambda i: (i.cautious_due or _FAR, rank.get(i.status, 99), i.case_id, i.deadline)))


def _sort_alerts(alerts: Iterable[AgendaAlert]) -> tuple[AgendaAlert, ...]:
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    return tuple(sorted(alerts, key=lambda a: (rank.get(a.level, 9), a.case_id, a.deadline or "", a.code)))


@attrs.frozen
class Agenda:
    """What is due across a caseload: deadlines by day, alerts first, and the files that were refused."""

    as_of: dt.date
    start: dt.date
    end: dt.date
    items: tuple[AgendaItem, ...]
    alerts: tuple[AgendaAlert, ...]
    errors: tuple[AgendaError, ...]
    cases: int  # cases evaluated
    lang: str = "en"
    party: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    stamp: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    changes: Mapping[str, Any] | None = attrs.field(default=None, hash=False)  # set by `since`

    @classmethod
    def merge(cls, agendas: Iterable["Agenda"]) -> "Agenda":
        """One agenda from the agendas of partitions (a Dask bag, Spark tasks) built with the same
        as-of, window and filters."""
        agendas = list(agendas)
        if not agendas:
            raise ValueError("nothing to merge")
        first = agendas[0]
        for a in agendas[1:]:
            if (a.as_of, a.start, a.end, a.party, a.status) != (first.as_of, first.start, first.end, first.party, first.status):
                raise ValueError("agendas built with different as-of dates, windows or filters cannot be merged")
        return attrs.evolve(first, items=_sort_items(i for a in agendas for i in a.items),
                            alerts=_sort_alerts(x for a in agendas for x in a.alerts),
                            errors=tuple(e for a in agendas for e in a.errors), cases=sum(a.cases for a in agendas))

    # -- renderings -------------------------------------------------------------------------------------
    def to_dict(self, lang: str | None = None) -> dict:
        return agenda_to_dict(self, lang or self.lang)

    def to_json(self, lang: str | None = None, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)

    def to_text(self, lang: str | None = None) -> str:
        return agenda_to_text(self, lang or self.lang)

    def to_html(self, lang: str | None = None) -> str:
        """A full HTML page (``_repr_html_`` gives the fragment for notebooks)."""
        return agenda_to_html(self, lang or self.lang, page=True)

    def to_ics(self, lang: str | None = None) -> str:
        return agenda_to_ics(self, lang or self.lang)

    def to_csv(self, lang: str | None = None) -> str:
        return agenda_to_csv(self, lang or self.lang)

    def to_dataframe(self, lang: str | None = None):
        """One row per deadline; ``status`` an ordered category, most urgent first (needs pandas)."""
        return agenda_to_dataframe(self, lang or self.lang)

    def alerts_frame(self, lang: str | None = None):
        """One row per alert; ``level`` an ordered category, critical first (needs pandas)."""
        return alerts_to_dataframe(self, lang or self.lang)

    def _repr_html_(self) -> str:
        return agenda_to_html(self, self.lang, page=False)

    def __str__(self) -> str:
        return self.to_text()


# --------------------------------------------------------------------------------------------------
# Words


def _w(code: str, lang: str, **params) -> str:
    return message(code, params or None, lang)


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        from .errors import UsageError

        raise UsageError("unknown language", field="lang", found=repr(lang), expected=" or ".join(LANGS))


def days_text(n: int | None, lang: str) -> str:
    if n is None:
        return ""
    if n == 0:
        return _w("agenda.today", lang)
    if n > 0:
        return _w("agenda.in_days", lang, days=plural_unit(n, "day", lang))
    return _w("agenda.days_ago", lang, days=plural_unit(-n, "day", lang))


def party_text(party: str, lang: str) -> str:
    code = "agenda.party." + party
    from .i18n import MESSAGES

    return message(code, None, lang) if code in MESSAGES else party


def weekday(day: dt.date, lang: str) -> str:
    return _w("agenda.weekdays", lang).split()[day.weekday()]


def _iso(v) -> str | None:
    return v.isoformat() if v is not None else None


def _cites(basis: tuple[Basis, ...], lang: str, n: int | None = 2) -> str:
    return "; ".join(b.cite(lang) for b in (basis[:n] if n else basis))


# --------------------------------------------------------------------------------------------------
# JSON


def item_to_dict(i: AgendaItem, lang: str) -> dict:
    return {"case_id": i.case_id, "source": i.source, "person": i.person, "deadline": i.deadline, "rule": i.rule,
            "title": i.title.get(lang) or i.title.get("en"), "kind": i.kind, "party": i.party, "status": i.status,
            "status_text": message("status." + i.status, None, lang), "due": _iso(i.due),
            "cautious_due": _iso(i.cautious_due), "due_at": _iso(i.due_at), "days_left": i.days_left,
            "readings": [{"reading": c, "due": d.isoformat(), "status": s} for c, d, s in i.readings],
            "closed_on": _iso(i.closed_on),
            "basis": [{"cite": b.cite(lang), "url": b.link()} for b in i.basis]}


def alert_to_dict(a: AgendaAlert, lang: str) -> dict:
    return {"case_id": a.case_id, "source": a.source, "level": a.level, "code": a.code, "deadline": a.deadline,
            "message": a.text(lang)}


def agenda_to_dict(agenda: Agenda, lang: str = "en") -> dict:
    _check_lang(lang)
    out = {"format": FORMAT, "as_of": agenda.as_of.isoformat(), "from": agenda.start.isoformat(),
           "to": agenda.end.isoformat(), "lang": lang, "filters": {"party": list(agenda.party), "status": list(agenda.status)},
           "stamp": dict(agenda.stamp), "cases": agenda.cases, "refused": len(agenda.errors),
           "items": [item_to_dict(i, lang) for i in agenda.items],
           "alerts": [alert_to_dict(a, lang) for a in agenda.alerts],
           "errors": [{"source": e.source, "problems": list(e.problems)} for e in agenda.errors]}
    if agenda.changes is not None:
        out["changes"] = agenda.changes
    return out


# --------------------------------------------------------------------------------------------------
# Text


def _table(rows: list[tuple[str, ...]], widths: list[int]) -> list[str]:
    out = []
    for r in rows:
        cells = []
        for k, cell in enumerate(r):
            w = widths[k] if k < len(widths) else 0
            if w and len(cell) > w:
                cell = cell[: w - 1] + "…"
            cells.append(f"{cell:<{w}}" if w and k < len(r) - 1 else cell)
        out.append("    " + "  ".join(cells).rstrip())
    return out


def _item_row(i: AgendaItem, lang: str) -> tuple[str, ...]:
    status = message("status." + i.status, None, lang)
    others = [d for _, d, _ in i.readings if d != i.cautious_due]
    if others:
        status += " (" + ", ".join(_w("agenda.or", lang, date=d.isoformat()) for d in others) + ")"
    return (i.case_id, i.person or "—", i.title.get(lang) or i.title.get("en", ""), party_text(i.party, lang),
            days_text(i.days_left, lang), status, _cites(i.basis, lang))


def agenda_to_text(agenda: Agenda, lang: str = "en") -> str:
    _check_lang(lang)
    lines = [_w("agenda.title", lang, as_of=agenda.as_of.isoformat(), start=agenda.start.isoformat(), end=agenda.end.isoformat()),
             _w("agenda.summary", lang, cases=agenda.cases, refused=len(agenda.errors), items=len(agenda.items)), ""]
    if agenda.changes is not None:
        lines += changes_to_text(agenda.changes, lang).rstrip("\n").split("\n") + [""]
    if agenda.alerts:
        lines.append(_w("agenda.alerts", lang))
        for a in agenda.alerts:
            lines.append(f"  {_MARK.get(a.level, '  ')} {message('level.' + a.level, None, lang):8} {a.case_id}: {a.text(lang)}")
        lines.append("")
    lines.append(_w("agenda.deadlines", lang))
    if not agenda.items:
        lines.append("  " + _w("agenda.none", lang))
    else:
        head = tuple(_w("agenda.head", lang).split("|"))
        rows = [_item_row(i, lang) for i in agenda.items]
        widths = [max(len(head[k]), *(len(r[k]) for r in rows)) for k in range(len(head))]
        widths[2] = min(widths[2], 56)
        widths[0] = min(widths[0], 28)
        widths[1] = min(widths[1], 20)
        lines += _table([head], widths)
        day: object = _UNSET
        for i, row in zip(agenda.items, rows):
            if i.cautious_due != day:
                day = i.cautious_due
                label = f"{day.isoformat()} {weekday(day, lang)}" if day else _w("agenda.no_date", lang)
                lines.append(f"  {label}")
            lines += _table([row], widths)
    if agenda.errors:
        lines += ["", _w("agenda.errors", lang)]
        for e in agenda.errors:
            lines.append(f"  {e.source}")
            lines += [f"    {p}" for p in e.problems]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# HTML

_COLOURS = {"overdue": "#b00020", "exceeded": "#b00020", "due_soon": "#9a5200", "met_late": "#8a4b00",
            "ambiguous": "#6a1b9a", "not_started": "#555555", "open": "#1565c0", "met": "#3d6b4f",
            "critical": "#b00020", "warning": "#9a5200", "info": "#1565c0"}


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def agenda_to_html(agenda: Agenda, lang: str = "en", page: bool = True) -> str:
    """The agenda as HTML: a full page (``page=True``) or a fragment for notebooks. Every text is escaped;
    status and level are written as words, colour only repeats them."""
    _check_lang(lang)

    def badge(key: str, word: str) -> str:
        return (f'<span style="display:inline-block;padding:1px 6px;border-radius:3px;white-space:nowrap;'
                f'background:{_COLOURS.get(key, "#555555")};color:#ffffff;font-weight:600">{_e(word)}</span>')

    cell = "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid rgba(128,128,128,0.35)"
    small = "font-size:85%;opacity:0.8"
    title = _w("agenda.title", lang, as_of=agenda.as_of.isoformat(), start=agenda.start.isoformat(), end=agenda.end.isoformat())
    parts = [f'<div class="procedure-agenda" lang="{_e(lang)}" style="font-family:inherit;line-height:1.4;max-width:80em">',
             f'<h2 style="margin:0.2em 0 0.3em 0;font-size:130%">{_e(title)}</h2>',
             f'<p style="{small}">{_e(_w("agenda.summary", lang, cases=agenda.cases, refused=len(agenda.errors), items=len(agenda.items)))}</p>']
    if agenda.alerts:
        parts.append(f'<h3 style="font-size:110%">{_e(_w("agenda.alerts", lang))}</h3><ul style="list-style:none;padding:0">')
        for a in agenda.alerts:
            parts.append(f'<li style="margin:3px 0;padding:4px 8px;border-left:4px solid {_COLOURS.get(a.level, "#555555")};'
                         f'background:rgba(128,128,128,0.10)">{badge(a.level, message("level." + a.level, None, lang))} '
                         f'<strong>{_e(a.case_id)}</strong>: {_e(a.text(lang))}'
                         + (f' <code style="{small}">{_e(a.deadline)}</code>' if a.deadline else "") + "</li>")
        parts.append("</ul>")
    parts.append(f'<h3 style="font-size:110%">{_e(_w("agenda.deadlines", lang))}</h3>')
    if not agenda.items:
        parts.append(f"<p>{_e(_w('agenda.none', lang))}</p>")
    else:
        head = _w("agenda.head", lang).split("|")
        parts.append('<table style="border-collapse:collapse"><thead><tr>'
                     + "".join(f'<th style="{cell}">{_e(h)}</th>' for h in head) + "</tr></thead><tbody>")
        day: object = _UNSET
        for i in agenda.items:
            if i.cautious_due != day:
                day = i.cautious_due
                label = f"{day.isoformat()} {weekday(day, lang)}" if day else _w("agenda.no_date", lang)
                parts.append(f'<tr><th colspan="7" style="{cell};padding-top:10px">{_e(label)}</th></tr>')
            row = _item_row(i, lang)
            basis = "<br>".join(f'<a href="{_e(b.link())}" rel="noopener noreferrer">{_e(b.cite(lang))}</a>' if b.link()
                                else _e(b.cite(lang)) for b in i.basis)
            parts.append(f'<tr><td style="{cell}">{_e(row[0])}</td><td style="{cell}">{_e(row[1])}</td>'
                         f'<td style="{cell}">{_e(row[2])}<div style="{small}"><code>{_e(i.deadline)}</code></div></td>'
                         f'<td style="{cell}">{_e(row[3])}</td><td style="{cell};white-space:nowrap">{_e(row[4])}</td>'
                         f'<td style="{cell}">{badge(i.status, row[5])}</td><td style="{cell}">{basis}</td></tr>')
        parts.append("</tbody></table>")
    if agenda.errors:
        parts.append(f'<h3 style="font-size:110%">{_e(_w("agenda.errors", lang))}</h3><ul>')
        for e in agenda.errors:
            parts.append(f"<li><code>{_e(e.source)}</code><ul>" + "".join(f"<li>{_e(p)}</li>" for p in e.problems) + "</ul></li>")
        parts.append("</ul>")
    stamp = " · ".join(f"{k}: {v}" for k, v in agenda.stamp.items())
    parts.append(f'<p style="{small}">{_e(stamp)} · {_e(_w("agenda.stamp", lang))}</p></div>')
    body = "".join(parts)
    if not page:
        return body
    return (f'<!DOCTYPE html>\n<html lang="{_e(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title></head>'
            f'<body style="font-family:system-ui,sans-serif;margin:1.5em">{body}</body></html>\n')


# --------------------------------------------------------------------------------------------------
# ics


def agenda_to_ics(agenda: Agenda, lang: str = "en") -> str:
    """One calendar for the caseload: one entry per open deadline on its cautious date. UIDs depend on the
    case and the deadline only (:func:`procedure.ics.uid`), so a subscribed calendar updates its entries
    when dates or statuses change instead of adding new ones."""
    _check_lang(lang)
    try:
        import icalendar
    except ImportError:  # pragma: no cover - icalendar is a dependency
        from .errors import UsageError

        raise UsageError("calendar export needs the icalendar package", field="--format", expected="pip install icalendar")
    from .ics import uid

    cal = icalendar.Calendar()
    cal.add("prodid", "-//procedure//agenda//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "procedure agenda")
    cal.add("x-wr-timezone", "Europe/Kyiv")
    stamp = dt.datetime.combine(agenda.as_of, dt.time(0), dt.timezone.utc)
    for i in agenda.items:
        if i.status not in OPEN or i.cautious_due is None:
            continue
        title = i.title.get(lang) or i.title.get("en", "")
        ev = icalendar.Event()
        ev.add("uid", uid(i.case_id, i.deadline))
        ev.add("summary", f"[{message('status.' + i.status, None, lang)}] {i.case_id}: {title}")
        ev.add("dtstamp", stamp)
        if i.due_at is not None and i.due_at.time() != dt.time(23, 59, 59) and not i.readings:
            ev.add("dtstart", i.due_at)  # an hour limit: the moment it ends
            ev.add("dtend", i.due_at)
        else:
            ev.add("dtstart", i.cautious_due)
            ev.add("dtend", i.cautious_due + dt.timedelta(days=1))
        desc = [f"{i.case_id} · {i.person or '—'} · {party_text(i.party, lang)}", _cites(i.basis, lang, None)]
        if i.readings:
            desc.append(", ".join(f"{d.isoformat()} ({message('status.' + s, None, lang)})" for _, d, s in i.readings))
        desc.append(f"python -m procedure explain {i.source} {i.deadline}")
        ev.add("description", "\n".join(desc))
        for days in sorted({i.warning_days, 0}, reverse=True):
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", dt.timedelta(days=-days, hours=9))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")


# --------------------------------------------------------------------------------------------------
# CSV and data frames

CSV_COLUMNS = ("case_id", "source", "person", "deadline", "rule", "title", "kind", "party", "status", "due",
               "cautious_due", "days_left", "readings", "closed_on", "basis")


def item_csv_row(i: AgendaItem, lang: str) -> list:
    return [i.case_id, i.source, i.person or "", i.deadline, i.rule, i.title.get(lang) or i.title.get("en", ""), i.kind,
            i.party, i.status, _iso(i.due) or "", _iso(i.cautious_due) or "", "" if i.days_left is None else i.days_left,
            "; ".join(f"{d.isoformat()} {s}" for _, d, s in i.readings), _iso(i.closed_on) or "", _cites(i.basis, lang, None)]


def csv_header() -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(CSV_COLUMNS)
    return "\ufeff" + buf.getvalue()  # the byte-order mark makes spreadsheets read the file as UTF-8


def csv_rows(items: Iterable[AgendaItem], lang: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for i in items:
        w.writerow(item_csv_row(i, lang))
    return buf.getvalue()


def agenda_to_csv(agenda: Agenda, lang: str = "en") -> str:
    """RFC 4180 CSV (CRLF line ends, a UTF-8 byte-order mark for spreadsheets), one row per deadline."""
    _check_lang(lang)
    return csv_header() + csv_rows(agenda.items, lang)


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        from .errors import UsageError

        raise UsageError("data frames need pandas, which is not installed", field="pandas",
                         expected='pip install pandas (or: pip install "procedure[notebook]")') from None
    return pd


def agenda_to_dataframe(agenda: Agenda, lang: str = "en"):
    """Columns: case_id, source, person, deadline, rule, title, kind, party, status (ordered category,
    most urgent first: exceeded < overdue < ambiguous < due_soon < open < not_started < met_late < met),
    due and cautious_due (datetime64; the cautious date is the earliest reading when the law is
    ambiguous), days_left (Int64, from the cautious date), readings, closed_on, basis."""
    _check_lang(lang)
    pd = _pandas()
    rows = [dict(zip(CSV_COLUMNS, item_csv_row(i, lang))) for i in agenda.items]
    df = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    for col in ("due", "cautious_due", "closed_on"):
        df[col] = pd.to_datetime(df[col].replace("", None))
    df["days_left"] = pd.array([i.days_left for i in agenda.items], dtype="Int64")
    df["status"] = pd.Categorical(df["status"], categories=list(URGENCY), ordered=True)
    for col in ("case_id", "source", "person", "deadline", "rule", "title", "kind", "party", "readings", "basis"):
        df[col] = df[col].astype("string")
    return df


def alerts_to_dataframe(agenda: Agenda, lang: str = "en"):
    """Columns: case_id, source, level (ordered category, critical first), code, deadline, message."""
    _check_lang(lang)
    pd = _pandas()
    cols = ["case_id", "source", "level", "code", "deadline", "message"]
    df = pd.DataFrame([alert_to_dict(a, lang) for a in agenda.alerts], columns=cols)
    df["level"] = pd.Categorical(df["level"], categories=list(LEVELS), ordered=True)
    for col in ("case_id", "source", "code", "deadline", "message"):
        df[col] = df[col].astype("string")
    return df


# --------------------------------------------------------------------------------------------------
# What changed (procedure.caseload.diff builds the mapping; these render it)


def changes_to_text(changes: Mapping[str, Any], lang: str = "en") -> str:
    _check_lang(lang)
    lines = [_w("changes.title", lang, old_as_of=changes.get("old_as_of") or "?", new_as_of=changes.get("new_as_of") or "?")]
    if not any(changes.get(k) for k in ("new", "closed", "moved", "status_changed", "alerts_new")):
        lines.append("  " + _w("changes.none", lang))
        return "\n".join(lines) + "\n"

    def who(x) -> str:
        return f"{x['case_id']}  {x.get('title') or x['deadline']}"

    if changes.get("moved"):
        lines.append("  " + _w("changes.moved", lang))
        for x in changes["moved"]:
            mark = _w("changes.earlier", lang) if x["earlier"] else _w("changes.later", lang)
            lines.append(f"    {x['old_due']} → {x['new_due']}  {mark:8} {who(x)}  [{x['status']}]")
    if changes.get("new"):
        lines.append("  " + _w("changes.new", lang))
        for x in changes["new"]:
            extra = " " + _w("changes.entered", lang) if x.get("why") == "entered_window" else ""
            lines.append(f"    {x.get('due') or '—'}  {who(x)}  [{x['status']}]{extra}")
    if changes.get("closed"):
        lines.append("  " + _w("changes.closed", lang))
        for x in changes["closed"]:
            extra = " " + _w("changes.gone", lang) if x.get("why") == "gone" else ""
            lines.append(f"    {x.get('due') or '—'}  {who(x)}  [{x['old_status']} → {x.get('status') or '—'}]{extra}")
    if changes.get("status_changed"):
        lines.append("  " + _w("changes.status", lang))
        for x in changes["status_changed"]:
            lines.append(f"    {x.get('due') or '—'}  {who(x)}  [{x['old_status']} → {x['status']}]")
    if changes.get("alerts_new"):
        lines.append("  " + _w("changes.alerts", lang))
        for x in changes["alerts_new"]:
            lines.append(f"    {_MARK.get(x['level'], '  ')} {x['case_id']}: {x.get('message') or x['code']}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# What a change in the law moves (procedure.caseload.impact builds the mapping)


def impact_to_text(impact: Mapping[str, Any], lang: str = "en", explain: bool = False) -> str:
    _check_lang(lang)
    lines = [_w("impact.title", lang, new=impact.get("new_law") or ""),
             _w("impact.summary", lang, cases=impact["cases"], refused=len(impact["errors"]), changed=len(impact["changes"])), ""]
    if not impact["changes"]:
        lines.append("  " + _w("impact.none", lang))
    for c in impact["changes"]:
        before, after = c["before"], c["after"]
        head = f"  {c['case_id']}  {c['title']}  ({c['deadline']})"
        lines.append(head)
        if before is None:
            lines.append(f"    {_w('impact.added', lang)}: {after['due'] or '—'} [{after['status']}]")
        elif after is None:
            lines.append(f"    {_w('impact.removed', lang)}: {before['due'] or '—'} [{before['status']}]")
        else:
            mark = ""
            if before["due"] and after["due"] and before["due"] != after["due"]:
                mark = "  " + (_w("changes.earlier", lang) if after["due"] < before["due"] else _w("changes.later", lang))
            lines.append(f"    {before['due'] or '—'} [{before['status']}] → {after['due'] or '—'} [{after['status']}]{mark}")
            if before["readings"] != after["readings"]:
                fmt = lambda rs: ", ".join(f"{r['due']} ({r['status']})" for r in rs) or "—"
                lines.append(f"    readings: {fmt(before['readings'])} → {fmt(after['readings'])}")
            if before["basis"] != after["basis"]:
                lines.append(f"    {_w('impact.basis', lang)}: {'; '.join(before['basis'])} → {'; '.join(after['basis'])}")
        if explain:
            for word, side in (("impact.before", before), ("impact.after", after)):
                if side is not None and side.get("explanation"):
                    lines.append(f"    {_w(word, lang)}:")
                    lines += [f"      {n}. {s}" for n, s in enumerate(side["explanation"], 1)]
    if impact["errors"]:
        lines += ["", _w("agenda.errors", lang)]
        for e in impact["errors"]:
            lines.append(f"  {e['source']}")
            lines += [f"    {p}" for p in e["problems"]]
    return "\n".join(lines) + "\n"


def stamp(rules_version: str, calendar: str) -> dict:
    return {"engine": f"procedure {__version__}", "rules": rules_version, "calendar": calendar}
