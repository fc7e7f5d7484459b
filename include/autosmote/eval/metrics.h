// Classification metrics, defined as scikit-learn / imbalanced-learn define them:
//   per-class precision / recall / F1 with zero division -> 0; macro averages over the labels
//   present in y_true or y_pred (sklearn's default `labels=None`);
//   balanced accuracy = mean recall over the classes present in y_true;
//   G-mean = geometric mean of the recalls of the labels present in y_true or y_pred
//            (imblearn geometric_mean_score, average="multiclass", correction 0);
//   ROC-AUC = binary: AUC of the second class's probability; multiclass: macro one-vs-rest over
//             the classes present in y_true (NaN when y_true has a single class); ties count 1/2;
//             a NaN score (a diverged model) ranks below every number, NaNs tie with each other;
//   minority F1 = F1 of `minority_class` (the class with the fewest training rows).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autosmote/core/dataset.h"

namespace autosmote {

struct Metrics {
  double macro_precision = 0, macro_recall = 0, macro_f1 = 0, minority_f1 = 0;
  double balanced_accuracy = 0, g_mean = 0, roc_auc = 0;
  std::vector<std::vector<int64_t>> confusion;  // [true][pred]
};

// The names of the scalar metrics, in report order, and access by name.
const std::vector<std::string>& metric_names();
double metric_value(const Metrics& m, const std::string& name);

// `y_pred`: the predicted classes (Classifier::decide, which applies the operating point); the
// ranking metric (ROC-AUC) uses `proba`. Without `y_pred`: the argmax of `proba`.
Metrics compute_metrics(const Labels& y_true, const Matrix& proba, const Labels& y_pred, int64_t minority_class);
Metrics compute_metrics(const Labels& y_true, const Matrix& proba, int64_t minority_class);
// AUC of `score` for the positive rows (Mann-Whitney U with average ranks for ties; NaN scores
// rank lowest). InputError when the lengths differ.
double roc_auc_binary(const std::vector<int>& positive, const std::vector<float>& score);

}  // namespace autosmote
