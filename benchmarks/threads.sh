#!/usr/bin/env bash
# Threads that help and never hurt (issue 11): wall time of `evaluate` at --threads 1, 2 and 0 for
# mlp, mlp + smote and both AutoSMOTE variants on the synthetic 5,000-row data, once on an idle
# machine and once with one core kept busy by a busy loop that this script starts and stops.
# Prints one table with the ratios threads=N / threads=1 (< 1: threads help).
# Usage: benchmarks/threads.sh path/to/autosmote [seeds] [epochs]   (defaults: 0-4, 20)
set -euo pipefail
BIN="$1"
SEEDS="${2:-0-4}"
EPOCHS="${3:-20}"
DATA="synthetic:n=5000,d=20,weights=0.95/0.05,seed=0"
methods=("mlp:epochs=$EPOCHS|none" "mlp:epochs=$EPOCHS|smote" "auto-smote:variant=self,epochs=$EPOCHS|none"
         "auto-smote:variant=cohort,epochs=$EPOCHS|none")
busy_pid=""
trap '[ -n "$busy_pid" ] && kill "$busy_pid" 2>/dev/null; true' EXIT

seconds() {  # wall seconds of one evaluate
  local model="$1" sampler="$2" threads="$3" t0 t1
  t0=$(date +%s.%N)
  "$BIN" evaluate --data "$DATA" --model "$model" --sampler "$sampler" --seeds "$SEEDS" --threads "$threads" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}

echo "evaluate --data $DATA --seeds $SEEDS, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
printf '%-8s %-44s %8s %8s %8s %9s %9s\n' load method "t=1 (s)" "t=2 (s)" "t=0 (s)" "t2/t1" "t0/t1"
for load in idle busy; do
  if [ "$load" = busy ]; then
    bash -c 'while :; do :; done' &
    busy_pid=$!
  fi
  for m in "${methods[@]}"; do
    model="${m%%|*}"; sampler="${m##*|}"
    t1=$(seconds "$model" "$sampler" 1)
    t2=$(seconds "$model" "$sampler" 2)
    t0=$(seconds "$model" "$sampler" 0)
    printf '%-8s %-44s %8.2f %8.2f %8.2f %9.3f %9.3f\n' "$load" "$model + $sampler" "$t1" "$t2" "$t0" \
      "$(awk -v a="$t2" -v b="$t1" 'BEGIN { print a / b }')" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print a / b }')"
  done
  if [ -n "$busy_pid" ]; then kill "$busy_pid"; wait "$busy_pid" 2>/dev/null || true; busy_pid=""; fi
done
