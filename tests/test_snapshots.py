"""Reviewed explanations: what a lawyer reads, held still.

The data tests (tests/cases/*.yaml) check dates and statuses worked by hand; they do not read the words
of an explanation. Here a small set of those cases is rendered in full, in both languages (every
deadline's explanation as ``procedure explain`` prints it, its start, due date, moment, closing and
days left, and every alert with its follow-up), and compared with the text in tests/snapshots/, which
was read and checked by hand against the hand-worked dates of the case it comes from.

The set is chosen so that every explanation step, reading, ambiguity, alert and status the cases
produce is rendered at least once (a greedy cover, tools/snapshots.py). A change to the engine that
changes what a lawyer reads fails here with the difference; review it, then regenerate with
``python tools/snapshots.py`` and commit the text with the change.
"""

from __future__ import annotations

import datetime as dt
import difflib
import pathlib
import tempfile

import pytest
import yaml

import procedure
from procedure.report import explain_text

HERE = pathlib.Path(__file__).parent
SNAPSHOTS = HERE / "snapshots"
ROOT = HERE.parent
_ML_DIR = pathlib.Path(tempfile.mkdtemp(prefix="procedure-snap-"))


def candidates():
    """Every data case and example: (key, loader). The key names the file and the case."""
    from test_cases_data import CASES_DIR, _build

    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, spec in enumerate(data.get("cases") or ()):
            if spec.get("xfail_reason"):
                continue
            key = f"{path.name}::{spec.get('name', i)}"

            def load(spec=spec, key=key):
                case, as_of, ml = _build(spec, _ML_DIR, key)
                return procedure.check(case, as_of=as_of, martial_law=ml)
            out.append((key, load))
    for path in sorted((ROOT / "examples").glob("*.json")):
        if not path.name.endswith(".expected.json"):
            out.append((f"examples/{path.name}", lambda path=path: procedure.check(path)))
    return out


def features(report) -> set[tuple[str, str]]:
    """What a report shows that a snapshot should cover: step, reading, ambiguity and alert codes, statuses."""
    out: set[tuple[str, str]] = set()
    for d in report.deadlines:
        out.add(("status", d.status))
        out.update(("step", s.code) for s in d.steps)
        out.update(("reading", r.code) for r in d.readings)
        out.update(("ambiguity", a.code) for a in d.ambiguities)
    out.update(("alert", a.code) for a in report.alerts)
    return out


def _when(value) -> str:
    if value is None:
        return "-"
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def render(key: str, report) -> str:
    """The case's report as a lawyer reads it, in Ukrainian then English; nothing that depends on the
    machine, the version or the rules' hash."""
    lines = [f"# {key}", f"# as of {report.as_of.isoformat()}"]
    stamp = report.to_dict()["stamp"]
    lines.append("# martial law: known until {}, after: {}, ended: {}".format(
        stamp.get("martial_law_known_until"), stamp.get("martial_law_after_known"), stamp.get("martial_law_ended")))
    for lang in ("uk", "en"):
        lines += ["", f"## {lang}", ""]
        doc = report.to_dict(lang)
        for a in doc["alerts"]:
            lines.append(f"[{a['level']}] {a['code']} {a['deadline'] or '-'}: {a['message']}")
            if a.get("follow"):
                lines.append(f"    → {a['follow']}")
        for d in sorted(report.deadlines, key=lambda x: x.id):
            lines += ["", explain_text(report, d.id, lang).rstrip("\n")]
            lines.append(f"  [start {_when(d.start)}; due {_when(d.due)}; at {_when(d.due_at)}; closed by "
                         f"{d.closed_by or '-'} on {_when(d.closed_on)}; days left {_when(d.days_left)}]")
    return "\n".join(lines) + "\n"


def file_name(index: int, key: str) -> str:
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in key.replace(".yaml::", "-").replace(".json", ""))
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{index:02d}-{slug.strip('-').lower()[:60]}.txt"


def _selected() -> list[str]:
    listing = SNAPSHOTS / "cases.txt"
    if not listing.exists():
        return []
    return [k for k in listing.read_text(encoding="utf-8").splitlines() if k and not k.startswith("#")]


@pytest.fixture(scope="module")
def loaders():
    return dict(candidates())


@pytest.mark.parametrize("index,key", list(enumerate(_selected(), 1)))
def test_explanation_is_as_reviewed(index, key, loaders):
    assert key in loaders, f"{key}: no such data case or example (renamed?); update tests/snapshots/cases.txt"
    got = render(key, loaders[key]())
    path = SNAPSHOTS / file_name(index, key)
    want = path.read_text(encoding="utf-8") if path.exists() else ""
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), str(path), "now", n=2))
        pytest.fail(f"the explanation changed; review the difference, then run python tools/snapshots.py\n{diff[:6000]}")

