#!/usr/bin/env bash
# End-to-end tests (issue 10): model files are untrusted input. Each case edits a good model file
# with python3, recomputes its checksum (FNV-1a 64 over the body's compact, key-sorted JSON, as
# src/serialize/model_file.cpp and src/core/hash.cpp do) so that only the validation can catch it, and expects from
# `predict` or `explain`: exit 5, a one-line message naming the file and the problem, in under a
# second. Usage: model_file_test.sh path/to/autosmote
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

# --- fixtures: 3 classes, a categorical column (one-hot a/b/c); an auto-smote model ---
{
  echo "n,c,m,class"
  for i in $(seq 0 59); do
    echo "$i,$(echo abc | cut -c$((i % 3 + 1))),$((i % 7)),$(echo xyz | cut -c$(((i / 2) % 3 + 1)))"
  done
} >"$TMP/train.csv"
printf 'n,c,m\n1,a,2\n5,c,0\n' >"$TMP/rows.csv"
"$BIN" train --data "$TMP/train.csv" --model mlp:epochs=2,hidden=4 --out "$TMP/mlp.model" >/dev/null 2>&1 ||
  fail "train the mlp fixture"
"$BIN" train --data "$TMP/train.csv" --model mlp:preset=modern,epochs=2,hidden=4,layers=1 --out "$TMP/modern.model" >/dev/null 2>&1 ||
  fail "train the modern mlp fixture"
"$BIN" train --data synthetic:n=120,d=3,weights=0.8/0.2,seed=3 \
  --model auto-smote:epochs=3,hidden=4,policy_hidden=4,k_max=3 --out "$TMP/as.model" >/dev/null 2>&1 ||
  fail "train the auto-smote fixture"
printf 'f0,f1,f2\n0.1,0.2,0.3\n' >"$TMP/as_rows.csv"

# craft SOURCE OUT 'python statements editing b': the body with the checksum recomputed. Numbers
# read from the file keep their text (nlohmann/json does not always print the shortest form that
# Python would), so an untouched body dumps to the same bytes.
craft() {
  python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
src, out, edit = sys.argv[1:4]
class Number(str):
    pass
b = json.load(open(src, encoding="utf-8"), parse_float=Number)
exec(edit)
b.pop("checksum", None)
def dump(x):  # nlohmann::json::dump(): compact, keys sorted, UTF-8
    if isinstance(x, Number):
        return str(x)
    if isinstance(x, dict):
        return "{" + ",".join(dump(k) + ":" + dump(x[k]) for k in sorted(x)) + "}"
    if isinstance(x, list):
        return "[" + ",".join(dump(v) for v in x) + "]"
    return json.dumps(x, ensure_ascii=False)
h = 1469598103934665603  # the basis of src/core/hash.cpp (not FNV's usual 14695981039346656037)
for byte in dump(b).encode("utf-8"):
    h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
b["checksum"] = "%016x" % h
open(out, "w", encoding="utf-8").write(dump(b) + "\n")
EOF
}

# expect_model_error NAME SOURCE 'EDIT' MESSAGE SUBCOMMAND: exit 5, the message naming the file,
# one line, no JSON library text, within 3 seconds beyond the program's start-up (a guard against
# hangs and blow-ups, not a benchmark: with ctest's other tests running beside it on 2 cores a
# rejection took up to 1.6 s here; an unloaded one takes a few ms).
case_number=0
expect_model_error() {
  local name="$1" source="$2" edit="$3" text="$4" sub="$5"
  case_number=$((case_number + 1))
  local model="$TMP/crafted_$case_number.model"
  if ! craft "$source" "$model" "$edit"; then fail "$name: could not craft the file"; return; fi
  local cmd=("$BIN" explain --model "$model")
  [ "$sub" = predict ] && cmd=("$BIN" predict --model "$model" --data "$TMP/rows.csv" --out "$TMP/p.csv")
  [ "$sub" = predict-as ] && cmd=("$BIN" predict --model "$model" --data "$TMP/as_rows.csv" --out "$TMP/p.csv")
  local start ms
  start=$(date +%s%N)
  expect_error "$name" 5 "$model: invalid model file: $text" -- "${cmd[@]}"
  ms=$((($(date +%s%N) - start) / 1000000 - startup_ms))
  if grep -q "json.exception" "$TMP/err"; then fail "$name: JSON library text: $(cat "$TMP/err")"; fi
  if [ "$ms" -ge 3000 ]; then fail "$name: took $ms ms beyond the program's start-up"; fi
}
# The program's start-up (loading LibTorch: most of a second on a busy machine) is not the
# loader's time: measured once, subtracted from each case.
start=$(date +%s%N)
"$BIN" --version >/dev/null
startup_ms=$((($(date +%s%N) - start) / 1000000))

# --- the crafting keeps a good file good ---
craft "$TMP/mlp.model" "$TMP/same.model" "" && expect_ok "untouched crafted mlp predicts" -- \
  "$BIN" predict --model "$TMP/same.model" --data "$TMP/rows.csv" --out "$TMP/p.csv"
craft "$TMP/as.model" "$TMP/same_as.model" "" && expect_ok "untouched crafted auto-smote explains" -- \
  "$BIN" explain --model "$TMP/same_as.model"
expect_ok "untouched crafted auto-smote predicts" -- \
  "$BIN" predict --model "$TMP/same_as.model" --data "$TMP/as_rows.csv" --out "$TMP/p.csv"
cmp -s "$TMP/mlp.model" "$TMP/same.model" && pass "python's dump matches the file byte for byte" ||
  fail "python's dump differs from the file"

M="$TMP/mlp.model"
# --- class names against the state (crashed before) ---
expect_model_error "3 classes, 2 class names" "$M" 'b["classes"].pop()' \
  "state.classes is 3, but the file names 2 classes" predict
expect_model_error "empty class-name list" "$M" 'b["classes"] = []' \
  "classes has 0 class names, expected at least 2" predict
expect_model_error "repeated class name" "$M" 'b["classes"][1] = b["classes"][0]' \
  'classes[1] repeats the class name "x"' predict
expect_model_error "class names not a list" "$M" 'b["classes"] = "x,y,z"' \
  'classes is "x,y,z", expected an array' predict

# --- the preprocessor: fill indices, non-finite values, scales, columns ---
C='b["preprocessor"]["columns"]'
expect_model_error "categorical fill 1e6" "$M" "$C[1][\"fill\"] = 1e6" \
  "preprocessor.columns[1].fill is 1000000.0, expected an integer in -1..2" predict
expect_model_error "categorical fill 1e300" "$M" "$C[1][\"fill\"] = 1e300" \
  "preprocessor.columns[1].fill is 1e+300, expected an integer in -1..2" predict
expect_model_error "categorical fill -2" "$M" "$C[1][\"fill\"] = -2" \
  "preprocessor.columns[1].fill is -2, expected an integer in -1..2" predict
expect_model_error "null scale" "$M" "$C[0][\"scale\"] = None" \
  "preprocessor.columns[0].scale is null, expected a finite number" predict
expect_model_error "zero scale" "$M" "$C[0][\"scale\"] = 0.0" \
  "preprocessor.columns[0].scale is 0.0, expected a positive number" predict
expect_model_error "NaN offset (written as null)" "$M" "$C[2][\"offset\"] = None" \
  "preprocessor.columns[2].offset is null, expected a finite number" predict
expect_model_error "NaN numeric fill" "$M" "$C[0][\"fill\"] = None" \
  "preprocessor.columns[0].fill is null, expected a finite number" predict
expect_model_error "duplicated column names" "$M" "$C[2][\"name\"] = \"n\"" \
  'preprocessor.columns[2].name repeats the column name "n"' predict
expect_model_error "duplicated category" "$M" "$C[1][\"categories\"][2] = \"a\"" \
  'preprocessor.columns[1].categories[2] repeats the category "a"' predict
expect_model_error "scale of the wrong type" "$M" "$C[0][\"scale\"] = [1]" \
  "preprocessor.columns[0].scale is [1], expected a finite number" predict
# one-hot categories vs the state's input width (was a data error, exit 3, at predict time)
expect_model_error "a category added" "$M" "$C[1][\"categories\"].append(\"d\")" \
  "state.in is 5, but the preprocessor makes 6 columns" predict
expect_model_error "a category dropped" "$M" "$C[1][\"categories\"].pop()" \
  "state.in is 5, but the preprocessor makes 4 columns" predict

# --- weights: non-finite values, the spec against the stored shapes, huge sizes ---
P='b["state"]["params"]'
expect_model_error "NaN weight (written as null)" "$M" "$P[\"values\"][0][3] = None" \
  "state.params.values[0][3] is null, expected a finite number" predict
expect_model_error "weight beyond float range (inf)" "$M" "$P[\"values\"][2][0] = -1e300" \
  "state.params.values[2][0] is -1e+300, expected a finite number in" predict
expect_model_error "spec hidden=16384 vs stored weights" "$M" 'b["spec"] = "mlp:hidden=16384,epochs=2"' \
  "state.params.shapes[0] is [4,5], but the spec and sizes imply [16384, 5]" predict
expect_model_error "spec with 64 layers vs stored weights" "$M" 'b["spec"] = "mlp:hidden=4,layers=64,epochs=2"' \
  "state.params.shapes has 4 elements, expected 130" predict
expect_model_error "shapes claiming huge sizes" "$M" \
  "b[\"spec\"] = \"mlp:hidden=16384,epochs=2\"; $P[\"shapes\"] = [[16384, 5], [16384], [3, 16384], [3]]" \
  "state.params.values[0] has 20 values, but its shape [16384,5] needs 81920" predict
expect_model_error "huge input width" "$M" 'b["state"]["in"] = 2**40' \
  "state.in is 1099511627776, but the preprocessor makes 5 columns" predict
expect_model_error "input width beyond int64" "$M" 'b["state"]["in"] = 2**64 - 1' \
  "state.in is 18446744073709551615, expected an integer in 1..1099511627776" predict
expect_model_error "value count vs shape" "$M" "$P[\"values\"][1].pop()" \
  "state.params.values[1] has 3 values, but its shape [4] needs 4" predict
expect_model_error "kind vs spec" "$M" 'b["kind"] = "auto-smote"' \
  "kind is \"auto-smote\", but the spec makes a 'mlp' model" predict
expect_model_error "unreadable spec" "$M" 'b["spec"] = "mlp:bogus=1"' \
  "spec cannot be read by this build" predict
expect_model_error "state of the wrong type" "$M" 'b["state"] = [1]' \
  "state is [1], expected an object" predict
expect_model_error "target is an input column" "$M" 'b["target"] = "m"' \
  'target is "m", also the name of an input column' predict

# --- auto-smote: groups and diagnostics (explain reads them) ---
A="$TMP/as.model"
S='b["state"]'
expect_model_error "group class index 1e9" "$A" "$S[\"groups\"][0][\"class\"] = 10**9" \
  "state.groups[0].class is 1000000000, expected an integer in 0..1" explain
expect_model_error "k probabilities of the wrong length" "$A" "$S[\"groups\"][0][\"k_probs\"].append(0.1)" \
  "state.groups[0].k_probs has 4 elements, expected 3" explain
expect_model_error "centroid of the wrong length" "$A" "$S[\"groups\"][1][\"centroid\"].pop()" \
  "state.groups[1].centroid has 2 elements, expected 3" explain
expect_model_error "diagnostics: one epoch missing" "$A" "$S[\"diagnostics\"].pop()" \
  "state.diagnostics has 2 elements, expected 3" explain
expect_model_error "diagnostics: k histogram of the wrong length" "$A" "$S[\"diagnostics\"][0][\"k_histogram\"].append(0)" \
  "state.diagnostics[0].k_histogram has 4 elements, expected 3" explain
expect_model_error "diagnostics: aggregation histogram of the wrong length" "$A" \
  "$S[\"diagnostics\"][2][\"aggregation_histogram\"] = []" \
  "state.diagnostics[2].aggregation_histogram has 0 elements, expected 1" explain
expect_model_error "diagnostics: histogram total" "$A" "$S[\"diagnostics\"][1][\"k_histogram\"][0] += 7" \
  "state.diagnostics[1].k_histogram counts" explain
expect_model_error "policy spec vs stored policy" "$A" \
  'b["spec"] = "auto-smote:epochs=3,hidden=4,policy_hidden=16384,k_max=3"' \
  "state.policy.shapes[0] is [4,3], but the spec and sizes imply [16384, 3]" predict-as
expect_model_error "K above k_max" "$A" "$S[\"K\"] = 4" "state.K is 4, expected an integer in 1..3" predict-as

# --- the modern mlp (issue 24): embedded columns, robust scaling, epochs trained ---
MM="$TMP/modern.model"
expect_model_error "embedded column out of range" "$MM" 'b["state"]["embedded"] = [0, 7]' \
  "state.embedded[1] is 7, expected an integer in 0..4" predict
expect_model_error "embedded columns repeated" "$MM" 'b["state"]["embedded"] = [0, 0]' \
  "state.embedded is not strictly increasing" predict
expect_model_error "embedded columns under embedding=none" "$MM" 'b["spec"] = b["spec"] + ",embedding=none"' \
  "state.embedded names embedded columns, but the spec has embedding=none" predict
expect_model_error "embedded columns against the weights" "$MM" 'b["state"]["embedded"] = [0, 1, 2]' \
  "state.params.shapes[0] is [2,1,16], but the spec and sizes imply [3, 1, 16]" predict
expect_model_error "robust factor negative" "$MM" 'b["state"]["robust"]["factor"][0] = -1' \
  "state.robust.factor[0] is -1, expected a finite number in" predict
expect_model_error "robust medians short" "$MM" 'b["state"]["robust"]["median"].pop()' \
  "state.robust.median has 4 elements, expected 5" predict
expect_model_error "epochs trained above the spec's" "$MM" 'b["state"]["epochs_trained"] = 3' \
  "state.epochs_trained is 3, expected an integer in 0..2" predict
expect_model_error "no robust scaling state" "$MM" 'del b["state"]["robust"]' \
  "state.robust is missing" predict

# --- the file itself ---
python3 -c 'print("{\"format\":" + "[" * 100000 + "]" * 100000 + "}")' >"$TMP/deep.model"
expect_error "deeply nested JSON" 5 "nested deeper than 32 levels" -- "$BIN" explain --model "$TMP/deep.model"
expect_error "/dev/zero as the model (refused at its first byte)" 5 "/dev/zero: not an autosmote model file" -- \
  "$BIN" explain --model /dev/zero
# --- class offsets (threshold=tuned) ---
"$BIN" train --data "$TMP/train.csv" --model mlp:epochs=2,hidden=4,threshold=tuned --out "$TMP/tuned.model" >/dev/null 2>&1 ||
  fail "train the tuned fixture"
expect_model_error "offsets on a model that does not tune" "$TMP/mlp.model" 'b["class_offsets"] = [0, 1, 2]' \
  "class_offsets is present, but the spec does not tune the threshold" predict
expect_model_error "offsets of the wrong length" "$TMP/tuned.model" 'b["class_offsets"] = [0, 1]' \
  "class_offsets has 2 elements, expected 3" predict
expect_model_error "a huge offset" "$TMP/tuned.model" 'b["class_offsets"] = [0, 1, 1e300]' "class_offsets" predict
expect_model_error "a non-number offset" "$TMP/tuned.model" 'b["class_offsets"] = [0, "x", 1]' "class_offsets" predict

# --- an auto model's selection record (issue 26) ---
"$BIN" train --data "$TMP/train.csv" --model auto:candidates=fast --out "$TMP/auto.model" >/dev/null 2>&1 ||
  fail "train the auto fixture"
craft "$TMP/auto.model" "$TMP/same_auto.model" "" && expect_ok "untouched crafted auto model explains" -- \
  "$BIN" explain --model "$TMP/same_auto.model"
expect_model_error "a winner out of range" "$TMP/auto.model" 'b["selection"]["winner"] = 99' \
  "selection.winner is 99, expected an integer in 0..2" explain
expect_model_error "a fold score above 1" "$TMP/auto.model" 'b["selection"]["candidates"][0]["fold_scores"] = [2]' \
  "selection.candidates[0].fold_scores" explain
expect_model_error "a winner that is not the file's model" "$TMP/auto.model" \
  'w = int(b["selection"]["winner"]); b["selection"]["candidates"][w]["sampler"] = "smote"' \
  "selection.winner names" predict
expect_model_error "a selection that is not an object" "$TMP/auto.model" 'b["selection"] = [1]' \
  "selection is [1], expected an object" explain
mkdir -p "$TMP/dir.model"
expect_error "a directory as the model" 3 "cannot read model file '$TMP/dir.model': Is a directory" -- \
  "$BIN" explain --model "$TMP/dir.model"

finish "model_file"
