// Internal: MlpClassifier's fit, prediction and model-file state for every configuration other
// than the paper's network (MlpOptions::paper_network()): the modern host of
// models/mlp_classifier.h on nn/tabular_net.h.
#pragma once

#include <ATen/Tensor.h>

#include <nlohmann/json_fwd.hpp>

#include "autosmote/models/mlp_classifier.h"
#include "autosmote/preprocess/robust_scaling.h"
#include "nn/tabular_net.h"

namespace autosmote {

class JsonField;

struct TabularFit {
  TabularNet net{nullptr};
  RobustScaling robust;  // input=robust (empty otherwise)
  at::Device device{at::kCPU};
  int64_t epochs_trained = 0;  // the epochs of the weights kept
  double best_share = 0;       // with held-out rows: the best epoch's share of the planned epochs
};

// The learning-rate factor at t, the share of the planned steps done ([0, 1]).
double schedule_factor(LrSchedule schedule, double t);
// RealMLP's flat_cos: 1 for the first half, then (1 + cos(pi (2t - 1))) / 2.
double flat_cos(double t);

TabularFit fit_tabular(const MlpOptions& o, const Matrix& x, const Labels& y, int64_t n_classes,
                       const FitContext& ctx);
Matrix predict_tabular(TabularNet net, const RobustScaling& robust, const MlpOptions& o, const at::Device& device,
                       const Matrix& x);
nlohmann::json tabular_state(TabularNet net, const RobustScaling& robust, const MlpOptions& o, int64_t classes,
                             int64_t epochs_trained);
// The epochs planned for `rows` training rows: min(epochs, max(1, max_steps / steps per epoch)).
int64_t planned_epochs(const MlpOptions& o, int64_t rows);
// Reads tabular_state's output from a model file (untrusted); ModelFileError naming the field.
TabularFit load_tabular(const MlpOptions& o, const JsonField& state);

}  // namespace autosmote
