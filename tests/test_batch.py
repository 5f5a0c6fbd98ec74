"""Batch mode: one report per line, in order, bad lines reported without stopping; Dask when installed."""

import json
import pathlib
import subprocess
import sys

import pytest

from procedure.batch import check_lines

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = json.loads((ROOT / "examples" / "borisov.json").read_text(encoding="utf-8"))


def lines(n, bad_at=()):
    for i in range(n):
        if i in bad_at:
            yield "{not json"
        else:
            yield json.dumps({**SEED, "case_id": f"c{i}"})


def test_order_and_errors():
    out = list(check_lines(lines(6, bad_at={2, 4})))
    assert [ok for ok, _ in out] == [True, True, False, True, False, True]
    assert [json.loads(t)["case_id"] for ok, t in out if ok] == ["c0", "c1", "c3", "c5"]
    assert json.loads(out[2][1])["line"] == 3


def test_lazy():
    gen = check_lines(lines(10**9))  # an endless input: only what is pulled is evaluated
    assert next(gen)[0] is True


def test_cli_batch_exit_code(tmp_path):
    f = tmp_path / "cases.jsonl"
    f.write_text("\n".join(lines(3, bad_at={1})) + "\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "procedure", "check", "--batch", str(f)], capture_output=True, text=True)
    assert r.returncode == 3
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows[0]["case_id"] == "c0" and rows[1]["line"] == 2 and rows[2]["case_id"] == "c2"
    assert "line 2" in r.stderr


def test_cli_batch_parallel_same_output(tmp_path):
    f = tmp_path / "cases.jsonl"
    f.write_text("\n".join(lines(40, bad_at={7})) + "\n", encoding="utf-8")
    one = subprocess.run([sys.executable, "-m", "procedure", "check", "--batch", str(f), "--as-of", "2025-06-20"], capture_output=True, text=True)
    two = subprocess.run([sys.executable, "-m", "procedure", "check", "--batch", str(f), "--as-of", "2025-06-20", "--jobs", "2"],
                         capture_output=True, text=True)
    assert one.stdout == two.stdout and one.returncode == two.returncode == 3


def test_dask_bag():
    dask_bag = pytest.importorskip("dask.bag")
    import dask

    from procedure.batch import check_lines as fn

    bag = dask_bag.from_sequence(list(lines(20)), npartitions=4)
    out = bag.map_partitions(lambda part: [t for _, t in fn(part)]).compute(scheduler="processes", num_workers=2)
    assert [json.loads(t)["case_id"] for t in out] == [f"c{i}" for i in range(20)]


def test_check_many_over_mappings():
    from procedure.batch import check_many

    cases = [{**SEED, "case_id": "a"}, {"case_id": "bad", "events": [{"id": "x"}]}, {**SEED, "case_id": "b"}]
    out = list(check_many(iter(cases)))
    assert [ok for ok, _ in out] == [True, False, True]
    assert out[0][1].case.case_id == "a" and "missing required field" in str(out[1][1])


def test_cli_bad_case_all_problems_nothing_on_stdout(tmp_path):
    bad = {**SEED, "events": [dict(SEED["events"][0], date="2025-02-30"), dict(SEED["events"][1], type="nope")]}
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(bad), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "procedure", "check", str(f)], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and all(str(f) in x for x in lines) and "Traceback" not in r.stderr
    assert "$.events[0].date" in lines[0] and "$.events[1].type" in lines[1]


def test_cli_batch_output_file_keeps_the_reports(tmp_path):
    f = tmp_path / "cases.jsonl"
    f.write_text("\n".join(lines(2)) + "\n", encoding="utf-8")
    out = tmp_path / "reports.jsonl"
    r = subprocess.run([sys.executable, "-m", "procedure", "check", "--batch", str(f), "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == ""
    assert [json.loads(x)["case_id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["c0", "c1"]
