#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/hash.h"
#include "autosmote/data/load.h"
#include "autosmote/io/csv.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/serialize/model_file.h"
#include "test_util.h"

using namespace autosmote;
using autosmote::testing::temp_path;
using autosmote::testing::write_file;

static std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ModelFile, SaveLoadGivesIdenticalPredictions) {
  const Table t = load_table("synthetic:n=400,d=5,weights=0.8/0.2,seed=1");
  TrainConfig cfg;
  cfg.model_spec = "mlp:epochs=20,hidden=16";
  const TrainedModel m = train_model(t, cfg);
  const std::string path = temp_path("model.json");
  save_model(path, m);
  const TrainedModel loaded = load_model(path);
  EXPECT_EQ(loaded.classifier->spec(), "mlp:hidden=16,epochs=20");
  EXPECT_EQ(loaded.class_names, t.class_names);
  EXPECT_EQ(predict_proba(m, t).data, predict_proba(loaded, t).data);
}

// The in-memory pair (the Python package's pickles): the text is the file's bytes, and reading it
// back makes load_model's checks, naming the given name.
TEST(ModelFile, TextIsTheFileAndReadsBackWithTheSameChecks) {
  const Table t = load_table("synthetic:n=200,d=4,weights=0.8/0.2,seed=3");
  TrainConfig cfg;
  cfg.model_spec = "mlp:epochs=5,hidden=8,threshold=tuned";
  const TrainedModel m = train_model(t, cfg);
  const std::string path = temp_path("text.model");
  save_model(path, m);
  const std::string text = model_file_text(m, "<memory>");
  EXPECT_EQ(text, slurp(path));
  const TrainedModel loaded = model_from_text(text, "<pickle>");
  EXPECT_EQ(loaded.classifier->offsets(), m.classifier->offsets());
  EXPECT_EQ(predict_proba(m, t).data, predict_proba(loaded, t).data);
  try {
    model_from_text(text.substr(0, text.size() / 2), "<pickle>");
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("<pickle>: not an autosmote model file", 0), 0u) << e.what();
  }
}

// A model whose training diverged (NaN weights, which JSON writes as null) is refused when saved:
// the file could never be loaded back. The existing file stays as it was.
TEST(ModelFile, ADivergedModelIsNotSaved) {
  struct Diverged : Classifier {
    std::unique_ptr<Classifier> inner = make_classifier("mlp:epochs=1,hidden=4");
    std::string kind() const override { return inner->kind(); }
    std::string spec() const override { return inner->spec(); }
    std::unique_ptr<Classifier> clone_unfitted() const override { return inner->clone_unfitted(); }
    Threshold threshold() const override { return inner->threshold(); }
    void fit(const Matrix& x, const Labels& y, int64_t c, const FitContext& ctx) override { inner->fit(x, y, c, ctx); }
    Matrix predict_proba(const Matrix& x) const override { return inner->predict_proba(x); }
    nlohmann::json state() const override {
      nlohmann::json s = inner->state();
      s["params"]["values"][0][0] = std::nan("");
      return s;
    }
    void load_state(const nlohmann::json& s) override { inner->load_state(s); }
  };
  const Table t = load_table("synthetic:n=200,d=3,seed=2");
  TrainConfig cfg;
  cfg.model_spec = "mlp:epochs=1,hidden=4";
  TrainedModel m = train_model(t, cfg);
  const std::string path = write_file("diverged.model", "old");
  auto diverged = std::make_unique<Diverged>();
  diverged->inner = std::move(m.classifier);
  m.classifier = std::move(diverged);
  try {
    save_model(path, m);
    FAIL() << "saved a model with a NaN weight";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("training diverged (state.params.values[0][0] is not a finite number)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(slurp(path), "old");
}

TEST(ModelFile, RejectsForeignDamagedAndOtherVersions) {
  EXPECT_THROW(load_model(temp_path("does-not-exist.json")), InputError);
  EXPECT_THROW(load_model(write_file("garbage.json", "hello")), ModelFileError);
  EXPECT_THROW(load_model(write_file("other.json", "{\"format\":\"something\"}")), ModelFileError);

  const Table t = load_table("synthetic:n=100,d=3,seed=2");
  TrainConfig cfg;
  cfg.model_spec = "mlp:epochs=2,hidden=4";
  const std::string path = temp_path("good.json");
  save_model(path, train_model(t, cfg));
  const std::string good = slurp(path);

  EXPECT_THROW(load_model(write_file("truncated.json", good.substr(0, good.size() / 2))), ModelFileError);
  std::string tampered = good;
  const auto pos = tampered.find("\"values\":[[") + 11;
  tampered[pos] = tampered[pos] == '1' ? '2' : '1';
  EXPECT_THROW(load_model(write_file("tampered.json", tampered)), ModelFileError);
  std::string version = good;
  version.replace(version.find("\"version\":1"), 11, "\"version\":9");
  try {
    load_model(write_file("version.json", version));
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_NE(std::string(e.what()).find("version 9 is not supported"), std::string::npos) << e.what();
  }
}

TEST(ModelFile, PredictOnFileWithoutLabelAndUnknownCategory) {
  const std::string train = write_file("cat_train.csv", "n,c,class\n1,a,x\n2,b,y\n3,a,x\n4,b,y\n5,a,x\n6,b,y\n");
  const Table t = read_csv(train);
  TrainConfig cfg;
  cfg.model_spec = "mlp:epochs=50,hidden=8";
  const TrainedModel m = train_model(t, cfg);
  const Table p = read_csv(write_file("cat_pred.csv", "c,n\na,1\nzzz,2\n"), prediction_csv_options(m));
  EXPECT_FALSE(p.has_target);
  const Matrix proba = predict_proba(m, p);
  EXPECT_EQ(proba.rows, 2);
  EXPECT_EQ(proba.cols, 2);
  const Table missing = read_csv(write_file("cat_missing.csv", "n\n1\n"), prediction_csv_options(m));
  EXPECT_THROW(predict_proba(m, missing), InputError);
}

// ---------------------------------------------------------------- crafted files (issue 10)
// A model file is untrusted input: each case below edits a good file's body, recomputes its
// checksum (so only the validation can catch it) and expects a one-line ModelFileError naming the
// file and the problem, fast, with no JSON library text.

namespace {

using nlohmann::json;

// A model's body as saved (checksum included).
json saved_body(const TrainedModel& m, const std::string& name) {
  const std::string path = temp_path(name);
  save_model(path, m);
  return json::parse(slurp(path));
}

// Writes `body` with its checksum recomputed, as someone crafting a file would.
std::string write_crafted(const std::string& name, json body) {
  body.erase("checksum");
  body["checksum"] = fnv1a_hex(body.dump());
  return write_file(name, body.dump());
}

// Three classes, a numeric and a categorical column (one-hot: a, b, c), 6 preprocessed columns in all.
const TrainedModel& mlp_model() {
  static const TrainedModel m = [] {
    std::string csv = "n,c,m,class\n";
    for (int i = 0; i < 30; ++i)
      csv += std::to_string(i) + "," + "abc"[i % 3] + "," + std::to_string(i % 7) + "," + "xyz"[i % 3] + "\n";
    TrainConfig cfg;
    cfg.model_spec = "mlp:epochs=2,hidden=4";
    return train_model(read_csv(write_file("crafted_train.csv", csv)), cfg);
  }();
  return m;
}

const TrainedModel& auto_smote_model() {
  static const TrainedModel m = [] {
    TrainConfig cfg;
    cfg.model_spec = "auto-smote:epochs=3,hidden=4,policy_hidden=4,k_max=3";
    return train_model(load_table("synthetic:n=120,d=3,weights=0.8/0.2,seed=3"), cfg);
  }();
  return m;
}

// Loads the crafted file and checks the error: ModelFileError, naming the file and `text`, one
// line, no JSON library text, within 10 s (a guard against hangs and blow-ups, not a benchmark: a
// rejection takes milliseconds alone, but the suite runs under ASan and beside other tests).
void expect_rejected(const TrainedModel& model, const std::string& name, const std::function<void(json&)>& edit,
                     const std::string& text) {
  json body = saved_body(model, name + ".orig");
  edit(body);
  const std::string path = write_crafted(name + ".model", body);
  const auto start = std::chrono::steady_clock::now();
  try {
    load_model(path);
    ADD_FAILURE() << name << ": accepted";
  } catch (const ModelFileError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path + ": "), std::string::npos) << name << ": " << what;
    EXPECT_NE(what.find(text), std::string::npos) << name << ": " << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << name << ": " << what;
    EXPECT_EQ(what.find("json.exception"), std::string::npos) << name << ": " << what;
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 10.0) << name;
}

json& column(json& body, int i) { return body["preprocessor"]["columns"][i]; }

}  // namespace

TEST(ModelFileCrafted, UntouchedCraftedFilesLoad) {
  // The crafting itself (parse, re-dump, checksum) keeps good files good.
  for (const TrainedModel* m : {&mlp_model(), &auto_smote_model()}) {
    const TrainedModel loaded = load_model(write_crafted("untouched.model", saved_body(*m, "untouched.orig")));
    EXPECT_EQ(loaded.classifier->spec(), m->classifier->spec());
    EXPECT_EQ(loaded.class_names, m->class_names);
  }
  const TrainedModel a = load_model(write_crafted("untouched_as.model", saved_body(auto_smote_model(), "u.orig")));
  const auto* policy = dynamic_cast<const AutoSmote*>(a.classifier.get());
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(policy->diagnostics().size(), 3u);
  EXPECT_FALSE(explain_text(*policy, a.class_names, a.preprocessor.output_names()).empty());
}

TEST(ModelFileCrafted, ClassNamesAgainstTheState) {
  const auto& m = mlp_model();
  expect_rejected(
      m, "two_names", [](json& b) { b["classes"].erase(2); }, "state.classes is 3, but the file names 2 classes");
  expect_rejected(
      m, "no_names", [](json& b) { b["classes"] = json::array(); }, "classes has 0 class names, expected at least 2");
  expect_rejected(
      m, "repeated_name", [](json& b) { b["classes"][1] = "x"; }, "classes[1] repeats the class name \"x\"");
  expect_rejected(
      m, "name_not_string", [](json& b) { b["classes"][0] = 7; }, "classes[0] is 7, expected a string");
  expect_rejected(
      m, "four_classes", [](json& b) { b["classes"].push_back("w"); }, "state.classes is 3, but the file names 4");
  // The state and its weights agree on 2 classes, the names say 3.
  expect_rejected(
      m, "state_two", [](json& b) { b["state"]["classes"] = 2; }, "state.classes is 2, but the file names 3");
}

TEST(ModelFileCrafted, PreprocessorFields) {
  const auto& m = mlp_model();
  // columns: n (numeric), c (categorical a/b/c), m (numeric)
  ASSERT_EQ(mlp_model().preprocessor.columns()[1].name, "c");
  expect_rejected(
      m, "fill_1e6", [](json& b) { column(b, 1)["fill"] = 1e6; },
      "preprocessor.columns[1].fill is 1000000.0, expected an integer in -1..2");
  expect_rejected(
      m, "fill_1e300", [](json& b) { column(b, 1)["fill"] = 1e300; }, "preprocessor.columns[1].fill is 1e+300");
  expect_rejected(
      m, "fill_minus2", [](json& b) { column(b, 1)["fill"] = -2; },
      "preprocessor.columns[1].fill is -2, expected an integer in -1..2");
  expect_rejected(
      m, "fill_half", [](json& b) { column(b, 1)["fill"] = 0.5; }, "preprocessor.columns[1].fill is 0.5");
  expect_rejected(
      m, "null_scale", [](json& b) { column(b, 0)["scale"] = nullptr; },
      "preprocessor.columns[0].scale is null, expected a finite number");
  expect_rejected(
      m, "zero_scale", [](json& b) { column(b, 0)["scale"] = 0.0; },
      "preprocessor.columns[0].scale is 0.0, expected a positive number");
  expect_rejected(
      m, "negative_scale", [](json& b) { column(b, 2)["scale"] = -1.0; }, "preprocessor.columns[2].scale is -1.0");
  expect_rejected(
      m, "null_offset", [](json& b) { column(b, 0)["offset"] = nullptr; }, "preprocessor.columns[0].offset is null");
  expect_rejected(
      m, "null_fill", [](json& b) { column(b, 2)["fill"] = nullptr; }, "preprocessor.columns[2].fill is null");
  expect_rejected(
      m, "string_scale", [](json& b) { column(b, 0)["scale"] = "1"; }, "preprocessor.columns[0].scale is \"1\"");
  expect_rejected(
      m, "repeated_column", [](json& b) { column(b, 2)["name"] = "n"; },
      "preprocessor.columns[2].name repeats the column name \"n\"");
  expect_rejected(
      m, "repeated_category", [](json& b) { column(b, 1)["categories"][2] = "a"; },
      "preprocessor.columns[1].categories[2] repeats the category \"a\"");
  expect_rejected(
      m, "no_columns", [](json& b) { b["preprocessor"]["columns"] = json::array(); }, "preprocessor.columns is empty");
  expect_rejected(
      m, "bad_scaling", [](json& b) { b["preprocessor"]["scaling"] = "log"; },
      "preprocessor.scaling is \"log\", expected \"minmax\" or \"standard\"");
  expect_rejected(
      m, "missing_flag", [](json& b) { column(b, 0).erase("integer_valued"); },
      "preprocessor.columns[0].integer_valued is missing");
  expect_rejected(
      m, "categorical_string", [](json& b) { column(b, 0)["categorical"] = "no"; },
      "preprocessor.columns[0].categorical is \"no\", expected true or false");
  expect_rejected(
      m, "target_is_input", [](json& b) { b["target"] = "m"; }, "target is \"m\", also the name of an input column");
  expect_rejected(
      m, "empty_target", [](json& b) { b["target"] = ""; }, "target is empty");
  // One-hot categories against the state's input width (5: n, c=a, c=b, c=c, m).
  expect_rejected(
      m, "category_dropped", [](json& b) { column(b, 1)["categories"].erase(2); },
      "state.in is 5, but the preprocessor makes 4 columns");
  expect_rejected(
      m, "category_added", [](json& b) { column(b, 1)["categories"].push_back("d"); },
      "state.in is 5, but the preprocessor makes 6 columns");
}

TEST(ModelFileCrafted, SpecAgainstTheStoredWeights) {
  const auto& m = mlp_model();
  // Sizes the spec claims are checked against the stored shapes and value counts before anything
  // is allocated, so a file cannot make the loader allocate more than its own size.
  expect_rejected(
      m, "hidden_huge", [](json& b) { b["spec"] = "mlp:hidden=16384,epochs=2"; },
      "state.params.shapes[0] is [4,5], but the spec and sizes imply [16384, 5]");
  expect_rejected(
      m, "layers_huge", [](json& b) { b["spec"] = "mlp:hidden=4,layers=64,epochs=2"; },
      "state.params.shapes has 4 elements, expected 130");
  expect_rejected(
      m, "shapes_huge",
      [](json& b) {
        b["spec"] = "mlp:hidden=16384,epochs=2";
        const json shapes = {{16384, 5}, {16384}, {3, 16384}, {3}};
        b["state"]["params"]["shapes"] = shapes;
        b["state"]["params"]["values"] = json::array();
        for (size_t i = 0; i < shapes.size(); ++i) b["state"]["params"]["values"].push_back({0.5});
      },
      "state.params.values[0] has 1 values, but its shape [16384,5] needs 81920");
  expect_rejected(
      m, "in_huge", [](json& b) { b["state"]["in"] = 1099511627776LL; },
      "state.in is 1099511627776, but the preprocessor makes 5 columns");
  expect_rejected(
      m, "in_beyond_int64", [](json& b) { b["state"]["in"] = 18446744073709551615ULL; },
      "state.in is 18446744073709551615, expected an integer in 1..1099511627776");
  expect_rejected(
      m, "classes_float", [](json& b) { b["state"]["classes"] = 1e300; }, "state.classes is 1e+300");
  expect_rejected(
      m, "value_count", [](json& b) { b["state"]["params"]["values"][1].erase(0); },
      "state.params.values[1] has 3 values, but its shape [4] needs 4");
  expect_rejected(
      m, "shape_rank",
      [](json& b) {
        b["state"]["params"]["shapes"][0] = {4, 5, 1099511627776LL, 1099511627776LL};
      },
      "state.params.shapes[0] is [4,5,1099511627776,1099511627776], but the spec and sizes imply [4, 5]");
  expect_rejected(
      m, "value_too_big", [](json& b) { b["state"]["params"]["values"][0][3] = 1e300; },
      "state.params.values[0][3] is 1e+300, expected a finite number in");
  expect_rejected(
      m, "value_null", [](json& b) { b["state"]["params"]["values"][2][0] = nullptr; },
      "state.params.values[2][0] is null");
  expect_rejected(
      m, "value_string", [](json& b) { b["state"]["params"]["values"][3][0] = "0.5"; },
      "state.params.values[3][0] is \"0.5\"");
  expect_rejected(
      m, "params_not_object", [](json& b) { b["state"]["params"] = json::array(); },
      "state.params is [], expected an object");
  expect_rejected(
      m, "kind", [](json& b) { b["kind"] = "auto-smote"; }, "kind is \"auto-smote\", but the spec makes a 'mlp' model");
  expect_rejected(
      m, "spec_unknown", [](json& b) { b["spec"] = "mlp:bogus=1"; }, "spec cannot be read by this build");
  expect_rejected(
      m, "spec_number", [](json& b) { b["spec"] = 3; }, "spec is 3, expected a string");
  expect_rejected(
      m, "state_missing", [](json& b) { b.erase("state"); }, "state is missing");
  expect_rejected(
      m, "state_array", [](json& b) { b["state"] = json::array({1}); }, "state is [1], expected an object");
}

TEST(ModelFileCrafted, AutoSmoteStateAndDiagnostics) {
  const auto& m = auto_smote_model();
  const json good = saved_body(m, "as_good.orig");
  const int64_t K = good["state"]["K"].get<int64_t>();
  ASSERT_GE(K, 1);
  expect_rejected(
      m, "group_class_1e9", [](json& b) { b["state"]["groups"][0]["class"] = 1000000000; },
      "state.groups[0].class is 1000000000, expected an integer in 0..1");
  expect_rejected(
      m, "group_class_negative", [](json& b) { b["state"]["groups"][0]["class"] = -1; }, "state.groups[0].class is -1");
  expect_rejected(
      m, "group_majority", [](json& b) { b["state"]["groups"][0]["class"] = 0; },
      "state.groups[0].class is 0, a class that gets no new rows");
  expect_rejected(
      m, "no_groups", [](json& b) { b["state"]["groups"] = json::array(); }, "state.groups has no group of class 1");
  expect_rejected(
      m, "k_probs_length", [](json& b) { b["state"]["groups"][0]["k_probs"].push_back(0.1); },
      "state.groups[0].k_probs has " + std::to_string(K + 1) + " elements, expected " + std::to_string(K));
  expect_rejected(
      m, "aggregation_length",
      [](json& b) {
        b["state"]["groups"][0]["aggregation_probs"] = {0.5, 0.5};
      },
      "state.groups[0].aggregation_probs has 2 elements, expected 1");
  expect_rejected(
      m, "position_length", [](json& b) { b["state"]["groups"][0]["position_probs"] = json::array(); },
      "state.groups[0].position_probs has 0 elements, expected 5");
  expect_rejected(
      m, "centroid_length", [](json& b) { b["state"]["groups"][0]["centroid"].erase(0); },
      "state.groups[0].centroid has 2 elements, expected 3");
  expect_rejected(
      m, "probability", [](json& b) { b["state"]["groups"][0]["participation"] = 2.0; },
      "state.groups[0].participation is 2.0");
  expect_rejected(
      m, "group_size", [](json& b) { b["state"]["groups"][0]["size"] = 4611686018427387904LL; },
      "state.groups[0].size is 4611686018427387904");
  expect_rejected(
      m, "diagnostics_count", [](json& b) { b["state"]["diagnostics"].erase(0); },
      "state.diagnostics has 2 elements, expected 3");
  expect_rejected(
      m, "k_histogram_length", [](json& b) { b["state"]["diagnostics"][1]["k_histogram"].push_back(0); },
      "state.diagnostics[1].k_histogram has " + std::to_string(K + 1) + " elements");
  expect_rejected(
      m, "aggregation_histogram_length",
      [](json& b) { b["state"]["diagnostics"][2]["aggregation_histogram"] = json::array(); },
      "state.diagnostics[2].aggregation_histogram has 0 elements, expected 1");
  expect_rejected(
      m, "k_histogram_total",
      [](json& b) {
        json& count = b["state"]["diagnostics"][0]["k_histogram"][0];
        count = count.get<int64_t>() + 1;
      },
      "state.diagnostics[0].k_histogram counts");
  expect_rejected(
      m, "loss_null", [](json& b) { b["state"]["diagnostics"][0]["loss"] = nullptr; },
      "state.diagnostics[0].loss is null");
  expect_rejected(
      m, "n_new_length", [](json& b) { b["state"]["n_new"].push_back(1); }, "state.n_new has 3 elements, expected 2");
  expect_rejected(
      m, "K_above_k_max", [](json& b) { b["state"]["K"] = 4; }, "state.K is 4, expected an integer in 1..3");
  expect_rejected(
      m, "policy_shape", [](json& b) { b["spec"] = "auto-smote:epochs=3,hidden=4,policy_hidden=16384,k_max=3"; },
      "state.policy.shapes[0] is [4,3], but the spec and sizes imply [16384, 3]");
  expect_rejected(
      m, "classifier_shape", [](json& b) { b["spec"] = "auto-smote:epochs=3,hidden=5,policy_hidden=4,k_max=3"; },
      "state.classifier.shapes[0] is [4,3], but the spec and sizes imply [5, 3]");
  expect_rejected(
      m, "policy_value", [](json& b) { b["state"]["policy"]["values"][0][0] = -1e39; },
      "state.policy.values[0][0] is -1e+39");
}

TEST(ModelFileCrafted, FileLevelLimits) {
  // Unbounded nesting would overflow the stack in the parser.
  const std::string deep = "{\"format\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  try {
    load_model(write_file("deep.model", deep));
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper than 32 levels"), std::string::npos) << e.what();
  }
  // Not a JSON object (/dev/zero, a binary file): refused at the first character.
  try {
    load_model(write_file("zeros.model", std::string(1 << 20, '\0')));
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_NE(std::string(e.what()).find("zeros.model: not an autosmote model file"), std::string::npos) << e.what();
  }
  // Type mismatches in the header fields are clean messages too.
  EXPECT_THROW(load_model(write_file("format_number.model", "{\"format\":5}")), ModelFileError);
  try {
    load_model(write_file("version_string.model", "{\"format\":\"autosmote-model\",\"version\":\"1\"}"));
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_NE(std::string(e.what()).find("model file format version \"1\" is not supported"), std::string::npos)
        << e.what();
  }
  const std::string dir = temp_path("a_directory.model");
  std::filesystem::create_directories(dir);
  try {
    load_model(dir);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Is a directory"), std::string::npos) << e.what();
  }
}
