#!/usr/bin/env bash
# The issue-24 ablation of the host network on the nine development datasets of `make reproduce`
# (the only place where choices are made), every configuration at its tuned operating point
# (threshold=tuned): the paper's network (preset=paper), the modern preset, the modern preset with
# one ingredient taken out at a time, and the paper's network with one ingredient added at a time.
# Hold-out 80/20, seeds 0-2 (SEEDS overrides). Resumable (OUT, default docs/ablation-host/;
# DATASETS overrides the list). The four larger datasets (LARGE) run the shorter list
# (the paper's, the modern preset, and the ingredients the five small ones pointed at), to fit
# the ablation in one session on 2 cores. docs/host.md reads the result.
# Usage: scripts/ablation_host.sh path/to/autosmote [jobs] [threads]
set -euo pipefail
BIN="$1"; JOBS="${2:-2}"; THREADS="${3:-2}"
DATA_DIR="${DATA_DIR:-../shared/data}"
DATASETS="${DATASETS:-glass ilpd wisconsin diabetes kc1 page-blocks pendigits-odds annthyroid bank-additional-full}"
SEEDS="${SEEDS:-0-2}"
OUT="${OUT:-docs/ablation-host}"
T="threshold=tuned"
models=(
  "mlp:preset=paper,$T"
  "mlp:$T"
  # the modern preset, one ingredient out
  "mlp:$T,input=none"
  "mlp:$T,embedding=none"
  "mlp:$T,embedding=plr"
  "mlp:$T,front_scale=off"
  "mlp:$T,activation=relu"
  "mlp:$T,dropout=0"
  "mlp:$T,label_smoothing=0"
  "mlp:$T,schedule=constant,lr=0.01"
  "mlp:$T,select_epoch=last"
  "mlp:$T,hidden=128,layers=2"
  # the paper's network, one ingredient in
  "mlp:preset=paper,$T,input=robust"
  "mlp:preset=paper,$T,embedding=pbld"
  "mlp:preset=paper,$T,select_epoch=best"
  "mlp:preset=paper,$T,label_smoothing=0.1"
  "mlp:preset=paper,$T,hidden=256,layers=3"
)
LARGE="${LARGE:-page-blocks pendigits-odds annthyroid bank-additional-full}"
large_models=(
  "mlp:preset=paper,$T"
  "mlp:$T"
  "mlp:$T,input=none"
  "mlp:$T,embedding=none"
  "mlp:$T,dropout=0"
  "mlp:$T,label_smoothing=0"
  "mlp:$T,hidden=128,layers=2"
  "mlp:$T,hidden=128,layers=2,dropout=0"
  "mlp:$T,hidden=128,layers=2,dropout=0,embedding=none"
)
for d in $DATASETS; do
  f="$DATA_DIR/$d.csv"
  [ -f "$f" ] || { echo "error: $f not found (set DATA_DIR)" >&2; exit 3; }
  list=("${models[@]}" "mlp:$T,hidden=128,layers=2,dropout=0" "mlp:$T,hidden=128,layers=2,dropout=0,embedding=none")
  case " $LARGE " in *" $d "*) list=("${large_models[@]}") ;; esac
  "$BIN" bench --data "$f" --seeds "$SEEDS" --protocol holdout:0.2 --out "$OUT" --jobs "$JOBS" --threads "$THREADS" \
    --samplers none --models "${list[@]}"
done
"$BIN" report "$OUT" --focus "mlp:preset=paper + none (t)" --markdown "$OUT/report.md" \
  --title "Issue 24: the host network's ablation on the development datasets"
