#!/usr/bin/env bash
# Runs the libFuzzer targets of a `make fuzz` build: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# (default: every target). Each target starts from its seed corpus (fuzz/corpus/TARGET, read only)
# and the corpus it grew before (BUILD_DIR/fuzz-corpus/TARGET); it runs SECONDS with a 10 s limit
# per input and 4 GiB of memory. An input that crashed, leaked, timed out or ran out of memory is
# copied to fuzz/findings/TARGET/ and the script fails. The last status line of each target
# (executions, coverage, corpus) is printed at the end; full logs in BUILD_DIR/fuzz-logs/.
set -uo pipefail

build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv spec model_file bench_runs)
here=$(cd "$(dirname "$0")" && pwd)

# Any sanitizer report ends the run with a crash file; leaks are checked by libFuzzer itself
# (-detect_leaks=1, its default).
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
summary=()
for t in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$t
  [ -x "$binary" ] || { echo "fuzz: $binary is not built (make fuzz)" >&2; exit 2; }
  corpus=$build/fuzz-corpus/$t
  artifacts=$build/fuzz-artifacts/$t
  log=$build/fuzz-logs/$t.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  rm -f "$artifacts"/*
  dict=()
  [ -f "$here/$t.dict" ] && dict=(-dict="$here/$t.dict")
  echo "fuzz: $t for ${seconds}s (log $log)"
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" "$here/corpus/$t" >"$log" 2>&1
  status=$?
  found=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \))
  if [ $status -ne 0 ] || [ -n "$found" ]; then
    mkdir -p "$here/findings/$t"
    for f in $found; do cp "$f" "$here/findings/$t/"; done
    echo "fuzz: $t FAILED (exit $status): $(grep -a -m1 -E '^(==[0-9]+==ERROR|  what\(\)|.*runtime error|fuzz: invariant|SUMMARY)' "$log")" >&2
    [ -n "$found" ] && echo "fuzz:   input(s) saved in fuzz/findings/$t/: $(echo $found | xargs -n1 basename | tr '\n' ' ')" >&2
    failed+=("$t")
  fi
  last=$(grep -a -E '^#[0-9]+' "$log" | tail -1)
  runs=$(grep -a -m1 -E 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  summary+=("$t: ${runs:-?} executions; last status: ${last:-none}")
done

echo "fuzz: summary (${seconds}s per target)"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]} (inputs in fuzz/findings/; replay one with $build/fuzz/fuzz_TARGET FILE)" >&2
  exit 1
fi
