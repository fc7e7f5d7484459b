#!/usr/bin/env bash
# End-to-end tests of `--model auto` (issue 26): train with the selection record, explain's
# leaderboard (text and JSON), predict, evaluate (one choice per run, nested), bench, and the
# errors: a sampler beside auto, a bad key (damaged records: model_file_test.sh). candidates=fast keeps it quick.
# Usage: auto_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

# Two classes, 1 in 4 b; b above 6 in x.
{
  echo "x,z,class"
  for i in $(seq 1 80); do
    if [ $((i % 4)) -eq 0 ]; then echo "$((6 + i % 3)).5,$((i % 5)),b"; else echo "$((i % 7)).25,$((i % 5)),a"; fi
  done
} >"$TMP/data.csv"
A="auto:candidates=fast"

expect_ok "train --model auto" -- "$BIN" train --data "$TMP/data.csv" --model "$A" --seed 3 --out "$TMP/m.model"
grep -q "^auto chose " "$TMP/out" && pass "train says what auto chose" || fail "train output: $(head -c 300 "$TMP/out")"
expect_ok "train -v: one line per fit" -- "$BIN" train --data "$TMP/data.csv" --model "$A" -v --out "$TMP/v.model"
[ "$(grep -c '^auto: .*, fold [0-2]: macro-F1 ' "$TMP/err")" -ge 5 ] && pass "train -v lists the inner fits" ||
  fail "train -v: $(head -c 300 "$TMP/err")"
if command -v script >/dev/null; then
  script -qec "$BIN train --data $TMP/data.csv --model $A --out $TMP/tty.model" "$TMP/tty.log" >/dev/null 2>&1
  grep -q "auto \[#" "$TMP/tty.log" && grep -q " fits, .* ETA " "$TMP/tty.log" && pass "train: a progress bar on a terminal" ||
    fail "no progress bar: $(tr '\r' '\n' <"$TMP/tty.log" | tail -2)"
fi
expect_ok "explain an auto model" -- "$BIN" explain --model "$TMP/m.model"
grep -q "selected by auto:candidates=fast: 3 inner folds" "$TMP/out" && grep -q "winner" "$TMP/out" &&
  grep -q "mlp:threshold=tuned + none" "$TMP/out" && pass "explain prints the leaderboard" ||
  fail "explain: $(head -c 600 "$TMP/out")"
expect_ok "explain --json" -- "$BIN" explain --model "$TMP/m.model" --json
python3 - "$TMP/out" <<'PY' && pass "explain --json: the selection record" || fail "explain --json: $(head -c 300 "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["selection"]
assert s["spec"] == "auto:candidates=fast", s["spec"]
w = s["candidates"][s["winner"]]
assert w["outcome"] == "winner" and w["model"] == d["model"] and w["sampler"] == d["sampler"], w
assert len(w["fold_scores"]) == s["folds"] == 3, w
PY
expect_ok "predict with an auto model" -- "$BIN" predict --model "$TMP/m.model" --data "$TMP/data.csv" --out "$TMP/p.csv"
[ "$(wc -l <"$TMP/p.csv")" -eq 81 ] && pass "predict: one line per row" || fail "predict: $(wc -l <"$TMP/p.csv") lines"

# The same seed, 1 and 2 threads: the same choice and the same model (the record's seconds aside).
"$BIN" train --data "$TMP/data.csv" --model "$A" --seed 3 --threads 2 --out "$TMP/m2.model" >/dev/null 2>&1
python3 - "$TMP/m.model" "$TMP/m2.model" <<'PY' && pass "same seed: same model at 1 and 2 threads" || fail "threads changed the model"
import json, sys
def body(path):
    d = json.load(open(path))
    for k in ("checksum",):
        d.pop(k)
    s = d["selection"]
    s["seconds"] = s["final_seconds"] = 0
    for c in s["candidates"]:
        c["seconds"] = 0
    return d
assert body(sys.argv[1]) == body(sys.argv[2])
PY

expect_ok "evaluate --model auto" -- "$BIN" evaluate --data "$TMP/data.csv" --model "$A" --seeds 0-1 --json "$TMP/r.json" -v
grep -q ", chose " "$TMP/err" && pass "evaluate -v says each run's choice" || fail "evaluate -v: $(head -c 300 "$TMP/err")"
python3 - "$TMP/r.json" <<'PY' && pass "evaluate JSON: auto, each run's winner" || fail "evaluate JSON: $(head -c 300 "$TMP/r.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["model"] == "auto:candidates=fast", d["model"]
assert len(d["runs"]) == 2
for r in d["runs"]:
    assert r["model"] in ("xgboost:threshold=tuned", "mlp:threshold=tuned"), r["model"]
    assert r["inner_fits"] > 0 and r["tuning_seconds"] > 0, r
PY
expect_ok "bench --models auto" -- "$BIN" bench --data "$TMP/data.csv" --models "$A" mlp --samplers none smote \
  --seeds 0 --out "$TMP/bench"
python3 - "$TMP/bench/runs.csv" <<'PY' && pass "bench: auto runs once, with the sampler none" || fail "bench runs: $(cat "$TMP/bench/runs.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
auto = [r for r in rows if r["model"] == "auto:candidates=fast"]
assert len(auto) == 1 and auto[0]["sampler"] == "none" and auto[0]["status"] == "ok", auto
assert len(rows) == 3, len(rows)
PY

grep -qh ", chose " "$TMP/bench/logs/"*.log && pass "bench: the cell's log names auto's choice" ||
  fail "bench logs: $(ls "$TMP/bench/logs")"
# A synthetic dataset's name holds '/' (weights=0.8/0.2): its cell log still opens.
expect_ok "bench on a synthetic spec with weights" -- "$BIN" bench --data synthetic:n=120,d=2,weights=0.8/0.2,seed=1 \
  --models "$A" --seeds 0 --out "$TMP/bench2"
expect_error "auto with a sampler" 4 "model 'auto' chooses its own sampler" -- \
  "$BIN" train --data "$TMP/data.csv" --model "$A" --sampler smote --out "$TMP/x.model"
expect_error "evaluate: auto with a sampler" 4 "model 'auto' chooses its own sampler" -- \
  "$BIN" evaluate --data "$TMP/data.csv" --model "$A" --sampler random
expect_error "auto: an unknown key" 4 "valid keys: budget, candidates, eta, folds" -- \
  "$BIN" evaluate --data "$TMP/data.csv" --model auto:budgets=5
# Damaged selection records: tests/cli/model_file_test.sh.
finish auto
