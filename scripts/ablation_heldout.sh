#!/usr/bin/env bash
# The issue-14 ablation on the nine development datasets of `make reproduce` (the only place where
# choices are made): AutoSMOTE's objective (validation = the batch's own rows, heldout = rows the
# search's classifier never trains on), cross-fitting (heldout_folds=3) vs one held-out split, the
# amount decision, the placement swap and the random-policy control, the look-ahead's loss (ce,
# soft_f1, auc), every method with threshold=tuned (and some without),
# next to mlp + smote and mlp alone. Seeds 0-4, hold-out 80/20. Resumable (OUT, default
# docs/ablation-heldout/; DATASETS overrides the list).
# Usage: scripts/ablation_heldout.sh path/to/autosmote [jobs] [threads]
set -euo pipefail
BIN="$1"; JOBS="${2:-2}"; THREADS="${3:-2}"
DATA_DIR="${DATA_DIR:-../shared/data}"
DATASETS="${DATASETS:-glass ilpd wisconsin diabetes kc1 page-blocks pendigits-odds annthyroid bank-additional-full}"
OUT="${OUT:-docs/ablation-heldout}"
HELDOUT="objective=heldout"
AMOUNTS="amounts=0/0.25/0.5/1/1.5"
for d in $DATASETS; do
  f="$DATA_DIR/$d.csv"
  [ -f "$f" ] || { echo "error: $f not found (set DATA_DIR)" >&2; exit 3; }
  common=(--data "$f" --seeds 0-4 --protocol holdout:0.2 --out "$OUT" --jobs "$JOBS" --threads "$THREADS")
  "$BIN" bench "${common[@]}" --models mlp:threshold=tuned --samplers none smote
  # Specs as this build spells them: the default is objective=validation without an amount
  # decision; HELDOUT = the held-out search, cross-fitted (heldout_folds=3) unless heldout_folds=1,
  # searching a quarter of the epochs; AMOUNTS = the amount decision. (t) = threshold=tuned.
  "$BIN" bench "${common[@]}" --samplers none --models \
    auto-smote:threshold=tuned \
    "auto-smote:$AMOUNTS,threshold=tuned" \
    auto-smote:lookahead_loss=auc,threshold=tuned \
    "auto-smote:$HELDOUT,$AMOUNTS,threshold=tuned" \
    "auto-smote:$HELDOUT,$AMOUNTS" \
    "auto-smote:policy=random,$HELDOUT,$AMOUNTS,threshold=tuned" \
    "auto-smote:$HELDOUT,$AMOUNTS,placement=random,threshold=tuned" \
    "auto-smote:$HELDOUT,threshold=tuned" \
    "auto-smote:$HELDOUT,heldout_folds=1,$AMOUNTS,threshold=tuned" \
    "auto-smote:$HELDOUT,heldout_folds=1,$AMOUNTS" \
    "auto-smote:$HELDOUT,heldout_folds=1,threshold=tuned" \
    "auto-smote:$HELDOUT,heldout_folds=1,$AMOUNTS,placement=random,threshold=tuned" \
    "auto-smote:$HELDOUT,heldout_folds=1,$AMOUNTS,lookahead_loss=soft_f1,threshold=tuned" \
    "auto-smote:$HELDOUT,heldout_folds=1,$AMOUNTS,lookahead_loss=auc,threshold=tuned" \
    "auto-smote:$HELDOUT,heldout_folds=1,lookahead_loss=auc,threshold=tuned"
done
"$BIN" report "$OUT" --focus "auto-smote (t)" \
  --markdown "$OUT/report.md" --title "Issue 14 ablation on the nine development datasets"
