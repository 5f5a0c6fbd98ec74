"""Benchmark: ratios against baselines measured in the same process.

    python bench/bench.py [--quick]

The last line printed is one JSON object (later work adds keys):
  workday_speedup_vs_naive_n30    naive day-by-day loop over `holidays.UA` / LegalCalendar.add_working_days, N=30 (goal >= 30)
  workday_cost_ratio_n365_vs_n5   cost of add_working_days at N=365 / at N=5 (goal <= 1.5: cost independent of N)
  rules_load_ms                   loading the whole bundled rule set in a new process, validated-rules cache warm (ms)
  rules_load_uncached_ms          the same with the cache off: every YAML file parsed and schema-validated (ms)
  cases_per_second                procedure.check on the seed case with all bundled rules, one core
  eval_vs_json_ratio              that evaluation / (json.loads of the input + json.dumps of the report)
  cli_cold_start_vs_python_ratio  `python -m procedure check examples/borisov.json` / `python -c pass`, whole processes
  batch_peak_rss_mib              peak RSS of `check --batch` over a generated batch (100,000 cases; 5,000 with --quick)
  batch_rss_growth_ratio          that peak / the peak for a batch a tenth the size (flat memory: close to 1)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (finishes within a minute)")
    args = ap.parse_args()
    rng = random.Random(20251127)
    n_dates = 2_000 if args.quick else 20_000
    repeat = 3 if args.quick else 7
    starts = [dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40)) for _ in range(n_dates)]
    cal = legal_calendar()
    hol = holidays.UA(years=range(2000, 2042))
    for d in starts[:50]:  # warm both (holidays fills years lazily)
        naive_add(hol, d, 30)
        cal.add_working_days(d, 30)

    def ours(n):
        return lambda: [cal.add_working_days(d, n) for d in starts]

    naive_sample = starts[: max(200, n_dates // 10)]
    t_naive30 = best_of(lambda: [naive_add(hol, d, 30) for d in naive_sample], repeat) / len(naive_sample)
    t_ours = {n: best_of(ours(n), repeat) / len(starts) for n in (5, 30, 365)}
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
    import os
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

    # Whole processes: the CLI against a bare interpreter.
    env_runs = 3 if args.quick else 7
    py = best_of(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), env_runs)
    cli = best_of(lambda: subprocess.run([sys.executable, "-m", "procedure", "check", str(ROOT / "examples" / "borisov.json")],
                                         check=True, capture_output=True, cwd=str(ROOT),
                                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}), env_runs)
    figures["cli_cold_start_vs_python_ratio"] = round(cli / py, 1)
    figures["cli_cold_start_ms"] = round(cli * 1e3)

    # Batch memory: the same generated cases, two sizes, whole processes (peak RSS of the child).
    big = 5_000 if args.quick else 100_000
    rss = {}
    for n in (big // 10, big):
        path = pathlib.Path(tempfile.gettempdir()) / f"procedure-bench-{n}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(n):
                seed["case_id"] = f"case-{i}"
                fh.write(json.dumps(seed, ensure_ascii=False) + "\n")
        code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "procedure", "check", "--batch", str(path)],
                             check=True, capture_output=True, text=True, cwd=str(ROOT), env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
        rss[n] = int(out.stdout.strip()) / 1024  # ru_maxrss is in KiB on Linux
        path.unlink()
    figures["batch_peak_rss_mib"] = round(rss[big], 1)
    figures["batch_rss_growth_ratio"] = round(rss[big] / rss[big // 10], 2)
    figures["batch_cases"] = big

    print(f"machine: {sys.platform}, python {sys.version.split()[0]}, mode {'quick' if args.quick else 'full'}")
    for k, v in figures.items():
        print(f"  {k:34} {v}")
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
