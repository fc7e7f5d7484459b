#include "autosmote/core/table.h"

#include <cmath>
#include <string>

#include "autosmote/core/dataset.h"
#include "autosmote/core/error.h"

namespace autosmote {

int64_t Column::missing_count() const {
  int64_t n = 0;
  for (double v : values) n += std::isnan(v) ? 1 : 0;
  return n;
}

const Column* Table::find_column(const std::string& name) const {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

void check_xy(const Matrix& x, const Labels& y, int64_t n_classes, const std::string& where) {
  if (static_cast<int64_t>(x.size()) != x.rows * x.cols)
    throw InputError(where + ": matrix storage does not match its shape");
  if (static_cast<int64_t>(y.size()) != x.rows)
    throw InputError(where + ": " + std::to_string(x.rows) + " rows but " + std::to_string(y.size()) + " labels");
  for (size_t i = 0; i < y.size(); ++i)
    if (y[i] < 0 || y[i] >= n_classes)
      throw InputError(where + ": label " + std::to_string(y[i]) + " of row " + std::to_string(i) + " is outside [0, " +
                       std::to_string(n_classes) + ")");
  // v - v is 0 for finite v and NaN for inf / NaN; the branch-free loop vectorises.
  bool finite = true;
  const float* values = x.values();
  const size_t count = x.size();
  for (size_t i = 0; i < count; ++i) finite &= (values[i] - values[i]) == 0.0f;
  if (!finite)
    for (size_t i = 0; i < count; ++i)
      if (!std::isfinite(values[i]))
        throw InputError(where + ": non-finite value in row " + std::to_string(i / std::max<int64_t>(1, x.cols)));
}

std::vector<int64_t> class_counts(const Labels& y, int64_t n_classes) {
  std::vector<int64_t> counts(static_cast<size_t>(n_classes), 0);
  for (auto v : y) ++counts[static_cast<size_t>(v)];
  return counts;
}

Matrix take_rows(const Matrix& x, const std::vector<int64_t>& idx) {
  Matrix out(static_cast<int64_t>(idx.size()), x.cols);
  for (size_t i = 0; i < idx.size(); ++i)
    std::copy(x.row(idx[i]), x.row(idx[i]) + x.cols, out.row(static_cast<int64_t>(i)));
  return out;
}

Labels take(const Labels& y, const std::vector<int64_t>& idx) {
  Labels out(idx.size());
  for (size_t i = 0; i < idx.size(); ++i) out[i] = y[static_cast<size_t>(idx[i])];
  return out;
}

}  // namespace autosmote
