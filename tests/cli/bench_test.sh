#!/usr/bin/env bash
# End-to-end tests of `autosmote bench` and `autosmote report`: the grid, recorded failures,
# resuming after the bench is killed, results independent of --jobs, the report files (valid SVG
# and JSON), and the one-line errors. Usage: bench_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
data_lines() { [ -f "$1" ] && tail -n +2 "$1" | wc -l || echo 0; }
# runs.csv without the timing columns, sorted: what must not depend on --jobs or on resuming.
metrics_of() { python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
keep = [k for k in rows[0] if not k.endswith("_seconds")]
for line in sorted(",".join(r[k] for k in keep) for r in rows): print(line)
PY
}

# A dataset whose rare class has one row: every split of it fails (recorded, the grid goes on).
{ echo "a,b,class"; for i in $(seq 1 30); do echo "$i,$((i % 7)),no"; done; echo "5,5,yes"; } >"$TMP/tiny.csv"
S1="synthetic:n=400,d=5,weights=0.85/0.15,seed=1"
S2="synthetic:n=400,d=5,weights=0.9/0.1,class_sep=0.8,seed=2"

# --- a grid with a failing dataset; progress lines when stderr is not a terminal ---
"$BIN" bench --data "$S1,$S2,$TMP/tiny.csv" --models mlp:epochs=20,auto-smote:epochs=5 --samplers none,smote \
  --seeds 0-2 --out "$TMP/g1" --jobs 2 --threads 2 --progress-every 1 >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ]; then pass "bench runs a grid with a failing dataset"; else fail "bench exit $rc: $(tail -3 "$TMP/err")"; fi
# 3 datasets x (2 samplers x mlp + auto-smote once) x 3 seeds = 27 runs
[ "$(data_lines "$TMP/g1/runs.csv")" -eq 27 ] && pass "27 runs recorded" || fail "runs recorded: $(data_lines "$TMP/g1/runs.csv")"
[ "$(tail -n +2 "$TMP/g1/runs.csv" | grep -c ',error,')" -eq 9 ] && pass "the 9 runs of the 1-row-class dataset are recorded as errors" \
  || fail "error rows: $(tail -n +2 "$TMP/g1/runs.csv" | grep -c ',error,')"
tail -n +2 "$TMP/g1/runs.csv" | grep ',error,' | head -1 | grep -q "'yes'" && pass "the error names the class" \
  || fail "error text: $(tail -n +2 "$TMP/g1/runs.csv" | grep ',error,' | head -1)"
grep -q "runs done" "$TMP/err" && pass "progress lines on a non-terminal" || fail "no progress lines"
grep -q "## Failed runs" "$TMP/g1/report.md" && pass "report lists the failures" || fail "report without failures"
python3 - "$TMP/g1" <<'PY' && pass "figures are valid SVG, results.json is valid JSON with tests" || fail "report files"
import glob, json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
svgs = glob.glob(d + "/figures/*.svg")
assert any(s.endswith("/macro_f1.svg") for s in svgs) and any("ranks_macro_f1" in s for s in svgs), svgs
for s in svgs:
    root = ET.parse(s).getroot()
    assert root.tag.endswith("svg"), s
j = json.load(open(d + "/results.json"))
m = j["metrics"]["macro_f1"]
assert set(m["average_ranks"]) == {"none", "smote", "auto-smote:epochs=5"} or len(m["average_ranks"]) == 3, m["average_ranks"]
assert "friedman" in m and 0 <= m["friedman"]["p_chi2"] <= 1
assert len(m["wilcoxon"]) == 2 and all(0 <= w["p"] <= 1 for w in m["wilcoxon"])
PY

# --- report regenerates the same files from runs.csv alone ---
cp "$TMP/g1/report.md" "$TMP/report1.md"; cp "$TMP/g1/results.json" "$TMP/results1.json"
rm -r "$TMP/g1/report.md" "$TMP/g1/results.json" "$TMP/g1/figures"
if "$BIN" report "$TMP/g1" 2>"$TMP/err" && cmp -s "$TMP/report1.md" "$TMP/g1/report.md" && cmp -s "$TMP/results1.json" "$TMP/g1/results.json" \
   && [ -f "$TMP/g1/figures/macro_f1.svg" ]; then pass "report DIR regenerates report.md, results.json and figures"
else fail "report DIR: $(cat "$TMP/err")"; fi

# --- report options: notes, other locations, title ---
printf '## My reading\n\nHand-written words.\n' >"$TMP/notes.md"
if "$BIN" report "$TMP/g1" --notes "$TMP/notes.md" --markdown "$TMP/r.md" --figures "$TMP/figs" --figures-link figs \
     --title "T1" 2>"$TMP/err" && grep -q "^# T1" "$TMP/r.md" && grep -q "Hand-written words." "$TMP/r.md" \
   && grep -q "](figs/macro_f1.svg)" "$TMP/r.md" && [ -f "$TMP/figs/ranks_macro_f1.svg" ]; then
  pass "report --notes --markdown --figures --figures-link --title"
else fail "report options: $(cat "$TMP/err")"; fi
expect_error "report with a missing notes file" 3 "cannot read '$TMP/none.md'" -- "$BIN" report "$TMP/g1" --notes "$TMP/none.md"

# --- a progress bar on a terminal ---
if command -v script >/dev/null; then
  script -qec "$BIN bench --data $S1 --models mlp:epochs=5 --seeds 0-1 --out $TMP/tty" "$TMP/tty.log" >/dev/null 2>&1
  grep -q "2/2 runs" "$TMP/tty.log" && grep -q "\[##" "$TMP/tty.log" && pass "progress bar on a terminal" \
    || fail "no progress bar: $(tr '\r' '\n' <"$TMP/tty.log" | tail -2)"
fi

# --- a finished bench run again does nothing ---
before=$(md5sum <"$TMP/g1/runs.csv")
"$BIN" bench --data "$S1,$S2,$TMP/tiny.csv" --models mlp:epochs=20,auto-smote:epochs=5 --samplers none,smote \
  --seeds 0-2 --out "$TMP/g1" --jobs 2 --threads 2 >"$TMP/out" 2>"$TMP/err"
[ "$before" = "$(md5sum <"$TMP/g1/runs.csv")" ] && grep -q "(27 done before)" "$TMP/err" && pass "a finished bench reruns nothing" \
  || fail "rerun changed runs.csv: $(head -2 "$TMP/err")"

# --- --jobs 1 and --jobs 2 give the same metrics ---
"$BIN" bench --data "$S1,$S2" --models mlp:epochs=20,auto-smote:epochs=5 --samplers none,smote --seeds 0-2 \
  --out "$TMP/j1" --jobs 1 --threads 2 2>/dev/null
"$BIN" bench --data "$S1,$S2" --models mlp:epochs=20,auto-smote:epochs=5 --samplers none,smote --seeds 0-2 \
  --out "$TMP/j2" --jobs 2 --threads 2 2>/dev/null
metrics_of "$TMP/j1/runs.csv" >"$TMP/m1"; metrics_of "$TMP/j2/runs.csv" >"$TMP/m2"
if [ -s "$TMP/m1" ] && cmp -s "$TMP/m1" "$TMP/m2"; then pass "--jobs 1 and --jobs 2 give identical metrics"
else fail "--jobs changes metrics: $(diff "$TMP/m1" "$TMP/m2" | head -4)"; fi

# --- kill the bench mid-run, then resume: finished runs are kept, not redone ---
SLOW="synthetic:n=3000,d=10,weights=0.9/0.1,seed=3"
"$BIN" bench --data "$SLOW,$S1" --models mlp:epochs=150 --samplers none,smote,random --seeds 0-3 \
  --out "$TMP/k" --jobs 1 --threads 1 2>"$TMP/kerr" &
pid=$!
for _ in $(seq 1 300); do [ "$(data_lines "$TMP/k/runs.csv")" -ge 2 ] && break; sleep 0.1; done
kill -TERM $pid; wait $pid; krc=$?
n_killed=$(data_lines "$TMP/k/runs.csv")
if [ $krc -eq 130 ] && [ "$n_killed" -ge 2 ] && [ "$n_killed" -lt 24 ] && grep -q "run the same command again" "$TMP/kerr"; then
  pass "a killed bench stops with exit 130 after $n_killed of 24 runs"
else fail "kill: exit $krc, $n_killed runs, $(tail -1 "$TMP/kerr")"; fi
head -n $((n_killed + 1)) "$TMP/k/runs.csv" >"$TMP/k_before.csv"
printf 'synthetic-cut-off-line,abc' >>"$TMP/k/runs.csv"  # a line cut short by the kill
"$BIN" bench --data "$SLOW,$S1" --models mlp:epochs=150 --samplers none,smote,random --seeds 0-3 \
  --out "$TMP/k" --jobs 1 --threads 1 2>"$TMP/kerr"
n_after=$(tail -n +2 "$TMP/k/runs.csv" | grep -c ',ok,')
if grep -q "($n_killed done before)" "$TMP/kerr" && [ "$n_after" -eq 24 ] && cmp -s "$TMP/k_before.csv" <(head -n $((n_killed + 1)) "$TMP/k/runs.csv"); then
  pass "resuming runs only the $((24 - n_killed)) missing runs and keeps the finished ones"
else fail "resume: $(head -1 "$TMP/kerr"), $n_after ok runs"; fi
grep -q "incomplete line" "$TMP/kerr" && pass "the cut-off line is reported" || fail "cut-off line not reported"
"$BIN" bench --data "$SLOW,$S1" --models mlp:epochs=150 --samplers none,smote,random --seeds 0-3 \
  --out "$TMP/k1" --jobs 2 --threads 2 2>/dev/null
metrics_of "$TMP/k1/runs.csv" >"$TMP/m3"
python3 - "$TMP/k/runs.csv" >"$TMP/m4" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
rows = [r for r in rows if len(r) == len(rows[0])]  # whole lines only
head, rows = rows[0], rows[1:]
keep = [i for i, k in enumerate(head) if not k.endswith("_seconds")]
for line in sorted(",".join(r[i] for i in keep) for r in rows): print(line)
PY
cmp -s "$TMP/m3" "$TMP/m4" && pass "the resumed bench equals an uninterrupted one" || fail "resumed != uninterrupted: $(diff "$TMP/m3" "$TMP/m4" | head -3)"

# --- errors ---
expect_error "bench without --out" 2 "--out" -- "$BIN" bench --data "$S1"
expect_error "bench with a missing dataset" 3 "dataset '$TMP/none.csv' does not exist" -- "$BIN" bench --data "$TMP/none.csv" --out "$TMP/e"
mkdir -p "$TMP/emptydir"
expect_error "bench with a directory without CSV" 3 "holds no .csv file" -- "$BIN" bench --data "$TMP/emptydir" --out "$TMP/e"
expect_error "bench with a bad model spec" 4 "bogus" -- "$BIN" bench --data "$S1" --models mlp:bogus=1 --out "$TMP/e"
expect_error "bench with a bad sampler" 4 "smoth" -- "$BIN" bench --data "$S1" --samplers smoth --out "$TMP/e"
expect_error "bench with a list starting with a parameter" 4 "starts with a parameter" -- "$BIN" bench --data "$S1" --models k=3,mlp --out "$TMP/e"
expect_error "report without runs.csv" 3 "runs.csv does not exist" -- "$BIN" report "$TMP/emptydir"
mkdir -p "$TMP/badruns"; printf 'a,b\n1,2\n' >"$TMP/badruns/runs.csv"
expect_error "report on a foreign CSV" 3 "not a runs file" -- "$BIN" report "$TMP/badruns"
head -1 "$TMP/g1/runs.csv" >"$TMP/badruns/runs.csv"
expect_error "report on a runs file without runs" 3 "runs.csv holds no runs" -- "$BIN" report "$TMP/badruns"
{ head -1 "$TMP/g1/runs.csv"; sed -n 2p "$TMP/g1/runs.csv" | sed 's/,ok,,[^,]*,/,ok,,abc,/'; } >"$TMP/badruns/runs.csv"
expect_error "report on a runs file with a bad number" 3 "'abc' in column macro_f1 is not a number" -- "$BIN" report "$TMP/badruns"
{ head -1 "$TMP/g1/runs.csv"; sed -n 2p "$TMP/g1/runs.csv" | sed 's/,ok,/,done,/'; } >"$TMP/badruns/runs.csv"
expect_error "report on a runs file with a bad status" 3 "bad seed, repeat, fold or status" -- "$BIN" report "$TMP/badruns"
expect_error "bench with an output folder that cannot be made" 3 "cannot create directory" -- "$BIN" bench --data "$S1" --out "$TMP/tiny.csv/sub"
expect_error "report with an unknown focus" 3 "--focus 'nope' is not one of the methods" -- "$BIN" report "$TMP/g1" --focus nope

# A runs file of the format before the tuning columns is rewritten once, atomically, then extended.
mkdir -p "$TMP/legacy"
"$BIN" bench --data "$S1" --models mlp:epochs=2 --samplers none --seeds 0 --out "$TMP/legacy" --jobs 1 >/dev/null 2>&1
python3 - "$TMP/legacy/runs.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
with open(sys.argv[1], "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(r[:-3] for r in rows)
PY
expect_ok "bench on a runs file of the earlier format" -- "$BIN" bench --data "$S1" --models mlp:epochs=2 \
  --samplers none --seeds 0-1 --out "$TMP/legacy" --jobs 1
grep -q "runs.csv rewritten in today's format" "$TMP/err" &&
  head -1 "$TMP/legacy/runs.csv" | grep -q ",tuning_seconds,inner_fits,parameters$" &&
  [ "$(tail -n +2 "$TMP/legacy/runs.csv" | wc -l)" -eq 2 ] && pass "an earlier runs file is upgraded and extended" ||
  fail "legacy runs file: $(head -c 300 "$TMP/err") $(cat "$TMP/legacy/runs.csv" | head -3)"

finish bench
