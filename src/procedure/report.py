"""Reports: JSON (versioned, schema in ``schemas/report.schema.json``), text, HTML, and explanations.

The JSON document is built as plain dicts in the schema's field order; the other formats read it.
Everything is rendered in one language (``uk`` or ``en``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from types import SimpleNamespace
from typing import Any

import attrs

from ._safe import CONTROL as _CONTROL, escape_controls
from ._version import __version__
from ._cache import remember
from .calendar import holiday_data_version
from .citation import Basis
from .i18n import MESSAGES as _MSG, check_lang, format_date, format_days, message, plural_unit, text
from .periods import Step

FORMAT = "procedure.report/1"


# The JSON document (``procedure.report/1``, schemas/report.schema.json) is built as plain dicts in the
# schema's field order: cheaper than declaring classes in every new process (a cold start pays for each
# class attrs generates) and than a converter. Text, HTML and ics read the same document through
# attribute views (types.SimpleNamespace), so every format shows the same words and dates.


def _basis(b: Basis, lang: str) -> dict[str, Any]:
    out = _BASIS_OUT.get((b, lang))
    if out is None:
        out = {"act": b.act, "article": b.article, "part": b.part, "paragraph": b.paragraph, "url": b.link(),
               "cite": b.cite(lang)}
        remember(_BASIS_OUT, (b, lang), out, 10_000)
    return dict(out)  # a copy: the caller owns the document it is given


_BASIS_OUT: dict[tuple[Basis, str], dict[str, Any]] = {}  # a rule set cites a few hundred provisions


def _step(s: Step, lang: str, names: "_Names", d=None) -> dict[str, Any]:
    # The engine shares the steps of remembered computations between cases, so a batch meets the same
    # Step objects again and again: their text is kept by identity (the entry holds the step, so its id
    # cannot be reused while the entry lives). Not by equality: a step's hash leaves out its parameters,
    # and equal-hash steps would make every lookup a scan.
    # Parameters that name the case's events or an event's attributes are put in the reader's words here
    # (they depend on the case, not only on the step): they are part of the key.
    extra = names.step_params(s.params, d) if s.params.keys() & _NAMED else None
    key = (id(s), lang, tuple(extra.items()) if extra else None)
    hit = _STEP_TEXT.get(key)
    if hit is not None and hit[0] is s:
        out = hit[1]
    else:
        out = message(s.code, {**s.params, **extra} if extra else s.params, lang, long_dates=True) if s.code in _MSG else s.code
        remember(_STEP_TEXT, key, (s, out), 20_000)
    return {"step": s.code, "text": out, "basis": [_basis(b, lang) for b in s.basis]}


_STEP_TEXT: dict[tuple, tuple[Step, str]] = {}
_NAMED = frozenset(("event", "ref", "events", "field"))


# --------------------------------------------------------------------------------------------------
# The case's own words: events named by what they are, attributes by what they mean


class _Names:
    """Names for one report in one language: «Затримання» (detention) rather than a bare id."""

    def __init__(self, report, lang: str) -> None:
        self.lang = lang
        self.report = report
        self.types = {e.id: e.type for e in report.case.events}
        self.etypes = report.rules.events

    def type_title(self, etype: str) -> str:
        et = self.etypes.get(etype)
        return et.title.get(self.lang) if et is not None else etype

    def quoted(self, title: str, ident: str) -> str:
        return f"«{title}» ({ident})" if self.lang == "uk" else f"“{title}” ({ident})"

    def event(self, event_id: str) -> str:
        etype = self.types.get(event_id)
        return self.quoted(self.type_title(etype), event_id) if etype is not None else event_id

    def event_type(self, etype: str) -> str:
        return self.quoted(self.type_title(etype), etype)

    def attribute(self, name: str, etype: str | None) -> str:
        if "attr." + name in _MSG:
            return text("attr." + name, self.lang)
        for t in ([etype] if etype else []) + sorted(self.etypes):
            et = self.etypes.get(t)
            spec = et.attributes.get(name) if et is not None else None
            if spec is not None and spec.description is not None:
                words = spec.description.get(self.lang)
                return words[:1].lower() + words[1:] if words[:2] != words[:2].upper() else words
        return name

    def step_params(self, params, d) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("event", "ref"):
            if isinstance(params.get(key), str):
                out[key] = self.event(params[key])
        if isinstance(params.get("events"), str):
            out["events"] = text("follow.or", self.lang).join(self.event_type(t.strip()) for t in params["events"].split(","))
        if isinstance(params.get("field"), str):
            field = self.attribute(params["field"], d.trigger.type if d is not None else None)
            if "value" in params:  # the length of the term, from an attribute: «Строк установлено рішенням суду: 6 місяців»
                spec = d.version.period_from_attr if d is not None and d.version is not None else None
                unit = {"months": "month", "days": "day", "years": "year", "hours": "hour",
                        "working_days": "working_day"}.get(spec.unit if spec is not None else "", "")
                if unit and isinstance(params["value"], int):
                    out["value"] = plural_unit(params["value"], unit, self.lang)
                field = field[:1].upper() + field[1:]
            out["field"] = field
        return out


def _amb_text(a, lang: str, names: _Names, d) -> str:
    params = a.params if isinstance(a.params, dict) else {}
    code = a.code
    if code not in _MSG and code.startswith("chained_") and code[8:] in _MSG:
        code = code[8:]
    if code in _MSG:
        extra = names.step_params(params, d) if params.keys() & _NAMED else {}
        return message(code, {**params, **extra}, lang, long_dates=True)
    note = params.get("note")
    if note:
        said = message("rule_note", {"note": note}, lang)
        grace = params.get("grace")  # which case of a martial-law grace applied here (engine._grace)
        if isinstance(grace, str) and "grace." + grace in _MSG:
            said += " " + message("grace." + grace, {"other": format_date(dt.date.fromisoformat(params["other"]), lang)
                                                     if isinstance(params.get("other"), str) else ""}, lang)
            if params.get("citizenship") == "not_recorded":
                said += " " + message("grace.citizenship_not_recorded", {}, lang)
        return said
    return a.code


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _hour_limit(d) -> bool:
    """A term that ends at an hour (72 hours from the detention), not at the end of a day."""
    return d.due_at is not None and (d.due_at.hour, d.due_at.minute, d.due_at.second) != (23, 59, 59)


def _alert_params(a, d, lang: str, names: _Names) -> dict[str, Any]:
    p = dict(a.params)
    if d is not None and _hour_limit(d):
        p["due"] = d.due_at.isoformat()
    if a.code in ("alert.ambiguous", "alert.ambiguous_input") and d is not None and d.readings:
        p["dates"] = ", ".join(f"{format_date(getattr(r, 'due_at', None) or r.due, lang)}: {text('status.' + r.status, lang)}"
                               for r in d.readings)
    for key in ("event", "ref"):
        if isinstance(p.get(key), str):
            p[key] = names.event(p[key])
    if a.code == "alert.due_soon" and isinstance(p.get("days"), int):
        p["days"] = p["days"]
    return p


def _follow(a, d, report, lang: str, names: _Names) -> str | None:
    """What follows from an alert: the next term it opens or the rule's duty; for a term not started,
    the event to record; for an ambiguity, the cautious day."""
    if a.code in ("alert.event_after_as_of", "alert.timeline"):
        return text("follow.check_dates", lang)
    if d is None:
        return None
    if d.status == "not_started":
        events = text("follow.or", lang).join(names.event_type(t) for t in d.rule.trigger_events)
        return text("follow.record", lang, events=events) if events else None
    if d.status == "ambiguous" and d.readings:
        first = min(r.due for r in d.readings)
        return text("follow.cautious", lang, due=format_date(first, lang))
    if d.status in ("overdue", "exceeded", "due_soon"):
        # The term that runs from this one: same event and same period of a chain (the id after "@"), so
        # the current order of a chain never points at the claim of an earlier order.
        tail = d.id.partition("@")[2]
        for x in report.deadlines:
            if (x.rule.anchor.rule == d.rule.id and x.id.partition("@")[2] == tail and x.due is not None
                    and x.status not in ("met", "met_late")):
                return text("follow.next", lang, title=x.rule.title.get(lang), due=format_date(x.due_at if _hour_limit(x) else x.due, lang))
        if d.rule.description is not None:
            return text("follow.duty", lang, text=d.rule.description.get(lang))
    return None


def report_to_dict(report, lang: str = "en") -> dict[str, Any]:
    """The report as the JSON document of schemas/report.schema.json, in ``lang``."""
    check_lang(lang)
    names = _Names(report, lang)
    ml = report.calendar.martial_law
    stamp = {"engine": f"procedure {__version__}", "rules": report.rules.version,
             "calendar": f"{holiday_data_version()}; martial law: {len(ml.periods)} periods",
             "martial_law_known_until": ml.known_until.isoformat() if ml.periods else "",
             "martial_law_after_known": ml.after_known,
             "martial_law_ended": (f"{ml.ended_at.isoformat()} ({'stated in the case' if ml.ended_source == 'case' else 'stated in ' + str(ml.ended_source)})"
                                   if ml.ended_at is not None else None),
             "input_sha256": report.case.sha256}
    deadlines = []
    for d in report.deadlines:
        t = d.trigger
        deadlines.append({
            "id": d.id, "rule": d.rule.id, "title": d.rule.title.get(lang),
            "trigger": {"event": t.event, "type": t.type, "date": t.date.isoformat(), "person": t.person,
                        "document": t.document},
            "start": _iso(d.start), "due": _iso(d.due), "due_at": _iso(d.due_at), "kind": d.kind, "party": d.party,
            "status": d.status, "status_text": message("status." + d.status, None, lang), "days_left": d.days_left,
            "closed_by": d.closed_by, "closed_on": _iso(d.closed_on),
            "convention": d.version.convention if d.version else None, "confidence": d.rule.confidence,
            "basis": [_basis(b, lang) for b in d.rule.basis], "explanation": [_step(s, lang, names, d) for s in d.steps],
            "ambiguities": [{"code": a.code, "text": _amb_text(a, lang, names, d), "alternative_due": _iso(a.alternative_due)}
                            for a in d.ambiguities],
            "readings": [{"reading": r.code, "due": r.due.isoformat(), "status": r.status}
                         | ({"due_at": r.due_at.isoformat()} if r.due_at is not None else {}) for r in d.readings]})
    by_id = {d.id: d for d in report.deadlines}
    alerts = []
    for a in report.alerts:
        d = by_id.get(a.deadline) if a.deadline else None
        alerts.append({"level": a.level, "deadline": a.deadline, "code": a.code,
                       "message": message(a.code, _alert_params(a, d, lang, names), lang),
                       "follow": _follow(a, d, report, lang, names)})
    as_of_at = report.as_of_at.isoformat() if report.as_of_at is not None else None
    return {"format": FORMAT, "case_id": report.case.case_id, "as_of": report.as_of.isoformat(), "as_of_at": as_of_at, "lang": lang,
            "stamp": stamp, "deadlines": deadlines, "alerts": alerts}


def alert_message(report, alert, lang: str = "en") -> str:
    """One alert's message in ``lang``, with the case's own names (what :attr:`Alert.message` gives)."""
    check_lang(lang)
    d = next((x for x in report.deadlines if x.id == alert.deadline), None) if alert.deadline else None
    return message(alert.code, _alert_params(alert, d, lang, _Names(report, lang)), lang)


def _view(obj):
    if isinstance(obj, dict):
        return SimpleNamespace(**{k: _view(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return [_view(v) for v in obj]
    if isinstance(obj, str) and _CONTROL.search(obj):
        # Free text (a title, a note, an id given through the API) is data, not layout: a control
        # character, an escape sequence or a bidi override is shown escaped in every rendered format
        # (text on a terminal, HTML, SVG, iCalendar). JSON keeps the value itself (it escapes them).
        return escape_controls(obj)
    return obj


def build(report, lang: str = "en") -> SimpleNamespace:
    """The JSON document with attribute access (``out.deadlines[0].due``), for the renderers."""
    return _view(report_to_dict(report, lang))


def report_to_json(report, lang: str = "en", indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report, lang), ensure_ascii=False, indent=indent, sort_keys=False)


# --------------------------------------------------------------------------------------------------
# Text: the lawyer's first screen


_LEVEL_MARK = {"critical": "!!", "warning": "! ", "info": "i "}
_LINE = 120  # alerts wrap at this width; the table is as wide as its columns
_WIDTHS = (18, 14, 15, 13, 34, 34)  # last day, days left, status, whose act, what is due, basis (max)


def _wrap(words: str, width: int) -> list[str]:
    """Greedy word wrap; a word longer than the width is split (never cut off)."""
    lines: list[str] = []
    line = ""
    for w in _WORD.split(words.strip()):
        while len(w) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(w[:width])
            w = w[width:]
        if not line:
            line = w
        elif len(line) + 1 + len(w) <= width:
            line += " " + w
        else:
            lines.append(line)
            line = w
    if line or not lines:
        lines.append(line)
    return lines


_WORD = re.compile(r"(?<!№) +")  # «№ 321» stays on one line


def _cautious_due(d) -> dt.date | None:
    """The earliest last day among the deadline's readings: the one to act by (shown first)."""
    if d.due is None:
        return None
    return min([d.due] + [a.alternative_due for a in d.ambiguities if a.alternative_due] + [r.due for r in d.readings if r.due])


def _due_cells(d, lang: str) -> list[str]:
    """The last day (with the hour for hour limits); for a term the law or the input leaves open, the
    earliest day first (the cautious reading: act by it), then the other days in brackets."""
    if d.due is None:
        return ["—"]
    first = _cautious_due(d)
    others = sorted(({d.due} | {a.alternative_due for a in d.ambiguities if a.alternative_due} |
                     {r.due for r in d.readings if r.due}) - {first})
    shown = format_date(d.due_at if _hour_limit(d) and first == d.due else first, lang)
    if not others:
        return [shown]
    return [shown + " *"] + [f"({format_date(o, lang)})" for o in others[:2]]


def _days_cell(d, lang: str) -> str:
    if d.days_left is None or d.status in ("met", "met_late"):
        return ""
    days = d.days_left - (d.due - _cautious_due(d)).days  # counted to the day shown first
    if days > 0:
        return text("ui.days_left_short", lang, days=plural_unit(days, "day", lang))
    return format_days(days, lang)


def _table(head: tuple[str, ...], rows: list[list[list[str] | str]], widths: tuple[int, ...]) -> list[str]:
    cols = len(head)
    cells = [[c if isinstance(c, list) else _wrap(c, widths[i]) for i, c in enumerate(r)] for r in rows]
    w = [max([len(head[i])] + [len(x) for r in cells for x in r[i]]) for i in range(cols)]
    out = ["  " + "  ".join(head[i].ljust(w[i]) for i in range(cols)).rstrip()]
    for r in cells:
        for k in range(max(len(c) for c in r)):
            out.append("  " + "  ".join((r[i][k] if k < len(r[i]) else "").ljust(w[i]) for i in range(cols)).rstrip())
    return out


def _past_known_martial_law(out, lang: str) -> str:
    """The line under the heading when the as-of date or a computed date lies past the known martial-law
    periods: the answer then rests on the assumption named here (docs/time.md)."""
    known = out.stamp.martial_law_known_until
    if not known:
        return ""
    dates = {d.due for d in out.deadlines if d.due and d.due > known}
    dates |= {a.alternative_due for d in out.deadlines for a in d.ambiguities if a.alternative_due and a.alternative_due > known}
    as_of_past = out.as_of > known
    if not as_of_past and not dates:
        return ""
    if as_of_past and dates:
        what = message("report.past_known_both", {"as_of": out.as_of, "n": len(dates)}, lang)
    elif as_of_past:
        what = message("report.past_known_as_of", {"as_of": out.as_of}, lang)
    else:
        what = message("report.past_known_dates", {"n": len(dates)}, lang)
    return "!  " + message("report.past_known_martial_law", {"known_until": known, "what": what,
                                                            "assumed": out.stamp.martial_law_after_known}, lang)


def report_to_text(report, lang: str = "en") -> str:
    out = build(report, lang)
    src = {d.id: d for d in report.deadlines}
    lines = [f"{text('ui.case', lang)} {out.case_id} — {text('ui.as_of', lang)} {format_date(out.as_of, lang)}"]
    if out.stamp.martial_law_ended:  # a stated fact the results rest on: nothing is assumed
        ml = report.calendar.martial_law
        source = (text("ui.stated_in_case", lang) if ml.ended_source == "case" else
                  text("ui.stated_in", lang, source=str(ml.ended_source)))
        lines.append(text("ui.martial_law_ended", lang, date=format_date(ml.ended_at, lang), source=source))
    else:
        past = _past_known_martial_law(out, lang)
        if past:
            lines.append(past)
    lines.append("")
    if out.alerts:
        lines.append(text("ui.alerts", lang).upper())
        levels = [text("level." + a.level, lang) for a in out.alerts]
        lw = max(len(x) for x in levels)
        indent = " " * (5 + lw + 2)
        for a, word in zip(out.alerts, levels):
            body = _wrap(a.message, _LINE - len(indent))
            if a.follow:
                body += _wrap("→ " + a.follow, _LINE - len(indent))
            lines.append(f"  {_LEVEL_MARK[a.level]} {word:<{lw}}  {body[0]}")
            lines += [indent + x for x in body[1:]]
        lines.append("")
    lines.append(text("ui.deadlines", lang).upper())
    head = tuple(text("ui.col." + c, lang) for c in ("due", "days", "status", "party", "term", "basis"))
    rows = []
    for d in sorted(out.deadlines, key=lambda x: (src[x.id].due is None, _cautious_due(src[x.id]) or dt.date.max)):  # stable
        v = src[d.id]
        rows.append([_due_cells(v, lang), _days_cell(v, lang), d.status_text, text("party." + d.party, lang), d.title,
                     _wrap_many([b.cite for b in d.basis[:2]], _WIDTHS[5])])
    lines += _table(head, rows, _WIDTHS)
    lines.append("")
    if any(len(_due_cells(src[d.id], lang)) > 1 for d in out.deadlines):
        lines.append(text("ui.ambiguous_mark", lang))
    lines.append(text("ui.explain_hint", lang) + ("   (" + out.deadlines[0].id + ", …)" if out.deadlines else ""))
    return "\n".join(lines) + "\n"


def _wrap_many(items: list[str], width: int) -> list[str]:
    out: list[str] = []
    for i, item in enumerate(items):
        out += _wrap(item + (";" if i < len(items) - 1 else ""), width)
    return out or [""]


def explain_text(report, deadline_id: str, lang: str = "en") -> str:
    check_lang(lang)
    v = report.deadline(deadline_id)  # UnknownDeadline with the ids there are
    # Only this deadline is rendered: explaining one of 10,000 costs no more than checking the case.
    out = build(attrs.evolve(report, deadlines=(v,), alerts=()), lang)
    d = out.deadlines[0]
    due = format_date(v.due_at if _hour_limit(v) else v.due, lang, long=True) if v.due else ""
    lines = [f"{d.title}", f"  {text('ui.id', lang)}: {d.id}",
             f"  {text('ui.rule', lang)}: {d.rule} ({text('kind.' + d.kind, lang)}; {text('ui.party', lang)}: {text('party.' + d.party, lang)})",
             f"  {text('ui.basis', lang)}: " + "; ".join(f"{b.cite} <{b.url}>" if b.url else b.cite for b in d.basis),
             f"  {text('ui.status', lang)}: {d.status_text}" + (f" — {due}" if due else ""), ""]
    for i, s in enumerate(d.explanation, 1):
        cite = ("  [" + "; ".join(b.cite for b in s.basis) + "]") if s.basis else ""
        lines.append(f"  {i}. {s.text}{cite}")
    if d.ambiguities:
        lines.append("")
        lines.append("  " + text("ui.ambiguities", lang) + ":")
        for a in d.ambiguities:
            lines.append(f"   - {a.text}" + (f" → {format_date(a.alternative_due, lang, long=True)}" if a.alternative_due else ""))
    if d.readings:
        lines.append("  " + text("ui.readings", lang) + ": " + ", ".join(
            f"{format_date(getattr(r, 'due_at', None) or r.due, lang, long=True)} ({text('status.' + r.status, lang)})" for r in d.readings))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# HTML: a fragment for notebooks, a complete page for files and browsers

# Badge backgrounds: white text on each has a contrast of at least 5.6:1, so a badge reads the same on a
# light or a dark notebook theme. Keys are statuses and alert levels.
_COLOURS = {"overdue": "#b00020", "exceeded": "#b00020", "due_soon": "#9a5200", "met_late": "#8a4b00",
            "ambiguous": "#6a1b9a", "not_started": "#555555", "open": "#1565c0", "met": "#3d6b4f",
            "critical": "#b00020", "warning": "#9a5200", "info": "#1565c0"}


def report_to_html(report, lang: str = "en", page: bool = False) -> str:
    """The report as HTML: alerts, then the deadlines by due date.

    ``page=False`` (notebooks, ``_repr_html_``): a self-contained fragment. ``page=True``: a complete
    document (doctype, ``<meta charset="utf-8">``, ``<title>``, ``lang``) to write to a file.
    Styles are inline (a notebook may strip ``<style>``); text inherits the page colour and every
    background is either translucent or a badge with white text, so light and dark themes both read.
    Status and level are always written as words; colour only repeats them.
    """
    import html  # only for HTML (its entity table is a cold start's cost)

    out = build(report, lang)
    src = {d.id: d for d in report.deadlines}

    def e(value) -> str:
        return html.escape(escape_controls("" if value is None else str(value)), quote=True)

    def w(key: str) -> str:
        return e(text(key, lang))

    def badge(key: str, word: str) -> str:
        return (f'<span style="display:inline-block;padding:1px 6px;border-radius:3px;white-space:nowrap;'
                f'background:{_COLOURS.get(key, "#555555")};color:#ffffff;font-weight:600">{e(word)}</span>')

    def link(b) -> str:
        title = e(b.cite)
        if b.url:
            return (f'<a href="{e(b.url)}" target="_blank" rel="noopener noreferrer" title="{e(b.act)}" '
                    f'style="white-space:nowrap">{title}</a>')
        return title

    cell = "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid rgba(128,128,128,0.35)"
    small = "font-size:85%;opacity:0.8"
    as_of = format_date(out.as_of, lang)
    parts = [f'<div class="procedure-report" lang="{e(lang)}" style="font-family:inherit;line-height:1.4;max-width:80em">',
             "<style>.procedure-report table{border-collapse:collapse;table-layout:auto;margin:0}"
             ".procedure-report td,.procedure-report th{text-align:left;vertical-align:top}</style>",
             f'<h4 style="margin:0.2em 0 0.5em 0">{w("ui.case")} {e(out.case_id)} — {w("ui.as_of")} {e(as_of)}</h4>']
    if out.alerts:
        parts.append(f'<div style="font-weight:600;margin:0.3em 0">{w("ui.alerts")}</div>'
                     '<ul style="list-style:none;padding:0;margin:0 0 1em 0">')
        for a in out.alerts:
            colour = _COLOURS.get(a.level, "#555555")
            ref = f' <code style="{small}">{e(a.deadline)}</code>' if a.deadline else ""
            follow = f'<div style="{small}">→ {e(a.follow)}</div>' if a.follow else ""
            parts.append(f'<li style="margin:3px 0;padding:4px 8px;border-left:4px solid {colour};'
                         f'background:rgba(128,128,128,0.10)">{badge(a.level, text("level." + a.level, lang))} '
                         f'{e(a.message)}{ref}{follow}</li>')
        parts.append("</ul>")
    parts.append(f'<div style="font-weight:600;margin:0.3em 0">{w("ui.deadlines")}</div>')
    if not out.deadlines:
        parts.append(f"<p>{w('ui.none')}</p>")
    else:
        parts.append("<table><thead><tr>"
                     f'<th style="{cell};width:8em">{w("ui.col.due")}</th>'
                     f'<th style="{cell};width:11em">{w("ui.col.status")}</th>'
                     f'<th style="{cell};width:8em">{w("ui.col.party")}</th>'
                     f'<th style="{cell}">{w("ui.col.term")}</th>'
                     f'<th style="{cell};width:16em">{w("ui.col.basis")}</th></tr></thead><tbody>')
        for d in sorted(out.deadlines, key=lambda x: (x.due is None, _cautious_due(src[x.id]) or dt.date.max, x.id)):
            v = src[d.id]
            cells = _due_cells(v, lang)
            due = e(cells[0]) + "".join(f'<div style="{small}">{e(c)}</div>' for c in cells[1:])
            status = badge(d.status, d.status_text)
            extra = _days_cell(v, lang) if d.status in ("open", "due_soon", "overdue", "exceeded", "ambiguous") else ""
            if d.closed_on:
                extra = f"{text('ui.closed', lang)} {format_date(d.closed_on, lang)}"
            if extra:
                status += f'<div style="{small}">{e(extra)}</div>'
            term = [f"<div>{e(d.title)}</div>", f'<div style="{small}"><code>{e(d.id)}</code></div>']
            if d.ambiguities or d.readings:
                amb = []
                for a in d.ambiguities:
                    other = (f' — <strong>{w("ui.other_date")}: {e(format_date(a.alternative_due, lang))}</strong>'
                             if a.alternative_due else "")
                    amb.append(f"<li>{e(a.text)}{other}</li>")
                term.append(f'<div style="margin-top:3px;padding:2px 6px;border-left:3px solid {_COLOURS["ambiguous"]};'
                            f'background:rgba(128,128,128,0.08);font-size:92%"><span style="{small}">{w("ui.ambiguities")}</span>'
                            f'<ul style="margin:0;padding-left:1.2em">{"".join(amb)}</ul>')
                if d.readings:
                    term.append(f'<div style="{small}">{w("ui.readings")}: ' + ", ".join(
                        f"{e(format_date(r.due, lang))} ({e(text('status.' + r.status, lang))})" for r in d.readings) + "</div>")
                term.append("</div>")
            steps = []
            for s in d.explanation:
                cites = (f' <span style="{small}">[' + "; ".join(link(b) for b in s.basis) + "]</span>") if s.basis else ""
                steps.append(f"<li>{e(s.text)}{cites}</li>")
            term.append(f'<details><summary style="cursor:pointer;{small}">{w("ui.explanation")}</summary>'
                        f'<ol style="margin:0.2em 0;padding-left:1.5em">{"".join(steps)}</ol></details>')
            basis = "<br>".join(link(b) for b in d.basis)
            parts.append(f'<tr><td style="{cell};white-space:nowrap">{due}</td><td style="{cell}">{status}</td>'
                         f'<td style="{cell}">{e(text("party." + d.party, lang))}</td>'
                         f'<td style="{cell}">{"".join(term)}</td><td style="{cell}">{basis}</td></tr>')
        parts.append("</tbody></table>")
    ml_periods = len(report.calendar.martial_law.periods)
    parts.append(f'<div style="{small};margin-top:0.5em">{e(out.stamp.engine)} · {w("ui.rules_version")} {e(out.stamp.rules)} · '
                 f'{w("ui.calendar")}: {e(holiday_data_version())}; '
                 f'{e(text("ui.martial_law_periods", lang, n=ml_periods))} · {w("ui.stamp")}</div></div>')
    fragment = "".join(parts)
    if not page:
        return fragment
    title = e(text("ui.page_title", lang, case=out.case_id, as_of=as_of))
    return (f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f'</head>\n<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5em">\n'
            f'{fragment}\n</body>\n</html>\n')
