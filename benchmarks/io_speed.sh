#!/usr/bin/env bash
# CSV -> CSV end to end, one thread each: `autosmote resample --sampler smote --threads 1` against
# pandas read_csv + imbalanced-learn SMOTE().fit_resample + to_csv (benchmarks/io_speed_pandas.py),
# on make_classification files (20 features, 5% minority: benchmarks/io_speed_data.py). Whole
# processes, wall time and peak memory from /usr/bin/time; 3 paired runs (ours, then theirs, same
# seed), medians; the speed ratio is the median of the 3 paired ratios. "read" is read_csv alone in
# its process (benchmarks/io_speed_read vs pandas.read_csv, no process start), median of 3.
# Needs Debian's python3-pandas, python3-sklearn and python3-imblearn (/usr/bin/python3) and a
# build with the io_speed_read target. Usage:
#   benchmarks/io_speed.sh [build_dir] [rows...]      e.g. benchmarks/io_speed.sh build 200000 1000000
set -euo pipefail
BUILD="${1:-build}"; shift || true
SIZES=("${@:-200000 1000000}")
read -r -a SIZES <<<"${SIZES[*]}"
HERE="$(cd "$(dirname "$0")" && pwd)"
PY=/usr/bin/python3
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMEXPR_NUM_THREADS=1
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Runs a command, prints "seconds peak_MiB".
measure() {
  if ! /usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err"; then
    cat "$TMP/err" >&2
    exit 1
  fi
  awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$TMP/time"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf "%8s %6s | %9s %9s %7s | %8s %8s %6s | %8s %8s %6s | %9s %8s\n" rows MB "ours s" "pandas s" speedup \
  "ours MiB" "pd MiB" "mem" "read s" "pd rd s" "read x" "out MiB" "peak/out"
for n in "${SIZES[@]}"; do
  csv="$TMP/data_$n.csv"
  "$PY" "$HERE/io_speed_data.py" "$n" "$csv"
  : >"$TMP/runs"
  for seed in 1 2 3; do
    ours=$(measure "$BUILD/autosmote" resample --data "$csv" --sampler smote --threads 1 --seed "$seed" --out "$TMP/ours.csv")
    theirs=$(measure "$PY" "$HERE/io_speed_pandas.py" resample "$csv" "$TMP/theirs.csv" "$seed")
    read_ours=$("$BUILD/benchmarks/io_speed_read" "$csv" | cut -d' ' -f1)
    read_theirs=$("$PY" "$HERE/io_speed_pandas.py" read "$csv")
    echo "$ours $theirs $read_ours $read_theirs" >>"$TMP/runs"
  done
  out_rows=$(($(wc -l <"$TMP/ours.csv") - 1))
  columns=$(head -1 "$csv" | awk -F, '{ print NF }')
  col() { awk -v c="$1" '{ print $c }' "$TMP/runs" | median; }
  speedup=$(awk '{ print $3 / $1 }' "$TMP/runs" | median)
  read_x=$(awk '{ print $6 / $5 }' "$TMP/runs" | median)
  awk -v n="$n" -v mb="$(du -m "$csv" | cut -f1)" -v os="$(col 1)" -v ts="$(col 3)" -v sp="$speedup" \
    -v om="$(col 2)" -v tm="$(col 4)" -v ro="$(col 5)" -v rt="$(col 6)" -v rx="$read_x" \
    -v out=$((out_rows * columns * 8 / 1048576)) \
    'BEGIN { printf "%8d %6d | %9.2f %9.2f %6.2fx | %8d %8d %5.2fx | %8.3f %8.3f %5.2fx | %9d %7.2fx\n",
             n, mb, os, ts, sp, om, tm, om / tm, ro, rt, rx, out, om / out }'
done
echo "speedup: pandas wall / ours (median of paired ratios); mem: our peak / pandas peak; read x: pandas read_csv / ours;"
echo "out MiB: the output's numbers as doubles (rows x columns x 8); peak/out: our peak over that"
