#include "autosmote/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/models/classifier.h"

namespace autosmote {

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names = {"macro_f1",          "macro_precision", "macro_recall", "minority_f1",
                                                 "balanced_accuracy", "g_mean",          "roc_auc"};
  return names;
}

double metric_value(const Metrics& m, const std::string& name) {
  if (name == "macro_f1") return m.macro_f1;
  if (name == "macro_precision") return m.macro_precision;
  if (name == "macro_recall") return m.macro_recall;
  if (name == "minority_f1") return m.minority_f1;
  if (name == "balanced_accuracy") return m.balanced_accuracy;
  if (name == "g_mean") return m.g_mean;
  if (name == "roc_auc") return m.roc_auc;
  throw SpecError("unknown metric '" + name + "' (valid: " + join(metric_names(), ", ") + ")");
}

double roc_auc_binary(const std::vector<int>& positive, const std::vector<float>& score) {
  if (positive.size() != score.size())
    throw InputError("roc_auc: " + std::to_string(positive.size()) + " labels but " + std::to_string(score.size()) +
                     " scores");
  const size_t n = score.size();
  // NaN ranks below every number and ties with NaN: a strict weak order, and a tie group that
  // always holds its first element, so the scan below always advances.
  auto below = [](float a, float b) { return (std::isnan(a) && !std::isnan(b)) || a < b; };
  auto tie = [](float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return below(score[a], score[b]); });
  double rank_sum = 0;
  int64_t n_pos = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && tie(score[order[j]], score[order[i]])) ++j;
    const double avg_rank = 0.5 * static_cast<double>(i + 1 + j);  // ranks i+1..j
    for (size_t k = i; k < j; ++k)
      if (positive[order[k]]) rank_sum += avg_rank, ++n_pos;
    i = j;
  }
  const int64_t n_neg = static_cast<int64_t>(n) - n_pos;
  if (n_pos == 0 || n_neg == 0) return std::nan("");
  return (rank_sum - 0.5 * static_cast<double>(n_pos) * static_cast<double>(n_pos + 1)) /
         (static_cast<double>(n_pos) * static_cast<double>(n_neg));
}

Metrics compute_metrics(const Labels& y_true, const Matrix& proba, int64_t minority_class) {
  return compute_metrics(y_true, proba, argmax_rows(proba), minority_class);
}

Metrics compute_metrics(const Labels& y_true, const Matrix& proba, const Labels& y_pred, int64_t minority_class) {
  const int64_t C = proba.cols;
  if (static_cast<int64_t>(y_true.size()) != proba.rows || y_pred.size() != y_true.size())
    throw InputError("metrics: " + std::to_string(y_true.size()) + " labels but " + std::to_string(proba.rows) +
                     " probability rows and " + std::to_string(y_pred.size()) + " predictions");
  Metrics m;
  m.confusion.assign(static_cast<size_t>(C), std::vector<int64_t>(static_cast<size_t>(C), 0));
  for (size_t i = 0; i < y_true.size(); ++i) ++m.confusion[y_true[i]][y_pred[i]];

  std::vector<double> prec(C), rec(C), f1(C);
  std::vector<bool> in_true(C), in_any(C);
  for (int64_t c = 0; c < C; ++c) {
    int64_t tp = m.confusion[c][c], support = 0, predicted = 0;
    for (int64_t k = 0; k < C; ++k) support += m.confusion[c][k], predicted += m.confusion[k][c];
    prec[c] = predicted ? static_cast<double>(tp) / static_cast<double>(predicted) : 0.0;
    rec[c] = support ? static_cast<double>(tp) / static_cast<double>(support) : 0.0;
    f1[c] = (prec[c] + rec[c]) > 0 ? 2 * prec[c] * rec[c] / (prec[c] + rec[c]) : 0.0;
    in_true[c] = support > 0;
    in_any[c] = support > 0 || predicted > 0;
  }
  int64_t n_any = 0, n_true = 0;
  double log_g = 0;
  bool zero_recall = false;
  for (int64_t c = 0; c < C; ++c) {
    if (in_any[c]) {
      ++n_any;
      m.macro_precision += prec[c];
      m.macro_recall += rec[c];
      m.macro_f1 += f1[c];
      if (rec[c] == 0)
        zero_recall = true;
      else
        log_g += std::log(rec[c]);
    }
    if (in_true[c]) ++n_true, m.balanced_accuracy += rec[c];
  }
  if (n_any) m.macro_precision /= n_any, m.macro_recall /= n_any, m.macro_f1 /= n_any;
  if (n_true) m.balanced_accuracy /= n_true;
  m.g_mean = (n_any && !zero_recall) ? std::exp(log_g / static_cast<double>(n_any)) : 0.0;
  m.minority_f1 = (minority_class >= 0 && minority_class < C) ? f1[minority_class] : 0.0;

  // ROC-AUC.
  std::vector<int> pos(y_true.size());
  std::vector<float> score(y_true.size());
  if (C == 2) {
    for (size_t i = 0; i < y_true.size(); ++i) pos[i] = y_true[i] == 1, score[i] = proba.at(static_cast<int64_t>(i), 1);
    m.roc_auc = roc_auc_binary(pos, score);
  } else {
    double sum = 0;
    int64_t k = 0;
    for (int64_t c = 0; c < C; ++c) {
      if (!in_true[c]) continue;
      for (size_t i = 0; i < y_true.size(); ++i)
        pos[i] = y_true[i] == c, score[i] = proba.at(static_cast<int64_t>(i), c);
      const double a = roc_auc_binary(pos, score);
      if (!std::isnan(a)) sum += a, ++k;
    }
    m.roc_auc = k ? sum / static_cast<double>(k) : std::nan("");
  }
  return m;
}

}  // namespace autosmote
