#!/usr/bin/env bash
# End-to-end tests (issue 10): outputs are never half-written. A failed write (a full device, a
# file-size limit) is a one-line error that leaves an existing file untouched and no temporary file
# behind; output paths are checked before the work starts; a bench cell killed by a signal runs
# again on the next bench, a real error does not; a bench where no figure can be drawn still writes
# its report. Usage: outputs_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
# The entries of a folder, hidden ones included (a leftover temporary file would show here).
listing() { (cd "$1" && ls -A | tr '\n' ' '); }
# The number of runs with this status in a runs file.
runs_with_status() { tail -n +2 "$1" | grep -c ",$2,"; }
# Runs the command with a file-size limit of 1 block (the write of any output fails with EFBIG).
size_limited() { bash -c 'ulimit -f 1; exec "$@"' size_limited "$@"; }

DATA="synthetic:n=300,d=4,weights=0.8/0.2,seed=0"
FAST="mlp:epochs=2"
mkdir -p "$TMP/w"
"$BIN" train --data "$DATA" --model "$FAST" --out "$TMP/w/m.model" >/dev/null 2>&1 || fail "fixture: train"
"$BIN" resample --data "$DATA" --out "$TMP/rows.csv" >/dev/null 2>&1 || fail "fixture: resample"
cp "$TMP/w/m.model" "$TMP/m.saved"

# --- a full device: a one-line error and a non-zero exit, not "wrote ..." ---
expect_error "predict --out /dev/full" 3 "cannot write '/dev/full': No space left on device" -- \
  "$BIN" predict --model "$TMP/w/m.model" --data "$TMP/rows.csv" --out /dev/full
expect_error "evaluate --json /dev/full" 3 "cannot write '/dev/full': No space left on device" -- \
  "$BIN" evaluate --data "$DATA" --model "$FAST" --seeds 0 --json /dev/full
expect_error "evaluate --csv /dev/full" 3 "cannot write '/dev/full': No space left on device" -- \
  "$BIN" evaluate --data "$DATA" --model "$FAST" --seeds 0 --csv /dev/full
expect_error "train --out /dev/full" 3 "cannot write '/dev/full': No space left on device" -- \
  "$BIN" train --data "$DATA" --model "$FAST" --out /dev/full
expect_error "resample --out /dev/full" 3 "cannot write '/dev/full': No space left on device" -- \
  "$BIN" resample --data "$DATA" --out /dev/full
expect_error "evaluate's table to a full stdout" 3 "cannot write standard output: No space left on device" -- \
  bash -c '"$0" evaluate --data "$1" --model "$2" --seeds 0 >/dev/full' "$BIN" "$DATA" "$FAST"
"$BIN" train --data "$DATA" --model auto-smote:epochs=1 --out "$TMP/auto.model" >/dev/null 2>&1 || fail "fixture: train auto-smote"
expect_error "explain to a full stdout" 3 "cannot write standard output" -- \
  bash -c '"$0" explain --model "$1" --json >/dev/full' "$BIN" "$TMP/auto.model"
echo "old" >"$TMP/pair.json"
expect_error "evaluate --json ok --csv /dev/full" 3 "cannot write '/dev/full'" -- \
  "$BIN" evaluate --data "$DATA" --model "$FAST" --seeds 0 --json "$TMP/pair.json" --csv /dev/full
[ "$(cat "$TMP/pair.json")" = old ] && pass "a failed --csv leaves --json as it was" || fail "--json replaced although --csv failed"
"$BIN" evaluate --data "$DATA" --model "$FAST" --seeds 0 --csv "$TMP/sum_runs.csv" >/dev/null 2>&1 || fail "fixture: runs file"
expect_error "summarize to a full stdout (every subcommand's printed output is checked)" 3 "cannot write standard output" -- \
  bash -c '"$0" summarize "$1" >/dev/full' "$BIN" "$TMP/sum_runs.csv"
expect_ok "predict --out /dev/null (a special file is written directly)" -- \
  "$BIN" predict --model "$TMP/w/m.model" --data "$TMP/rows.csv" --out /dev/null

# --- output paths are checked before the work starts ---
# The data does not exist either: the output's error comes first, so nothing was run.
expect_error "evaluate: a bad --csv is found before the run" 3 "cannot write '/nonexistent/e.csv': folder '/nonexistent'" -- \
  "$BIN" evaluate --data "$TMP/none.csv" --json "$TMP/w/e.json" --csv /nonexistent/e.csv
expect_error "evaluate: a bad --csv with good data" 3 "cannot write '/nonexistent/e.csv'" -- \
  "$BIN" evaluate --data "$DATA" --model "$FAST" --seeds 0 --json "$TMP/w/e.json" --csv /nonexistent/e.csv
[ ! -e "$TMP/w/e.json" ] && pass "evaluate wrote no --json when --csv could not be written" || fail "e.json was written"
expect_error "evaluate: --json is a directory" 3 "cannot write '$TMP/w': Is a directory" -- \
  "$BIN" evaluate --data "$TMP/none.csv" --json "$TMP/w"
expect_error "train: --out in a missing folder, before loading" 3 "cannot write '$TMP/no/m.model': folder '$TMP/no'" -- \
  "$BIN" train --data "$TMP/none.csv" --out "$TMP/no/m.model"
expect_error "train: --out is a directory" 3 "Is a directory" -- "$BIN" train --data "$TMP/none.csv" --out "$TMP/w"
expect_error "predict: --out in a missing folder, before loading" 3 "cannot write '$TMP/no/p.csv'" -- \
  "$BIN" predict --model "$TMP/none.model" --data "$TMP/none.csv" --out "$TMP/no/p.csv"
expect_error "resample: --out in a missing folder, before loading" 3 "cannot write '$TMP/no/r.csv'" -- \
  "$BIN" resample --data "$TMP/none.csv" --out "$TMP/no/r.csv"

# --- a write that fails midway leaves the existing file untouched, and no temporary file ---
printf 'old predictions\n' >"$TMP/w/p.csv"
printf 'old rows\n' >"$TMP/w/r.csv"
printf '{"old": 1}\n' >"$TMP/w/e.json"
cp "$TMP/w/p.csv" "$TMP/w/r.csv" "$TMP/w/e.json" "$TMP/"
before=$(listing "$TMP/w")
expect_error "train over a model, file-size limit" 3 "cannot write '$TMP/w/m.model': File too large" -- \
  size_limited "$BIN" train --data "$DATA" --model "$FAST" --seed 1 --out "$TMP/w/m.model"
cmp -s "$TMP/w/m.model" "$TMP/m.saved" && pass "the old model file is untouched" || fail "the model file changed"
expect_ok "the old model file still loads" -- "$BIN" predict --model "$TMP/w/m.model" --data "$TMP/rows.csv" --out "$TMP/p2.csv"
expect_error "predict over a file, file-size limit" 3 "cannot write '$TMP/w/p.csv': File too large" -- \
  size_limited "$BIN" predict --model "$TMP/w/m.model" --data "$TMP/rows.csv" --out "$TMP/w/p.csv" --proba
cmp -s "$TMP/w/p.csv" "$TMP/p.csv" && pass "the old predictions are untouched" || fail "the predictions changed"
expect_error "resample over a file, file-size limit" 3 "cannot write '$TMP/w/r.csv': File too large" -- \
  size_limited "$BIN" resample --data "$DATA" --out "$TMP/w/r.csv"
cmp -s "$TMP/w/r.csv" "$TMP/r.csv" && pass "the old resampled rows are untouched" || fail "the resampled rows changed"
expect_error "evaluate over a file, file-size limit" 3 "cannot write '$TMP/w/e.json': File too large" -- \
  size_limited "$BIN" evaluate --data "$DATA" --model "$FAST" --seeds 0-1 --json "$TMP/w/e.json"
cmp -s "$TMP/w/e.json" "$TMP/e.json" && pass "the old JSON results are untouched" || fail "the JSON results changed"
[ "$(listing "$TMP/w")" = "$before" ] && pass "no temporary file is left behind" || fail "folder now holds: $(listing "$TMP/w")"
expect_ok "a successful run replaces the file" -- "$BIN" predict --model "$TMP/w/m.model" --data "$TMP/rows.csv" --out "$TMP/w/p.csv"
head -1 "$TMP/w/p.csv" | grep -q "^prediction" && pass "the new predictions are in place" || fail "p.csv: $(head -1 "$TMP/w/p.csv")"

# --- bench: a cell killed by a signal runs again on the next bench; a real error does not ---
SLOW="synthetic:n=600,d=6,weights=0.8/0.2,seed=4"
BENCH=(bench --data "$SLOW" --models mlp:epochs=60 --seeds 0-1 --out "$TMP/killed" --jobs 1 --threads 1)
"$BIN" "${BENCH[@]}" >/dev/null 2>"$TMP/kerr" &
bench_pid=$!
child=""
for _ in $(seq 1 500); do
  child=$(pgrep -P "$bench_pid" | head -1)
  [ -n "$child" ] && break
  sleep 0.02
done
[ -n "$child" ] && kill -KILL "$child"
wait "$bench_pid"; rc=$?
n_killed=$(runs_with_status "$TMP/killed/runs.csv" killed)
if [ -n "$child" ] && [ $rc -eq 0 ] && [ "$n_killed" -ge 1 ] && [ "$(runs_with_status "$TMP/killed/runs.csv" error)" -eq 0 ]; then
  pass "a cell killed by SIGKILL is recorded as killed ($n_killed seeds)"
else fail "killed cell: child '$child', exit $rc, $n_killed killed rows: $(tail -2 "$TMP/kerr")"; fi
grep -q "killed by signal 9" "$TMP/killed/report.md" && pass "the report shows the killed runs" || fail "report.md lacks the killed runs"
"$BIN" "${BENCH[@]}" >/dev/null 2>"$TMP/kerr"
n_ok=$(runs_with_status "$TMP/killed/runs.csv" ok)
if grep -q "($((2 - n_killed)) done before)" "$TMP/kerr" && [ "$n_ok" -eq 2 ] && ! grep -q "## Failed runs" "$TMP/killed/report.md"; then
  pass "the next bench runs the killed seeds again; the report no longer lists them"
else fail "rerun: $(head -1 "$TMP/kerr"), $n_ok ok runs"; fi

# --- bench on a one-class and an empty dataset: every run fails, the report is still written ---
mkdir -p "$TMP/bad_data"
{ echo "a,b,class"; for i in $(seq 1 20); do echo "$i,$((i % 3)),x"; done; } >"$TMP/bad_data/oneclass.csv"
echo "a,b,class" >"$TMP/bad_data/empty.csv"
expect_ok "bench on a one-class and an empty dataset finishes" -- \
  "$BIN" bench --data "$TMP/bad_data" --models mlp:epochs=2 --seeds 0-1 --out "$TMP/oc"
[ "$(runs_with_status "$TMP/oc/runs.csv" error)" -eq 4 ] && pass "the 4 failed runs are recorded as errors" \
  || fail "runs.csv: $(cat "$TMP/oc/runs.csv")"
if grep -q "not drawn" "$TMP/oc/report.md" && grep -q "single class" "$TMP/oc/report.md" \
   && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/oc/results.json"; then
  pass "report.md (with a note for each figure not drawn) and results.json are written"
else fail "report: $(head -c 300 "$TMP/oc/report.md")"; fi
[ "$(listing "$TMP/oc")" = "figures logs report.md results.json runs.csv " ] && pass "the output folder is complete, no temporary file" \
  || fail "output folder: $(listing "$TMP/oc")"
cp "$TMP/oc/runs.csv" "$TMP/oc_runs.csv"
expect_ok "bench reruns nothing where the runs failed with an error" -- \
  "$BIN" bench --data "$TMP/bad_data" --models mlp:epochs=2 --seeds 0-1 --out "$TMP/oc"
grep -q "(4 done before)" "$TMP/err" && cmp -s "$TMP/oc/runs.csv" "$TMP/oc_runs.csv" && pass "failed runs are not retried" \
  || fail "rerun: $(head -1 "$TMP/err")"

# --- bench and report outputs ---
mkdir -p "$TMP/rd/runs.csv"
expect_error "bench: runs.csv is a directory" 3 "cannot write '$TMP/rd/runs.csv': Is a directory" -- \
  "$BIN" bench --data "$DATA" --models "$FAST" --seeds 0 --out "$TMP/rd"
expect_error "report: runs.csv is a directory" 3 "cannot read '$TMP/rd/runs.csv': Is a directory" -- "$BIN" report "$TMP/rd"
expect_error "bench: --markdown in a missing folder, before the grid" 3 "cannot write '$TMP/no/r.md'" -- \
  "$BIN" bench --data "$DATA" --models "$FAST" --seeds 0 --out "$TMP/pre" --markdown "$TMP/no/r.md"
[ ! -e "$TMP/pre/runs.csv" ] && pass "bench ran nothing when the report could not be written" || fail "bench ran: $(cat "$TMP/pre/runs.csv")"
expect_error "bench: --notes is a directory" 3 "cannot read '$TMP/w': Is a directory" -- \
  "$BIN" bench --data "$DATA" --models "$FAST" --seeds 0 --out "$TMP/pre" --notes "$TMP/w"
rm "$TMP/oc/results.json"
expect_error "report: --markdown in a missing folder, before writing" 3 "cannot write '$TMP/no/r.md'" -- \
  "$BIN" report "$TMP/oc" --markdown "$TMP/no/r.md"
[ ! -e "$TMP/oc/results.json" ] && pass "report wrote nothing when report.md could not be written" || fail "results.json was written"
expect_error "report: --figures is a file" 3 "not a folder" -- "$BIN" report "$TMP/oc" --figures "$TMP/oc/runs.csv"
expect_error "report: --markdown /dev/full" 3 "cannot write '/dev/full': No space left on device" -- \
  "$BIN" report "$TMP/oc" --markdown /dev/full

finish "outputs"
