#!/usr/bin/env bash
# Runs the evaluation protocol (hold-out 80/20) for every dataset x method and writes one runs
# CSV per cell into OUT_DIR, then prints `autosmote summarize` over them. Cells already present
# are skipped, so an interrupted run can be resumed.
# Usage: scripts/run_protocol.sh OUT_DIR SEEDS THREADS "dataset ..." "model|sampler" ...
set -euo pipefail
OUT="$1"; SEEDS="$2"; THREADS="$3"; DATASETS="$4"; shift 4
BIN="${BIN:-build/autosmote}"
DATA_DIR="${DATA_DIR:-../shared/data}"
mkdir -p "$OUT"
for d in $DATASETS; do
  for m in "$@"; do
    model="${m%%|*}"; sampler="${m##*|}"
    cell="$OUT/$(echo "$d|$model|$sampler" | tr '/:,=|' '_____').csv"
    [ -s "$cell" ] && continue
    echo "$(date +%T) $d: $model + $sampler" >&2
    "$BIN" evaluate --data "$DATA_DIR/$d.csv" --model "$model" --sampler "$sampler" --seeds "$SEEDS" \
      --threads "$THREADS" --csv "$cell.tmp" >/dev/null
    mv "$cell.tmp" "$cell"
  done
done
"$BIN" summarize "$OUT"/*.csv --metrics macro_f1,minority_f1,g_mean
