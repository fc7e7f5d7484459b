#include "autosmote/core/rank.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "autosmote/core/error.h"

namespace autosmote {

std::vector<double> rank_row(const std::vector<double>& row) {
  for (size_t j = 0; j < row.size(); ++j)
    if (!std::isfinite(row[j])) throw InputError("non-finite score at position " + std::to_string(j));
  std::vector<size_t> order(row.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return row[a] > row[b]; });
  std::vector<double> ranks(row.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && row[order[j + 1]] == row[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
    for (size_t t = i; t <= j; ++t) ranks[order[t]] = mean_rank;
    i = j + 1;
  }
  return ranks;
}

}  // namespace autosmote
