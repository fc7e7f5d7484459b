#!/usr/bin/env bash
# The project's main job on the built-in synthetic data (and on ../shared/data when present):
# compares classifiers and samplers with the evaluation protocol and prints one table.
# Usage: scripts/demo.sh path/to/autosmote [threads]
set -euo pipefail
BIN="$1"
THREADS="${2:-2}"
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
  "mlp:class_weight=balanced|none"
)

i=0
for data in "${datasets[@]}"; do
  for m in "${methods[@]}"; do
    model="${m%%|*}"; sampler="${m##*|}"
    echo "evaluating $model + $sampler on $data (seeds $SEEDS)" >&2
    "$BIN" evaluate --data "$data" --model "$model" --sampler "$sampler" --seeds "$SEEDS" \
      --threads "$THREADS" --csv "$TMP/run$i.csv" >/dev/null
    i=$((i + 1))
  done
done

echo
echo "Hold-out 80/20, seeds $SEEDS, mean ± std (minority = the class with the fewest training rows)"
"$BIN" summarize "$TMP"/run*.csv
