#!/usr/bin/env bash
# End-to-end tests of the CLI: every subcommand and every bad-input message, checked by exit code
# and by the text of the one-line error. Usage: cli_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

# --- fixtures (made here, tiny) ---
{
  echo "age,colour,score,class"
  for i in $(seq 1 80); do
    c=$(( i % 5 == 0 ? 1 : 0 ))
    col=$([ $((i % 3)) -eq 0 ] && echo red || echo blue)
    [ $((i % 17)) -eq 0 ] && col=""
    echo "$((20 + i % 40)),$col,$(( c * 5 + i % 7 )).5,$([ $c -eq 1 ] && echo yes || echo no)"
  done
} >"$TMP/mixed.csv"
grep -v '^age' "$TMP/mixed.csv" | cut -d, -f1-3 | sed '1i age,colour,score' >"$TMP/nolabel.csv"
: >"$TMP/empty.csv"
echo "a,b,class" >"$TMP/header.csv"
printf 'a,b,class\n1,2,x\n3,y\n' >"$TMP/ragged.csv"
printf 'a,b,class\n1,2,x\n3,4,x\n' >"$TMP/single.csv"
printf 'a,b,class\n1,,x\n3,NA,y\n' >"$TMP/allmissing.csv"
printf 'a,class\n1,x\n2,\n' >"$TMP/nolabelvalue.csv"

# --- version and help ---
expect_ok "version" -- "$BIN" --version
grep -q "autosmote" "$TMP/out" || fail "version text"
for sub in train predict evaluate; do
  expect_ok "help $sub" -- "$BIN" "$sub" --help
  grep -q -- "--data" "$TMP/out" || fail "help $sub lists --data"
done
expect_error "no subcommand" 2 "subcommand" -- "$BIN"
expect_error "unknown flag" 2 "--bogus" -- "$BIN" evaluate --data "$TMP/mixed.csv" --bogus

# --- bad input files ---
expect_error "missing file" 3 "cannot open '$TMP/nope.csv'" -- "$BIN" evaluate --data "$TMP/nope.csv"
expect_error "empty file" 3 "empty.csv: file is empty" -- "$BIN" evaluate --data "$TMP/empty.csv"
expect_error "header only" 3 "header.csv: header only, no data rows" -- "$BIN" evaluate --data "$TMP/header.csv"
expect_error "ragged row" 3 "ragged.csv:3: row has 2 fields, the header has 3" -- "$BIN" evaluate --data "$TMP/ragged.csv"
expect_error "unknown target" 3 "target column 'label' not found" -- "$BIN" evaluate --data "$TMP/mixed.csv" --target label
expect_error "single class" 3 "target column 'class' has a single class 'x'" -- "$BIN" train --data "$TMP/single.csv" --out "$TMP/m.json"
expect_error "entirely missing column" 3 "column 'b' (column 2) is entirely missing" -- "$BIN" evaluate --data "$TMP/allmissing.csv"
expect_error "missing label" 3 "nolabelvalue.csv:3:2: missing label" -- "$BIN" evaluate --data "$TMP/nolabelvalue.csv"
expect_error "unknown categorical column" 3 "--categorical names column 'zzz'" -- "$BIN" evaluate --data "$TMP/mixed.csv" --categorical zzz

printf 'a,b,class\n"1,2,x\n' >"$TMP/quote.csv"
expect_error "unterminated quote" 3 "quote.csv:2: unterminated quote" -- "$BIN" evaluate --data "$TMP/quote.csv"
printf 'a,a,class\n1,2,x\n3,4,y\n' >"$TMP/dupcol.csv"
expect_error "duplicate column" 3 "dupcol.csv:1:2: duplicate column name 'a'" -- "$BIN" evaluate --data "$TMP/dupcol.csv"
printf 'a,class\n1,x\n2,x\n3,x\n4,y\n' >"$TMP/onerow.csv"
expect_error "class with one row in a hold-out" 3 "class 'y' has 1 row; a stratified hold-out needs at least 2 rows per class" -- "$BIN" evaluate --data "$TMP/onerow.csv"
printf 'a,class\n1,x\n2,x\n3,x\n4,x\n5,x\n6,x\n7,y\n8,y\n9,y\n' >"$TMP/fewrows.csv"
expect_error "k-fold with too few rows" 3 "class 'y' has 3 rows, fewer than the 5 folds of kfold:5x2" -- "$BIN" evaluate --data "$TMP/fewrows.csv" --protocol kfold:5x2 --seeds 0

# --- bad specs and options ---
expect_error "unknown model" 4 "unknown model 'forest' (valid: mlp" -- "$BIN" evaluate --data "$TMP/mixed.csv" --model forest
expect_error "unknown model key" 4 "unknown key 'hiden'" -- "$BIN" evaluate --data "$TMP/mixed.csv" --model mlp:hiden=3
expect_error "bad model value" 4 "epochs=zero is not an integer" -- "$BIN" evaluate --data "$TMP/mixed.csv" --model mlp:epochs=zero
expect_error "unknown sampler" 4 "unknown sampler 'magic'" -- "$BIN" evaluate --data "$TMP/mixed.csv" --sampler magic
expect_error "bad protocol" 4 "protocol 'cv'" -- "$BIN" evaluate --data "$TMP/mixed.csv" --protocol cv
expect_error "bad seeds" 4 "seeds '9-1'" -- "$BIN" evaluate --data "$TMP/mixed.csv" --seeds 9-1
expect_error "bad scaling" 4 "scaling 'log'" -- "$BIN" evaluate --data "$TMP/mixed.csv" --scaling log
expect_error "bad synthetic" 4 "unknown key 'rows'" -- "$BIN" evaluate --data synthetic:rows=5
expect_error "bad device" 6 "device 'tpu'" -- "$BIN" evaluate --data "$TMP/mixed.csv" --device tpu

# --- evaluate ---
expect_ok "evaluate" -- "$BIN" evaluate --data "$TMP/mixed.csv" --model mlp:epochs=20 --seeds 0-2 \
  --json "$TMP/res.json" --csv "$TMP/runs.csv" --threads 1
grep -q "macro_f1" "$TMP/out" || fail "evaluate prints the table"
grep -q '±' "$TMP/out" || fail "evaluate prints mean ± std"
python3 - "$TMP/res.json" <<'PY' || fail "evaluate JSON shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["model"] == "mlp:epochs=20" and d["sampler"] == "none" and d["protocol"] == "holdout:0.2"
assert len(d["runs"]) == 3 and [r["seed"] for r in d["runs"]] == [0, 1, 2]
keys = ["macro_f1", "macro_precision", "macro_recall", "minority_f1", "balanced_accuracy", "g_mean", "roc_auc",
        "resample_seconds", "fit_seconds"]
for k in keys:
    assert k in d["runs"][0], k
    assert set(d["summary"][k]) == {"mean", "std"}, k
PY
[ "$(wc -l <"$TMP/runs.csv")" -eq 4 ] && pass "runs csv rows" || fail "runs csv has 1 header + 3 rows"
expect_ok "evaluate kfold synthetic" -- "$BIN" evaluate --data synthetic:n=300,d=4,seed=1 --model mlp:epochs=5 \
  --protocol kfold:3x2 --seeds 0 --json "$TMP/kf.json"
python3 -c "import json,sys; d=json.load(open('$TMP/kf.json')); assert len(d['runs'])==6" || fail "kfold gives 6 runs"
# Same seed -> same numbers, whatever the thread count.
"$BIN" evaluate --data "$TMP/mixed.csv" --model mlp:epochs=20 --seeds 0-2 --json "$TMP/res2.json" --threads 2 >/dev/null 2>&1
python3 - "$TMP/res.json" "$TMP/res2.json" <<'PY' && pass "evaluate reproducible across threads" || fail "evaluate reproducible across threads"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert len(a["runs"]) == len(b["runs"]) == 3
for ra, rb in zip(a["runs"], b["runs"]):
    for k in ra:
        if not k.endswith("_seconds"):
            assert ra[k] == rb[k], (k, ra[k], rb[k])
PY
# The same bytes for any thread count (README: Threads and reproducibility): a model file and its
# predictions, with GEMMs large enough for a multi-threaded BLAS to split them (M*N*K > 262144).
SYN="synthetic:n=2000,d=20,weights=0.9/0.1,seed=3"
"$BIN" train --data "$SYN" --model mlp:hidden=128,epochs=3 --seed 4 --threads 1 --out "$TMP/t1.model" >/dev/null 2>&1
"$BIN" train --data "$SYN" --model mlp:hidden=128,epochs=3 --seed 4 --threads 2 --out "$TMP/t2.model" >/dev/null 2>&1
cmp -s "$TMP/t1.model" "$TMP/t2.model" && pass "train: same model bytes at 1 and 2 threads" || fail "train: model bytes differ between 1 and 2 threads"
"$BIN" predict --model "$TMP/t1.model" --data "$SYN" --proba --threads 1 --out "$TMP/p1.csv" >/dev/null 2>&1
"$BIN" predict --model "$TMP/t1.model" --data "$SYN" --proba --threads 2 --out "$TMP/p2.csv" >/dev/null 2>&1
[ -s "$TMP/p1.csv" ] && cmp -s "$TMP/p1.csv" "$TMP/p2.csv" && pass "predict: same bytes at 1 and 2 threads" || fail "predict: output differs between 1 and 2 threads"
expect_ok "--threads above the cores is clamped, not a hang" -- timeout 20 "$BIN" evaluate --data "$TMP/mixed.csv" --model mlp:epochs=1 --seeds 0 --threads 100000
grep -q "warning: --threads 100000 is more than the" "$TMP/err" && pass "--threads clamp warns" || fail "--threads clamp warning: $(cat "$TMP/err")"

expect_ok "evaluate -v --scaling standard" -- "$BIN" evaluate --data "$TMP/mixed.csv" --model mlp:epochs=5 --seeds 0-1 --scaling standard -v
grep -q "^seed 1 repeat 0 fold 0: macro_f1" "$TMP/err" && pass "-v prints one progress line per run" || fail "-v progress: $(cat "$TMP/err")"
expect_error "evaluate to an unwritable --json" 3 "cannot write '/nonexistent/dir/r.json'" -- "$BIN" evaluate --data "$TMP/mixed.csv" --model mlp:epochs=1 --seeds 0 --json /nonexistent/dir/r.json

# --- summarize ---
expect_ok "summarize" -- "$BIN" summarize "$TMP/runs.csv" --metrics macro_f1,g_mean
grep -q "mixed  *mlp:epochs=20 + none  *3" "$TMP/out" && pass "summarize row" || fail "summarize row: $(cat "$TMP/out")"
expect_ok "summarize --pivot" -- "$BIN" summarize "$TMP/runs.csv" --pivot minority_f1
grep -q '^| \*average rank\* | 1.00 |$' "$TMP/out" && pass "pivot ranks" || fail "pivot: $(cat "$TMP/out")"
expect_error "summarize --pivot unknown metric" 4 "unknown metric 'f2'" -- "$BIN" summarize "$TMP/runs.csv" --pivot f2
expect_error "summarize a non-runs file" 3 "not a runs file of \`autosmote bench\` (unexpected header)" -- "$BIN" summarize "$TMP/mixed.csv"
expect_error "summarize a missing file" 3 "cannot read '$TMP/none_runs.csv'" -- "$BIN" summarize "$TMP/none_runs.csv"
head -1 "$TMP/runs.csv" | grep -q '^dataset,data_hash,model,sampler,protocol,seed,repeat,fold,status,error,' \
  && pass "evaluate --csv writes the runs-file format of bench" || fail "evaluate --csv header: $(head -1 "$TMP/runs.csv")"
mkdir -p "$TMP/rep" && cp "$TMP/runs.csv" "$TMP/rep/runs.csv"
expect_ok "report reads what evaluate --csv writes" -- "$BIN" report "$TMP/rep"

# --- train -> predict round trip ---
expect_ok "train" -- "$BIN" train --data "$TMP/mixed.csv" --model mlp:epochs=30 --seed 3 --out "$TMP/model.json"
expect_ok "predict with label column" -- "$BIN" predict --model "$TMP/model.json" --data "$TMP/mixed.csv" --out "$TMP/p1.csv" --proba
head -1 "$TMP/p1.csv" | grep -q "prediction,proba_no,proba_yes" && pass "predict header" || fail "predict header: $(head -1 "$TMP/p1.csv")"
[ "$(wc -l <"$TMP/p1.csv")" -eq 81 ] && pass "predict rows" || fail "predict writes one row per input row"
expect_ok "predict without label column" -- "$BIN" predict --model "$TMP/model.json" --data "$TMP/nolabel.csv" --out "$TMP/p2.csv" --proba
cmp -s "$TMP/p1.csv" "$TMP/p2.csv" && pass "predictions do not depend on the label column" || fail "label column changed predictions"
"$BIN" train --data "$TMP/mixed.csv" --model mlp:epochs=30 --seed 3 --out "$TMP/model2.json" >/dev/null 2>&1
cmp -s "$TMP/model.json" "$TMP/model2.json" && pass "train reproducible" || fail "same seed gave a different model file"

# --- resample ---
printf 'x1,x2,n,class\n' >"$TMP/num.csv"
for i in $(seq 1 40); do echo "$((i % 7)).25,$((i * 3 % 11)).5,$((i % 4)),$([ $((i % 5)) -eq 0 ] && echo pos || echo neg)" >>"$TMP/num.csv"; done
expect_ok "resample smote" -- "$BIN" resample --data "$TMP/num.csv" --sampler smote:k_neighbors=3 --seed 1 --out "$TMP/res_num.csv"
grep -q "pos: 8 -> 32" "$TMP/out" && pass "resample prints class counts" || fail "resample counts: $(cat "$TMP/out")"
head -41 "$TMP/res_num.csv" | cmp -s - "$TMP/num.csv" && pass "resample keeps the original rows first and unchanged" || fail "original rows changed"
[ "$(wc -l <"$TMP/res_num.csv")" -eq 65 ] && pass "resample row count" || fail "resample wrote $(wc -l <"$TMP/res_num.csv") lines"
tail -24 "$TMP/res_num.csv" | awk -F, '$3 !~ /^[0-9]+$/ || $4 != "pos" { bad = 1 } END { exit bad }' \
  && pass "synthetic rows: integer column stays integer, label is the minority" || fail "synthetic rows malformed"
"$BIN" resample --data "$TMP/num.csv" --sampler smote:k_neighbors=3 --seed 1 --out "$TMP/res_num2.csv" >/dev/null 2>&1
cmp -s "$TMP/res_num.csv" "$TMP/res_num2.csv" && pass "resample reproducible" || fail "resample with the same seed differs"
expect_error "resample mixed data with smote" 4 "use smote-nc for mixed numeric + categorical data" -- "$BIN" resample --data "$TMP/mixed.csv" --sampler smote --out "$TMP/r.csv"
expect_error "resample with missing values" 3 "column 'colour' has 4 missing values; fill them first or pass --impute" -- "$BIN" resample --data "$TMP/mixed.csv" --sampler smote-nc --out "$TMP/r.csv"
expect_ok "resample smote-nc with --impute" -- "$BIN" resample --data "$TMP/mixed.csv" --sampler smote-nc --impute --out "$TMP/r.csv"
head -1 "$TMP/r.csv" | grep -qx "age,colour,score,class" && pass "resample keeps the header" || fail "resample header: $(head -1 "$TMP/r.csv")"
tail -n +82 "$TMP/r.csv" | awk -F, '$2 != "red" && $2 != "blue" { bad = 1 } END { exit bad }' \
  && pass "smote-nc writes categories as their text" || fail "smote-nc categories"
expect_ok "resample tomek" -- "$BIN" resample --data "$TMP/num.csv" --sampler tomek --out "$TMP/t.csv"
expect_error "resample unknown sampler key" 4 "unknown key 'k'" -- "$BIN" resample --data "$TMP/num.csv" --sampler smote:k=3 --out "$TMP/r.csv"
"$BIN" resample --data "$TMP/num.csv" --sampler smote:k_neighbors=20 --out "$TMP/r.csv" 2>"$TMP/err" >/dev/null
grep -q "warning: smote: k_neighbors=20 but class 'pos' has only 8 rows; using k_neighbors=7" "$TMP/err" \
  && pass "k clamp warning" || fail "k clamp warning: $(cat "$TMP/err")"
expect_ok "evaluate with smote" -- "$BIN" evaluate --data "$TMP/num.csv" --sampler smote:k_neighbors=3 --model mlp:epochs=5 --seeds 0-1 --json "$TMP/s.json"
python3 -c "import json; d=json.load(open('$TMP/s.json')); assert d['sampler']=='smote:k_neighbors=3'" && pass "evaluate records the sampler" || fail "evaluate sampler key"
expect_error "smote-nc on numeric-only data" 3 "smote-nc needs both numeric and categorical features; this data has no categorical feature (use smote)" -- "$BIN" resample --data "$TMP/num.csv" --sampler smote-nc --out "$TMP/r.csv"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; ++i) if ($i == "macro_f1") c = i; print } NR == 2 { $c = "abc"; print }' \
  "$TMP/runs.csv" >"$TMP/badruns.csv"
expect_error "summarize a runs file with text" 3 "badruns.csv:2: 'abc' in column macro_f1 is not a number" -- "$BIN" summarize "$TMP/badruns.csv"
expect_ok "train with a sampler" -- "$BIN" train --data "$TMP/mixed.csv" --sampler smote-nc --model mlp:epochs=5 --out "$TMP/m_nc.json"

# --- auto-smote: train, explain, resample, device ---
expect_ok "train auto-smote" -- "$BIN" train --data "$TMP/num.csv" --model auto-smote:epochs=5,cohorts=2 --out "$TMP/auto.json"
expect_ok "explain" -- "$BIN" explain --model "$TMP/auto.json"
grep -q "class 'pos': 8 rows, 2 cohorts" "$TMP/out" && pass "explain names the class and cohorts" || fail "explain text: $(head -c 400 "$TMP/out")"
grep -q "P(part)" "$TMP/out" && pass "explain shows participation" || fail "explain lacks participation"
expect_ok "explain --json" -- "$BIN" explain --model "$TMP/auto.json" --json
python3 -c "import json,sys; d=json.load(open('$TMP/out')); assert len(d['groups'])==2 and d['groups'][0]['class']=='pos' and len(d['diagnostics'])==5" \
  && pass "explain JSON" || fail "explain JSON shape"
expect_ok "predict with auto-smote" -- "$BIN" predict --model "$TMP/auto.json" --data "$TMP/num.csv" --out "$TMP/pa.csv"
"$BIN" evaluate --data "$TMP/num.csv" --model auto-smote:epochs=5,aggregations=interpolate/max --seeds 0-1 --threads 1 --json "$TMP/a1.json" >/dev/null 2>&1
"$BIN" evaluate --data "$TMP/num.csv" --model auto-smote:epochs=5,aggregations=interpolate/max --seeds 0-1 --threads 2 --json "$TMP/a2.json" >/dev/null 2>&1
python3 - "$TMP/a1.json" "$TMP/a2.json" <<'PY' && pass "auto-smote reproducible across threads" || fail "auto-smote differs between 1 and 2 threads"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [r["roc_auc"] for r in a["runs"]] == [r["roc_auc"] for r in b["runs"]]
PY
expect_ok "explain an mlp model" -- "$BIN" explain --model "$TMP/model.json"
grep -q "no learned policy" "$TMP/out" && grep -q "operating point: the most probable class (threshold=none)" "$TMP/out" &&
  pass "explain shows an mlp's operating point" || fail "explain mlp: $(cat "$TMP/out")"

# --- operating point (threshold=tuned) and sampler grids (issue 13) ---
expect_ok "evaluate threshold=tuned with a sampler grid" -- "$BIN" evaluate --data "$TMP/num.csv" \
  --model mlp:epochs=5,hidden=4,threshold=tuned --sampler 'smote:k_neighbors=2|3,cv=2' --seeds 0-1 --json "$TMP/grid.json"
python3 - "$TMP/grid.json" <<'PY' && pass "a grid run records its inner fits, its winner and its offsets" || fail "grid run JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sampler"] == "smote:k_neighbors=2|3,cv=2", d["sampler"]
for r in d["runs"]:
    assert r["inner_fits"] == 4 and r["tuning_seconds"] > 0, r
    assert r["sampler"] in ("smote:k_neighbors=2", "smote:k_neighbors=3"), r["sampler"]
    assert len(r["class_offsets"]) == 2 and r["class_offsets"][0] == 0, r["class_offsets"]
PY
expect_ok "train threshold=tuned" -- "$BIN" train --data "$TMP/num.csv" --model mlp:epochs=5,hidden=4,threshold=tuned \
  --out "$TMP/tuned.json"
expect_ok "explain a tuned operating point" -- "$BIN" explain --model "$TMP/tuned.json"
grep -q "operating point (threshold=tuned)" "$TMP/out" && grep -q "^  pos " "$TMP/out" &&
  pass "explain lists the class offsets" || fail "explain tuned: $(cat "$TMP/out")"
expect_ok "explain --json a tuned operating point" -- "$BIN" explain --model "$TMP/tuned.json" --json
python3 -c "import json; d=json.load(open('$TMP/out')); o=d['operating_point']; assert o['threshold']=='tuned' and set(o['class_offsets'])=={'neg','pos'}" &&
  pass "explain JSON has the offsets by class" || fail "explain JSON operating point: $(head -c 300 "$TMP/out")"
expect_ok "predict with a tuned operating point" -- "$BIN" predict --model "$TMP/tuned.json" --data "$TMP/num.csv" --out "$TMP/pt.csv"
[ "$(tail -n +2 "$TMP/pt.csv" | wc -l)" -eq 40 ] && pass "tuned predictions written" || fail "tuned predictions"
expect_error "resample with a sampler grid" 4 "is a grid: tuning it needs a classifier" -- \
  "$BIN" resample --data "$TMP/num.csv" --sampler 'smote:k_neighbors=2|3' --out "$TMP/r.csv"
expect_error "a grid alternative listed twice" 4 "key k_neighbors lists 3 twice" -- \
  "$BIN" evaluate --data "$TMP/num.csv" --sampler 'smote:k_neighbors=3|3'
expect_error "a bad grid candidate" 4 "candidate smote:k_neighbors=0" -- \
  "$BIN" evaluate --data "$TMP/num.csv" --sampler 'smote:k_neighbors=0|3'
expect_error "cv without alternatives" 4 "cv= sets the inner folds of a grid" -- \
  "$BIN" evaluate --data "$TMP/num.csv" --sampler 'smote:cv=3'
expect_error "a bad threshold" 4 "threshold" -- "$BIN" evaluate --data "$TMP/num.csv" --model mlp:threshold=best
expect_ok "resample with auto-smote" -- "$BIN" resample --data "$TMP/num.csv" --sampler auto-smote:epochs=5 --out "$TMP/ra.csv"
grep -q "pos: 8 -> 32" "$TMP/out" && pass "auto-smote resample counts" || fail "auto-smote resample counts: $(cat "$TMP/out")"
expect_error "resample mixed data with auto-smote" 4 "use smote-nc" -- "$BIN" resample --data "$TMP/mixed.csv" --sampler auto-smote --out "$TMP/r.csv"
expect_error "auto-smote refuses the modern host's keys" 4 "its classifier is the paper's network" -- "$BIN" train --data "$TMP/num.csv" --model auto-smote:embedding=pbld --out "$TMP/x.json"
expect_error "modern mlp with an unknown preset" 4 "preset" -- "$BIN" train --data "$TMP/num.csv" --model mlp:preset=fancy --out "$TMP/x.json"
# The imbalance losses (issue 25): train, the spec kept in the model file, predict; a bad loss.
expect_ok "train mlp with loss=ldam and effective weights" -- "$BIN" train --data "$TMP/num.csv" \
  --model mlp:epochs=5,class_weight=effective,loss=ldam,refit=off,threshold=tuned --out "$TMP/ldam.json"
expect_ok "explain the ldam model" -- "$BIN" explain --model "$TMP/ldam.json"
grep -qF "mlp:epochs=5,class_weight=effective,threshold=tuned,refit=off,loss=ldam" "$TMP/out" && pass "the loss keys in the model's spec" ||
  fail "the loss keys in the model's spec: $(head -c 300 "$TMP/out")"
expect_ok "predict with the ldam model" -- "$BIN" predict --model "$TMP/ldam.json" --data "$TMP/num.csv" --out "$TMP/pl.csv"
expect_error "an unknown loss" 4 "hinge" -- "$BIN" train --data "$TMP/num.csv" --model mlp:loss=hinge --out "$TMP/x.json"
expect_ok "auto-smote with a focal loss" -- "$BIN" train --data "$TMP/num.csv" --model auto-smote:epochs=2,loss=focal --out "$TMP/af.json"
expect_error "bad auto-smote aggregation" 4 "aggregation 'median' is not one of" -- "$BIN" train --data "$TMP/num.csv" --model auto-smote:aggregations=median --out "$TMP/x.json"
"$BIN" train --data "$TMP/num.csv" --model auto-smote:epochs=1 --device cuda --out "$TMP/cuda.json" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 6 ] && grep -q "device 'cuda' requested, but this build of LibTorch has no CUDA or no GPU is visible" "$TMP/err"; then
  pass "--device cuda without a GPU is a clean error"
elif [ $rc -eq 0 ]; then
  pass "--device cuda trains on this GPU machine"
else
  fail "--device cuda: exit $rc $(cat "$TMP/err")"
fi

# --- bad model files and prediction inputs ---
echo "not json" >"$TMP/bad.json"
expect_error "predict with a non-model file" 5 "not an autosmote model file" -- "$BIN" predict --model "$TMP/bad.json" --data "$TMP/nolabel.csv" --out "$TMP/p.csv"
head -c 200 "$TMP/model.json" >"$TMP/truncated.json"
expect_error "predict with a truncated model" 5 "truncated or damaged" -- "$BIN" predict --model "$TMP/truncated.json" --data "$TMP/nolabel.csv" --out "$TMP/p.csv"
expect_error "predict with a missing model" 3 "cannot open model file" -- "$BIN" predict --model "$TMP/none.json" --data "$TMP/nolabel.csv" --out "$TMP/p.csv"
cut -d, -f1,2 "$TMP/nolabel.csv" >"$TMP/fewer.csv"
expect_error "predict with a missing column" 3 "column 'score' that the model was trained on is missing" -- "$BIN" predict --model "$TMP/model.json" --data "$TMP/fewer.csv" --out "$TMP/p.csv"
printf 'age,colour,score\nold,red,1\n' >"$TMP/text.csv"
expect_error "predict with text in a numeric column" 3 "text.csv:2:1: 'old' in column 'age' is not a number" -- "$BIN" predict --model "$TMP/model.json" --data "$TMP/text.csv" --out "$TMP/p.csv"
expect_error "unwritable output" 3 "cannot write" -- "$BIN" train --data "$TMP/mixed.csv" --model mlp:epochs=1 --out /nonexistent/dir/m.json

finish CLI
