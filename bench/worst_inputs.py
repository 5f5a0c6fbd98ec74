"""Generate the worst inputs within the documented limits (docs/testing.md, "Worst inputs"):

    python bench/worst_inputs.py OUT_DIR [--events N]

Writes one case per shape, each at most 10,000 events and 5 MB (the documented limits):
  decisions_appeals.json   N/2 first-instance kas_289 decisions, each with an appeal (one person)
  persons_permits.json     N persons, each with a booklet permit, and one detention each
  mixed.json               claims, decisions, appeals and detentions, one person
  detentions.json          N detentions, one person
  extensions.json          N/2 detentions, each extended (refs), one person
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import sys

START = dt.date(2020, 1, 6)


def day(i: int) -> str:
    return (START + dt.timedelta(days=i % 1500)).isoformat()


def decisions_appeals(n: int) -> dict:
    ev = []
    for i in range(n // 2):
        ev.append({"id": f"d{i}", "type": "court_decision", "date": day(i), "person": "p", "proceeding": "kas_289",
                   "instance": "first", "subject": "detention", "outcome": "refused"})
        ev.append({"id": f"a{i}", "type": "appeal_filed", "date": day(i + 5), "person": "p", "refs": [f"d{i}"]})
    return {"case_id": "worst-decisions", "as_of": "2024-06-20", "persons": [{"id": "p", "birth_date": "1980-01-01"}], "events": ev}


def persons_permits(n: int) -> dict:
    persons = [{"id": f"p{i}", "birth_date": "1979-09-03", "documents": [{"id": f"doc{i}", "type": "permanent_residence_permit",
                                                                          "form": "booklet_2012", "issued": "2018-04-10"}]}
               for i in range(n)]
    ev = [{"id": f"e{i}", "type": "detained", "date": day(i), "person": f"p{i}", "by": "migration_service",
           "ground": "identification_expulsion"} for i in range(n)]
    return {"case_id": "worst-persons", "as_of": "2024-06-20", "persons": persons, "events": ev}


def mixed(n: int) -> dict:
    ev = []
    for i in range(n // 4):
        ev.append({"id": f"c{i}", "type": "claim_filed", "date": day(i), "person": "p", "proceeding": "kas_289",
                   "subject": "detention", "claimant": "authority"})
        ev.append({"id": f"d{i}", "type": "court_decision", "date": day(i + 1), "person": "p", "refs": [f"c{i}"],
                   "proceeding": "kas_289", "instance": "first", "subject": "detention", "outcome": "refused"})
        ev.append({"id": f"a{i}", "type": "appeal_filed", "date": day(i + 3), "person": "p", "refs": [f"d{i}"]})
        ev.append({"id": f"x{i}", "type": "detained", "date": day(i), "person": "p", "by": "migration_service",
                   "ground": "identification_expulsion"})
    return {"case_id": "worst-mixed", "as_of": "2024-06-20", "persons": [{"id": "p"}], "events": ev}


def detentions(n: int) -> dict:
    ev = [{"id": f"e{i}", "type": "detained", "date": day(i), "person": "p", "by": "migration_service",
           "ground": "identification_expulsion"} for i in range(n)]
    return {"case_id": "worst-detentions", "as_of": "2024-06-20", "persons": [{"id": "p"}], "events": ev}


def extensions(n: int) -> dict:
    ev = []
    for i in range(n // 2):
        ev.append({"id": f"e{i}", "type": "detained", "date": day(i), "person": "p", "by": "migration_service",
                   "ground": "identification_expulsion"})
        ev.append({"id": f"x{i}", "type": "detention_extended", "date": day(i + 30), "person": "p", "refs": [f"e{i}"], "months": 6})
    return {"case_id": "worst-extensions", "as_of": "2024-06-20", "persons": [{"id": "p"}], "events": ev}


SHAPES = {"decisions_appeals": decisions_appeals, "persons_permits": persons_permits, "mixed": mixed,
          "detentions": detentions, "extensions": extensions}


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    n = int(sys.argv[sys.argv.index("--events") + 1]) if "--events" in sys.argv else 10_000
    out.mkdir(parents=True, exist_ok=True)
    for name, make in SHAPES.items():
        text = json.dumps(make(n), separators=(",", ":"))
        assert len(text) <= 5_000_000, (name, len(text))
        (out / f"{name}.json").write_text(text, encoding="utf-8")
        print(name, len(text))


if __name__ == "__main__":
    main()
