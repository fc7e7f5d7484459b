#!/usr/bin/env bash
# The generative over-samplers' cost (issue 25, docs/generative.md "Cost"): one run (seed 0,
# hold-out 80/20, 1 thread, the paper's mlp) of smote and of each generator on bank-additional-full
# and on synthetic:n=200000,d=20, in one run of this script, so each ratio is against smote + mlp
# measured here and now. Prints the resampling seconds (the generator's training and sampling), the
# classifier's fit, their sum and its ratio to smote's. SKIP_SYNTHETIC lists samplers left out on
# the synthetic data (default cwgan: at its reference schedule it would take over an hour there).
# Usage: scripts/generative_cost.sh path/to/autosmote [samplers...]
set -euo pipefail
BIN="$1"; shift
DATA_DIR="${DATA_DIR:-../shared/data}"
SKIP_SYNTHETIC="${SKIP_SYNTHETIC:-cwgan}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
[ $# -gt 0 ] || set -- deep-smote cwgan tvae
samplers=(smote "$@")
datasets=("synthetic:n=200000,d=20,weights=0.9/0.1,seed=0")
[ -f "$DATA_DIR/bank-additional-full.csv" ] && datasets=("$DATA_DIR/bank-additional-full.csv" "${datasets[@]}")
i=0
for data in "${datasets[@]}"; do
  for sampler in "${samplers[@]}"; do
    case "$data" in synthetic:*) case " $SKIP_SYNTHETIC " in *" ${sampler%%:*} "*) continue ;; esac ;; esac
    "$BIN" evaluate --data "$data" --sampler "$sampler" --model mlp --seeds 0 --threads 1 --json "$TMP/$i.json" >/dev/null
    echo "$data|$sampler|$TMP/$i.json" >>"$TMP/index"
    i=$((i + 1))
  done
done
grep -m1 -o 'model name.*' /proc/cpuinfo | head -1 || true
python3 - "$TMP/index" <<'PY'
import json, sys
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
base = {}
print(f"{'data':<28} {'sampler':<16} {'resample s':>10} {'fit s':>7} {'total':>8} {'x smote':>8} {'macro-F1':>8}")
for data, sampler, path in rows:
    run = json.load(open(path))["runs"][0]
    res, fit = run["resample_seconds"], run["fit_seconds"]
    if sampler == "smote":
        base[data] = res + fit
    name = data.rsplit("/", 1)[-1][:28]
    print(f"{name:<28} {sampler:<16} {res:10.2f} {fit:7.2f} {res + fit:8.2f} {(res + fit) / base[data]:8.2f} {run['macro_f1']:8.4f}")
PY
