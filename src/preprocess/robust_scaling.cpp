#include "autosmote/preprocess/robust_scaling.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "serialize/json_field.h"

namespace autosmote {
namespace {

// numpy.quantile's default (linear): position q * (n - 1) in the sorted values.
double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

RobustScaling RobustScaling::fit(const Matrix& x) {
  RobustScaling s;
  s.median.assign(static_cast<size_t>(x.cols), 0.0f);
  s.factor.assign(static_cast<size_t>(x.cols), 0.0f);
  if (x.rows == 0) return s;
  std::vector<double> column(static_cast<size_t>(x.rows));
  for (int64_t j = 0; j < x.cols; ++j) {
    for (int64_t i = 0; i < x.rows; ++i) column[static_cast<size_t>(i)] = x.at(i, j);
    std::sort(column.begin(), column.end());
    const double median = quantile(column, 0.5);
    double spread = quantile(column, 0.75) - quantile(column, 0.25);
    if (!(spread > 0)) spread = 0.5 * (column.back() - column.front());
    s.median[static_cast<size_t>(j)] = static_cast<float>(median);
    s.factor[static_cast<size_t>(j)] = spread > 0 ? static_cast<float>(1.0 / spread) : 0.0f;
  }
  return s;
}

Matrix RobustScaling::transform(const Matrix& x) const {
  if (x.cols != static_cast<int64_t>(median.size()))
    throw InputError("robust scaling: the data has " + std::to_string(x.cols) + " columns, fitted for " +
                     std::to_string(median.size()));
  Matrix out(x.rows, x.cols);
  for (int64_t i = 0; i < x.rows; ++i) {
    const float* in = x.row(i);
    float* o = out.row(i);
    for (int64_t j = 0; j < x.cols; ++j) {
      const float z = factor[static_cast<size_t>(j)] * (in[j] - median[static_cast<size_t>(j)]);
      o[j] = z / std::sqrt(1.0f + (z / 3.0f) * (z / 3.0f));
    }
  }
  return out;
}

nlohmann::json RobustScaling::to_json() const { return {{"median", median}, {"factor", factor}}; }

RobustScaling RobustScaling::from_json(const nlohmann::json& j, int64_t columns, const std::string& where) {
  const JsonField root(j, where);
  RobustScaling s;
  for (double v : root.at("median").numbers(columns, -1e30, 1e30)) s.median.push_back(static_cast<float>(v));
  for (double v : root.at("factor").numbers(columns, 0.0, 1e30)) s.factor.push_back(static_cast<float>(v));
  return s;
}

}  // namespace autosmote
