#!/usr/bin/env bash
# End-to-end tests (issue 10): data and spec edges. Valid CSV that used to be rejected, text in
# another encoding, numbers at the edges of a double, sizes and seeds beyond every sane limit:
# each gives the documented result or a one-line error with the right exit code, in seconds.
# Usage: edges_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

# --- fixtures (tiny) ---
# rows N [VALUE_OF_ROW_1]: a two-class CSV body; every 4th row is class b.
rows() {
  for i in $(seq 1 "$1"); do
    echo "$((i % 9)).5,$((i % 4 == 0 ? 1 : 0)),$([ $((i % 4)) -eq 0 ] && echo b || echo a)"
  done
}
{ echo "x,z,class"; rows 40; } >"$TMP/plain.csv"
FAST="mlp:hidden=4,epochs=2"
expect_ok "train on ordinary data" -- "$BIN" train --data "$TMP/plain.csv" --model "$FAST" --out "$TMP/plain.model"

# --- valid CSV that used to be rejected ---
{
  echo "note,x,class"
  for i in $(seq 1 40); do
    if [ $((i % 10)) -eq 0 ]; then printf '"line one\nline two, with a comma",%s,b\n' "$i"; else echo "plain,$i,$([ $((i % 4)) -eq 0 ] && echo b || echo a)"; fi
  done
} >"$TMP/multiline.csv"
expect_ok "quoted field with a line break" -- "$BIN" evaluate --data "$TMP/multiline.csv" --model "$FAST" --seeds 0
expect_ok "multi-line field resampled" -- "$BIN" resample --data "$TMP/multiline.csv" --sampler random --seed 0 --out "$TMP/ml_out.csv"
[ "$(grep -c '^"line one$' "$TMP/ml_out.csv")" -ge 4 ] && [ "$(grep -c '^line two, with a comma"' "$TMP/ml_out.csv")" -ge 4 ] &&
  pass "multi-line field written back quoted" || fail "multi-line field: $(head -c 300 "$TMP/ml_out.csv")"

tr '\n' '\r' <"$TMP/plain.csv" >"$TMP/cr.csv"
expect_ok "CR-only line ends" -- "$BIN" resample --data "$TMP/cr.csv" --sampler random --seed 0 --out "$TMP/cr_out.csv"
[ "$(wc -l <"$TMP/cr_out.csv")" -eq 61 ] && pass "CR-only: 40 rows read, 20 added" || fail "CR-only: $(wc -l <"$TMP/cr_out.csv") lines"
sed 's/$/\r/' "$TMP/plain.csv" >"$TMP/crlf.csv"
expect_ok "CRLF line ends" -- "$BIN" resample --data "$TMP/crlf.csv" --sampler random --seed 0 --out "$TMP/crlf_out.csv"
cmp -s "$TMP/cr_out.csv" "$TMP/crlf_out.csv" && pass "CR, CRLF: same rows" || fail "CR and CRLF files read differently"

printf 'a,b,class\n"1,2,x\n3,4,y\n' >"$TMP/unterminated.csv"
expect_error "quote never closed" 3 "unterminated.csv:2: unterminated quote" -- "$BIN" evaluate --data "$TMP/unterminated.csv"

# --- another encoding, a directory ---
{ echo "x,z,class"; rows 39; printf '1,0,caf\xe9\n'; } >"$TMP/latin1_label.csv"
expect_error "Latin-1 label" 3 "latin1_label.csv:41:3: not valid UTF-8 (byte 0xE9" -- \
  "$BIN" train --data "$TMP/latin1_label.csv" --model "$FAST" --out "$TMP/latin1.model"
grep -q "iconv" "$TMP/err" && pass "Latin-1: names iconv" || fail "Latin-1: no hint: $(cat "$TMP/err")"
[ ! -e "$TMP/latin1.model" ] && pass "Latin-1: no model written" || fail "Latin-1: a model file was written"
{ printf 'x,t\xe9l\xe9,class\n'; rows 40; } >"$TMP/latin1_header.csv"
expect_error "Latin-1 header" 3 "latin1_header.csv:1:2: not valid UTF-8" -- "$BIN" evaluate --data "$TMP/latin1_header.csv"
{ echo "x,colour,class"; rows 40 | sed 's/^\([^,]*\),0,/\1,r\xf6t,/; s/^\([^,]*\),1,/\1,blau,/'; } >"$TMP/latin1_cat.csv"
expect_error "Latin-1 category" 3 "latin1_cat.csv:2:2: not valid UTF-8 (byte 0xF6" -- "$BIN" evaluate --data "$TMP/latin1_cat.csv"
mkdir -p "$TMP/folder"
expect_error "directory as --data" 3 "'$TMP/folder' is a directory" -- "$BIN" evaluate --data "$TMP/folder"
expect_error "directory to predict on" 3 "is a directory" -- "$BIN" predict --model "$TMP/plain.model" --data "$TMP/folder" --out "$TMP/p.csv"

# --- numbers at the edges of a double (each under timeout: a hang fails) ---
{
  echo "a,b,class"
  for i in $(seq 1 40); do
    if [ $((i % 4)) -eq 0 ]; then echo "1e308,-1e308,b"; else echo "-1e308,$i,a"; fi
  done
} >"$TMP/huge.csv"
expect_error "+-1e308, min-max: the column named" 3 "column 'a' has values from -1e+308 to 1e+308, whose range is beyond the largest double" -- \
  timeout 10 "$BIN" evaluate --data "$TMP/huge.csv" --model "$FAST" --seeds 0
expect_ok "+-1e308, standard scaling: finite" -- timeout 10 "$BIN" evaluate --data "$TMP/huge.csv" --model "$FAST" --seeds 0-1 \
  --scaling standard --json "$TMP/huge.json"
grep -qi 'nan\|inf' "$TMP/huge.json" && fail "+-1e308: NaN or inf in the metrics: $(head -c 300 "$TMP/huge.json")" || pass "+-1e308: finite metrics"
{ echo "x,z"; echo "1e308,0"; echo "-1e308,1"; echo "4.9e-324,-0"; echo "1.5,1"; } >"$TMP/huge_rows.csv"
expect_ok "predict +-1e308 rows" -- timeout 10 "$BIN" predict --model "$TMP/plain.model" --data "$TMP/huge_rows.csv" --proba \
  --out "$TMP/huge_pred.csv"
if [ "$(wc -l <"$TMP/huge_pred.csv")" -eq 5 ] && ! grep -qi 'nan\|inf' "$TMP/huge_pred.csv"; then
  pass "predict +-1e308: finite probabilities"
else
  fail "predict +-1e308: $(head -c 300 "$TMP/huge_pred.csv")"
fi

# --- seeds ---
expect_error "--seeds ending at the largest uint64" 4 "more than 100000 seeds" -- \
  timeout 10 "$BIN" evaluate --data "$TMP/plain.csv" --seeds 18446744073709551515-18446744073709551615,0-99999
expect_error "--seeds, a huge range" 4 "more than 100000 seeds" -- timeout 10 "$BIN" evaluate --data "$TMP/plain.csv" --seeds 0-18446744073709551615
expect_error "--seeds overflowing" 4 "is not a seed" -- "$BIN" evaluate --data "$TMP/plain.csv" --seeds 18446744073709551616
expect_error "train --seed -1" 4 "seed '-1' is not an integer in [0, 18446744073709551615]" -- \
  "$BIN" train --data "$TMP/plain.csv" --model "$FAST" --seed -1 --out "$TMP/s.model"
expect_error "train --seed overflowing" 4 "seed '18446744073709551616' is not an integer" -- \
  "$BIN" train --data "$TMP/plain.csv" --model "$FAST" --seed 18446744073709551616 --out "$TMP/s.model"
expect_error "resample --seed=-5" 4 "seed '-5' is not an integer" -- \
  "$BIN" resample --data "$TMP/plain.csv" --sampler smote --seed=-5 --out "$TMP/s.csv"
expect_ok "train --seed 18446744073709551615" -- "$BIN" train --data "$TMP/plain.csv" --model "$FAST" --seed 18446744073709551615 --out "$TMP/s.model"

# --- sizes from specs, refused before allocating (exit 4, in seconds) ---
expect_error "sampling_strategy one class twice" 4 "class '1' is given twice" -- \
  "$BIN" evaluate --data "$TMP/plain.csv" --sampler smote:sampling_strategy=1:30/1:40
expect_error "sampling_strategy 1e12 rows" 4 "above the limit of 1000000000 rows" -- \
  timeout 10 "$BIN" resample --data "$TMP/plain.csv" --sampler random:sampling_strategy=1:1000000000000 --out "$TMP/s.csv"
expect_error "sampling_strategy 1e9 rows x 2 columns" 4 "above the limit of 4 GiB" -- \
  timeout 10 "$BIN" resample --data "$TMP/plain.csv" --sampler random:sampling_strategy=1:1000000000 --out "$TMP/s.csv"
expect_error "auto-smote sampling_strategy 1e9 rows" 4 "above the limit of 4 GiB" -- \
  timeout 10 "$BIN" evaluate --data "$TMP/plain.csv" --model "auto-smote:sampling_strategy=1:1000000000,epochs=1" --seeds 0
expect_error "synthetic n=2147483648" 4 "n=2147483648 is out of range [2, 100000000]" -- \
  timeout 10 "$BIN" evaluate --data synthetic:n=2147483648
expect_error "synthetic n x d" 4 "above the limit of 100000000" -- timeout 10 "$BIN" evaluate --data synthetic:n=100000000,d=20
expect_error "synthetic covariances" 4 "covariance values" -- timeout 10 "$BIN" evaluate --data synthetic:n=1000,d=10000,informative=10000
expect_error "mlp hidden=1048576" 4 "hidden=1048576 is out of range [1, 16384]" -- \
  timeout 10 "$BIN" evaluate --data "$TMP/plain.csv" --model mlp:hidden=1048576
expect_error "mlp hidden x layers" 4 "weights between hidden layers, above the limit" -- \
  timeout 10 "$BIN" train --data "$TMP/plain.csv" --model mlp:hidden=16384,layers=3 --out "$TMP/s.model"
expect_error "mlp layers=65" 4 "layers=65 is out of range [0, 64]" -- "$BIN" evaluate --data "$TMP/plain.csv" --model mlp:layers=65
expect_error "mlp epochs" 4 "epochs=10000000 is out of range" -- "$BIN" evaluate --data "$TMP/plain.csv" --model mlp:epochs=10000000
expect_error "mlp batch" 4 "batch=2147483648 is out of range" -- "$BIN" evaluate --data "$TMP/plain.csv" --model mlp:batch=2147483648
expect_error "auto-smote policy_hidden" 4 "policy_hidden=1048576 is out of range [1, 16384]" -- \
  "$BIN" evaluate --data "$TMP/plain.csv" --model auto-smote:policy_hidden=1048576
expect_error "smote k_neighbors=100000" 4 "k_neighbors=100000 is out of range [1, 1000]" -- \
  "$BIN" evaluate --data "$TMP/plain.csv" --sampler smote:k_neighbors=100000
expect_error "kfold:5x" 4 "expected kfold:FOLDSxREPEATS" -- "$BIN" evaluate --data "$TMP/plain.csv" --protocol kfold:5x

# --- summarize names ---
expect_ok "runs file" -- "$BIN" evaluate --data "$TMP/plain.csv" --model "$FAST" --seeds 0 --csv "$TMP/runs.csv"
expect_error "summarize --metrics foo" 4 "unknown metric 'foo' (valid: macro_f1, macro_precision" -- \
  "$BIN" summarize "$TMP/runs.csv" --metrics macro_f1,foo
expect_ok "summarize --metrics with a timing" -- "$BIN" summarize "$TMP/runs.csv" --metrics g_mean,fit_seconds
expect_error "summarize --pivot two metrics" 4 "one metric" -- "$BIN" summarize "$TMP/runs.csv" --pivot macro_f1,g_mean

# A runs file with bytes that are not UTF-8 (found by the bench_runs fuzzer: results.json could not
# hold them): a one-line error naming line and byte, for report and summarize alike.
mkdir -p "$TMP/badutf"
cp "$(dirname "$0")/../../fuzz/regressions/bench_runs/invalid_utf8_field_report_json.csv" "$TMP/badutf/runs.csv"
expect_error "report: runs.csv not valid UTF-8" 3 "runs.csv:2:" -- "$BIN" report "$TMP/badutf"
grep -q "not valid UTF-8; the runs file is damaged" "$TMP/err" || fail "report: UTF-8 message: $(cat "$TMP/err")"
expect_error "summarize: runs.csv not valid UTF-8" 3 "not valid UTF-8" -- "$BIN" summarize "$TMP/badutf/runs.csv"

finish "edges"
