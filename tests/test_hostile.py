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


# --- R6, C4, U5: only regular files are read, every read has a bound ----------------------------------

def _fifo(tmp_path, name):
    p = tmp_path / name
    os.mkfifo(p)
    return p


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("where", ["case", "batch", "martial-law", "rules dir", "validate"])
def test_fifo_refused_at_once(tmp_path, where):
    # A FIFO with no writer used to block in open() for ever: the run must end at once (the timeout fails it).
    if where == "case":
        r = run("check", _fifo(tmp_path, "c.json"), timeout=30)
    elif where == "batch":
        r = run("check", "--batch", _fifo(tmp_path, "c.jsonl"), timeout=30)
    elif where == "martial-law":
        r = run("check", SEED, "--martial-law", _fifo(tmp_path, "ml.yaml"), timeout=30)
    elif where == "rules dir":
        (tmp_path / "r").mkdir()
        _fifo(tmp_path / "r", "x.yaml")
        r = run("check", SEED, "--rules", tmp_path / "r", timeout=30)
    else:
        r = run("validate", _fifo(tmp_path, "x.yaml"), timeout=30)
    assert r.returncode == 2 and b"FIFO" in r.stderr and b"Traceback" not in r.stderr and r.stdout in (b"",), r.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "DIR"])
@pytest.mark.parametrize("where", ["case", "martial-law", "rules symlink", "validate"])
def test_devices_and_directories_refused(tmp_path, target, where):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    t = str(tmp_path) if target == "DIR" else target
    if where == "case":
        code, out, err = cli("check", t)
    elif where == "martial-law":
        code, out, err = cli("check", SEED, "--martial-law", t)
    elif where == "rules symlink":
        (tmp_path / "r").mkdir()
        (tmp_path / "r" / "x.yaml").symlink_to(t)
        code, out, err = cli("check", SEED, "--rules", tmp_path / "r")
    else:
        (tmp_path / "r").mkdir(exist_ok=True)
        link = tmp_path / "r" / "v.yaml"
        link.symlink_to(t)
        code, out, err = cli("validate", link)
        assert code == 2 and "no such file" not in err and "Traceback" not in err, err  # U5: it exists
        return
    refused(code, out, err)


@pytest.mark.parametrize("size", [5_000_001, 6_000_000, 12_000_000])
def test_stdin_bounded(size):
    code, out, err = cli("check", "-", stdin=b" " * size)
    refused(code, out, err, "too large")


def test_stdin_refused_before_the_writer_closes():
    # 6 MB written, the writer stays open: refused as soon as the limit is passed, not at EOF.
    import time

    p = subprocess.Popen([sys.executable, "-m", "procedure", "check", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=str(ROOT))
    try:
        t = time.monotonic()
        try:
            p.stdin.write(b" " * 6_000_000)
            p.stdin.flush()
        except BrokenPipeError:
            pass  # it stopped reading after 5 MB: refused before the end
        code = p.wait(timeout=30)
        assert code == 2 and time.monotonic() - t < 30
        assert b"too large" in p.stderr.read()
    finally:
        p.kill()
        p.wait()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("size", [5_000_001, 20_000_000])
def test_batch_line_bounded(tmp_path, jobs, size):
    good = json.dumps(GOOD).encode()
    batch = tmp_path / "b.jsonl"
    batch.write_bytes(good + b"\n" + b"x" * size + b"\n" + good + b"\n")
    code, out, err = cli("check", "--batch", batch, "--jobs", jobs)
    assert code == 3 and "line too long" in err and "Traceback" not in err
    records = [json.loads(x) for x in out.splitlines()]
    assert [r.get("case_id", r.get("line")) for r in records] == ["c", 2, "c"]


@pytest.mark.parametrize("jobs", ["65", "1000", "99999999999"])
def test_jobs_upper_bound(jobs):
    refused(*cli("check", "--batch", SEED, "--jobs", jobs), "--jobs", "64")


def test_jobs_reduced_to_the_cpus(tmp_path, monkeypatch):
    import procedure.batch as b

    seen = {}
    real = b.check_lines_parallel

    def spy(lines, jobs, *a, **k):
        seen["jobs"] = jobs
        return real(lines, jobs, *a, **k)

    monkeypatch.setattr(b, "check_lines_parallel", spy)
    batch = case_file(tmp_path, (json.dumps(GOOD) + "\n") * 3, "b.jsonl")
    code, out, err = cli("check", "--batch", batch, "--jobs", "64")
    assert code == 0 and len(out.splitlines()) == 3
    assert seen.get("jobs", 1) <= max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_ctrl_c_ends_a_parallel_batch_cleanly(tmp_path, attempt):
    import signal
    import time

    batch = tmp_path / "b.jsonl"
    case = json.loads(SEED.read_text(encoding="utf-8"))
    with batch.open("w", encoding="utf-8") as fh:
        for i in range(4000):
            case["case_id"] = f"c{i}"
            fh.write(json.dumps(case) + "\n")
    p = subprocess.Popen([sys.executable, "-m", "procedure", "check", "--batch", str(batch), "--jobs", "2"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(ROOT), start_new_session=True)
    try:
        time.sleep(2.0 + attempt * 0.7)  # start-up, then mid-batch, at a different moment each time
        os.killpg(p.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
        code = p.wait(timeout=60)
        err = p.stderr.read().decode()
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    assert code in (130, 0), err  # 0 only if the batch finished first
    assert "Traceback" not in err and all(line.startswith("error: ") for line in err.splitlines()), err


# --- R2: explain renders one deadline; the engine stays near-linear ---------------------------------------

def test_explain_renders_only_its_deadline(monkeypatch):
    import procedure.report as rep

    sizes = []
    real = rep.report_to_dict

    def spy(report, lang="en"):
        sizes.append(len(report.deadlines))
        return real(report, lang)

    monkeypatch.setattr(rep, "report_to_dict", spy)
    code, out, err = cli("explain", SEED, "kas.289.appeal@first-instance")
    assert code == 0 and sizes == [1]


def test_engine_near_linear_in_events():
    """Work, not time: the number of Python function calls made by evaluate() is counted (deterministic,
    unlike a stopwatch on a shared machine; the timed figure is bench key events_10k_vs_1k_ratio)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import worst_inputs

    import procedure
    from procedure.case import parse_case
    from procedure.engine import clear_memo, evaluate

    rules = procedure.load_rules()

    def calls(n):
        cases = [parse_case(make(n), rules) for make in (worst_inputs.decisions_appeals, worst_inputs.mixed, worst_inputs.extensions)]
        clear_memo()
        count = 0

        def profile(frame, event, arg):
            nonlocal count
            if event == "call":
                count += 1

        sys.setprofile(profile)
        try:
            for c in cases:
                evaluate(c, rules)
        finally:
            sys.setprofile(None)
        return count

    small, big = calls(200), calls(2000)
    # Linear is 10 (measured 8.7). The engine before the reference index (703cb50~1) gave 77: a scan of
    # all events per event, so ten times the events made about a hundred times the calls.
    assert big / small < 13, (small, big)


# --- W1: --batch honours --fail-on and refuses what it cannot honour --------------------------------------

def test_batch_fail_on(tmp_path):
    case = json.loads(SEED.read_text(encoding="utf-8"))
    batch = case_file(tmp_path, json.dumps(case) + "\n" + json.dumps(GOOD) + "\n", "b.jsonl")
    assert cli("check", "--batch", batch, "--fail-on", "warning")[0] == 1  # the seed has critical alerts
    assert cli("check", "--batch", batch, "--fail-on", "critical")[0] == 1
    assert cli("check", "--batch", batch)[0] == 0
    quiet = dict(GOOD, as_of="2025-06-11")  # the detention day itself: 72 hours still open, no alert above info
    batch2 = case_file(tmp_path, json.dumps(quiet) + "\n", "q.jsonl")
    code, out, _ = cli("check", "--batch", batch2, "--fail-on", "critical")
    levels = {a["level"] for a in json.loads(out)["alerts"]}
    assert code == (1 if "critical" in levels else 0)
    bad = case_file(tmp_path, json.dumps(case) + "\n{\n", "bad.jsonl")
    assert cli("check", "--batch", bad, "--fail-on", "info")[0] == 3  # refused lines win over the alert code


@pytest.mark.parametrize("extra", [["--format", "text"], ["--format", "html"], ["--format", "ics"], ["--timeline", "t.svg"]])
def test_batch_refuses_what_it_cannot_honour(tmp_path, extra):
    batch = case_file(tmp_path, json.dumps(GOOD) + "\n", "b.jsonl")
    refused(*cli("check", "--batch", batch, *extra), extra[0])
    assert not (tmp_path / "t.svg").exists()


def test_batch_json_and_output_file(tmp_path):
    batch = case_file(tmp_path, json.dumps(GOOD) + "\n", "b.jsonl")
    out_file = tmp_path / "out.jsonl"
    code, out, err = cli("check", "--batch", batch, "--format", "json", "-o", out_file)
    assert code == 0 and out == "" and json.loads(out_file.read_text(encoding="utf-8"))["case_id"] == "c"


# --- W2, U7, D2: the cache can be switched off; a bad entry is never blamed on a good file --------------

@pytest.mark.parametrize("how", [{"PROCEDURE_CACHE_DIR": "off"}, {"PROCEDURE_CACHE_DIR": "OFF"}, {"PROCEDURE_CACHE_DIR": ""}, "--no-cache"])
def test_cache_off(tmp_path, how):
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    args = ["check", SEED]
    if how == "--no-cache":
        env["PROCEDURE_CACHE_DIR"] = str(tmp_path / "cache")
        args.append("--no-cache")
    else:
        env.update(how)
    r = run(*args, env=env)
    assert r.returncode == 0
    for d in ("cache", "xdg", "home", "off", "OFF"):
        assert not (tmp_path / d).exists() or not any((tmp_path / d).rglob("*.json")), d
    assert not (ROOT / "off").exists()


def _poison(cache: pathlib.Path, rule_file: str, change) -> None:
    import hashlib

    from procedure._cache import cache_dir
    from procedure.ruleset import _schema_digest

    raw = (ROOT / "rules" / rule_file).read_bytes()
    key = hashlib.sha256(_schema_digest("rules.schema.json").encode() + b"\0" + raw).hexdigest()
    os.environ["PROCEDURE_CACHE_DIR"], saved = str(cache), os.environ.get("PROCEDURE_CACHE_DIR")
    try:
        path = cache_dir() / f"{key}.json"
    finally:
        os.environ["PROCEDURE_CACHE_DIR"] = saved
    entry = json.loads(path.read_bytes().partition(b"\n")[2])
    change(entry)
    body = json.dumps(entry).encode()
    path.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def _set_term(entry, value):
    for r in entry["data"]["rules"]:
        for v in r.get("versions", ()):
            if "period" in v:
                v["period"] = value
                return


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    """A cache filled by one clean run, and that run's report."""
    cache = tmp_path_factory.mktemp("warm") / "cache"
    clean = run("check", SEED, "--format", "json", env={"PROCEDURE_CACHE_DIR": str(cache)})
    assert clean.returncode == 0
    return cache, clean.stdout


@pytest.mark.parametrize("bad", [
    lambda e: _set_term(e, {"days": "soon"}),
    lambda e: _set_term(e, {"days": [1, 2]}),
    lambda e: _set_term(e, {"fortnights": 3}),
    lambda e: e["data"]["rules"].__setitem__(0, 42),
    lambda e: e["data"]["rules"][0].pop("id"),
    lambda e: e["data"].__setitem__("rules", "none"),
])
def test_bad_cache_entry_never_blamed_on_a_good_file(tmp_path, warm_cache, bad):
    import shutil

    cache = tmp_path / "cache"
    shutil.copytree(warm_cache[0], cache)
    env = {"PROCEDURE_CACHE_DIR": str(cache)}
    _poison(cache, "ua/kas-289.yaml", bad)
    r = run("check", SEED, "--format", "json", env=env)
    assert r.returncode == 0 and r.stderr == b"", r.stderr
    assert r.stdout == warm_cache[1]
    assert run("check", SEED, "--format", "json", env=env).stdout == warm_cache[1]  # and again, from the rewritten entry


def test_stale_cache_temporary_files_removed(tmp_path, warm_cache):
    import time

    from procedure._version import __version__

    import shutil

    cache = tmp_path / "cache"
    shutil.copytree(warm_cache[0], cache)
    d = next(cache.glob("validated-rules-*"))
    old, new = d / ".entry-old.json", d / ".entry-new.json"
    old.write_text("x")
    new.write_text("x")
    past = time.time() - 7200
    os.utime(old, (past, past))
    # a run that writes an entry (a rule file not seen before) cleans up
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "x.yaml").write_text("act: x\nrules: []\n", encoding="utf-8")
    run("check", SEED, "--rules", extra, env={"PROCEDURE_CACHE_DIR": str(cache)})
    assert not old.exists() and new.exists()  # a recent one may belong to a run still writing


# --- I1, I2, I4, I5: control characters ----------------------------------------------------------------

CONTROLS = ["\n", "\r", "\x00", "\x1b[2J", "\u202e", "\u2066", "\x85", "\u2028", "\t", "\x7f"]


def _with_id(field: str, value: str) -> dict:
    case = {"case_id": "c", "as_of": "2025-06-20",
            "persons": [{"id": "p", "documents": [{"id": "doc", "type": "permanent_residence_permit"}]}],
            "events": [{"id": "a", "type": "detained", "date": "2025-06-11", "person": "p"},
                       {"id": "b", "type": "released", "date": "2025-06-12", "person": "p", "refs": ["a"]}]}
    if field == "case_id":
        case["case_id"] = value
    elif field == "person":
        case["persons"][0]["id"] = value
        for e in case["events"]:
            e["person"] = value
    elif field == "document":
        case["persons"][0]["documents"][0]["id"] = value
    elif field == "event":
        case["events"][0]["id"] = value
        case["events"][1]["refs"] = [value]
    return case


@pytest.mark.parametrize("ch", CONTROLS)
@pytest.mark.parametrize("field,where", [("case_id", "$.case_id"), ("person", "$.persons[0].id"),
                                         ("document", "$.persons[0].documents[0].id"), ("event", "$.events[0].id")])
def test_control_characters_refused_in_ids(tmp_path, ch, field, where):
    text = json.dumps(_with_id(field, f"x{ch}FORGED: all clear"))
    code, out, err = cli("check", case_file(tmp_path, text))
    refused(code, out, err, where, "control")
    assert len(err.splitlines()) >= 1 and "\x1b" not in err and "\u202e" not in err and "\r" not in err


def _hostile_report():
    import attrs

    import procedure

    report = procedure.check(str(SEED))
    evil = "x\n\nALERTS\n  !! CRITICAL All clear\x1b[2J\u202e\x01\r" + "\ud800"
    case = attrs.evolve(report.case, case_id=evil)
    d0 = report.deadlines[0]
    rule = attrs.evolve(d0.rule, title=attrs.evolve(d0.rule.title, en=evil, uk=evil))
    deadlines = (attrs.evolve(d0, rule=rule),) + report.deadlines[1:]
    return attrs.evolve(report, case=case, deadlines=deadlines)


@pytest.mark.parametrize("fmt", ["text", "html", "svg", "ics"])
def test_free_text_escaped_in_every_rendered_format(fmt):
    report = _hostile_report()
    out = {"text": report.to_text, "html": report.to_html, "svg": report.to_svg}.get(fmt)
    if fmt == "ics":
        from procedure.ics import report_to_ics

        text = report_to_ics(report, "en")
    else:
        text = out("en")
    for bad in ("\x1b", "\u202e", "\x01", "\ud800"):
        assert bad not in text, (fmt, bad)
    if fmt == "text":
        assert "\n  !! CRITICAL All clear" not in text  # no forged alert line
        assert "\r" not in text
    if fmt == "svg":
        import xml.etree.ElementTree as ET

        ET.fromstring(text)  # well-formed XML
    if fmt == "ics":
        assert "\r\n" in text and "\r" not in text.replace("\r\n", "")  # no bare CR
        assert all(not line.startswith(("BEGIN:VCALENDAR", "END:VCALENDAR")) or line in ("BEGIN:VCALENDAR", "END:VCALENDAR")
                   for line in text.split("\r\n"))
        assert text.count("BEGIN:VCALENDAR") == 1


@pytest.mark.parametrize("name", ["a\nerror: forged.json", "a\x1b[2Jb.json", "a\u202eb.json", "a\rb.json"])
def test_file_names_cannot_forge_lines(tmp_path, name):
    code, out, err = cli("check", tmp_path / name)  # does not exist
    refused(code, out, err, "cannot read")
    assert len(err.splitlines()) == 1 and "\x1b" not in err and "\u202e" not in err and "\r" not in err


# --- I3: rule loading and disclosure ---------------------------------------------------------------------

@pytest.mark.parametrize("content", ["root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n",
                                     "aws_secret_access_key: AKIAEXAMPLESECRET123\n",
                                     "- secret-token-1234567890\n- another\n", "password: hunter2hunter2\n"])
@pytest.mark.parametrize("how", ["symlink in dir", "validate dir", "validate file", "file in dir"])
def test_rule_loading_discloses_no_file(tmp_path, content, how):
    outside = tmp_path / "outside.txt"
    outside.write_text(content, encoding="utf-8")
    d = tmp_path / "r"
    d.mkdir()
    if how == "file in dir":
        (d / "x.yaml").write_text(content, encoding="utf-8")
    else:
        (d / "x.yaml").symlink_to(outside)
    if how == "symlink in dir":
        code, out, err = cli("check", SEED, "--rules", d)
    elif how == "validate dir":
        code, out, err = cli("validate", d)
    else:
        code, out, err = cli("validate", d / "x.yaml")
    assert code == 2 and "Traceback" not in err
    for secret in ("AKIAEXAMPLESECRET123", "/bin/bash", "secret-token-1234567890", "hunter2hunter2", "daemon"):
        assert secret not in err, err
    if how in ("symlink in dir", "validate dir"):
        assert "symlink" in err


# --- D1: every file the CLI writes is written whole or not at all -----------------------------------------

@pytest.mark.parametrize("flag", ["-o", "--output", "--timeline"])
@pytest.mark.parametrize("bad", [BAD_JSON["lone surrogate in case_id"][0], "{", '{"case_id":"x"}'])
def test_failed_run_keeps_the_old_file(tmp_path, flag, bad):
    target = tmp_path / "keep.out"
    target.write_text("precious", encoding="utf-8")
    code, out, err = cli("check", case_file(tmp_path, bad), flag, target)
    assert code == 2 and target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.parametrize("command", [["check", SEED], ["check", SEED, "--format", "json"], ["explain", SEED, "kas.289.appeal@first-instance"],
                                     ["rules"], ["events"], ["day", "2025-08-24"]])
def test_output_file_on_every_report_command(tmp_path, command):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    code, out, err = cli(*command, "-o", target)
    assert code in (0, 1) and out == "" and target.read_text(encoding="utf-8") not in ("", "old")
    code2, out2, _ = cli(*command)
    assert target.read_text(encoding="utf-8") == out2


def test_stale_output_temporaries_removed(tmp_path):
    import time

    target = tmp_path / "r.txt"
    stale = tmp_path / ".r.txt.procedure-abc.tmp"
    stale.write_text("x")
    past = time.time() - 7200
    os.utime(stale, (past, past))
    assert cli("check", SEED, "-o", target)[0] == 1 or target.exists()
    assert not stale.exists()


@pytest.mark.parametrize("flag", ["-o", "--timeline"])
def test_cannot_write_says_so(tmp_path, flag):
    code, out, err = cli("check", SEED, flag, tmp_path / "no" / "such" / "dir" / "x")
    refused(code, out, err, "cannot write")
    code, out, err = cli("check", SEED, flag, tmp_path)  # a directory
    refused(code, out, err, "cannot write")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="Linux /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_full_disk_on_stdout_says_cannot_write(fmt):
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "procedure", "check", str(SEED), "--format", fmt], stdout=full,
                           stderr=subprocess.PIPE, cwd=str(ROOT))
    assert r.returncode == 2 and r.stderr.decode().splitlines() == ["error: <stdout>: cannot write: No space left on device"]


# --- U1, U6, W4: clear errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("birth,as_of", [("2032-03-01", "2050-06-01"), ("2031-02-28", "2049-01-01"), ("2040-12-31", "2060-01-01")])
def test_date_past_the_calendar_is_an_alert_on_that_deadline(tmp_path, birth, as_of):
    # The age-45 exchange of a booklet permit falls after 2075 (e.g. 2032-03-01 + 45 years = 2077-03-01):
    # that one deadline is an alert naming rule, person and document; the rest of the case is reported.
    case = {"case_id": "b", "as_of": as_of,
            "persons": [{"id": "p", "birth_date": birth, "documents": [{"id": "prp", "type": "permanent_residence_permit",
                                                                          "form": "booklet_2012", "issued": as_of[:4] + "-01-01"}]}],
            "events": [{"id": "a", "type": "detained", "date": as_of[:4] + "-01-02", "person": "p", "by": "migration_service",
                        "ground": "identification_expulsion"}]}
    code, out, err = cli("check", case_file(tmp_path, json.dumps(case)), "--format", "json")
    assert code == 0 and err == ""
    rep = json.loads(out)
    alert = next(a for a in rep["alerts"] if a["code"] == "alert.out_of_range")
    assert "docs.prp_booklet.exchange" in alert["message"] and "person p" in alert["message"] and "prp" in alert["message"]
    assert any(d["rule"] == "const.29.detention_72h" for d in rep["deadlines"])  # the other deadlines are there


@pytest.mark.parametrize("text", [json.dumps(GOOD, indent=2), json.dumps([GOOD, GOOD], indent=1), "[\n" + json.dumps(GOOD) + "\n]"])
def test_pretty_printed_case_to_batch_gets_one_hint(tmp_path, text):
    code, out, err = cli("check", "--batch", case_file(tmp_path, text, "b.jsonl"))
    refused(code, out, err, "JSON Lines")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("months", [7, 12, 10**15, 2**63])
def test_extension_above_its_maximum_says_so(tmp_path, months):
    case = {"case_id": "e", "as_of": "2025-09-01", "persons": [{"id": "p"}], "events": [
        {"id": "c", "type": "claim_filed", "date": "2025-06-12", "person": "p", "proceeding": "kas_289", "subject": "detention",
         "claimant": "authority"},
        {"id": "d", "type": "court_decision", "date": "2025-06-13", "person": "p", "refs": ["c"], "proceeding": "kas_289",
         "instance": "first", "subject": "detention", "outcome": "granted", "term_start": "2025-06-11", "months": 6},
        {"id": "x", "type": "detention_extended", "date": "2025-11-01", "person": "p", "refs": ["d"], "months": months}]}
    code, out, err = cli("explain", case_file(tmp_path, json.dumps(case)), "kas.289.detention_term@d")
    assert code == 0, err
    assert f"The event gives {months}; at most 6 months applies" in out


# --- R7: the cache directory is bounded (entries of edited rule files are never read again) -----------

def test_cache_directory_is_pruned_past_its_bound(tmp_path, monkeypatch):
    import os

    from procedure import _cache
    from procedure._safe import prune

    d = tmp_path / "c"
    d.mkdir()
    for i in range(40):
        f = d / f"k{i:02}.json"
        f.write_text("x")
        os.utime(f, (1_000_000 + i, 1_000_000 + i))  # k00 written first
    (d / ".entry-left.json").write_text("x")  # a temporary file is not an entry
    assert prune(str(d), 50) == 0 and len(list(d.glob("k*.json"))) == 40
    assert prune(str(d), 20) == 25  # down to three quarters of the bound, the oldest first
    left = sorted(p.name for p in d.glob("k*.json"))
    assert left == [f"k{i:02}.json" for i in range(25, 40)]
    assert (d / ".entry-left.json").exists()
    # the cache prunes its own directory once a process, on its first write
    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "root"))
    monkeypatch.setattr(_cache, "MAX_ENTRIES", 8)
    monkeypatch.setattr(_cache, "_cleaned", False)
    cd = _cache.cache_dir()
    cd.mkdir(parents=True)
    for i in range(12):
        (cd / f"old{i}.json").write_text("x")
        os.utime(cd / f"old{i}.json", (1_000_000 + i, 1_000_000 + i))
    _cache.cache_put("fresh", {"data": 1})
    names = {p.name for p in cd.glob("*.json")}
    assert "fresh.json" in names and len(names) <= 8 and "old0.json" not in names


# --- the caseload reads as carefully as check: regular files only, each read bounded ---------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", [["agenda"], ["diff", "__OTHER__"]])
def test_caseload_refuses_a_fifo_at_once(tmp_path, command):
    fifo = tmp_path / "cases.json"
    os.mkfifo(fifo)  # opened for reading without a writer, a FIFO would block forever
    other = tmp_path / "other.json"
    other.write_text("{}", encoding="utf-8")
    args = [a.replace("__OTHER__", str(other)) for a in command]
    args = [args[0], str(fifo)] + args[1:]
    code, out, err = cli(*args)
    assert code in (2, 3) and "regular file" in err and "Traceback" not in err


def test_agenda_jsonl_line_too_long_is_one_refused_line(tmp_path, monkeypatch):
    from procedure import caseload

    monkeypatch.setattr(caseload, "MAX_CASE_BYTES", 200)
    good = json.dumps({"case_id": "ok", "events": []})
    f = tmp_path / "c.jsonl"
    f.write_text(good + "\n" + json.dumps({"case_id": "x" * 400, "events": []}) + "\n" + good.replace("ok", "ok2") + "\n",
                 encoding="utf-8")
    code, out, err = cli("agenda", str(f), "--format", "json")
    assert code == 3
    doc = json.loads(out)
    assert [e["source"] for e in doc["errors"]] == [f"{f}:2"] and "line too long" in " ".join(doc["errors"][0]["problems"])
    assert doc["cases"] == 2
