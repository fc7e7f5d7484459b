#include "autosmote/oversampling/smote_nc.h"

#include <algorithm>
#include <cmath>

#include "autosmote/core/error.h"
#include "oversampling/smote_core.h"

namespace autosmote {

Resampled SmoteNc::make_rows(const Job& job, Rng& rng) const {
  const FeatureLayout& layout = job.context.layout;
  int64_t n_num = 0, n_cat = 0;
  for (const auto& g : layout) (g.categorical ? n_cat : n_num) += 1;
  if (n_cat == 0 || n_num == 0)
    throw InputError(std::string("smote-nc needs both numeric and categorical features; this data has ") +
                     (n_cat == 0 ? "no categorical feature (use smote)" : "no numeric feature (use smoten)"));
  Resampled out = no_rows(job);
  // Median of the numeric columns' standard deviations in the smallest class.
  const auto counts = class_counts(job.y, job.n_classes);
  int64_t smallest = -1;
  for (int64_t c = 0; c < job.n_classes; ++c)
    if (counts[c] > 0 && (smallest < 0 || counts[c] < counts[smallest])) smallest = c;
  const auto small_rows = rows_of_class(job.y, smallest);
  std::vector<double> stds;
  for (const auto& g : layout) {
    if (g.categorical) continue;
    double mean = 0, var = 0;
    for (auto r : small_rows) mean += job.x.at(r, g.start);
    mean /= static_cast<double>(small_rows.size());
    for (auto r : small_rows) var += (job.x.at(r, g.start) - mean) * (job.x.at(r, g.start) - mean);
    stds.push_back(std::sqrt(var / static_cast<double>(small_rows.size())));
  }
  std::sort(stds.begin(), stds.end());
  const size_t h = stds.size() / 2;
  const double med = stds.size() % 2 ? stds[h] : 0.5 * (stds[h - 1] + stds[h]);
  const float cat_value = med > 0 ? static_cast<float>(med / 2) : 1.0f;
  Matrix enc = job.x;  // one-hot columns scaled for the distance
  for (const auto& g : layout)
    if (g.categorical)
      for (int64_t i = 0; i < enc.rows; ++i)
        for (int64_t j = g.start; j < g.start + g.size; ++j) enc.at(i, j) *= cat_value;

  std::vector<float> row(static_cast<size_t>(job.x.cols));
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    const auto& rows = cls.rows;
    const int64_t n = cls.n_new, c = cls.index;
    const std::string& label = cls.label;
    if (rows.size() < 2) {
      smote_class(job.x, rows, options_.k_neighbors, n, c, job.who, label, rng, &out);
      return;
    }
    const int64_t k =
        clamp_k(options_.k_neighbors, static_cast<int64_t>(rows.size()), job.who, "k_neighbors", label, &out.warnings);
    const KnnResult nn = knn_self(take_rows(enc, rows), k);
    for (int64_t s = 0; s < n; ++s) {
      const int64_t pair = rng.uniform_int(nn.rows * k);
      const int64_t r = pair / k, jn = pair % k;
      const float* a = job.x.row(rows[r]);
      const float* b = job.x.row(rows[nn.index(r, jn)]);
      const float u = static_cast<float>(rng.uniform());
      for (const auto& g : layout) {
        if (!g.categorical) {
          row[g.start] = a[g.start] + u * (b[g.start] - a[g.start]);
          continue;
        }
        // Most frequent category among the k neighbours, ties at random.
        std::vector<float> votes(static_cast<size_t>(g.size), 0.0f);
        for (int64_t q = 0; q < k; ++q) {
          const float* nb = job.x.row(rows[nn.index(r, q)]);
          for (int64_t j = 0; j < g.size; ++j) votes[j] += nb[g.start + j];
        }
        const float best = *std::max_element(votes.begin(), votes.end());
        std::vector<int64_t> ties;
        for (int64_t j = 0; j < g.size; ++j)
          if (votes[j] == best) ties.push_back(j);
        const int64_t pick = ties[rng.uniform_int(static_cast<int64_t>(ties.size()))];
        for (int64_t j = 0; j < g.size; ++j) row[g.start + j] = j == pick ? 1.0f : 0.0f;
      }
      push_row(&out, row.data(), c);
    }
  });
  return out;
}

}  // namespace autosmote
