"""One case on one time axis, as SVG text written by hand (no plotting library).

Events are diamonds on the top track with their labels stacked above; each dated deadline is a row with
a bar from its trigger to the end of its last day (or the hour limit); the as-of day is a vertical line.
Terms that have not started have no dates and are listed under the chart. Long empty stretches of time
(more than :data:`GAP_DAYS` without any date) are cut out of the axis and marked with a break, so a
term from last year and this month's events share one readable picture.

The output depends only on the report and ``lang``: no clock, no randomness, fixed number formatting,
so the same report gives byte-identical SVG.
"""

from __future__ import annotations

import datetime as dt
import html

from ._safe import escape_controls
from .i18n import LANGS, MONTHS_SHORT, format_date, message, plural_unit, text

__all__ = ["report_to_svg"]

GAP_DAYS = 60  # an empty stretch longer than this is cut out of the axis
PAD_DAYS = 4  # margin around the dates of each segment of the axis
MAX_EVENT_LABELS = 40  # more events than this: markers only (each keeps its tooltip)

WIDTH = 1200
LABEL_W = 370  # the left column: deadline titles
RIGHT_W = 150  # room for "status · due" after a bar
PLOT_X0 = LABEL_W + 10
PLOT_X1 = WIDTH - RIGHT_W
BREAK_W = 56  # width of a cut-out stretch
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
FS = 11  # font size (px)
CHAR_W = 0.62 * FS  # a cautious average advance: labels are placed from this estimate
ROW_H = 30
LANE_H = 15

# Bar fill, text colour for the status word, and whether the bar is hatched (the second sign, besides
# colour and the word, for terms that ended without the act).
_STYLE = {
    "overdue": ("#b00020", "#b00020", True),
    "exceeded": ("#b00020", "#b00020", True),
    "due_soon": ("#e08a00", "#8a4b00", False),
    "open": ("#4a7fc1", "#1d4f91", False),
    "met": ("#a9c8b8", "#3d6b4f", False),
    "met_late": ("#d9b26f", "#8a4b00", False),
    "ambiguous": ("#8e55b5", "#6a1b9a", False),
    "not_started": ("#9e9e9e", "#555555", False),
    "upcoming": ("#b7cbe6", "#1d4f91", False),
}
_LEGEND_ORDER = ("overdue", "exceeded", "due_soon", "ambiguous", "open", "met_late", "met")

# Every word of the picture comes from the catalogue (procedure.i18n): ui.* keys and month names.
_WORD_KEYS = {"case": "ui.case", "as_of": "ui.as_of", "events": "ui.events", "event": "ui.event", "closed": "ui.closed",
              "other": "ui.other_reading", "not_started": "ui.not_started_list", "age": "ui.age", "cut": "ui.cut",
              "legend_event": "ui.legend_event", "legend_closed": "ui.legend_closed", "legend_cut": "ui.legend_cut"}


def _words(lang: str) -> dict[str, str]:
    return {k: text(v, lang) for k, v in _WORD_KEYS.items()}


def _e(value: object) -> str:
    # XML 1.0 forbids most control characters even escaped: show them as text (\x01), never raw.
    return html.escape(escape_controls(str(value)), quote=True)


def _n(x: float) -> str:
    """Fixed formatting of coordinates: one decimal, no negative zero."""
    s = f"{x:.1f}"
    return "0.0" if s == "-0.0" else s


def _width(text: str, size: float = FS) -> float:
    return len(text) * 0.62 * size


def _fit(text: str, width: float, size: float = FS) -> str:
    n = int(width / (0.62 * size))
    return text if len(text) <= n else text[: max(n - 1, 1)].rstrip() + "…"


def _wrap(text: str, width: float, lines: int = 2) -> list[str]:
    n = int(width / CHAR_W)
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1 and len(rest) > n:
        cut = rest.rfind(" ", 0, n + 1)
        if cut <= 0:
            cut = n
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        out.append(_fit(rest, width))
    return out


def _day(d: dt.date) -> float:
    return float(d.toordinal())


def _moment(m: dt.datetime) -> float:
    """A Kyiv wall-clock moment as a fractional day number (the end of a day is the next day's 0.0)."""
    local = m.replace(tzinfo=None)
    if (local.hour, local.minute, local.second) == (23, 59, 59):
        return float(local.date().toordinal() + 1)
    return local.date().toordinal() + (local.hour * 3600 + local.minute * 60 + local.second) / 86400


class _Axis:
    """A piecewise-linear day → x map: segments of dates at one common scale, long gaps cut to BREAK_W."""

    def __init__(self, days: list[float]) -> None:
        days = sorted(set(days))
        segs: list[list[float]] = [[days[0], days[0]]]
        for d in days[1:]:
            if d - segs[-1][1] > GAP_DAYS:
                segs.append([d, d])
            else:
                segs[-1][1] = d
        self.segments = [(a - PAD_DAYS, b + PAD_DAYS + 1) for a, b in segs]
        span = sum(b - a for a, b in self.segments)
        self.scale = (PLOT_X1 - PLOT_X0 - BREAK_W * (len(self.segments) - 1)) / span
        self.knots: list[tuple[float, float]] = []  # (day, x) at each segment edge
        x = PLOT_X0
        for a, b in self.segments:
            self.knots.append((a, x))
            x += (b - a) * self.scale
            self.knots.append((b, x))
            x += BREAK_W
        self.breaks = [(self.knots[i][1], self.knots[i + 1][1], self.knots[i][0], self.knots[i + 1][0])
                       for i in range(1, len(self.knots) - 1, 2)]

    def x(self, day: float) -> float:
        k = self.knots
        if day <= k[0][0]:
            return k[0][1] - (k[0][0] - day) * self.scale
        for (d0, x0), (d1, x1) in zip(k, k[1:]):
            if day <= d1:
                return x0 + (day - d0) / (d1 - d0) * (x1 - x0) if d1 > d0 else x1
        return k[-1][1] + (day - k[-1][0]) * self.scale

    def visible(self, day: float) -> bool:
        return any(a <= day <= b for a, b in self.segments)


def _text(x: float, y: float, s: str, *, size: float = FS, anchor: str = "start", fill: str = "#222222",
          weight: str | None = None, halo: bool = False, cls: str | None = None) -> str:
    attrs = [f'x="{_n(x)}"', f'y="{_n(y)}"']
    if size != FS:
        attrs.append(f'font-size="{_n(size)}"')
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    attrs.append(f'fill="{fill}"')
    if weight:
        attrs.append(f'font-weight="{weight}"')
    if cls:
        attrs.append(f'class="{cls}"')
    text = f"<text {' '.join(attrs)}>{_e(s)}</text>"
    if halo:  # a white outline drawn first, so the text stays legible over grid lines (no paint-order needed)
        under = [a for a in attrs if not a.startswith(("fill=", "class="))]
        text = (f'<text {" ".join(under)} fill="#ffffff" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" '
                f'aria-hidden="true">{_e(s)}</text>' + text)
    return text


def report_to_svg(report, lang: str = "en") -> str:
    """The case on one time axis as an SVG document (a string starting with ``<svg``).

    One ``<rect class="bar">`` per deadline with a due date, one ``<line class="as-of">``, events as
    ``<path class="event">`` diamonds. Text is in ``lang`` (``uk`` or ``en``).
    """
    if lang not in LANGS:
        from .errors import UsageError

        raise UsageError("unknown language", field="lang", found=repr(lang), expected=" or ".join(LANGS))
    W = _words(lang)
    events_title = {name: et.title.get(lang) for name, et in report.rules.events.items()}
    as_of = report.as_of
    dated = [d for d in report.deadlines if d.due is not None]
    pending = [d for d in report.deadlines if d.due is None]

    def bar_start(d) -> float:
        ev = next((e for e in report.case.events if e.id == d.trigger.event), None) if d.trigger.event else None
        if ev is not None and ev.moment is not None:
            return _moment(ev.moment)
        return _day(d.trigger.date)

    def bar_end(d) -> float:
        return _moment(d.due_at) if d.due_at is not None else _day(d.due) + 1

    # -- the axis ----------------------------------------------------------------------------------
    days: list[float] = [_day(as_of)]
    days += [_day(e.date) for e in report.case.events]
    for d in dated:
        days += [_day(d.trigger.date), _day(d.due)]
        days += [_day(r.due) for r in d.readings]
        days += [_day(a.alternative_due) for a in d.ambiguities if a.alternative_due is not None]
        if d.closed_on:
            days.append(_day(d.closed_on))
    ax = _Axis(days)

    # -- event labels: lane 0 is nearest the event track; a label never covers another's leader line --
    lanes: list[list[tuple[float, float]]] = []
    placed = []
    labelled = report.case.events if len(report.case.events) <= MAX_EVENT_LABELS else ()
    for ev in sorted(labelled, key=lambda e: (e.sort_key()), reverse=True):
        x = ax.x(_moment(ev.moment) if ev.moment is not None else _day(ev.date) + 0.5)
        label = f"{format_date(ev.date, lang)} · {_fit(events_title.get(ev.type, ev.type), 300)}"
        x0, x1 = x + 2, x + 4 + _width(label)
        if x1 > WIDTH - 6:  # no room to the right: the label ends at the marker instead
            x0, x1 = x - 4 - _width(label), x - 2
        k = 0
        while True:
            if k == len(lanes):
                lanes.append([])
                break  # a new lane: free, and the lanes below were checked on the way up
            free = all(b < x0 - 6 or a > x1 + 6 for a, b in lanes[k])
            leader_ok = all(not (a - 1 <= x <= b + 1) for j in range(k) for a, b in lanes[j])
            if free and leader_ok:
                break
            k += 1
        lanes[k].append((x0, x1))
        for j in range(k):  # the leader line crosses the lanes below
            lanes[j].append((x - 1, x + 1))
        placed.append((ev, x, k, label, x1 <= x))

    top = 44  # under the title
    n_lanes = max(len(lanes), 1)
    track_y = top + n_lanes * LANE_H + 10
    month_y = track_y + 22
    rows_y = month_y + 12
    rows_bottom = rows_y + ROW_H * len(dated)
    asof_label_y = rows_bottom + 16
    y = asof_label_y + 14
    pending_y = y + 10
    if pending:
        y = pending_y + 16 + len(pending) * 16
    legend_y = y + 18

    def others(d) -> list[dt.date]:
        return sorted({r.due for r in d.readings if r.due != d.due} |
                      {a.alternative_due for a in d.ambiguities if a.alternative_due and a.alternative_due != d.due})

    items: list[tuple[str, str]] = [("status:" + s, message("status." + s, None, lang)) for s in _LEGEND_ORDER
                                    if any(d.status == s for d in dated)]
    items.append(("event", W["legend_event"]))
    if any(d.closed_on is not None for d in dated):
        items.append(("closed", W["legend_closed"]))
    if any(others(d) for d in dated):
        items.append(("other", W["other"]))
    if ax.breaks:
        items.append(("cut", W["legend_cut"]))
    items.append(("as_of", W["as_of"]))
    legend: list[tuple[float, float, str, str]] = []  # x, y, key, word: wrapped to the width
    lx, ly = 12.0, float(legend_y)
    for key, word in items:
        step = 28 + _width(word) + 18
        if lx > 12 and lx + step - 18 > WIDTH - 12:
            lx, ly = 12.0, ly + 20
        legend.append((lx, ly, key, word))
        lx += step
    height = int(ly) + 16

    out: list[str] = []
    add = out.append
    add(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{FONT}" font-size="{FS}" role="img" aria-labelledby="procedure-timeline-title">')
    add(f'<title id="procedure-timeline-title">{_e(W["case"])} {_e(report.case.case_id)} — {_e(W["as_of"])} '
        f'{_e(format_date(as_of, lang))}</title>')
    add('<defs><pattern id="procedure-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#b00020"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2.2"/></pattern></defs>')
    add(f'<rect class="background" x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>')
    add(_text(12, 24, f'{W["case"]} {report.case.case_id} — {W["as_of"]} {format_date(as_of, lang)}', size=14, weight="bold"))

    # -- background: row stripes, cut-out stretches, week and month grid -----------------------------
    for i, _ in enumerate(dated):
        if i % 2 == 0:
            add(f'<rect class="stripe" x="6" y="{_n(rows_y + i * ROW_H)}" width="{WIDTH - 12}" height="{ROW_H}" fill="#f3f5f7"/>')
    for bx0, bx1, d0, d1 in ax.breaks:
        add(f'<rect class="cut" x="{_n(bx0)}" y="{_n(track_y - 6)}" width="{_n(bx1 - bx0)}" '
            f'height="{_n(rows_bottom - track_y + 6)}" fill="#e4e4e4" opacity="0.7"/>')
    # -- as-of line (under the bars' labels, over the grid) -------------------------------------------
    x_asof = ax.x(_day(as_of) + 0.5)
    add(f'<rect class="as-of-day" x="{_n(ax.x(_day(as_of)))}" y="{_n(top - 4)}" '
        f'width="{_n(max(ax.x(_day(as_of) + 1) - ax.x(_day(as_of)), 1))}" height="{_n(rows_bottom - top + 4)}" '
        f'fill="#1565c0" opacity="0.10"/>')
    add(f'<line id="as-of" class="as-of" x1="{_n(x_asof)}" y1="{_n(top - 4)}" x2="{_n(x_asof)}" y2="{_n(rows_bottom + 4)}" '
        f'stroke="#1565c0" stroke-width="1.6" stroke-dasharray="5 3"/>')
    add(_text(x_asof, asof_label_y, f'{W["as_of"]} {format_date(as_of, lang)}', anchor="middle", fill="#1565c0", weight="bold",
              cls="as-of-label"))

    grid_top, grid_bottom = track_y, rows_bottom
    first = dt.date.fromordinal(int(ax.segments[0][0]))
    last = dt.date.fromordinal(int(ax.segments[-1][1]))
    day = first
    while day <= last:  # Mondays: light grid
        if day.weekday() == 0 and ax.visible(_day(day)):
            x = ax.x(_day(day))
            add(f'<line class="week" x1="{_n(x)}" y1="{_n(grid_top)}" x2="{_n(x)}" y2="{_n(grid_bottom)}" '
                f'stroke="#e2e2e2" stroke-width="1"/>')
        day += dt.timedelta(days=1)
    # Months: a tick on the 1st, the name centred on the visible part of the month when it fits.
    month_labels: list[tuple[float, float, str]] = []
    m = dt.date(first.year, first.month, 1)
    while m <= last:
        nxt = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        if ax.visible(_day(m)):
            x = ax.x(_day(m))
            add(f'<line class="month" x1="{_n(x)}" y1="{_n(grid_top - 4)}" x2="{_n(x)}" y2="{_n(grid_bottom)}" '
                f'stroke="#b8b8b8" stroke-width="1"/>')
        seg = next(((a, b) for a, b in ax.segments if a < _day(nxt) and b > _day(m)), None)
        if seg is not None:
            lo, hi = max(_day(m), seg[0]), min(_day(nxt), seg[1])
            name = f"{MONTHS_SHORT[lang][m.month - 1]} {m.year}"
            xa, xb = ax.x(lo), ax.x(hi)
            if _width(name, 10) + 6 <= xb - xa:
                month_labels.append(((xa + xb) / 2, _width(name, 10), name))
        m = nxt
    for cx, w, name in month_labels:
        add(_text(cx, month_y, name, size=10, anchor="middle", fill="#444444", halo=True, cls="month-label"))
    for bx0, bx1, d0, d1 in ax.breaks:
        cx = (bx0 + bx1) / 2
        gap = int(d1 - d0)
        add(_text(cx, month_y, f"≈{plural_unit(gap, 'day', lang)}" if _width(str(gap), 9) < BREAK_W else "…",
                  size=9, anchor="middle", fill="#555555", cls="cut-label"))
        for yy in (track_y, rows_bottom):  # the break mark: two slashes across the axis lines
            for dx in (-4, 4):
                add(f'<line class="break" x1="{_n(cx + dx - 4)}" y1="{_n(yy + 6)}" x2="{_n(cx + dx + 4)}" '
                    f'y2="{_n(yy - 6)}" stroke="#555555" stroke-width="1.5"/>')

    # -- axis lines ----------------------------------------------------------------------------------
    for a, b in ax.segments:
        for yy in (track_y, rows_bottom):
            add(f'<line class="axis" x1="{_n(ax.x(a))}" y1="{_n(yy)}" x2="{_n(ax.x(b))}" y2="{_n(yy)}" '
                f'stroke="#555555" stroke-width="1"/>')
    add(_text(12, track_y + 4, W["events"], weight="bold"))

    # -- events --------------------------------------------------------------------------------------
    unlabelled = [] if labelled else [(ev, ax.x(_moment(ev.moment) if ev.moment is not None else _day(ev.date) + 0.5), None,
                                       "", False) for ev in report.case.events]
    for ev, x, k, label, left in placed + unlabelled:
        if k is None:
            add(f'<g class="event-item" data-event="{_e(ev.id)}"><title>{_e(events_title.get(ev.type, ev.type))} ({_e(ev.id)}), {_e(format_date(ev.date, lang))}</title>'
                f'<path class="event" d="M{_n(x)} {_n(track_y - 5)} L{_n(x + 5)} {_n(track_y)} L{_n(x)} {_n(track_y + 5)} '
                f'L{_n(x - 5)} {_n(track_y)} Z" fill="#333333"/></g>')
            continue
        ly = track_y - 10 - k * LANE_H
        add(f'<g class="event-item" data-event="{_e(ev.id)}"><title>{_e(events_title.get(ev.type, ev.type))} ({_e(ev.id)}), {_e(format_date(ev.date, lang))}</title>')
        add(f'<line x1="{_n(x)}" y1="{_n(ly + 2)}" x2="{_n(x)}" y2="{_n(track_y)}" stroke="#888888" stroke-width="0.8"/>')
        add(f'<path class="event" d="M{_n(x)} {_n(track_y - 5)} L{_n(x + 5)} {_n(track_y)} L{_n(x)} {_n(track_y + 5)} '
            f'L{_n(x - 5)} {_n(track_y)} Z" fill="#333333"/>')
        if left:
            add(_text(x - 4, ly, label, anchor="end", fill="#222222", halo=True))
        else:
            add(_text(x + 4, ly, label, fill="#222222", halo=True))
        add("</g>")

    # -- deadlines -----------------------------------------------------------------------------------
    for i, d in enumerate(dated):
        fill, ink, hatched = _STYLE.get(d.status, _STYLE["open"])
        ry = rows_y + i * ROW_H
        cy = ry + ROW_H / 2
        title = d.rule.title.get(lang)
        status_word = message("status." + d.status, None, lang)
        add(f'<g class="deadline" data-id="{_e(d.id)}" data-status="{_e(d.status)}">')
        basis = "; ".join(b.cite(lang) for b in d.rule.basis)
        add(f"<title>{_e(title)} — {_e(status_word)}, {_e(format_date(d.due, lang))} ({_e(d.id)}; {_e(basis)})</title>")
        lines = _wrap(title, LABEL_W - 24)
        for j, line in enumerate(lines):
            add(_text(12, cy + 4 + (j - (len(lines) - 1) / 2) * 12.5, line, fill="#222222"))
        x0 = ax.x(bar_start(d))
        x1 = ax.x(bar_end(d))
        w = max(x1 - x0, 2.0)
        add(f'<rect class="bar" x="{_n(x0)}" y="{_n(cy - 6)}" width="{_n(w)}" height="12" rx="2" '
            f'fill="{"url(#procedure-hatch)" if hatched else fill}" stroke="{ink}" stroke-width="0.8"/>')
        tail = x0 + w
        # Past the due date: late closing (dashed to the closing day) or still undone (dotted to today).
        if d.closed_on is not None and _day(d.closed_on) + 1 > bar_end(d):
            xc = ax.x(_day(d.closed_on) + 0.5)
            add(f'<line class="late" x1="{_n(tail)}" y1="{_n(cy)}" x2="{_n(xc)}" y2="{_n(cy)}" stroke="{ink}" '
                f'stroke-width="2" stroke-dasharray="3 2"/>')
            tail = max(tail, xc)
        elif d.status in ("overdue", "exceeded") and d.closed_on is None:
            add(f'<line class="late" x1="{_n(tail)}" y1="{_n(cy)}" x2="{_n(x_asof)}" y2="{_n(cy)}" stroke="{ink}" '
                f'stroke-width="1.2" stroke-dasharray="1 2"/>')
        # Other readings: an outlined extension to each other due date.
        for other in others(d):
            xo = ax.x(_day(other) + 1)
            lo, hi = sorted((tail if other > d.due else x0, xo))
            add(f'<rect class="other-reading" x="{_n(lo)}" y="{_n(cy - 6)}" width="{_n(max(hi - lo, 2))}" height="12" '
                f'fill="none" stroke="{ink}" stroke-width="1" stroke-dasharray="3 2"/>')
            tail = max(tail, hi)
        if d.closed_on is not None:
            xc = ax.x(_day(d.closed_on) + 0.5)
            add(f'<circle class="closed" cx="{_n(xc)}" cy="{_n(cy)}" r="4.5" fill="#ffffff" stroke="{ink}" stroke-width="1.6"/>')
            add(f'<path d="M{_n(xc - 2.2)} {_n(cy)} L{_n(xc - 0.5)} {_n(cy + 2)} L{_n(xc + 2.5)} {_n(cy - 2)}" '
                f'fill="none" stroke="{ink}" stroke-width="1.4"/>')
            tail = max(tail, xc + 5)
        hour_limit = d.due_at is not None and (d.due_at.hour, d.due_at.minute, d.due_at.second) != (23, 59, 59)
        due_txt = format_date(d.due_at if hour_limit else d.due, lang)
        if d.closed_on is not None:
            due_txt += f"; {W['closed']} {format_date(d.closed_on, lang)}"
        label = f"{status_word} · {due_txt}"
        lw = _width(label)
        if tail + 6 + lw <= WIDTH - 6:
            add(_text(tail + 6, cy + 4, label, fill=ink, weight="bold", halo=True, cls="status"))
        elif x0 - 6 - lw >= PLOT_X0:
            add(_text(x0 - 6, cy + 4, label, anchor="end", fill=ink, weight="bold", halo=True, cls="status"))
        else:
            add(_text(WIDTH - 6, cy + 4, label, anchor="end", fill=ink, weight="bold", halo=True, cls="status"))
        add("</g>")

    # -- not started ---------------------------------------------------------------------------------
    if pending:
        add(_text(12, pending_y + 6, W["not_started"], weight="bold", fill="#333333"))
        for j, d in enumerate(pending):
            py = pending_y + 22 + j * 16
            word = message("status." + d.status, None, lang)
            add(f'<g class="pending" data-id="{_e(d.id)}">')
            add(f'<rect x="12" y="{_n(py - 9)}" width="10" height="10" fill="none" stroke="#555555" stroke-dasharray="2 1.5"/>')
            add(_text(28, py, f"{word}: {d.rule.title.get(lang)} ({d.id})", fill="#333333"))
            add("</g>")

    # -- legend --------------------------------------------------------------------------------------
    add('<g class="legend">')
    for lx, ly, key, word in legend:
        if key.startswith("status:"):
            fill, ink, hatched = _STYLE[key[7:]]
            add(f'<rect x="{_n(lx)}" y="{_n(ly - 9)}" width="22" height="10" rx="2" '
                f'fill="{"url(#procedure-hatch)" if hatched else fill}" stroke="{ink}" stroke-width="0.8"/>')
        elif key == "event":
            add(f'<path d="M{_n(lx + 11)} {_n(ly - 9)} L{_n(lx + 16)} {_n(ly - 4)} L{_n(lx + 11)} {_n(ly + 1)} '
                f'L{_n(lx + 6)} {_n(ly - 4)} Z" fill="#333333"/>')
        elif key == "closed":
            add(f'<circle cx="{_n(lx + 11)}" cy="{_n(ly - 4)}" r="4.5" fill="#ffffff" stroke="#333333" stroke-width="1.6"/>')
        elif key == "other":
            add(f'<rect x="{_n(lx)}" y="{_n(ly - 9)}" width="22" height="10" fill="none" stroke="#333333" '
                f'stroke-dasharray="3 2"/>')
        elif key == "cut":
            add(f'<rect x="{_n(lx)}" y="{_n(ly - 9)}" width="22" height="10" fill="#e4e4e4"/>')
        elif key == "as_of":
            add(f'<line x1="{_n(lx + 11)}" y1="{_n(ly - 10)}" x2="{_n(lx + 11)}" y2="{_n(ly + 2)}" stroke="#1565c0" '
                f'stroke-width="1.6" stroke-dasharray="5 3"/>')
        add(_text(lx + 28, ly, word, fill="#222222"))
    add("</g>")
    add("</svg>")
    return "\n".join(out) + "\n"
