#!/usr/bin/env bash
# The issue-24 ablation of the host network on the nine development datasets of `make reproduce`
# (the only place where choices are made), every configuration at its tuned operating point
# (threshold=tuned): the paper's network (the default mlp), the modern preset (128 x 2), and
# RealMLP-TD's 256 x 3 whole and with one ingredient taken out at a time; the list a session on 2 cores allows
# (docs/host.md says which ingredients it leaves unmeasured). Hold-out 80/20, seeds 0-2 (SEEDS
# overrides). Resumable (OUT, default docs/ablation-host/; DATASETS overrides the list, MODELS the
# configurations: specs separated by spaces).
# Usage: scripts/ablation_host.sh path/to/autosmote [jobs] [threads]
set -euo pipefail
BIN="$1"; JOBS="${2:-2}"; THREADS="${3:-2}"
DATA_DIR="${DATA_DIR:-../shared/data}"
DATASETS="${DATASETS:-glass ilpd wisconsin diabetes kc1 page-blocks pendigits-odds annthyroid bank-additional-full}"
SEEDS="${SEEDS:-0-2}"
OUT="${OUT:-docs/ablation-host}"
T="threshold=tuned"
models=(
  "mlp:$T"
  "mlp:preset=modern,$T"
  # RealMLP-TD's 256 x 3, whole and with one ingredient out
  "mlp:preset=modern,hidden=256,layers=3,$T"
  "mlp:preset=modern,hidden=256,layers=3,$T,input=none"
  "mlp:preset=modern,hidden=256,layers=3,$T,embedding=none"
  "mlp:preset=modern,hidden=256,layers=3,$T,dropout=0"
  "mlp:preset=modern,hidden=256,layers=3,$T,label_smoothing=0"
)
if [ -n "${MODELS:-}" ]; then read -r -a models <<<"$MODELS"; fi
for d in $DATASETS; do
  f="$DATA_DIR/$d.csv"
  [ -f "$f" ] || { echo "error: $f not found (set DATA_DIR)" >&2; exit 3; }
  "$BIN" bench --data "$f" --seeds "$SEEDS" --protocol holdout:0.2 --out "$OUT" --jobs "$JOBS" --threads "$THREADS" \
    --samplers none --models "${models[@]}"
done
"$BIN" report "$OUT" --focus "none (t)" --markdown "$OUT/report.md" \
  --title "Issue 24: the host network's ablation on the development datasets"
