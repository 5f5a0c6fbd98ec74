"""Regenerate examples/*.expected.json (deadline id, due date and status of each example's report).

Run after reviewing a change in the rules or the engine: python tools/expected.py
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import procedure  # noqa: E402


def main() -> None:
    for case in sorted((ROOT / "examples").glob("*.json")):
        if case.name.endswith(".expected.json"):
            continue
        report = procedure.check(case)
        out = {"case": case.name, "as_of": report.as_of.isoformat(),
               "deadlines": [{"id": d.id, "due": d.due.isoformat() if d.due else None, "status": d.status} for d in report.deadlines],
               "alerts": [{"level": a.level, "deadline": a.deadline, "code": a.code} for a in report.alerts]}
        target = case.with_name(case.stem + ".expected.json")
        target.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", target.relative_to(ROOT))


if __name__ == "__main__":
    main()
