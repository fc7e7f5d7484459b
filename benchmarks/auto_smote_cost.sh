#!/usr/bin/env bash
# The cost target of issue 14: a whole default `auto-smote` run against `mlp` + `smote` (and the
# never-trained control) on one dataset, the same split and
# seed, 1 thread. Each method's CPU seconds (user + system, of the whole `evaluate` process:
# loading, preprocessing, resampling, training, scoring) are the median of REPS runs, measured in
# rounds that take every method once, so that a busy machine slows them alike. Prints each one's
# ratio to `mlp` + `smote`.
# Usage: benchmarks/auto_smote_cost.sh path/to/autosmote [data] [reps]
#   defaults: ../shared/data/bank-additional-full.csv, 3 reps
set -euo pipefail
BIN="$1"
DATA="${2:-../shared/data/bank-additional-full.csv}"
REPS="${3:-3}"
methods=("mlp|smote" "auto-smote|none" "auto-smote:policy=random|none")
declare -A times
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for ((r = 0; r < REPS; r++)); do
  for m in "${methods[@]}"; do
    model="${m%%|*}" sampler="${m#*|}"
    /usr/bin/time -o "$tmp" -f "%U %S" "$BIN" evaluate --data "$DATA" --model "$model" --sampler "$sampler" \
      --seeds 0 --protocol holdout:0.2 --threads 1 >/dev/null 2>&1
    t=$(awk '{print $1 + $2}' "$tmp")
    times[$m]="${times[$m]:-} $t"
  done
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
base=$(echo "${times[${methods[0]}]}" | median)
echo "evaluate --data $DATA --seeds 0 --protocol holdout:0.2 --threads 1; CPU seconds, median of $REPS"
printf '%-72s %10s %8s\n' method seconds ratio
for m in "${methods[@]}"; do
  t=$(echo "${times[$m]}" | median)
  printf '%-72s %10.2f %7.2fx\n' "$m" "$t" "$(awk -v a="$t" -v b="$base" 'BEGIN { print a / b }')"
done
