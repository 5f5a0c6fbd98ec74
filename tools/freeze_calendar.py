"""Freeze Ukraine's holiday data from python-holidays into src/procedure/data/ua_holidays.json.

Why freeze: a legal answer must not change because someone upgraded a dependency. The frozen file is
the calendar the engine uses; tests/test_calendar_drift.py compares it with the installed
`holidays` so that a change in upstream data is seen, reviewed and re-frozen on purpose.

Run: python tools/freeze_calendar.py
"""

from __future__ import annotations

import json
import pathlib

import holidays

FIRST_YEAR, LAST_YEAR = 1991, 2075
OUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "procedure" / "data" / "ua_holidays.json"


def build() -> dict:
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    # Both categories are named explicitly: `public` = days off as the data has them,
    # `workday` = state holidays that martial law turned into working days (2022 onwards).
    kw = dict(years=years, categories=("public", "workday"))
    uk = holidays.UA(language="uk", **kw)
    en = holidays.UA(language="en_US", **kw)
    public = holidays.UA(years=years, categories=("public",), language="uk")
    rows = []
    for day in sorted(uk):
        rows.append(
            [day.isoformat(), "public" if day in public else "workday", uk[day], en[day]]
        )
    worked_saturdays = sorted(d.isoformat() for d in public.weekend_workdays if FIRST_YEAR <= d.year <= LAST_YEAR)
    return {
        "source": f"python-holidays {holidays.__version__}, holidays.UA",
        "first_year": FIRST_YEAR,
        "last_year": LAST_YEAR,
        "columns": ["date", "category", "name_uk", "name_en"],
        "holidays": rows,
        "worked_saturdays": worked_saturdays,
    }


def main() -> None:
    data = build()
    # One holiday per line, so that a re-freeze shows up in review as a readable diff.
    head = {k: v for k, v in data.items() if k not in ("holidays", "worked_saturdays")}
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "holidays": [')
    lines += [f"    {json.dumps(r, ensure_ascii=False)}," for r in data["holidays"]]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("  ],")
    lines.append(f'  "worked_saturdays": {json.dumps(data["worked_saturdays"])}')
    lines.append("}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['holidays'])} holidays, {len(data['worked_saturdays'])} worked Saturdays)")


if __name__ == "__main__":
    main()
