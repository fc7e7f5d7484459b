// The xgboost model (models/xgboost_classifier.h): it fits, is deterministic, round-trips through
// the model file, refuses bad keys, and refuses crafted boosters before XGBoost reads them.
// Skipped in a build without XGBoost, where the model is a SpecError saying so.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/error.h"
#include "autosmote/core/hash.h"
#include "autosmote/data/load.h"
#include "autosmote/io/csv.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/serialize/model_file.h"
#include "test_util.h"

using namespace autosmote;
using autosmote::testing::temp_path;
using autosmote::testing::two_blobs;
using autosmote::testing::write_file;
using nlohmann::json;

namespace {

class Xgboost : public ::testing::Test {
 protected:
  void SetUp() override {
#ifndef AUTOSMOTE_HAVE_XGBOOST
    GTEST_SKIP() << "built without XGBoost";
#endif
  }
};

// `n` rows per class of `classes` Gaussian blobs 6 apart along the diagonal, in 3 dimensions.
void blobs(int64_t classes, int64_t n, uint64_t seed, Matrix* x, Labels* y) {
  Rng rng(seed);
  *x = Matrix(classes * n, 3);
  y->assign(static_cast<size_t>(classes * n), 0);
  for (int64_t i = 0; i < classes * n; ++i) {
    (*y)[static_cast<size_t>(i)] = i % classes;
    for (int64_t j = 0; j < 3; ++j)
      x->at(i, j) = static_cast<float>(rng.normal() + 6.0 * static_cast<double>(i % classes));
  }
}

double accuracy(const Labels& truth, const Labels& predicted) {
  int64_t right = 0;
  for (size_t i = 0; i < truth.size(); ++i) right += truth[i] == predicted[i];
  return static_cast<double>(right) / static_cast<double>(truth.size());
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TrainedModel train(const std::string& data, const std::string& spec) {
  TrainConfig cfg;
  cfg.model_spec = spec;
  return train_model(load_table(data), cfg);
}

}  // namespace

TEST(XgboostUnavailable, SaysSoInABuildWithoutXgboost) {
#ifdef AUTOSMOTE_HAVE_XGBOOST
  GTEST_SKIP() << "built with XGBoost";
#else
  try {
    make_classifier("xgboost");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_EQ(std::string(e.what()), "model 'xgboost': this build has no XGBoost (install libxgboost-dev and rebuild)");
  }
#endif
}

TEST_F(Xgboost, FitsSeparableBinaryAndThreeClassProblems) {
  for (const int64_t classes : {2, 3}) {
    Matrix x, x_test;
    Labels y, y_test;
    blobs(classes, 60, 1, &x, &y);
    blobs(classes, 100, 2, &x_test, &y_test);
    auto clf = make_classifier("xgboost");
    clf->fit(x, y, classes, FitContext{});
    const Matrix proba = clf->predict_proba(x_test);
    ASSERT_EQ(proba.rows, x_test.rows);
    ASSERT_EQ(proba.cols, classes);
    for (int64_t r = 0; r < proba.rows; ++r) {
      double sum = 0.0;
      for (int64_t c = 0; c < classes; ++c) {
        EXPECT_GT(proba.at(r, c), 0.0f) << "probabilities come from margins in double: none is exactly 0";
        sum += proba.at(r, c);
      }
      EXPECT_NEAR(sum, 1.0, 1e-5);
    }
    EXPECT_GT(accuracy(y_test, clf->predict(x_test)), 0.97) << classes << " classes";
  }
}

TEST_F(Xgboost, BalancedWeightsFavourTheMinorityClass) {
  Matrix x;
  Labels y;
  two_blobs(400, 40, 2, 1.0, 3, &x, &y);
  auto count_minority = [&](const std::string& spec) {
    auto clf = make_classifier(spec);
    clf->fit(x, y, 2, FitContext{});
    const Labels p = clf->predict(x);
    return std::count(p.begin(), p.end(), 1);
  };
  EXPECT_GT(count_minority("xgboost:n_estimators=10"), count_minority("xgboost:n_estimators=10,class_weight=none"));
}

TEST_F(Xgboost, SameSeedSameBytes) {
  Matrix x;
  Labels y;
  two_blobs(200, 50, 4, 1.5, 5, &x, &y);
  auto fitted = [&](uint64_t seed) {
    auto clf = make_classifier("xgboost:n_estimators=20,subsample=0.5,colsample_bytree=0.5");
    FitContext ctx;
    ctx.seed = seed;
    clf->fit(x, y, 2, ctx);
    return clf;
  };
  const auto a = fitted(7), b = fitted(7), c = fitted(8);
  EXPECT_EQ(a->predict_proba(x).data, b->predict_proba(x).data);
  EXPECT_EQ(a->state().dump(), b->state().dump());
  EXPECT_NE(a->state().dump(), c->state().dump()) << "the seed reaches XGBoost's row and column sampling";
}

TEST_F(Xgboost, RoundTripsThroughTheModelFile) {
  std::string csv = "n,c,class\n";
  for (int i = 0; i < 90; ++i) csv += std::to_string(i % 30) + "," + "abc"[i % 3] + "," + "xyz"[(i / 30) % 3] + "\n";
  const std::string three_classes = write_file("xgb_three.csv", csv);
  for (const std::string& data : {std::string("synthetic:n=300,d=4,weights=0.8/0.2,seed=1"), three_classes}) {
    for (const std::string spec : {"xgboost:n_estimators=30", "xgboost:n_estimators=30,threshold=tuned"}) {
      const TrainedModel m = train(data, spec);
      const std::string path = temp_path("xgb.model");
      save_model(path, m);
      const TrainedModel loaded = load_model(path);
      EXPECT_EQ(loaded.classifier->spec(), spec);
      EXPECT_EQ(loaded.classifier->offsets(), m.classifier->offsets());
      const Table t = load_table(data);
      EXPECT_EQ(predict_proba(loaded, t).data, predict_proba(m, t).data) << data << " " << spec;
      save_model(temp_path("xgb_again.model"), loaded);
      EXPECT_EQ(slurp(temp_path("xgb_again.model")), slurp(path)) << "a loaded model saves the same bytes";
    }
  }
}

TEST_F(Xgboost, ThresholdTunedIsAcceptedAndTuned) {
  EXPECT_EQ(make_classifier("xgboost:threshold=tuned")->threshold(), Threshold::kTuned);
  EXPECT_EQ(make_classifier("xgboost")->threshold(), Threshold::kNone);
  const TrainedModel m = train("synthetic:n=400,d=4,weights=0.9/0.1,seed=2", "xgboost:n_estimators=20,threshold=tuned");
  EXPECT_EQ(m.classifier->offsets().size(), 2u);
}

TEST_F(Xgboost, BadKeysAreOneLineSpecErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"xgboost:nonsense=1", "nonsense"},
      {"xgboost:max_depth=0", "max_depth"},
      {"xgboost:learning_rate=-1", "learning_rate"},
      {"xgboost:subsample=0", "subsample"},
      {"xgboost:n_estimators=1.5", "n_estimators"},
      {"xgboost:class_weight=heavy", "class_weight"},
      {"xgboost:threshold=maybe", "threshold"},
  };
  for (const auto& [spec, key] : cases) {
    try {
      make_classifier(spec);
      ADD_FAILURE() << spec << ": accepted";
    } catch (const SpecError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(key), std::string::npos) << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
  }
  EXPECT_EQ(make_classifier("xgboost:max_depth=6,class_weight=balanced")->spec(), "xgboost");
  EXPECT_EQ(make_classifier("xgboost:class_weight=none,learning_rate=0.1")->spec(),
            "xgboost:learning_rate=0.1,class_weight=none");
}

TEST_F(Xgboost, UnfittedOrWrongWidthIsAnInputError) {
  auto clf = make_classifier("xgboost:n_estimators=2");
  Matrix x;
  Labels y;
  two_blobs(20, 20, 2, 3.0, 1, &x, &y);
  EXPECT_THROW(clf->predict_proba(x), InputError);
  EXPECT_THROW(clf->state(), InputError);
  clf->fit(x, y, 2, FitContext{});
  EXPECT_THROW(clf->predict_proba(Matrix(3, 5)), InputError);
  EXPECT_EQ(clf->predict_proba(Matrix(0, 2)).rows, 0);
}

// ---------------------------------------------------------------- crafted boosters
// Each case edits the stored booster of a good file, recomputes the checksum (so only the
// validation can catch it) and expects a one-line ModelFileError naming the field.
namespace {

const std::string& good_model_text(int64_t classes) {
  static std::map<int64_t, std::string> texts;
  if (texts.count(classes) == 0) {
    const std::string data =
        classes == 2 ? "synthetic:n=200,d=3,weights=0.7/0.3,seed=4" : "synthetic:n=300,d=3,weights=0.5/0.3/0.2,seed=4";
    const std::string path = temp_path("xgb_crafted_good.model");
    save_model(path, train(data, "xgboost:n_estimators=4,max_depth=3"));
    texts[classes] = slurp(path);
  }
  return texts[classes];
}

json& tree(json& body, int i) { return body["state"]["booster"]["learner"]["gradient_booster"]["model"]["trees"][i]; }
json& learner(json& body) { return body["state"]["booster"]["learner"]; }

// The first internal node of tree 0 whose left child is a leaf (there is one in any tree with a split).
int internal_with_leaf_child(json& body) {
  const json& t = tree(body, 0);
  for (size_t i = 0; i < t["left_children"].size(); ++i) {
    const int left = t["left_children"][i].get<int>();
    if (left != -1 && t["left_children"][static_cast<size_t>(left)].get<int>() == -1) return static_cast<int>(i);
  }
  return -1;
}

void expect_refused(const std::string& name, const std::function<void(json&)>& edit, const std::string& text,
                    int64_t classes = 2) {
  json body = json::parse(good_model_text(classes));
  edit(body);
  body.erase("checksum");
  body["checksum"] = fnv1a_hex(body.dump());
  const std::string path = write_file("xgb_" + name + ".model", body.dump());
  try {
    load_model(path);
    ADD_FAILURE() << name << ": accepted";
  } catch (const ModelFileError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path + ": invalid model file: "), std::string::npos) << name << ": " << what;
    EXPECT_NE(what.find(text), std::string::npos) << name << ": " << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << name << ": " << what;
  }
}

}  // namespace

TEST_F(Xgboost, UntouchedCraftedFileLoads) {
  for (const int64_t classes : {2, 3}) {
    json body = json::parse(good_model_text(classes));
    ASSERT_GE(internal_with_leaf_child(body), 0) << "tree 0 has a split";
    body.erase("checksum");
    body["checksum"] = fnv1a_hex(body.dump());
    EXPECT_EQ(load_model(write_file("xgb_untouched.model", body.dump())).class_names.size(),
              static_cast<size_t>(classes));
  }
}

TEST_F(Xgboost, CraftedTreesAreRefused) {
  const std::string trees = "state.booster.learner.gradient_booster.model.trees[0].";
  expect_refused(
      "child_out_of_range", [](json& b) { tree(b, 0)["left_children"][0] = 9999; },
      trees + "left_children[0] is 9999, expected an integer in -1..");
  expect_refused(
      "cycle",
      [](json& b) {
        const int node = internal_with_leaf_child(b);
        const int leaf = tree(b, 0)["left_children"][node].get<int>();
        tree(b, 0)["left_children"][leaf] = node;  // leaf -> node -> leaf
        tree(b, 0)["right_children"][leaf] = node;
      },
      "expected -1 or a node in ");
  expect_refused(
      "self_loop",
      [](json& b) {
        const int node = internal_with_leaf_child(b);
        tree(b, 0)["right_children"][node] = node;
      },
      trees + "right_children[");
  expect_refused(
      "shared_child",
      [](json& b) {
        const int node = internal_with_leaf_child(b);
        tree(b, 0)["right_children"][node] = tree(b, 0)["left_children"][node];
      },
      trees + "right_children[");
  expect_refused(
      "parent_out_of_range", [](json& b) { tree(b, 0)["parents"][1] = 2147483647; },
      trees + "parents[1] is 2147483647");
  expect_refused(
      "split_index_beyond_features", [](json& b) { tree(b, 0)["split_indices"][0] = 3; },
      trees + "split_indices[0] is 3, expected an integer in 0..2");
  expect_refused(
      "truncated_array", [](json& b) { tree(b, 0)["base_weights"].erase(0); }, trees + "base_weights has ");
  expect_refused(
      "not_a_number", [](json& b) { tree(b, 0)["split_conditions"][0] = "x"; },
      trees + "split_conditions[0] is \"x\", expected a finite number");
  expect_refused(
      "beyond_float", [](json& b) { tree(b, 0)["sum_hessian"][0] = 1e300; }, trees + "sum_hessian[0] is 1e+300");
  expect_refused(
      "num_nodes_huge", [](json& b) { tree(b, 0)["tree_param"]["num_nodes"] = "99999999"; },
      trees + "left_children has ");
  expect_refused(
      "categorical_split", [](json& b) { tree(b, 0)["split_type"][0] = 1; }, trees + "split_type[0]");
  expect_refused(
      "tree_id", [](json& b) { tree(b, 0)["id"] = 3; }, trees + "id is 3");
  // Past the checks (an integral float counts as an integer) but not XGBoost's type: its message, one line.
  expect_refused(
      "float_flag", [](json& b) { tree(b, 0)["default_left"][0] = 0.0; }, "state.booster is refused by XGBoost: ");
  expect_refused(
      "unexpected_key", [](json& b) { tree(b, 0)["weight_drop"] = json::array(); },
      "trees[0] has an unexpected key \"weight_drop\"");
  expect_refused(
      "unexpected_key_with_a_line_break", [](json& b) { learner(b)["a\nb"] = 1; },
      "state.booster.learner has an unexpected key \"a\\nb\"");
}

TEST_F(Xgboost, CraftedLearnersAreRefused) {
  const std::string model = "state.booster.learner.gradient_booster.model.";
  expect_refused(
      "wrong_num_feature", [](json& b) { learner(b)["learner_model_param"]["num_feature"] = "7"; },
      "state.booster.learner.learner_model_param.num_feature is \"7\", expected an integer in 3..3");
  expect_refused(
      "tree_num_feature", [](json& b) { tree(b, 1)["tree_param"]["num_feature"] = "2"; },
      model + "trees[1].tree_param.num_feature");
  expect_refused(
      "objective", [](json& b) { learner(b)["objective"]["name"] = "multi:softmax"; },
      "state.booster.learner.objective.name is \"multi:softmax\", but 2 classes need binary:logistic");
  expect_refused(
      "too_few_trees", [](json& b) { learner(b)["gradient_booster"]["model"]["trees"].erase(3); },
      model + "trees has 3 elements, expected 4");
  expect_refused(
      "num_trees", [](json& b) { learner(b)["gradient_booster"]["model"]["gbtree_model_param"]["num_trees"] = "5"; },
      model + "gbtree_model_param.num_trees");
  expect_refused(
      "tree_info", [](json& b) { learner(b)["gradient_booster"]["model"]["tree_info"][1] = 2; },
      model + "tree_info[1] is 2, expected an integer in 0..0");
  expect_refused(
      "tree_info_group", [](json& b) { learner(b)["gradient_booster"]["model"]["tree_info"][1] = 2; },
      model + "tree_info[1] is 2, expected 1", 3);
  expect_refused(
      "num_class", [](json& b) { learner(b)["objective"]["softmax_multiclass_param"]["num_class"] = "9"; },
      "softmax_multiclass_param.num_class is \"9\"", 3);
  expect_refused(
      "dart", [](json& b) { learner(b)["gradient_booster"]["name"] = "dart"; },
      "gradient_booster.name is \"dart\", expected \"gbtree\"");
  expect_refused(
      "base_score", [](json& b) { learner(b)["learner_model_param"]["base_score"] = "1"; },
      "learner_model_param.base_score is \"1\", expected a number in (0, 1)");
  expect_refused(
      "version",
      [](json& b) {
        b["state"]["booster"]["version"] = json::array({9, 0, 0});
      },
      "state.booster.version is [9,0,0], expected a model written by XGBoost");
  expect_refused(
      "feature_types",
      [](json& b) {
        learner(b)["feature_types"] = json::array({"c", "q", "q"});
      },
      "state.booster.learner.feature_types has 3 elements, expected 0");
  expect_refused(
      "missing_booster", [](json& b) { b["state"].erase("booster"); }, "state.booster is missing");
  expect_refused(
      "spec_wants_more_trees", [](json& b) { b["spec"] = "xgboost:n_estimators=5,max_depth=3"; },
      model + "gbtree_model_param.num_trees is \"4\", expected an integer in 5..5");
}
