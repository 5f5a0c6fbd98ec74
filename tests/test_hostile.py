"""Hostile and careless input (issue 16, docs/testing.md): each finding of reliability round two as a
family of inputs. The CLI runs in-process (fast); a few tests that need a real process (signals, console
encodings, FIFOs) run it as a subprocess.

The contract every test here checks: the exit code is a documented one (0, 1, 2, 3, 4, 130); on exit 2
stdout is empty and stderr holds one line per problem starting with "error:"; never a traceback."""

from __future__ import annotations

import io
import json
import os
import pathlib
import subprocess
import sys

import pytest

from procedure.cli import EXIT_CODES, main

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "borisov.json"
GOOD = {"case_id": "c", "as_of": "2025-06-20", "events": [{"id": "a", "type": "detained", "date": "2025-06-11"}]}


def cli(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run the CLI in this process with captured streams: (exit code, stdout, stderr)."""
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        code = main([str(a) for a in args])
        return code, sys.stdout.getvalue(), sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def run(*args: str, env: dict | None = None, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "procedure", *map(str, args)], capture_output=True, env=e, input=stdin,
                          cwd=str(ROOT), timeout=timeout)


def refused(code: int, out: str, err: str, *words: str) -> None:
    """Exit 2, nothing on stdout, every stderr line one `error:` line, no traceback, the words present."""
    assert code == 2, (code, err)
    assert out == ""
    assert err and all(line.startswith("error: ") for line in err.splitlines()), err
    assert "Traceback" not in err
    for w in words:
        assert w in err, (w, err)


def case_file(tmp_path: pathlib.Path, text: str | bytes, name: str = "case.json") -> pathlib.Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    return p


# --- C1, C2, W3: JSON that Python cannot turn into values, and duplicate keys -----------------------

BAD_JSON = {
    "bigint in an unknown field": ('{"case_id":"x","events":[],"n":' + "9" * 5000 + "}", "number too long"),
    "bigint negative": ('{"case_id":"x","events":[{"id":"a","type":"detained","date":"2025-06-11","n":-' + "1" * 4400 + "}]}",
                        "number too long"),
    "bigint as an attribute": ('{"case_id":"x","events":[{"id":"a","type":"detention_extended","date":"2025-06-11","months":'
                               + "7" * 4301 + "}]}", "number too long"),
    "lone surrogate in case_id": ('{"case_id":"x\\ud800","as_of":"2025-06-20","events":[{"id":"a","type":"detained",'
                                  '"date":"2025-06-11"}]}', "$.case_id"),
    "lone low surrogate in an event id": ('{"case_id":"x","events":[{"id":"a\\uDC00","type":"detained","date":"2025-06-11"}]}',
                                          "$.events[0].id"),
    "lone surrogate in a key": ('{"case_id":"x","events":[{"id":"a","type":"detained","date":"2025-06-11","\\ud83d":1}]}',
                                "lone surrogate"),
    "lone surrogate in a note": ('{"case_id":"x","events":[{"id":"a","type":"detained","date":"2025-06-11","note":"\\udfff"}]}',
                                 "$.events[0].note"),
    "duplicate top-level key": ('{"case_id":"first","case_id":"second","events":[{"id":"a","type":"detained",'
                                '"date":"2025-06-11"}]}', "'case_id'"),
    "duplicate key in an event": ('{"case_id":"x","events":[{"id":"a","type":"detained","date":"2025-06-11",'
                                  '"date":"2025-06-01"}]}', "'date'"),
    "duplicate key in a person": ('{"case_id":"x","persons":[{"id":"p","id":"q"}],"events":[{"id":"a","type":"detained",'
                                  '"date":"2025-06-11"}]}', "'id'"),
    "deep nesting": ('{"case_id":"x","events":[],"n":' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
}


@pytest.mark.parametrize("name", sorted(BAD_JSON))
@pytest.mark.parametrize("fmt", ["text", "json", "html", "ics"])
def test_json_python_cannot_hold_is_bad_input(tmp_path, name, fmt):
    text, words = BAD_JSON[name]
    refused(*cli("check", case_file(tmp_path, text), "--format", fmt), words)


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_json_python_cannot_hold_on_stdin(name):
    text, words = BAD_JSON[name]
    refused(*cli("check", "-", stdin=text.encode("utf-8")), words, "<stdin>")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_lines_never_stop_a_batch(tmp_path, jobs):
    good = json.dumps(GOOD)
    lines = [good] + [t for t, _ in BAD_JSON.values() if len(t) < 20_000] + [good]
    batch = case_file(tmp_path, "\n".join(lines) + "\n", "b.jsonl")
    code, out, err = cli("check", "--batch", batch, "--jobs", jobs)
    assert code == 3 and "Traceback" not in err
    records = [json.loads(x) for x in out.splitlines()]
    assert len(records) == len(lines)  # one record per line, in order, the last good line kept
    assert records[0]["case_id"] == records[-1]["case_id"] == "c"
    assert [r["line"] for r in records[1:-1]] == list(range(2, len(lines)))


# --- C3, U4, R1: every YAML through one safe loader, one line per error ------------------------------

BAD_YAML = {
    "impossible date": ("verified: 2025-02-30\n", "line 1"),
    "year zero": ("verified: 0000-01-01\n", "line 1"),
    "hour 25": ("x: 2025-01-01T25:00:00\n", "line 1"),
    "5000-digit integer": ("act: x\nn: " + "9" * 5000 + "\n", "line 2"),
    "sequence as a key": ("? [a, b]\n: c\n", "plain value"),
    "mapping as a key": ("? {a: 1}\n: c\n", "plain value"),
    "python tag": ("a: !!python/object/apply:os.system [echo hi]\n", "invalid YAML"),
    "alias": ("a: &x [1, 2]\nb: *x\n", "aliases"),
    "billion laughs": ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "aliases"),
    "not UTF-8": (b"act: \xff\xfe\n", "UTF-8"),
    "unclosed flow": ("a: [1, 2\nb: {\n", "invalid YAML"),
}


def _yaml(tmp_path, text, name="t.yaml"):
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    p = d / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return d, p


@pytest.mark.parametrize("name", sorted(BAD_YAML))
def test_rule_yaml_is_one_clear_line(tmp_path, name):
    text, words = BAD_YAML[name]
    d, p = _yaml(tmp_path, text)
    code, out, err = cli("validate", p)
    assert code == 2 and out == "" and "Traceback" not in err and words in err and len(err.splitlines()) == 1, err
    refused(*cli("check", SEED, "--rules", d), words, "t.yaml")


R = "regime: {holidays_are_working_days_from: 2022-03-24}\n"
BAD_MARTIAL_LAW = {
    "impossible start": (R + "periods: [{start: 2022-02-30T05:30, days: 10}]\n", "start"),
    "impossible date value": ("regime: {holidays_are_working_days_from: 2022-02-30}\nperiods: []\n", "line 1"),
    "days past a C int": (R + "periods: [{start: 2022-02-24T05:30, days: 10000000000}]\n", "days"),
    "days of a 5000-digit number": (R + "periods: [{start: 2022-02-24T05:30, days: " + "9" * 5000 + "}]\n", "line 2"),
    "end in year 10000": (R + "periods: [{start: 2022-02-24T05:30, end: 99999-01-01T00:00}]\n", "end"),
    "alias bomb": ("a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                   + R + "periods: []\n", "aliases"),
    "python tag": ("regime: !!python/name:os.system {}\nperiods: []\n", "invalid YAML"),
    "complex key": ("? [a]\n: b\nregime: {}\nperiods: []\n", "plain value"),
    "regime a list": ("regime: [1]\nperiods: []\n", "regime"),
    "basis a number": ("regime: {holidays_are_working_days_from: 2022-03-24, holidays_basis: 5}\nperiods: []\n", "martial-law"),
    "period a string": (R + "periods: [x]\n", "$.periods[0]"),
}


@pytest.mark.parametrize("name", sorted(BAD_MARTIAL_LAW))
@pytest.mark.parametrize("command", ["day", "check"])
def test_martial_law_yaml_is_one_clear_line(tmp_path, name, command):
    text, words = BAD_MARTIAL_LAW[name]
    p = tmp_path / "ml.yaml"
    p.write_text(text, encoding="utf-8")
    args = ("day", "2025-01-01") if command == "day" else ("check", SEED)
    refused(*cli(*args, "--martial-law", p), words)


# --- C5: output is UTF-8 whatever the console says ----------------------------------------------------

@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "cp1252"}, {"PYTHONIOENCODING": "ascii"},
                                 {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "latin-1"}])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_is_utf8_whatever_the_console(env, fmt):
    r = run("check", SEED, "--format", fmt, env=env)
    assert r.returncode == 0 and b"Traceback" not in r.stderr
    text = r.stdout.decode("utf-8")  # UTF-8, whatever was asked
    assert "2025-06-23" in text and ("п" in text or "\\u043f" in text)


# --- C7, R5: Ctrl-C ------------------------------------------------------------------------------------

def test_interrupt_is_one_line_and_130(monkeypatch):
    import procedure.cli as c

    def boom(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(c.COMMANDS, "check", boom)
    code, out, err = cli("check", SEED)
    assert code == 130 and err == "error: interrupted\n" and out == ""


# --- the one place: any exception is one line and exit 4, --debug shows the traceback -----------------

@pytest.mark.parametrize("exc", [AssertionError("x\ny"), KeyError("k"), ZeroDivisionError(), UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates")])
def test_internal_error_is_one_line_and_4(monkeypatch, exc):
    import procedure.cli as c

    def boom(args):
        raise exc

    monkeypatch.setitem(c.COMMANDS, "check", boom)
    code, out, err = cli("check", SEED)
    assert code == 4 and out == "" and len(err.splitlines()) == 1 and "internal error" in err and "--debug" in err
    code, out, err = cli("check", SEED, "--debug")
    assert code == 4 and "Traceback" in err


def test_exit_codes_are_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert f"**{code}**" in readme  # the table in README "Exit codes"


# --- U2: usage errors are one line ------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["check", SEED, "--jobs", "0"], ["check", SEED, "--jobs", "-1"], ["check", SEED, "--jobs", "abc"],
                                  ["check", SEED, "--jobs", "100000"], ["check", SEED, "--format", "pdf"], ["check"], [],
                                  ["frobnicate"], ["check", SEED, "--as-of", "2025-02-30"], ["day", "tomorrow"],
                                  ["check", SEED, "--no-such-option"]])
def test_usage_errors_are_one_line(args):
    code, out, err = cli(*args)
    refused(code, out, err, "usage")
    assert len(err.splitlines()) == 1
