// Gradient-boosted trees from XGBoost (Debian's libxgboost-dev 1.7, C API): the practitioner's
// reference every MLP method is measured against (issue 13).
//
// Spec: xgboost:n_estimators=100,max_depth=6,learning_rate=0.3,subsample=1,colsample_bytree=1,
//               min_child_weight=1,reg_lambda=1,class_weight=balanced,threshold=none
// The defaults are scikit-learn's XGBClassifier's (XGBoost's own), except class_weight: balanced
// weights row i by n / (C * n_c) of its class c, as the mlp's class_weight=balanced does;
// threshold: models/classifier.h.
// Fixed: tree_method=hist (256 bins), one thread per fit and prediction (units run in parallel,
// and the same seed gives the same bytes for any --threads), objective binary:logistic for 2
// classes, multi:softprob with num_class=C above; XGBoost's seed is FitContext::seed folded to
// 31 bits, (s ^ (s >> 31)) & (2^31 - 1), so seeds below 2^31 pass unchanged (only subsample < 1
// and colsample_bytree < 1 draw from it). Always on the CPU, whatever FitContext::device says.
// predict_proba turns XGBoost's margins into probabilities in double precision (binary:
// [1 / (1 + e^m), 1 / (1 + e^-m)]; multiclass: softmax), so a confident row keeps a non-zero
// probability for the other class and threshold tuning can still rank it.
//
// Model file state: {"in", "classes", "booster"}, the booster as XGBoost's own JSON model
// (XGBoosterSaveModelToBuffer, format json). load_state validates it before XGBoost reads it
// (see XgboostClassifier::load_state).
//
// In a build without XGBoost (CMake found no xgboost/c_api.h or libxgboost) the registry row
// exists and making the model is a SpecError saying so.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "autosmote/core/options.h"
#include "autosmote/core/params.h"
#include "autosmote/models/classifier.h"

namespace autosmote {

struct XgboostOptions {
  int64_t n_estimators = 100;
  int64_t max_depth = 6;
  double learning_rate = 0.3;
  double subsample = 1.0;
  double colsample_bytree = 1.0;
  double min_child_weight = 1.0;
  double reg_lambda = 1.0;
  bool balanced = true;  // class_weight=balanced
  Threshold threshold = Threshold::kNone;

  // The spec keys in canonical order (core/options.h).
  template <class V>
  static void visit(V& v) {
    v.integer("n_estimators", &XgboostOptions::n_estimators, 1, 100000);
    v.integer("max_depth", &XgboostOptions::max_depth, 1, 32);
    v.number("learning_rate", &XgboostOptions::learning_rate, 1e-6, 1.0);
    v.number("subsample", &XgboostOptions::subsample, 1e-6, 1.0);
    v.number("colsample_bytree", &XgboostOptions::colsample_bytree, 1e-6, 1.0);
    v.number("min_child_weight", &XgboostOptions::min_child_weight, 0.0, 1e9);
    v.number("reg_lambda", &XgboostOptions::reg_lambda, 0.0, 1e9);
    v.choice("class_weight", &XgboostOptions::balanced, ChoiceNames<bool>{{"balanced", true}, {"none", false}});
    v.choice("threshold", &XgboostOptions::threshold, threshold_names());
  }

  static XgboostOptions read(ParamReader& r);
};

class XgboostClassifier : public Classifier {
 public:
  explicit XgboostClassifier(XgboostOptions options);
  ~XgboostClassifier() override;

  std::string kind() const override { return "xgboost"; }
  std::string spec() const override;
  std::unique_ptr<Classifier> clone_unfitted() const override;
  Threshold threshold() const override { return options_.threshold; }
  // Throws InputError on bad shapes or labels, or when XGBoost fails (its message, one line).
  void fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) override;
  Matrix predict_proba(const Matrix& x) const override;
  // Throws InputError when unfitted.
  nlohmann::json state() const override;
  // A model file is untrusted, and XGBoost's loader trusts the indices it reads (a child or parent
  // index out of range reads out of bounds, a cycle loops forever), so before XGBoost sees the
  // booster this checks: version [1, 7, x]; objective binary:logistic for 2 classes, else
  // multi:softprob with num_class = classes; learner num_feature = `in`, num_class, num_target 1,
  // base_score in (0, 1); gbtree with n_estimators x (1 or classes) trees, tree_info[i] = i mod
  // (1 or classes), one parallel tree, no leaf vectors, no attributes, feature names, feature
  // types or categorical splits; in every tree: its id, num_feature, no deleted nodes, every node
  // array with num_nodes elements, children -1 (a leaf, both) or in (node, num_nodes) and each
  // child's parent the node that names it (so a tree, no cycle), the root's parent 2147483647,
  // split indices in [0, num_feature), default_left 0 or 1, every number finite in float range.
  // Then XGBoost loads it and its feature and round counts are checked again. Any failure is a
  // ModelFileError naming the field ("state.booster.learner.gradient_booster.model.trees[3].
  // left_children[0] is 9, expected -1 or a node in 1..6").
  void load_state(const nlohmann::json& state) override;

  const XgboostOptions& options() const { return options_; }

 private:
  struct Impl;
  XgboostOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace autosmote
