#!/bin/sh
# The worst inputs within the documented limits, each timed with /usr/bin/time -v (docs/testing.md,
# "Worst inputs"). Usage: sh bench/worst_table.sh [WORK_DIR]   (PYTHONPATH must point at src/)
set -u
W=${1:-/tmp/procedure-worst}
mkdir -p "$W"
python bench/worst_inputs.py "$W" > /dev/null
SEED=examples/borisov.json
GOOD=$(python -c "import json;print(json.dumps(json.load(open('$SEED'))))")
printf '%s\n' "$GOOD" > "$W/good.jsonl"
{ printf '%s\n' "$GOOD"; head -c 200000000 /dev/zero | tr '\0' 'x'; printf '\n%s\n' "$GOOD"; } > "$W/long-line.jsonl"
printf '%s\n%s\n%s\n' "$GOOD" "$GOOD" "$GOOD" > "$W/three.jsonl"
python - "$W" <<'PY'
import sys, datetime as dt
w = sys.argv[1]
rows = ["regime: {holidays_are_working_days_from: 2022-03-24}", "periods:"]
size, day = 80, dt.datetime(1992, 1, 2, 5, 30)
while size < 990_000:
    row = f"  - {{start: {day:%Y-%m-%dT%H:%M}, days: 1}}"
    rows.append(row); size += len(row) + 1; day += dt.timedelta(days=1)  # contiguous one-day periods
open(f"{w}/ml-1mb.yaml", "w").write("\n".join(rows) + "\n")
open(f"{w}/bigint.json", "w").write('{"case_id":"x","events":[],"n":' + "9" * 4_999_000 + "}")
PY
row() {  # label, then the command
  label=$1; shift
  /usr/bin/time -v "$@" > /dev/null 2> "$W/time.txt"
  rc=$?
  t=$(grep "Elapsed (wall clock)" "$W/time.txt" | awk '{print $NF}')
  m=$(grep "Maximum resident set size" "$W/time.txt" | awk '{print $NF}')
  echo "| $label | $rc | $t | $((m / 1024)) MB |"
}
P="python -m procedure"
echo "| input | exit | wall | peak RSS |"
echo "|---|---|---|---|"
for s in decisions_appeals persons_permits mixed detentions extensions; do
  row "10,000 events, $s (json)" $P check "$W/$s.json" --format json
done
row "10,000 events, decisions_appeals (text)" $P check "$W/decisions_appeals.json"
row "10,000 events, decisions_appeals (html)" $P check "$W/decisions_appeals.json" --format html
row "10,000 events, persons_permits (json + --timeline)" $P check "$W/persons_permits.json" --format json --timeline "$W/t.svg"
row "10,000 events, explain of one deadline" $P explain "$W/decisions_appeals.json" "kas.289.appeal@d10"
row "stdin: /dev/zero (refused at 5 MB)" sh -c "$P check - < /dev/zero"
row "a 5 MB number (refused)" $P check "$W/bigint.json"
row "batch: 200 MB line between two good lines, --jobs 1" $P check --batch "$W/long-line.jsonl"
row "batch: the same, --jobs 2" $P check --batch "$W/long-line.jsonl" --jobs 2
row "batch: 3 lines, --jobs 64 (reduced to the CPUs)" $P check --batch "$W/three.jsonl" --jobs 64
row "martial-law file of 1 MB (25,383 one-day periods)" $P day 2025-01-01 --martial-law "$W/ml-1mb.yaml"
row "martial-law file /dev/zero (refused)" $P day 2025-01-01 --martial-law /dev/zero
