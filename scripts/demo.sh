#!/usr/bin/env bash
# The project's main job: on the built-in synthetic data (and on ../shared/data/diabetes.csv and
# yeast4.csv when present) compares, each at its tuned operating point, the paper's mlp (the
# default) alone and + smote, AutoSMOTE on it, the modern host (mlp:preset=modern) and xgboost
# (when built), with the evaluation protocol (hold-out 80/20, seeds 0-4); prints one table with the
# fit times (docs/host.md reads the lesson).
# Usage: scripts/demo.sh path/to/autosmote [threads]
set -euo pipefail
BIN="$1"
THREADS="${2:-0}"
SEEDS="${DEMO_SEEDS:-0-4}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

datasets=("synthetic:n=5000,d=20,weights=0.95/0.05,seed=0")
for f in diabetes yeast4; do
  [ -f "../shared/data/$f.csv" ] && datasets+=("../shared/data/$f.csv")
done
# method = "model|sampler"
methods=(
  "mlp:threshold=tuned|none"
  "mlp:threshold=tuned|smote"
  "auto-smote:threshold=tuned|none"
  "mlp:preset=modern,threshold=tuned|none"
)
if "$BIN" evaluate --data "${datasets[0]}" --model xgboost:n_estimators=1 --seeds 0 >/dev/null 2>&1; then
  methods+=("xgboost:threshold=tuned|none")
fi

i=0
for data in "${datasets[@]}"; do
  for m in "${methods[@]}"; do
    model="${m%%|*}"; sampler="${m##*|}"
    echo "evaluating $model + $sampler on $data (seeds $SEEDS)" >&2
    "$BIN" evaluate --data "$data" --model "$model" --sampler "$sampler" --seeds "$SEEDS" \
      --threads "$THREADS" --csv "$(printf "%s/run%03d.csv" "$TMP" "$i")" >/dev/null
    i=$((i + 1))
  done
done

echo
echo "Hold-out 80/20, seeds $SEEDS, mean ± std (minority = the class with the fewest training rows)"
"$BIN" summarize "$TMP"/run*.csv --metrics macro_f1,minority_f1,roc_auc,fit_seconds,tuning_seconds
