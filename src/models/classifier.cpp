#include "autosmote/models/classifier.h"

#include <algorithm>
#include <cmath>

#include "autosmote/core/error.h"

namespace autosmote {

Labels argmax_rows(const Matrix& p) {
  Labels out(static_cast<size_t>(p.rows));
  for (int64_t r = 0; r < p.rows; ++r) {
    const float* row = p.row(r);
    out[r] = std::max_element(row, row + p.cols) - row;
  }
  return out;
}

Labels argmax_rows_with_offsets(const Matrix& p, const std::vector<double>& offsets) {
  if (static_cast<int64_t>(offsets.size()) != p.cols)
    throw InputError("predict: " + std::to_string(offsets.size()) + " class offsets for " + std::to_string(p.cols) +
                     " classes");
  Labels out(static_cast<size_t>(p.rows));
  for (int64_t r = 0; r < p.rows; ++r) {
    const float* row = p.row(r);
    int64_t best = 0;
    double best_score = std::log(static_cast<double>(row[0])) + offsets[0];
    for (int64_t c = 1; c < p.cols; ++c) {
      const double score = std::log(static_cast<double>(row[c])) + offsets[static_cast<size_t>(c)];
      if (score > best_score) best = c, best_score = score;
    }
    out[r] = best;
  }
  return out;
}

Labels Classifier::decide(const Matrix& proba) const {
  return offsets_.empty() ? argmax_rows(proba) : argmax_rows_with_offsets(proba, offsets_);
}

Labels Classifier::predict(const Matrix& x) const { return decide(predict_proba(x)); }

void Classifier::set_offsets(std::vector<double> offsets, int64_t n_classes) {
  if (!offsets.empty() && static_cast<int64_t>(offsets.size()) != n_classes)
    throw InputError(kind() + ": " + std::to_string(offsets.size()) + " class offsets for " +
                     std::to_string(n_classes) + " classes");
  for (double o : offsets)
    if (!std::isfinite(o)) throw InputError(kind() + ": a class offset is not finite");
  offsets_ = std::move(offsets);
}

}  // namespace autosmote
