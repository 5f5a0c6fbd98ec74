"""The timeline picture (procedure.timeline): valid SVG, one bar per dated deadline, the as-of line, deterministic."""

import os
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import procedure
from procedure.errors import UsageError
from procedure.timeline import report_to_svg

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "borisov.json"
NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def report():
    return procedure.check(SEED)


def _by_class(root, tag, cls):
    return [el for el in root.iter(NS + tag) if el.get("class") == cls]


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_parses_and_has_one_bar_per_dated_deadline(report, lang):
    root = ET.fromstring(report_to_svg(report, lang))
    assert root.tag == NS + "svg"
    bars = _by_class(root, "rect", "bar")
    dated = [d for d in report.deadlines if d.due is not None]
    assert len(bars) == len(dated) > 0
    rows = [g.get("data-id") for g in _by_class(root, "g", "deadline")]
    assert rows == [d.id for d in dated]  # in the report's order: by due date


def test_bars_fit_the_picture_and_run_forward(report):
    root = ET.fromstring(report_to_svg(report))
    width = float(root.get("width"))
    for bar in _by_class(root, "rect", "bar"):
        x, w = float(bar.get("x")), float(bar.get("width"))
        assert 0 < x and w > 0 and x + w < width


def test_as_of_line(report):
    svg = report_to_svg(report)
    root = ET.fromstring(svg)
    lines = _by_class(root, "line", "as-of")
    assert len(lines) == 1 and lines[0].get("x1") == lines[0].get("x2")
    labels = ["".join(t.itertext()) for t in _by_class(root, "text", "as-of-label")]
    assert labels == [f"as of {report.as_of.isoformat()}"]
    uk = ET.fromstring(report_to_svg(report, "uk"))
    assert ["".join(t.itertext()) for t in _by_class(uk, "text", "as-of-label")] == [f"станом на {report.as_of.strftime('%d.%m.%Y')}"]


def test_statuses_are_words_and_not_started_is_listed(report):
    root = ET.fromstring(report_to_svg(report))
    words = " ".join("".join(t.itertext()) for t in _by_class(root, "text", "status"))
    for d in report.deadlines:
        if d.due is not None:
            assert d.status.replace("_", " ") in words
    pending = [g.get("data-id") for g in _by_class(root, "g", "pending")]
    assert pending == [d.id for d in report.deadlines if d.due is None]
    events = [g.get("data-event") for g in _by_class(root, "g", "event-item")]
    assert sorted(events) == sorted(e.id for e in report.case.events)


def test_byte_identical_across_runs(report):
    again = procedure.check(SEED)
    assert report_to_svg(report) == report_to_svg(again)
    assert report_to_svg(report, "uk") == report_to_svg(again, "uk")


def test_byte_identical_across_processes(report):
    code = "import sys, procedure; from procedure.timeline import report_to_svg; " \
           f"sys.stdout.buffer.write(report_to_svg(procedure.check({str(SEED)!r})).encode())"
    env = {**os.environ, "PYTHONHASHSEED": "12345",
           "PYTHONPATH": os.pathsep.join([str(pathlib.Path(procedure.__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True).stdout
    assert out == report_to_svg(report).encode()


def test_text_is_escaped():
    case = {"case_id": "a<b>&\"c\"", "as_of": "2025-07-01",
            "events": [{"id": "d<1>", "type": "court_decision", "date": "2025-06-13", "proceeding": "kas_289",
                        "instance": "first", "subject": "detention", "outcome": "refused"}]}
    try:
        report = procedure.check(case)
    except procedure.CaseError:
        pytest.skip("the case schema refuses these ids")
    svg = report_to_svg(report)
    ET.fromstring(svg)
    assert "a<b>" not in svg and "a&lt;b&gt;&amp;" in svg


def test_a_long_gap_is_cut_from_the_axis(report):
    root = ET.fromstring(report_to_svg(report))
    # The seed case has a term from 2024 and events in June 2025: the months between are cut out.
    assert _by_class(root, "rect", "cut")


def test_unknown_language(report):
    with pytest.raises(UsageError):
        report_to_svg(report, "de")
