// Multilayer perceptron on LibTorch: `layers` hidden layers of `hidden` units with ReLU, a linear
// output layer, cross-entropy, Adam, shuffled mini-batches of min(batch, n) rows (the last one
// partial). Initialisation is PyTorch's default for nn.Linear (U(-1/sqrt(fan_in), 1/sqrt(fan_in))
// for weights and biases), drawn from a generator seeded by FitContext::seed, as is the shuffling.
//
// Spec: mlp:hidden=64,layers=1,lr=0.01,epochs=200,batch=512,weight_decay=0,class_weight=none,threshold=none
// (class_weight=balanced weights the loss by n / (C * n_c); threshold: models/classifier.h).
// Limits (SpecError when the spec is read, before anything is allocated): hidden <= 16384,
// layers <= 64, hidden^2 x (layers - 1) <= 100,000,000 weights, epochs <= 1,000,000,
// batch <= 2^30 (a batch is at most the training rows anyway).
//
// Example:
//   auto clf = make_classifier("mlp:epochs=50");
//   clf->fit(x, y, 2, FitContext{/*seed=*/0});
//   Matrix p = clf->predict_proba(x_test);
#pragma once

#include <memory>
#include <string>

#include "autosmote/core/options.h"
#include "autosmote/core/params.h"
#include "autosmote/models/classifier.h"

namespace autosmote {

inline constexpr int64_t kMaxHidden = 16384;
inline constexpr int64_t kMaxLayers = 64;
inline constexpr int64_t kMaxHiddenWeights = 100000000;

struct MlpOptions {
  int64_t hidden = 64;
  int64_t layers = 1;
  double lr = 0.01;
  int64_t epochs = 200;
  int64_t batch = 512;
  double weight_decay = 0.0;
  bool balanced = false;  // class_weight=balanced
  Threshold threshold = Threshold::kNone;

  // The spec keys in canonical order (core/options.h).
  template <class V>
  static void visit(V& v) {
    v.integer("hidden", &MlpOptions::hidden, 1, kMaxHidden);
    v.integer("layers", &MlpOptions::layers, 0, kMaxLayers);
    v.check(&MlpOptions::check_hidden_weights);
    v.number("lr", &MlpOptions::lr, 1e-12, 10.0);
    v.integer("epochs", &MlpOptions::epochs, 1, 1000000);
    v.integer("batch", &MlpOptions::batch, 1, int64_t(1) << 30);
    v.number("weight_decay", &MlpOptions::weight_decay, 0.0, 10.0);
    v.choice("class_weight", &MlpOptions::balanced, ChoiceNames<bool>{{"none", false}, {"balanced", true}});
    v.choice("threshold", &MlpOptions::threshold, threshold_names());
  }
  // SpecError when hidden^2 x (layers - 1) is above kMaxHiddenWeights.
  void check_hidden_weights() const;

  // Reads the mlp keys from `r` (shared with auto-smote, whose spec includes them).
  static MlpOptions read(ParamReader& r);
  // Appends the non-default keys as "k=v" in canonical order.
  void append_spec(std::vector<std::string>& parts) const;
};

class MlpClassifier : public Classifier {
 public:
  explicit MlpClassifier(MlpOptions options);
  ~MlpClassifier() override;

  std::string kind() const override { return "mlp"; }
  std::string spec() const override;
  std::unique_ptr<Classifier> clone_unfitted() const override;
  Threshold threshold() const override { return options_.threshold; }
  void fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) override;
  Matrix predict_proba(const Matrix& x) const override;
  nlohmann::json state() const override;
  void load_state(const nlohmann::json& state) override;

  const MlpOptions& options() const { return options_; }

 private:
  struct Impl;
  MlpOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace autosmote
