"""The command line: exit codes, errors on stderr with nothing on stdout, determinism across TZ."""

import argparse
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = str(ROOT / "examples" / "borisov.json")


def run(*args, env=None, stdin=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "procedure", *args], capture_output=True, text=True, env=e, input=stdin,
                          cwd=str(ROOT))


def test_check_text():
    r = run("check", SEED)
    assert r.returncode == 0, r.stderr
    assert "ALERTS" in r.stdout and "2025-06-23" in r.stdout and r.stderr == ""


def test_check_json_and_stdin():
    a = run("check", SEED, "--format", "json")
    b = run("check", "-", "--format", "json", stdin=(ROOT / "examples" / "borisov.json").read_text(encoding="utf-8"))
    assert a.returncode == b.returncode == 0
    ja, jb = json.loads(a.stdout), json.loads(b.stdout)
    assert ja["deadlines"] == jb["deadlines"]
    assert ja["format"] == "procedure.report/1"


def test_fail_on():
    assert run("check", SEED, "--fail-on", "critical").returncode == 1
    assert run("check", SEED, "--fail-on", "info").returncode == 1


def test_as_of_flag_wins():
    r = run("check", SEED, "--as-of", "2025-07-04", "--format", "json")
    data = json.loads(r.stdout)
    assert data["as_of"] == "2025-07-04"
    appellate = next(d for d in data["deadlines"] if d["id"] == "kas.289.appeal_decide@first-instance")
    assert appellate["status"] == "overdue"  # due 2025-07-03 (KAS 289 p17), no appellate decision recorded


def test_lang_uk():
    r = run("check", SEED, "--lang", "uk")
    assert "ПОТРЕБУЄ УВАГИ" in r.stdout and "пропущено" in r.stdout


def test_explain():
    r = run("explain", SEED, "kas.289.appeal_decide@first-instance")
    assert r.returncode == 0 and "2025-07-03" in r.stdout and "289" in r.stdout


def test_explain_unknown_id():
    r = run("explain", SEED, "nope")
    assert r.returncode == 2 and r.stdout == "" and "no such deadline" in r.stderr


def test_missing_file():
    r = run("check", "/nonexistent/case.json")
    assert r.returncode == 2 and r.stdout == "" and "cannot read" in r.stderr and "Traceback" not in r.stderr


def test_bad_as_of_is_usage_error():
    r = run("check", SEED, "--as-of", "2025-02-30")
    assert r.returncode == 2 and r.stdout == "" and "not a date" in r.stderr


def test_rules_and_events_commands():
    r = run("rules", "--format", "json", "--as-of", "2025-06-20")
    rules = json.loads(r.stdout)
    ids = {x["id"] for x in rules}
    assert "kas.289.appeal" in ids
    one = next(x for x in rules if x["id"] == "kas.289.appeal")
    assert one["basis"][0]["act"] == "2747-IV" and one["in_force"]["from"] == "2017-12-15"
    assert set(one["title"]) == {"uk", "en"}
    ev = json.loads(run("events", "--format", "json").stdout)
    court = next(x for x in ev if x["type"] == "court_decision")
    assert "kas.289.appeal" in court["starts"]


def test_validate_bundled_rules_ok():
    r = run("validate", str(ROOT / "rules"))
    assert r.returncode == 0, r.stderr


def test_day_command():
    r = run("day", "2022-05-09")
    assert "working day" in r.stdout and "martial law" in r.stdout


@pytest.mark.parametrize("tz", ["UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_same_bytes_under_any_timezone_and_locale(tz):
    base = run("check", SEED, "--format", "json", env={"TZ": "Europe/Kyiv", "LC_ALL": "C"}).stdout
    other = run("check", SEED, "--format", "json", env={"TZ": tz, "LC_ALL": "C.UTF-8", "LANG": "uk_UA.UTF-8"}).stdout
    assert base == other and base


def test_timeline_file(tmp_path):
    out = tmp_path / "case.svg"
    r = run("check", SEED, "--timeline", str(out))
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("<svg")


def test_as_of_outside_the_calendar_is_refused():
    r = run("check", SEED, "--as-of", "1800-01-01")
    assert r.returncode == 2 and r.stdout == "" and "as_of" in r.stderr and "outside the range" in r.stderr


def test_jobs_must_be_positive():
    r = run("check", "--batch", SEED, "--jobs", "0")
    assert r.returncode == 2 and r.stdout == "" and "positive" in r.stderr


def test_parser_of_one_command_is_the_full_parser_for_that_command():
    """A run declares only its own command's options (a cold start's cost): for every command, its
    help, the top-level help and the parse of its arguments are those of the parser with every command."""
    from procedure import cli

    full = cli._build_parser()

    def subs(p):
        return next(a for a in p._actions if isinstance(a, argparse._SubParsersAction)).choices

    assert tuple(subs(full)) == cli.COMMAND_NAMES  # a new command is listed there too
    samples = {"check": ["check", "c.json", "--format", "json", "--as-of", "2025-06-14", "--rules", "r", "--lang", "uk"],
               "explain": ["explain", "c.json", "d@e1", "--as-of", "2025-06-14"], "rules": ["rules", "--as-of", "2025-01-01"],
               "events": ["events", "--format", "json"], "new": ["new", "fine", "--lang", "uk"], "validate": ["validate", "x"],
               "agenda": ["agenda", "dir", "--party", "court", "--format", "csv"], "diff": ["diff", "a", "b"],
               "impact": ["impact", "dir", "--explain"], "day": ["day", "2025-01-01", "-o", "x"]}
    for name in cli.COMMAND_NAMES:
        one = cli._build_parser(name)
        assert one.format_help() == full.format_help()
        assert subs(one)[name].format_help() == subs(full)[name].format_help()
        assert vars(one.parse_args(samples[name])) == vars(full.parse_args(samples[name]))
    assert cli._parser("check") is cli._parser("check") and cli._parser("nonsense") is cli._parser(None)
