#!/usr/bin/env bash
# The project's main job: on the built-in synthetic data (and on ../shared/data/diabetes.csv and
# yeast4.csv when present) compares mlp, mlp + smote and AutoSMOTE (self and cohort) with the
# evaluation protocol (hold-out 80/20, seeds 0-4, the same MLP for every method); prints one table.
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
  "mlp|none"
  "mlp|smote"
  "auto-smote:variant=self|none"
  "auto-smote|none"
)

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
"$BIN" summarize "$TMP"/run*.csv
