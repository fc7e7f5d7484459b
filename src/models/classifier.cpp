#include "autosmote/models/classifier.h"

#include <algorithm>

namespace autosmote {

Labels argmax_rows(const Matrix& p) {
  Labels out(static_cast<size_t>(p.rows));
  for (int64_t r = 0; r < p.rows; ++r) {
    const float* row = p.row(r);
    out[r] = std::max_element(row, row + p.cols) - row;
  }
  return out;
}

Labels Classifier::predict(const Matrix& x) const { return argmax_rows(predict_proba(x)); }

}  // namespace autosmote
