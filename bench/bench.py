"""Benchmark: ratios against baselines measured in the same process.

    python bench/bench.py [--quick]

The last line printed is one JSON object (later work adds keys):
  workday_speedup_vs_naive_n30    naive day-by-day loop over `holidays.UA` / LegalCalendar.add_working_days, N=30 (goal >= 30)
  workday_cost_ratio_n365_vs_n5   cost of add_working_days at N=365 / at N=5 (goal <= 1.5: cost independent of N)
  rules_load_ms                   loading the whole bundled rule set in a new process, validated-rules cache warm (ms)
  rules_load_uncached_ms          the same with the cache off: every YAML file parsed and schema-validated (ms)
  cases_per_second                procedure.check on the seed case with all bundled rules, one core (the issue's figure:
                                  the same case again and again, so remembered term computations are reused)
  cases_per_second_varied         procedure.check on distinct cases (the seed moved by a random number of weeks, up to
                                  ten years either way), memo cleared first, each case once: the pessimistic figure
  eval_vs_json_ratio              the seed evaluation / (json.loads of the input + json.dumps of the report)
  cli_cold_start_vs_python_ratio  `python -m procedure check examples/borisov.json` / `python -c pass`, whole processes,
                                  bytecode compiled beforehand (into a temporary PYTHONPYCACHEPREFIX), best of N
  floor_attrs_vs_python_ratio     `python -c "import attrs"` / `python -c pass`: what any process importing attrs pays
  floor_stdlib_vs_python_ratio    a process importing only the standard modules the CLI cannot do without
                                  (argparse, json, datetime, hashlib, zoneinfo with Europe/Kyiv) / `python -c pass`
  python_loop_ns                  one iteration of a bare Python loop (`for i in range(N): s += i`): how fast this
                                  machine runs Python, to compare absolute figures between machines
  batch_peak_rss_mib              peak RSS of `check --batch` over a generated batch of distinct cases (100,000; 5,000 with
                                  --quick)
  batch_rss_growth_ratio          that peak / the peak for a batch a tenth the size (flat memory: close to 1)
  batch_cases_per_second          that batch's cases / the wall time of its process (JSON report per line, one core)
  events_10k_vs_1k_ratio          checking a case of 10,000 events / a case of 1,000 (the shapes of bench/worst_inputs.py:
                                  decisions with appeals, mixed, extensions; read + evaluate + JSON report). Goal <= 12
  events_10k_check_s              the mean time of one of those 10,000-event checks (s)
  agenda_vs_json_ratio            `procedure.agenda` over 10,000 distinct case files (1,000 with --quick), the due-date
                                  cache empty / `json.load` of the same files, one process (goal <= 3)
  agenda_rerun_vs_first_ratio     the same agenda the next day (files unchanged, cache warm) / the first run (goal <= 0.3)
  agenda_nocache_vs_json_ratio    the agenda with the cache off / json.load of the files
  agenda_lower_schema_vs_json_ratio  lower bounds of any agenda that checks and evaluates each case, on the same files
  agenda_lower_read_vs_json_ratio    / json.load: json.load + the compiled case schema; reading each file into a Case
  agenda_lower_eval_vs_json_ratio    (json, schema, per-event checks); evaluating the Cases already read (memo emptied)
  agenda_peak_rss_ratio_100k_vs_10k  peak RSS of `agenda --format csv` (streamed) over 100,000 cases / 10,000 (20,000 /
                                  2,000 with --quick), JSON Lines, cache off, measured with ru_maxrss of the child (goal <= 1.2)
  cli_cold_start_vs_floor_ratio   `python -m procedure check examples/borisov.json` / `python -c "import attrs, argparse,
                                  json, datetime, hashlib, zoneinfo, pathlib, re, typing"`, interleaved, best of N (goal <= 1.5)
  cli_lower_import_vs_floor_ratio the floor + `import procedure` / the floor: what every check pays before it reads anything
  cli_lower_rules_calendar_vs_floor_ratio  that + load_rules() (validated-rules cache warm) + legal_calendar() / the floor

    python bench/bench.py --caseload [--quick]     # only the caseload figures and eval_vs_json_ratio
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import holidays  # noqa: E402

import procedure  # noqa: E402
from procedure.calendar import legal_calendar  # noqa: E402
from procedure.ruleset import _load_rules_cached  # noqa: E402


def best_of(fn, repeat: int) -> float:
    """Minimum over `repeat` runs of fn() (seconds): the least disturbed measurement."""
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return min(out)


def naive_add(cal_obj, day: dt.date, n: int) -> dt.date:
    """The baseline: step day by day over a holidays.UA object (its own 'is working day' test)."""
    d = day
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in cal_obj:
            n -= 1
    return d


def shifted(case: dict, days: int) -> dict:
    """A copy of ``case`` with every date moved by ``days`` (whole weeks keep the weekdays)."""
    def move(v):
        if isinstance(v, dict):
            return {k: move(x) for k, x in v.items()}
        if isinstance(v, list):
            return [move(x) for x in v]
        if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
            try:
                return (dt.date.fromisoformat(v) + dt.timedelta(days=days)).isoformat()
            except ValueError:
                return v
        return v

    out = move(case)
    out["case_id"] = f"{case['case_id']}{days:+d}"
    return out


def bare_loop(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


# --------------------------------------------------------------------------------------------------
# The caseload (issue 15): the agenda over many case files, a rerun the next day, memory, cold start.


def caseload_figures(quick: bool, seed: dict, rng: random.Random, rss_cases: int | None = None,
                     agenda_files: int | None = None) -> dict:
    """Ratios measured in one run: agenda over distinct case files / json.load of the same files; the
    rerun next day (unchanged files, the due-date cache warm) / the first run; peak RSS of the streaming
    CLI agenda at 10x the cases / at 1x; CLI check cold start / the floor of its imports; eval / json."""
    from procedure.caseload import agenda

    out: dict = {}
    n = agenda_files or (1_000 if quick else 10_000)
    work = pathlib.Path(tempfile.mkdtemp(prefix="procedure-bench-caseload-"))
    cases_dir = work / "cases"
    cases_dir.mkdir()
    for i in range(n):  # distinct cases: the seed moved by a random number of days, up to ten years either way
        case = shifted(seed, rng.randrange(-3650, 3651))
        case["case_id"] = f"case-{i}"
        (cases_dir / f"case-{i:06d}.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    files = sorted(cases_dir.glob("*.json"))

    def load_all():
        for f in files:
            with open(f, "rb") as fh:
                json.load(fh)

    # Lower bounds of any agenda that checks and evaluates every case, measured on the same files:
    # json.load plus the compiled case schema alone; reading each file into a Case (json, schema, the
    # per-event checks); evaluating the Cases already read (the engine's memo emptied first).
    from procedure._case_validator import validate
    from procedure.case import read_case_bytes
    from procedure.engine import calendar_for, clear_memo, evaluate

    rules = procedure.load_rules()

    def schema_all():
        for f in files:
            with open(f, "rb") as fh:
                validate(json.load(fh))

    parsed: list = []

    def read_all():
        parsed.clear()
        for f in files:
            with open(f, "rb") as fh:
                parsed.append(read_case_bytes(fh.read(), rules, str(f)))

    as_of = dt.date(2025, 6, 20)

    def eval_all():
        clear_memo()
        for c in parsed:
            evaluate(c, rules, as_of, calendar_for(c, None))

    # Rounds, each with every measurement (the first run on an empty cache of its own), the least
    # disturbed of each taken: on a shared machine one slow spell would otherwise decide a ratio.
    saved = os.environ.get("PROCEDURE_CACHE_DIR")
    t: dict[str, list[float]] = {k: [] for k in ("json", "schema", "read", "eval", "first", "rerun", "nocache")}

    def timed(key, fn):
        t0 = time.perf_counter()
        result = fn()
        t[key].append(time.perf_counter() - t0)
        return result

    load_all()  # the files in the page cache for all
    try:
        for k in range(2 if quick else 3):
            os.environ["PROCEDURE_CACHE_DIR"] = str(work / f"cache-{k}")  # empty: the first run computes every case
            procedure.load_rules()
            for _ in range(3):
                timed("json", load_all)
            timed("schema", schema_all)
            timed("read", read_all)
            timed("eval", eval_all)
            first = timed("first", lambda: agenda(cases_dir, as_of="2025-06-20"))
            rerun = timed("rerun", lambda: agenda(cases_dir, as_of="2025-06-21"))  # the next day, files unchanged
            os.environ["PROCEDURE_CACHE_DIR"] = "off"
            timed("nocache", lambda: agenda(cases_dir, as_of="2025-06-21"))
            assert first.cases == rerun.cases == n
    finally:
        if saved is None:
            os.environ.pop("PROCEDURE_CACHE_DIR", None)
        else:
            os.environ["PROCEDURE_CACHE_DIR"] = saved
    m = {k: min(v) for k, v in t.items()}
    out["agenda_cases"] = n
    out["agenda_vs_json_ratio"] = round(m["first"] / m["json"], 1)
    out["agenda_rerun_vs_first_ratio"] = round(m["rerun"] / m["first"], 2)
    out["agenda_nocache_vs_json_ratio"] = round(m["nocache"] / m["json"], 1)
    out["agenda_lower_schema_vs_json_ratio"] = round(m["schema"] / m["json"], 1)
    out["agenda_lower_read_vs_json_ratio"] = round(m["read"] / m["json"], 1)
    out["agenda_lower_eval_vs_json_ratio"] = round(m["eval"] / m["json"], 1)
    out["agenda_first_ms_per_case"] = round(m["first"] / n * 1e3, 2)

    # Memory: `agenda --format csv` (streamed) over JSON Lines of distinct cases, 10x apart, cache off.
    big = rss_cases or (20_000 if quick else 100_000)
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "PROCEDURE_CACHE_DIR": "off"}
    for var in ("HOME",):
        if var in os.environ:
            env[var] = os.environ[var]
    rss = {}
    for size in (big // 10, big):
        path = work / f"cases-{size}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(size):
                case = shifted(seed, rng.randrange(-3650, 3651))
                case["case_id"] = f"case-{i}"
                fh.write(json.dumps(case, ensure_ascii=False) + "\n")
        code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        res = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "procedure", "agenda", str(path), "--as-of",
                              "2025-06-20", "--format", "csv"], check=True, capture_output=True, text=True, cwd=str(ROOT), env=env)
        rss[size] = int(res.stdout.strip()) / 1024
        path.unlink()
    out["agenda_peak_rss_mib"] = round(rss[big], 1)
    out["agenda_peak_rss_ratio_100k_vs_10k"] = round(rss[big] / rss[big // 10], 2)
    out["agenda_rss_cases"] = big

    # Cold start against the floor of the imports any such CLI pays (attrs and the standard modules).
    pycache = tempfile.mkdtemp(prefix="procedure-bench-pyc-")
    penv = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "PYTHONPYCACHEPREFIX": pycache}
    for var in ("HOME", "PROCEDURE_CACHE_DIR", "XDG_CACHE_HOME"):
        if var in os.environ:
            penv[var] = os.environ[var]

    def proc(*argv: str):
        return lambda: subprocess.run([sys.executable, *argv], check=True, capture_output=True, cwd=str(ROOT), env=penv)

    cli_argv = ("-m", "procedure", "check", str(ROOT / "examples" / "borisov.json"))
    floor = "import attrs, argparse, json, datetime, hashlib, zoneinfo, pathlib, re, typing"
    floor_argv = ("-c", floor)
    # Lower bounds of the check: the floor and importing the package (creating its classes); and loading
    # the rule set from the warm validated-rules cache and building the legal calendar, which any check does.
    import_argv = ("-c", floor + "; import procedure")
    load_argv = ("-c", floor + "; import procedure; procedure.load_rules(); procedure.legal_calendar()")
    timed = {"cli": cli_argv, "floor": floor_argv, "import": import_argv, "load": load_argv}
    for argv in timed.values():
        proc(*argv)()  # compile and warm every cache once
    runs = 5 if quick else 15
    # Interleaved, best of each: a slow spell of the machine touches all alike.
    times: dict[str, list[float]] = {k: [] for k in timed}
    for _ in range(runs):
        for k, argv in timed.items():
            times[k].append(best_of(proc(*argv), 1))
    t_floor = min(times["floor"])
    out["cli_cold_start_vs_floor_ratio"] = round(min(times["cli"]) / t_floor, 2)
    out["cli_lower_import_vs_floor_ratio"] = round(min(times["import"]) / t_floor, 2)
    out["cli_lower_rules_calendar_vs_floor_ratio"] = round(min(times["load"]) / t_floor, 2)
    out["floor_imports_ms"] = round(t_floor * 1e3, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (finishes within a minute)")
    ap.add_argument("--caseload", action="store_true", help="only the caseload figures (agenda_*, cli_cold_start_vs_floor_ratio, eval_vs_json_ratio)")
    ap.add_argument("--rss-cases", type=int, help="the larger size of the agenda memory figure (default 100,000; 20,000 with --quick)")
    ap.add_argument("--agenda-files", type=int, help="case files of the agenda figures (default 10,000; 1,000 with --quick)")
    args = ap.parse_args()
    rng = random.Random(20251127)
    if args.caseload:
        seed = json.loads((ROOT / "examples" / "borisov.json").read_text(encoding="utf-8"))
        rules = procedure.load_rules()
        seed_text = json.dumps(seed)
        report = procedure.check(seed, rules=rules)
        loops, repeat = (200, 3) if args.quick else (1000, 7)
        t_eval = best_of(lambda: [procedure.check(seed, rules=rules) for _ in range(loops)], repeat) / loops
        report_dict = report.to_dict()
        t_json = best_of(lambda: [(json.loads(seed_text), json.dumps(report_dict)) for _ in range(loops)], repeat) / loops
        figures = {"eval_vs_json_ratio": round(t_eval / t_json, 1), **caseload_figures(args.quick, seed, rng, args.rss_cases, args.agenda_files)}
        print(f"machine: {sys.platform}, python {sys.version.split()[0]}, mode {'quick' if args.quick else 'full'}, caseload only")
        for k, v in figures.items():
            print(f"  {k:34} {v}")
        print(json.dumps(figures, sort_keys=True))
        return
    n_dates = 2_000
    repeat = 3 if args.quick else 7
    starts = [dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40)) for _ in range(n_dates)]
    cal = legal_calendar()
    hol = holidays.UA(years=range(2000, 2042))
    for d in starts[:50]:  # warm both (holidays fills years lazily)
        naive_add(hol, d, 30)
        cal.add_working_days(d, 30)

    # Short runs, many of them, interleaved (naive, 5, 30, 365, naive, 5, ...): the least disturbed run
    # of each is the figure, and a slow spell of a shared machine touches them all alike.
    # The garbage collector is off while these run, as in timeit: a collection started by one run's
    # garbage would otherwise be paid by whichever run comes next.
    chunk, naive_chunk = starts[:2_000], starts[:200]
    runs: dict[object, list[float]] = {"naive": [], 5: [], 30: [], 365: []}
    gc.collect()
    gc.disable()
    order: list[object] = ["naive", 5, 30, 365]
    for k in range(16 if args.quick else 40):
        for what in order[k % 4:] + order[: k % 4]:  # each in every position: none always runs cold after another
            t = time.perf_counter()
            if what == "naive":
                for d in naive_chunk:
                    naive_add(hol, d, 30)
            else:
                for d in chunk:
                    cal.add_working_days(d, what)
            runs[what].append((time.perf_counter() - t) / (len(naive_chunk) if what == "naive" else len(chunk)))
    gc.enable()
    t_naive30 = min(runs["naive"])
    t_ours = {n: min(runs[n]) for n in (5, 30, 365)}
    figures = {
        "workday_speedup_vs_naive_n30": round(t_naive30 / t_ours[30], 1),
        "workday_cost_ratio_n365_vs_n5": round(t_ours[365] / t_ours[5], 3),
        "workday_ns_n30": round(t_ours[30] * 1e9),
    }

    # Rule loading as a new process pays it once (the in-process cache cleared; the disk cache warm).
    load_times = []
    for _ in range(repeat):
        _load_rules_cached.cache_clear()
        t = time.perf_counter()
        rules = procedure.load_rules()
        load_times.append(time.perf_counter() - t)
    figures["rules_load_ms"] = round(min(load_times) * 1e3, 1)
    # The same without the validated-rules cache: parse every YAML file and validate it against the schema.
    from procedure import _cache

    saved_env, saved_cache = os.environ.get("PROCEDURE_CACHE_DIR"), _cache._MEMORY
    os.environ["PROCEDURE_CACHE_DIR"] = ""
    cold = []
    for _ in range(repeat):
        _cache._MEMORY = None
        _load_rules_cached.cache_clear()
        t = time.perf_counter()
        procedure.load_rules()
        cold.append(time.perf_counter() - t)
    if saved_env is None:
        del os.environ["PROCEDURE_CACHE_DIR"]
    else:
        os.environ["PROCEDURE_CACHE_DIR"] = saved_env
    _cache._MEMORY = saved_cache
    _load_rules_cached.cache_clear()
    rules = procedure.load_rules()
    figures["rules_load_uncached_ms"] = round(min(cold) * 1e3, 1)

    # Evaluation of the seed case with the whole rule set.
    seed_text = (ROOT / "examples" / "borisov.json").read_text(encoding="utf-8")
    seed = json.loads(seed_text)
    report = procedure.check(seed, rules=rules)
    loops = 200 if args.quick else 2000
    t_eval = best_of(lambda: [procedure.check(seed, rules=rules) for _ in range(loops)], repeat) / loops
    report_dict = report.to_dict()
    t_json = best_of(lambda: [(json.loads(seed_text), json.dumps(report_dict)) for _ in range(loops)], repeat) / loops
    figures["cases_per_second"] = round(1 / t_eval)
    figures["eval_vs_json_ratio"] = round(t_eval / t_json, 1)

    # Distinct cases: nothing remembered from one case helps the next unless the dates really coincide.
    n_varied = 1_000 if args.quick else 5_000
    varied = [shifted(seed, 7 * rng.randrange(-520, 521)) for _ in range(n_varied)]
    from procedure.engine import clear_memo

    def run_varied():
        clear_memo()
        for c in varied:
            procedure.check(c, rules=rules)

    figures["cases_per_second_varied"] = round(n_varied / best_of(run_varied, 3))
    n_loop = 1_000_000
    figures["python_loop_ns"] = round(best_of(lambda: bare_loop(n_loop), repeat) / n_loop * 1e9, 1)

    # Whole processes: the CLI against a bare interpreter. Bytecode is written once into a temporary
    # prefix (a run that compiles the package measures the compiler); the caches of procedure are warm.
    env_runs = 5 if args.quick else 15
    pycache = tempfile.mkdtemp(prefix="procedure-bench-pyc-")
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "PYTHONPYCACHEPREFIX": pycache}
    for var in ("HOME", "PROCEDURE_CACHE_DIR", "XDG_CACHE_HOME"):
        if var in os.environ:
            env[var] = os.environ[var]

    def proc(*argv: str):
        return lambda: subprocess.run([sys.executable, *argv], check=True, capture_output=True, cwd=str(ROOT), env=env)

    cli_argv = ("-m", "procedure", "check", str(ROOT / "examples" / "borisov.json"))
    for argv in (cli_argv, ("-c", "import attrs")):
        proc(*argv)()  # compile and warm every cache once
    py = best_of(proc("-c", "pass"), env_runs)
    cli = best_of(proc(*cli_argv), env_runs)
    figures["cli_cold_start_vs_python_ratio"] = round(cli / py, 1)
    figures["cli_cold_start_ms"] = round(cli * 1e3)
    figures["python_start_ms"] = round(py * 1e3, 1)
    figures["floor_attrs_vs_python_ratio"] = round(best_of(proc("-c", "import attrs"), env_runs) / py, 1)
    stdlib = ("import argparse, datetime, hashlib, json, zoneinfo; zoneinfo.ZoneInfo('Europe/Kyiv');"
              f"json.loads(open({str(ROOT / 'examples' / 'borisov.json')!r}, 'rb').read())")
    figures["floor_stdlib_vs_python_ratio"] = round(best_of(proc("-c", stdlib), env_runs) / py, 1)

    # Batch memory: generated cases, two sizes, whole processes (peak RSS of the child). Every case is
    # the seed moved by a random number of days (up to ten years either way), so that the engine's
    # memo and the rendering caches fill as they would on a real registry and must stay bounded.
    big = 5_000 if args.quick else 100_000
    rss, wall = {}, {}
    for n in (big // 10, big):
        path = pathlib.Path(tempfile.gettempdir()) / f"procedure-bench-{n}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(n):
                case = shifted(seed, rng.randrange(-3650, 3651))
                case["case_id"] = f"case-{i}"
                fh.write(json.dumps(case, ensure_ascii=False) + "\n")
        code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "procedure", "check", "--batch", str(path)],
                             check=True, capture_output=True, text=True, cwd=str(ROOT), env=env)
        wall[n] = time.perf_counter() - t
        rss[n] = int(out.stdout.strip()) / 1024  # ru_maxrss is in KiB on Linux
        path.unlink()
    figures["batch_peak_rss_mib"] = round(rss[big], 1)
    figures["batch_rss_growth_ratio"] = round(rss[big] / rss[big // 10], 2)
    figures["batch_cases"] = big
    figures["batch_cases_per_second"] = round(big / wall[big])  # one process, JSON report per line, start-up included

    # Many events in one case (reliability-2 R2): a case of 10,000 events / one of 1,000, the same shapes
    # (bench/worst_inputs.py), each checked whole (read, evaluate, JSON report), memo cleared first.
    sys.path.insert(0, str(ROOT / "bench"))
    import worst_inputs  # noqa: E402

    from procedure.case import read_case_bytes  # noqa: E402
    from procedure.engine import clear_memo, evaluate  # noqa: E402

    rules_all = procedure.load_rules()

    def check_bytes(raw: bytes) -> None:
        clear_memo()
        evaluate(read_case_bytes(raw, rules_all, "<bench>"), rules_all).to_json("en")

    shapes = ("decisions_appeals", "mixed", "extensions")
    cost: dict[int, float] = {}
    for n in (1_000, 10_000):
        raws = [json.dumps(worst_inputs.SHAPES[name](n)).encode() for name in shapes]
        cost[n] = sum(best_of(lambda r=r: check_bytes(r), 1 if n > 1_000 or args.quick else 3) for r in raws)
    figures["events_10k_vs_1k_ratio"] = round(cost[10_000] / cost[1_000], 1)
    figures["events_10k_check_s"] = round(cost[10_000] / len(shapes), 2)

    figures.update(caseload_figures(args.quick, seed, rng, args.rss_cases, args.agenda_files))

    print(f"machine: {sys.platform}, python {sys.version.split()[0]}, mode {'quick' if args.quick else 'full'}")
    for k, v in figures.items():
        print(f"  {k:34} {v}")
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
