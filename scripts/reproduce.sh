#!/usr/bin/env bash
# `make reproduce`: the paper's experiment (../shared/docs/autosmote-method.md, "Reproduction
# protocol") with `autosmote bench`: the nine datasets its harness names, the methods it compares
# plus the never-trained-policy control, seeds 0-9, stratified hold-out 80/20, the same MLP for
# every method. Resumable: runs already in docs/reproduce/runs.csv are kept. Writes
# docs/results.md (with docs/results-notes.md, the hand-written reading) and docs/figures/.
# Usage: scripts/reproduce.sh path/to/autosmote [jobs] [threads]
set -euo pipefail
BIN="$1"; JOBS="${2:-2}"; THREADS="${3:-2}"
DATA_DIR="${DATA_DIR:-../shared/data}"
DATASETS="diabetes wisconsin glass page-blocks annthyroid ilpd kc1 pendigits-odds bank-additional-full"
files=()
for d in $DATASETS; do
  [ -f "$DATA_DIR/$d.csv" ] || { echo "error: $DATA_DIR/$d.csv not found (set DATA_DIR)" >&2; exit 3; }
  files+=("$DATA_DIR/$d.csv")
done
"$BIN" bench --data "${files[@]}" \
  --models mlp "auto-smote:variant=self" auto-smote "auto-smote:policy=random" \
  --samplers none random smote borderline-smote adasyn svm-smote kmeans-smote \
  --seeds 0-9 --protocol holdout:0.2 --out docs/reproduce --jobs "$JOBS" --threads "$THREADS" \
  --markdown docs/results.md --figures docs/figures --figures-link figures --notes docs/results-notes.md \
  --title "Results: the paper's experiment on nine datasets (make reproduce)"
