#!/usr/bin/env bash
# Times our samplers against imbalanced-learn on the same CSV, in the same run, and prints the
# ratio. Needs Debian's python3-imblearn (/usr/bin/python3). Usage:
#   benchmarks/compare_imblearn.sh [build_dir] [sizes...]      e.g. benchmarks/compare_imblearn.sh build 10000 100000
set -euo pipefail
BUILD="${1:-build}"; shift || true
SIZES=("${@:-10000 100000 1000000}")
read -r -a SIZES <<<"${SIZES[*]}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
printf "%-17s %9s %11s %11s %11s %11s %9s %9s\n" sampler rows "ours 1 thr" "imbl 1 thr" "ours 2 thr" "imbl 2 thr" "ratio 1t" "ratio 2t"
for n in "${SIZES[@]}"; do
  csv="$TMP/data_$n.csv"
  "$BUILD/autosmote" resample --data "synthetic:n=$n,d=20,weights=0.95/0.05,seed=0" --sampler none --out "$csv" >/dev/null
  reps=3; [ "$n" -ge 1000000 ] && reps=1
  for s in random smote borderline-smote adasyn; do
    if [ "$n" -ge 1000000 ] && [ "$s" != smote ] && [ "$s" != random ] && [ "${BENCH_ALL:-0}" != 1 ]; then continue; fi
    ours1=$("$BUILD/benchmarks/resample_timer" "$csv" "$s" 1 "$reps" | cut -d' ' -f1)
    ours2=$("$BUILD/benchmarks/resample_timer" "$csv" "$s" 2 "$reps" | cut -d' ' -f1)
    theirs1=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$(dirname "$0")/compare_imblearn.py" "$csv" "$s" "$reps" 1 | cut -d' ' -f1)
    theirs2=$(OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 "$(dirname "$0")/compare_imblearn.py" "$csv" "$s" "$reps" 2 | cut -d' ' -f1)
    awk -v s="$s" -v n="$n" -v a="$ours1" -v b="$ours2" -v c="$theirs1" -v e="$theirs2" \
      'BEGIN { printf "%-17s %9d %11.4f %11.4f %11.4f %11.4f %8.1fx %8.1fx\n", s, n, a, c, b, e, c / a, e / b }'
  done
done
