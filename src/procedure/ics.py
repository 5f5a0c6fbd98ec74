"""Calendar export (RFC 5545) of the open deadlines of a report, with the icalendar library.

One VEVENT per open deadline: all-day on its due date, or timed (Europe/Kyiv) for hour limits. UIDs
are derived from the case id and the deadline id, so re-importing an updated export updates entries
instead of duplicating them. Alarms follow the rule's warning threshold and the last day.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .errors import UsageError
from .report import build

OPEN = ("open", "due_soon", "overdue", "exceeded", "ambiguous", "upcoming")


def uid(case_id: str, deadline_id: str) -> str:
    """The UID of a deadline's calendar entry: a function of the case and the deadline only, so that it is
    the same in every export (a case's own, or a caseload's agenda) and on every as-of date."""
    return hashlib.sha256(f"{case_id}\0{deadline_id}".encode()).hexdigest()[:32] + "@procedure"


def report_to_ics(report, lang: str = "en") -> str:
    try:
        import icalendar
    except ImportError:  # pragma: no cover - icalendar is a dependency; kept for trimmed installs
        raise UsageError("calendar export needs the icalendar package", field="--format", expected="pip install icalendar")
    out = build(report, lang)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//procedure//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", icalendar.vText(out.case_id))  # escaped as text: a CR or newline cannot start a property
    cal.add("x-wr-timezone", "Europe/Kyiv")
    by_id = {d.id: d for d in report.deadlines}
    for d in out.deadlines:
        if d.status not in OPEN or d.due is None:
            continue
        src = by_id[d.id]
        ev = icalendar.Event()
        ev.add("uid", uid(out.case_id, d.id))
        ev.add("summary", f"[{d.status_text}] {d.title}")
        # DTSTAMP is fixed to the as-of date so that two exports of the same case are identical.
        ev.add("dtstamp", dt.datetime.combine(report.as_of, dt.time(0), dt.timezone.utc))
        if src.version is not None and src.rule.versions and src.due_at is not None and src.due_at.time() != dt.time(23, 59, 59):
            ev.add("dtstart", src.due_at)
            ev.add("dtend", src.due_at)
        else:
            ev.add("dtstart", src.due)
            ev.add("dtend", src.due + dt.timedelta(days=1))
        basis = "; ".join(f"{b.cite} {b.url or ''}".strip() for b in d.basis)
        steps = "\n".join(f"- {s.text}" for s in d.explanation)
        ev.add("description", f"{basis}\n\n{steps}")
        for days in sorted({src.rule.warning_days, 0}, reverse=True):
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", d.title)
            alarm.add("trigger", dt.timedelta(days=-days, hours=9 if days else 9))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
