"""Calendar export (RFC 5545) of the open deadlines of a report, with the icalendar library.

One VEVENT per open deadline: all-day on its last day, or timed (Europe/Kyiv, with the zone's
VTIMEZONE in the file) for hour limits. The summary is the term's title only: a status in it would go
stale in the reader's calendar; the status is in the description, with the date it was judged on.

Re-importing an updated export updates the entries instead of duplicating them: the UID comes from the
case id and the deadline id, SEQUENCE grows with the as-of day (a later judgement replaces an earlier
one) and DTSTAMP is that day too, so two exports of the same case on the same day are identical.

Alarms: for a day term, at 09:00 Kyiv on the first day of the rule's warning window and on the last
day; for an hour limit, before the limit itself (the rule's warning window, and two hours before),
never after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .errors import UsageError
from .i18n import format_date, text
from .report import build

OPEN = ("open", "due_soon", "overdue", "exceeded", "ambiguous", "upcoming")
KYIV = "Europe/Kyiv"
_EPOCH = dt.date(2000, 1, 1)


def _hour_limit(d) -> bool:
    return d.due_at is not None and (d.due_at.hour, d.due_at.minute, d.due_at.second) != (23, 59, 59)


def uid(case_id: str, deadline_id: str) -> str:
    """The UID of a deadline's calendar entry: a function of the case and the deadline only, so that it is
    the same in every export (a case's own, or a caseload's agenda) and on every as-of date."""
    return hashlib.sha256(f"{case_id}\0{deadline_id}".encode()).hexdigest()[:32] + "@procedure"


def report_to_ics(report, lang: str = "en") -> str:
    try:
        import icalendar
    except ImportError:  # pragma: no cover - icalendar is a dependency; kept for trimmed installs
        raise UsageError("calendar export needs the icalendar package", field="--format", expected="pip install icalendar")
    from zoneinfo import ZoneInfo

    kyiv = ZoneInfo(KYIV)
    out = build(report, lang)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//procedure//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", icalendar.vText(out.case_id))  # escaped as text: a CR or newline cannot start a property
    cal.add("x-wr-timezone", KYIV)
    by_id = {d.id: d for d in report.deadlines}
    stamp = dt.datetime.combine(report.as_of, dt.time(0), dt.timezone.utc)
    sequence = (report.as_of - _EPOCH).days  # later as-of day, higher sequence: the newer export wins
    timed = False
    for d in out.deadlines:
        if d.status not in OPEN or d.due is None:
            continue
        src = by_id[d.id]
        ev = icalendar.Event()
        ev.add("uid", uid(out.case_id, d.id))
        ev.add("summary", d.title)
        ev.add("dtstamp", stamp)
        ev.add("sequence", max(sequence, 0))
        if _hour_limit(src):
            timed = True
            at = src.due_at.astimezone(kyiv)
            ev.add("dtstart", at)
            ev.add("dtend", at)
            when = format_date(at.replace(tzinfo=None).isoformat(timespec="minutes"), lang)
        else:
            ev.add("dtstart", src.due)
            ev.add("dtend", src.due + dt.timedelta(days=1))
            ev.add("transp", "TRANSPARENT")
            when = format_date(src.due, lang)
        basis = "; ".join(f"{b.cite} {b.url or ''}".strip() for b in d.basis)
        steps = "\n".join(f"- {s.text}" for s in d.explanation)
        status = f"{text('ui.status', lang)}: {d.status_text} ({text('ui.as_of', lang)} {format_date(out.as_of, lang)})"
        ev.add("description", f"{status}\n{d.id}\n{basis}\n\n{steps}")
        alarm_text = text("ui.alarm_before", lang, title=d.title, due=when)
        if _hour_limit(src):
            # Before the limit: the warning window (whole days) and two hours, each counted back from the moment.
            befores = sorted({dt.timedelta(days=src.rule.warning_days), dt.timedelta(hours=2)} - {dt.timedelta(0)}, reverse=True)
            triggers = [-b for b in befores]
        else:
            # All-day event: triggers are relative to its start (00:00 of the last day): 09:00 that day, and
            # 09:00 on the first day of the warning window.
            triggers = [dt.timedelta(days=-days, hours=9) for days in sorted({src.rule.warning_days, 0}, reverse=True)]
        for trig in triggers:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", alarm_text)
            alarm.add("trigger", trig)
            ev.add_component(alarm)
        cal.add_component(ev)
    if timed:
        cal.add_missing_timezones()  # the VTIMEZONE of Europe/Kyiv for the timed entries
    return cal.to_ical().decode("utf-8")
