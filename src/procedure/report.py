"""Reports: JSON (versioned, schema in ``schemas/report.schema.json``), text, HTML, and explanations.

The JSON document is built as plain dicts in the schema's field order; the other formats read it.
Everything is rendered in one language (``uk`` or ``en``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from types import SimpleNamespace
from typing import Any

import attrs

from ._safe import CONTROL as _CONTROL, escape_controls
from ._version import __version__
from ._cache import remember
from .calendar import holiday_data_version
from .citation import Basis
from .i18n import message
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


def _step(s: Step, lang: str) -> dict[str, Any]:
    # The engine shares the steps of remembered computations between cases, so a batch meets the same
    # Step objects again and again: their text is kept by identity (the entry holds the step, so its id
    # cannot be reused while the entry lives). Not by equality: a step's hash leaves out its parameters,
    # and equal-hash steps would make every lookup a scan.
    key = (id(s), lang)
    hit = _STEP_TEXT.get(key)
    if hit is not None and hit[0] is s:
        text = hit[1]
    else:
        text = message(s.code, s.params, lang) if s.code in _MSG else s.code
        remember(_STEP_TEXT, key, (s, text), 20_000)
    return {"step": s.code, "text": text, "basis": [_basis(b, lang) for b in s.basis]}


_STEP_TEXT: dict[tuple[int, str], tuple[Step, str]] = {}


from .i18n import MESSAGES as _MSG  # noqa: E402


def _amb_text(a, lang: str) -> str:
    if a.code in _MSG:
        return message(a.code, a.params, lang)
    note = a.params.get("note") if isinstance(a.params, dict) else None
    if note:
        return message("rule_note", {"note": note}, lang)
    if a.code.startswith("chained_") and a.code[8:] in _MSG:
        return message(a.code[8:], a.params, lang)
    return a.code


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def report_to_dict(report, lang: str = "en") -> dict[str, Any]:
    """The report as the JSON document of schemas/report.schema.json, in ``lang``."""
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
            "basis": [_basis(b, lang) for b in d.rule.basis], "explanation": [_step(s, lang) for s in d.steps],
            "ambiguities": [{"code": a.code, "text": _amb_text(a, lang), "alternative_due": _iso(a.alternative_due)}
                            for a in d.ambiguities],
            "readings": [{"reading": r.code, "due": r.due.isoformat(), "status": r.status}
                         | ({"due_at": r.due_at.isoformat()} if r.due_at is not None else {}) for r in d.readings]})
    alerts = [{"level": a.level, "deadline": a.deadline, "code": a.code, "message": message(a.code, a.params, lang)}
              for a in report.alerts]
    as_of_at = report.as_of_at.isoformat() if report.as_of_at is not None else None
    return {"format": FORMAT, "case_id": report.case.case_id, "as_of": report.as_of.isoformat(), "as_of_at": as_of_at, "lang": lang,
            "stamp": stamp, "deadlines": deadlines, "alerts": alerts}


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
# Text

_LEVEL_MARK = {"critical": "!!", "warning": "! ", "info": "i "}


def _due_text(d) -> str:
    """The due date; for an hour limit, with its hour (Kyiv)."""
    if not d.due:
        return "—"
    if d.convention == "hours_elapsed" and d.due_at:
        return f"{d.due} {d.due_at[11:16]}"
    return d.due


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
    uk = lang == "uk"
    lines = [f"{'Справа' if uk else 'Case'} {out.case_id} — {'станом на' if uk else 'as of'} {out.as_of}"]
    if out.stamp.martial_law_ended:  # a stated fact the results rest on: nothing is assumed
        lines.append(("Воєнний стан припинено: " if uk else "Martial law ended: ") + out.stamp.martial_law_ended)
    else:
        past = _past_known_martial_law(out, lang)
        if past:
            lines.append(past)
    lines.append("")
    if out.alerts:
        lines.append("СПОВІЩЕННЯ" if uk else "ALERTS")
        for a in out.alerts:
            lines.append(f"  {_LEVEL_MARK[a.level]} {message('level.' + a.level, None, lang):8} {a.message}")
        lines.append("")
    lines.append("СТРОКИ" if uk else "DEADLINES")
    head = ("Строк до", "Статус", "Строк", "Підстава") if uk else ("Due", "Status", "Term", "Basis")
    rows = [(_due_text(d), d.status_text, d.title, "; ".join(b.cite for b in d.basis[:2]), d.id) for d in out.deadlines]
    w0 = max([len(head[0])] + [len(r[0]) for r in rows])
    w1 = max([len(head[1])] + [len(r[1]) for r in rows])
    w2 = min(max([len(head[2])] + [len(r[2]) for r in rows]), 60)
    lines.append(f"  {head[0]:<{w0}}  {head[1]:<{w1}}  {head[2]:<{w2}}  {head[3]}")
    for r in rows:
        title = r[2] if len(r[2]) <= w2 else r[2][: w2 - 1] + "…"
        lines.append(f"  {r[0]:<{w0}}  {r[1]:<{w1}}  {title:<{w2}}  {r[3]}")
    lines.append("")
    lines.append(("Пояснення: python -m procedure explain CASE.json ID" if uk else
                  "Explain one: python -m procedure explain CASE.json ID") + "   (" + ", ".join(r[4] for r in rows[:1]) + ", …)")
    return "\n".join(lines) + "\n"


def explain_text(report, deadline_id: str, lang: str = "en") -> str:
    one = tuple(x for x in report.deadlines if x.id == deadline_id)
    if not one:
        raise KeyError(deadline_id)
    # Only this deadline is rendered: explaining one of 10,000 costs no more than checking the case.
    out = build(attrs.evolve(report, deadlines=one, alerts=()), lang)
    d = out.deadlines[0]
    uk = lang == "uk"
    lines = [f"{d.title}", f"  id: {d.id}", f"  {'правило' if uk else 'rule'}: {d.rule} ({d.kind}, {d.party})",
             f"  {'підстава' if uk else 'basis'}: " + "; ".join(f"{b.cite} <{b.url}>" if b.url else b.cite for b in d.basis),
             f"  {'статус' if uk else 'status'}: {d.status_text}" + (f" — {d.due}" if d.due else ""), ""]
    for i, s in enumerate(d.explanation, 1):
        cite = ("  [" + "; ".join(b.cite for b in s.basis) + "]") if s.basis else ""
        lines.append(f"  {i}. {s.text}{cite}")
    if d.ambiguities:
        lines.append("")
        lines.append("  " + ("Неоднозначності:" if uk else "Ambiguities:"))
        for a in d.ambiguities:
            lines.append(f"   - {a.text}" + (f" → {a.alternative_due}" if a.alternative_due else ""))
    if d.readings:
        lines.append("  " + ("Прочитання:" if uk else "Readings:") + " " + ", ".join(
            f"{getattr(r, 'due_at', None) or r.due} ({r.status})" for r in d.readings))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# HTML (notebooks)

# Badge backgrounds: white text on each has a contrast of at least 5.6:1, so a badge reads the same on a
# light or a dark notebook theme. Keys are statuses and alert levels.
_COLOURS = {"overdue": "#b00020", "exceeded": "#b00020", "due_soon": "#9a5200", "met_late": "#8a4b00",
            "ambiguous": "#6a1b9a", "not_started": "#555555", "open": "#1565c0", "met": "#3d6b4f",
            "critical": "#b00020", "warning": "#9a5200", "info": "#1565c0"}


def report_to_html(report, lang: str = "en") -> str:
    """A self-contained HTML fragment for notebooks and browsers: alerts, then the deadlines by due date.

    Styles are inline (a notebook may strip ``<style>``); text inherits the page colour and every
    background is either translucent or a badge with white text, so light and dark themes both read.
    Status and level are always written as words; colour only repeats them.
    """
    from .i18n import plural_unit

    out = build(report, lang)
    uk = lang == "uk"

    def e(value) -> str:
        return html.escape(escape_controls("" if value is None else str(value)), quote=True)

    def badge(key: str, word: str) -> str:
        return (f'<span style="display:inline-block;padding:1px 6px;border-radius:3px;white-space:nowrap;'
                f'background:{_COLOURS.get(key, "#555555")};color:#ffffff;font-weight:600">{e(word)}</span>')

    def link(b) -> str:
        title = e(b.cite)
        if b.url:
            return (f'<a href="{e(b.url)}" target="_blank" rel="noopener noreferrer" title="{e(b.act)}" '
                    f'style="white-space:nowrap">{title}</a>')
        return title

    def days_text(n: int | None) -> str:
        if n is None:
            return ""
        if n == 0:
            return "сьогодні" if uk else "today"
        if n > 0:
            return (f"залишилось {plural_unit(n, 'day', 'uk')}" if uk else f"{plural_unit(n, 'day', 'en')} left")
        return (f"{plural_unit(-n, 'day', 'uk')} тому" if uk else f"{plural_unit(-n, 'day', 'en')} ago")

    words = {
        "case": "Справа" if uk else "Case", "as_of": "станом на" if uk else "as of",
        "alerts": "Сповіщення" if uk else "Alerts", "deadlines": "Строки" if uk else "Deadlines",
        "due": "Строк до" if uk else "Due", "status": "Статус" if uk else "Status",
        "term": "Строк" if uk else "Term", "basis": "Підстава" if uk else "Basis",
        "explanation": "Пояснення" if uk else "Explanation", "ambiguities": "Неоднозначності" if uk else "Ambiguities",
        "readings": "Прочитання" if uk else "Readings", "other_date": "інша дата" if uk else "other date",
        "closed": "виконано" if uk else "done", "none": "Строків немає." if uk else "No deadlines.",
        "levels": {"critical": "КРИТИЧНО" if uk else "CRITICAL", "warning": "УВАГА" if uk else "WARNING",
                   "info": "ДОВІДКА" if uk else "INFO"},
        "stamp": "Не є юридичною консультацією; перевірте дати за текстом акта." if uk else
                 "Not legal advice; check the dates against the act.",
    }
    cell = "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid rgba(128,128,128,0.35)"
    small = "font-size:85%;opacity:0.8"
    parts = [f'<div class="procedure-report" lang="{e(lang)}" style="font-family:inherit;line-height:1.4;max-width:72em">',
             "<style>.procedure-report table{border-collapse:collapse;table-layout:auto;margin:0}"
             ".procedure-report td,.procedure-report th{text-align:left;vertical-align:top}</style>",
             f'<h4 style="margin:0.2em 0 0.5em 0">{words["case"]} {e(out.case_id)} — {words["as_of"]} {e(out.as_of)}</h4>']
    if out.alerts:
        parts.append(f'<div style="font-weight:600;margin:0.3em 0">{words["alerts"]}</div>'
                     '<ul style="list-style:none;padding:0;margin:0 0 1em 0">')
        for a in out.alerts:
            colour = _COLOURS.get(a.level, "#555555")
            ref = f' <code style="{small}">{e(a.deadline)}</code>' if a.deadline else ""
            parts.append(f'<li style="margin:3px 0;padding:4px 8px;border-left:4px solid {colour};'
                         f'background:rgba(128,128,128,0.10)">{badge(a.level, words["levels"].get(a.level, a.level.upper()))} '
                         f'{e(a.message)}{ref}</li>')
        parts.append("</ul>")
    parts.append(f'<div style="font-weight:600;margin:0.3em 0">{words["deadlines"]}</div>')
    if not out.deadlines:
        parts.append(f"<p>{words['none']}</p>")
    else:
        parts.append("<table><thead><tr>"
                     f'<th style="{cell};width:7.5em">{words["due"]}</th>'
                     f'<th style="{cell};width:11em">{words["status"]}</th>'
                     f'<th style="{cell}">{words["term"]}</th>'
                     f'<th style="{cell};width:16em">{words["basis"]}</th></tr></thead><tbody>')
        for d in sorted(out.deadlines, key=lambda x: (x.due is None, x.due or "", x.id)):
            due = e(d.due) if d.due else "—"
            if d.due_at and "T23:59:59" not in d.due_at:
                due += f'<div style="{small}">{e(d.due_at[11:16])}</div>'  # an hour limit: show the hour
            status = badge(d.status, d.status_text)
            extra = days_text(d.days_left) if d.status in ("open", "due_soon", "overdue", "exceeded", "ambiguous") else ""
            if d.closed_on:
                extra = f"{words['closed']} {d.closed_on}"
            if extra:
                status += f'<div style="{small}">{e(extra)}</div>'
            term = [f"<div>{e(d.title)}</div>",
                    f'<div style="{small}"><code>{e(d.id)}</code> · {e(d.kind)} · {e(d.party)}</div>']
            if d.ambiguities or d.readings:
                amb = []
                for a in d.ambiguities:
                    other = (f' — <strong>{words["other_date"]}: {e(a.alternative_due)}</strong>'
                             if a.alternative_due else "")
                    amb.append(f"<li>{e(a.text)}{other}</li>")
                term.append(f'<div style="margin-top:3px;padding:2px 6px;border-left:3px solid {_COLOURS["ambiguous"]};'
                            f'background:rgba(128,128,128,0.08);font-size:92%"><span style="{small}">{words["ambiguities"]}</span>'
                            f'<ul style="margin:0;padding-left:1.2em">{"".join(amb)}</ul>')
                if d.readings:
                    term.append(f'<div style="{small}">{words["readings"]}: ' + ", ".join(
                        f"{e(r.due)} ({e(message('status.' + r.status, None, lang))})" for r in d.readings) + "</div>")
                term.append("</div>")
            steps = []
            for s in d.explanation:
                cites = (f' <span style="{small}">[' + "; ".join(link(b) for b in s.basis) + "]</span>") if s.basis else ""
                steps.append(f"<li>{e(s.text)}{cites}</li>")
            term.append(f'<details><summary style="cursor:pointer;{small}">{words["explanation"]}</summary>'
                        f'<ol style="margin:0.2em 0;padding-left:1.5em">{"".join(steps)}</ol></details>')
            basis = "<br>".join(link(b) for b in d.basis)
            parts.append(f'<tr><td style="{cell};white-space:nowrap">{due}</td><td style="{cell}">{status}</td>'
                         f'<td style="{cell}">{"".join(term)}</td><td style="{cell}">{basis}</td></tr>')
        parts.append("</tbody></table>")
    parts.append(f'<div style="{small};margin-top:0.5em">{e(out.stamp.engine)} · rules {e(out.stamp.rules)} · '
                 f'{e(out.stamp.calendar)} · {words["stamp"]}</div></div>')
    return "".join(parts)
