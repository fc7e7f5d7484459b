#!/usr/bin/env bash
# The host's cost (issue 24, docs/host.md "Speed"): one run (seed 0, hold-out 80/20, 1 thread) of
# each mlp configuration on bank-additional-full and on synthetic:n=200000,d=20, in one run of this
# script, so every ratio is against the paper's mlp (the default) measured here and now. Prints, per data set and
# model, the final fit's seconds, the tuning seconds (the held-out fit of threshold=tuned /
# select_epoch=best), their sum, and that sum's ratio to the paper's at the same operating point.
# Usage: scripts/host_speed.sh path/to/autosmote [extra model specs...]
set -euo pipefail
BIN="$1"; shift
DATA_DIR="${DATA_DIR:-../shared/data}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
datasets=("synthetic:n=200000,d=20,weights=0.9/0.1,seed=0")
[ -f "$DATA_DIR/bank-additional-full.csv" ] && datasets=("$DATA_DIR/bank-additional-full.csv" "${datasets[@]}")
models=(mlp mlp:threshold=tuned mlp:preset=modern mlp:preset=modern,threshold=tuned "$@")
i=0
for data in "${datasets[@]}"; do
  for model in "${models[@]}"; do
    "$BIN" evaluate --data "$data" --model "$model" --seeds 0 --threads 1 --json "$TMP/$i.json" >/dev/null
    echo "$data|$model|$TMP/$i.json" >>"$TMP/index"
    i=$((i + 1))
  done
done
grep -m1 -o 'model name.*' /proc/cpuinfo | head -1 || true
python3 - "$TMP/index" <<'PY'
import json, sys
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
base = {}
print(f"{'data':<28} {'model':<44} {'fit s':>7} {'tune s':>7} {'total':>7} {'x paper':>8} {'macro-F1':>8}")
for data, model, path in rows:
    run = json.load(open(path))["runs"][0]
    fit, tune = run["fit_seconds"], run["tuning_seconds"]
    tuned = "threshold=tuned" in model
    if model in ("mlp", "mlp:threshold=tuned"):
        base[(data, tuned)] = fit + tune
    name = data.rsplit("/", 1)[-1][:28]
    ratio = (fit + tune) / base[(data, tuned)] if (data, tuned) in base else float("nan")
    print(f"{name:<28} {model:<44} {fit:7.2f} {tune:7.2f} {fit + tune:7.2f} {ratio:8.2f} {run['macro_f1']:8.4f}")
PY
