"""Instruction counts under valgrind: the figures of bench/bench.py that do not move with the machine's load.

    python bench/instructions.py [--against REV]

Wall-clock figures on a shared virtual machine move by half from one run to the next; the number of
instructions a run executes does not (callgrind counts them, whatever else the machine is doing). Each
figure is the difference of two runs that differ only in the work measured, or a ratio against a bare
interpreter counted the same way. Needs valgrind (Debian: apt install valgrind); takes a few minutes.

The last line printed is one JSON object:
  check_instructions              one procedure.check of the seed case (rules loaded, caches warm)
  batch_line_instructions         one line of `check --batch` on distinct cases (the seed moved by a random number
                                  of days): parsing, evaluation, JSON report
  cli_instructions_vs_python      `python -m procedure check examples/borisov.json` / `python -c pass`
  floor_attrs_instructions_vs_python          `python -c "import attrs"` / `python -c pass`
  floor_attrs_stdlib_instructions_vs_python   attrs and the standard modules the CLI needs / `python -c pass`
With --against REV (a git revision), the same figures for REV's src/ are printed with a `_REV` suffix
and `*_speedup` keys (REV / now), from a temporary git worktree.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench import shifted  # noqa: E402

CHECK = """
import json, sys
sys.path.insert(0, sys.argv[2])
import procedure
rules = procedure.load_rules()
seed = json.load(open(sys.argv[3]))
procedure.check(seed, rules=rules)
for _ in range(int(sys.argv[1])):
    procedure.check(seed, rules=rules)
"""

BATCH = """
import sys
sys.path.insert(0, sys.argv[2])
from procedure.batch import check_lines
lines = open(sys.argv[3], "rb").read().splitlines()
for _ in check_lines(lines[: int(sys.argv[1])]):
    pass
"""


def count(argv: list[str], env: dict[str, str], cwd: pathlib.Path = ROOT) -> int:
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                         capture_output=True, text=True, env=env, cwd=str(cwd))
    m = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or m is None:
        raise SystemExit(f"valgrind failed on {argv}: {out.stderr[-500:]}")
    return int(m.group(1))


def figures(src: pathlib.Path, tmp: pathlib.Path) -> dict[str, float]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", str(tmp)),
           "PYTHONPYCACHEPREFIX": str(tmp / "pyc"), "PROCEDURE_CACHE_DIR": str(tmp / "cache")}
    py = sys.executable
    tmp.mkdir(parents=True, exist_ok=True)
    seed = ROOT / "examples" / "borisov.json"
    (tmp / "check.py").write_text(CHECK, encoding="utf-8")
    (tmp / "batch.py").write_text(BATCH, encoding="utf-8")
    rng = random.Random(20251127)
    case = json.loads(seed.read_text(encoding="utf-8"))
    lines = tmp / "varied.jsonl"
    with lines.open("w", encoding="utf-8") as fh:
        for i in range(300):
            c = shifted(case, rng.randrange(-3650, 3651))
            c["case_id"] = f"case-{i}"
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    cli = [py, "-m", "procedure", "check", str(seed)]
    cli_env = {**env, "PYTHONPATH": str(src)}
    subprocess.run(cli, env=cli_env, capture_output=True, check=True, cwd=str(ROOT))  # bytecode and rule cache
    out: dict[str, float] = {}
    a = count([py, str(tmp / "check.py"), "0", str(src), str(seed)], env)
    b = count([py, str(tmp / "check.py"), "100", str(src), str(seed)], env)
    out["check_instructions"] = (b - a) // 100
    a = count([py, str(tmp / "batch.py"), "100", str(src), str(lines)], env)
    b = count([py, str(tmp / "batch.py"), "300", str(src), str(lines)], env)
    out["batch_line_instructions"] = (b - a) // 200
    bare = count([py, "-c", "pass"], env)
    out["cli_instructions_vs_python"] = round(count(cli, cli_env) / bare, 1)
    count([py, "-c", "import attrs"], env)
    out["floor_attrs_instructions_vs_python"] = round(count([py, "-c", "import attrs"], env) / bare, 1)
    stdlib = ("import attrs, argparse, bisect, datetime, hashlib, json, pathlib, re, typing, weakref, zoneinfo;"
              "zoneinfo.ZoneInfo('Europe/Kyiv')")
    out["floor_attrs_stdlib_instructions_vs_python"] = round(count([py, "-c", stdlib], env) / bare, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", metavar="REV", help="also count a git revision's src/ (e.g. a release tag)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind not found (Debian: apt install valgrind)")
    with tempfile.TemporaryDirectory(prefix="procedure-instr-") as t:
        tmp = pathlib.Path(t)
        result = figures(ROOT / "src", tmp / "now")
        if args.against:
            tree = tmp / "rev"
            made = subprocess.run(["git", "worktree", "add", "--detach", str(tree), args.against], cwd=str(ROOT),
                                  capture_output=True, text=True)
            if made.returncode != 0:
                raise SystemExit(f"--against {args.against}: not a revision of this repository "
                                 f"({made.stderr.strip().splitlines()[-1] if made.stderr.strip() else 'git worktree failed'})")
            try:
                old = figures(tree / "src", tmp / "old")
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=str(ROOT), capture_output=True)
            for k, v in old.items():
                result[f"{k}_{args.against}"] = v
            for k in ("check_instructions", "batch_line_instructions", "cli_instructions_vs_python"):
                result[f"{k.replace('_instructions', '').replace('_vs_python', '')}_speedup"] = round(old[k] / result[k], 2)
    for k, v in result.items():
        print(f"  {k:50} {v}")
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
