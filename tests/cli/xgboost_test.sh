#!/usr/bin/env bash
# End-to-end tests of the xgboost model (issue 13): train, predict, evaluate with threshold=tuned,
# explain, a bad key. Exits 77 (CTest: skipped) when the binary was built without XGBoost.
# Usage: xgboost_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

# A small two-class CSV: the label follows x (class b above 6), z is noise; 60 rows, 1 in 4 b.
{
  echo "x,z,class"
  for i in $(seq 1 60); do
    if [ $((i % 4)) -eq 0 ]; then echo "$((7 + i % 3)).5,$((i % 5)),b"; else echo "$((i % 6)).25,$((i % 5)),a"; fi
  done
} >"$TMP/data.csv"

if "$BIN" train --data "$TMP/data.csv" --model xgboost --out "$TMP/m.model" >/dev/null 2>"$TMP/err"; then
  pass "train --model xgboost"
elif grep -q "this build has no XGBoost" "$TMP/err"; then
  echo "skipped: $(cat "$TMP/err")"
  exit 77
else
  fail "train --model xgboost: $(head -c 300 "$TMP/err")"
fi

expect_ok "predict" -- "$BIN" predict --model "$TMP/m.model" --data "$TMP/data.csv" --proba --out "$TMP/p.csv"
python3 - "$TMP/data.csv" "$TMP/p.csv" <<'PY' && pass "predict: every row right on separable data" || fail "predict: $(head -3 "$TMP/p.csv")"
import csv, sys
truth = [r["class"] for r in csv.DictReader(open(sys.argv[1]))]
pred = list(csv.DictReader(open(sys.argv[2])))
assert len(pred) == len(truth), (len(pred), len(truth))
assert [r["prediction"] for r in pred] == truth
for r in pred:
    assert abs(float(r["proba_a"]) + float(r["proba_b"]) - 1) < 1e-5, r
PY

expect_ok "evaluate xgboost:threshold=tuned" -- "$BIN" evaluate --data "$TMP/data.csv" --model xgboost:threshold=tuned \
  --seeds 0-1 --json "$TMP/r.json"
grep -q "macro_f1" "$TMP/out" && pass "evaluate prints the table" || fail "evaluate output: $(head -c 300 "$TMP/out")"
python3 - "$TMP/r.json" <<'PY' && pass "evaluate JSON: tuned offsets, good macro-F1" || fail "evaluate JSON: $(head -c 300 "$TMP/r.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["model"] == "xgboost:threshold=tuned", d["model"]
assert len(d["runs"]) == 2
for r in d["runs"]:
    assert len(r["class_offsets"]) == 2, r
    assert r["macro_f1"] > 0.9, r["macro_f1"]
PY

for t in 1 2; do
  "$BIN" evaluate --data "$TMP/data.csv" --model xgboost:subsample=0.8,n_estimators=20 --seeds 0-3 --threads $t \
    --json "$TMP/t$t.json" >/dev/null 2>&1
done
python3 - "$TMP/t1.json" "$TMP/t2.json" <<'PY' && pass "evaluate: same runs at 1 and 2 threads" || fail "evaluate differs between 1 and 2 threads"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
strip = lambda d: [{k: v for k, v in r.items() if not k.endswith("seconds")} for r in d["runs"]]
assert len(a["runs"]) == 4 and strip(a) == strip(b)
PY
"$BIN" train --data "$TMP/data.csv" --model xgboost:subsample=0.8 --seed 5 --out "$TMP/s1.model" >/dev/null 2>&1
"$BIN" train --data "$TMP/data.csv" --model xgboost:subsample=0.8 --seed 5 --out "$TMP/s2.model" >/dev/null 2>&1
[ -s "$TMP/s1.model" ] && cmp -s "$TMP/s1.model" "$TMP/s2.model" && pass "train: same seed, same model bytes" ||
  fail "train: two fits with seed 5 differ"

expect_ok "train with threshold=tuned" -- "$BIN" train --data "$TMP/data.csv" --model xgboost:threshold=tuned,n_estimators=20 --out "$TMP/t.model"
expect_ok "explain" -- "$BIN" explain --model "$TMP/t.model"
grep -q "xgboost" "$TMP/out" && pass "explain names the model" || fail "explain: $(head -c 300 "$TMP/out")"
expect_error "bad key" 4 "max_depth" -- "$BIN" evaluate --data "$TMP/data.csv" --model xgboost:max_depth=0

finish xgboost
