#!/usr/bin/env bash
# End-to-end tests of what a Dask client of the bench uses (docs/distributed.md): `bench --plan-json`
# (the cells still to run, as bench-cell arguments, and nothing run), `bench-cell --record-exit`
# (the lines the bench records for a failed cell) and bench-cell's check of the dataset's content.
# Usage: bench_plan_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
S1="synthetic:n=300,d=5,weights=0.85/0.15,seed=1"
{ echo "a,b,class"; for i in $(seq 1 40); do echo "$i,$((i % 7)),$((i % 4 == 0))"; done; } >"$TMP/small.csv"
cd "$TMP" || exit 1

# --- the plan of a fresh grid: every cell with every seed, nothing run ---
"$BIN" bench --data "$S1,small.csv" --models mlp:epochs=5 --samplers none,smote --seeds 0-2 --out g --threads 1 \
  --title T --plan-json >plan.json 2>err
rc=$?
python3 - plan.json "$TMP" <<'PY' && [ $rc -eq 0 ] && pass "--plan-json prints every cell's bench-cell arguments" || fail "plan: exit $rc, $(head -c 300 err)"
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["total"] == 12 and plan["done"] == 0 and plan["runs"] == "g/runs.csv", plan
assert plan["report_arguments"] == ["report", "g", "--title", "T"], plan["report_arguments"]
assert plan["header"].startswith("dataset,data_hash,") and plan["header"].endswith("\n")
cells = plan["cells"]
assert [(c["dataset"], c["sampler"]) for c in cells] == [(n, s) for n in (cells[0]["dataset"], "small") for s in ("none", "smote")]
for c in cells:
    a = c["arguments"]
    flags = dict(zip(a[1::2], a[2::2]))
    assert a[0] == "bench-cell" and c["seeds"] == [0, 1, 2] and flags["--seeds"] == "0,1,2" and flags["--threads"] == "1"
    assert "--runs" not in flags
assert dict(zip(cells[2]["arguments"][1::2], cells[2]["arguments"][2::2]))["--data"] == sys.argv[2] + "/small.csv"
PY
[ ! -e g/runs.csv ] && [ ! -s err ] && pass "--plan-json runs nothing" || fail "--plan-json ran something: $(ls g) $(head -c 200 err)"

# --- a cell run from its plan arguments writes the lines bench would; the plan then lists the rest ---
mapfile -t args < <(python3 -c "import json; print('\n'.join(json.load(open('plan.json'))['cells'][0]['arguments']))")
expect_ok "a plan's cell runs with bench-cell" -- "$BIN" "${args[@]}" --runs g/runs.csv
"$BIN" bench --data "$S1,small.csv" --models mlp:epochs=5 --samplers none,smote --seeds 0-2 --out g --threads 1 \
  --plan-json >plan2.json 2>err
python3 -c "
import json; p = json.load(open('plan2.json'))
assert p['done'] == 3 and len(p['cells']) == 3 and p['cells'][0]['sampler'] == 'smote', p" \
  && pass "the plan leaves out the seeds runs.csv holds" || fail "plan after a cell: $(head -c 300 plan2.json)"

# --- bench-cell --record-exit: the lines bench records for a failed cell's missing seeds ---
cell=(bench-cell --data "$S1" --hash 0123456789abcdef --name s --model mlp --sampler none --protocol holdout:0.2 --scaling minmax)
printf 'some output\nerror: the cell broke\n' >cell.log
"$BIN" "${cell[@]}" --seeds 0,1 --runs r.csv --record-exit 3 --log cell.log
"$BIN" "${cell[@]}" --seeds 0,1,2 --runs r.csv --record-exit -9
python3 - r.csv <<'PY' && pass "--record-exit records errors with the log's last line, a signal as killed, once per seed" || fail "record-exit: $(cat r.csv)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
got = [(r["seed"], r["status"], r["error"]) for r in rows]
assert got == [("0", "error", "the cell broke"), ("1", "error", "the cell broke"),
               ("2", "killed", "the run was killed by signal 9 (Killed); the next bench runs it again")], got
PY
expect_error "bench-cell refuses a dataset whose content differs from the plan's" 3 "content hash differs" -- \
  "$BIN" "${cell[@]}" --seeds 0 --runs r2.csv
[ ! -e r2.csv ] && pass "the refused cell wrote no line" || fail "the refused cell wrote $(cat r2.csv)"
finish bench-plan
