#include "autosmote/oversampling/random_oversampler.h"

#include <cmath>

#include "oversampling/smote_core.h"

namespace autosmote {

Resampled RandomOverSampler::make_rows(const Job& job, Rng& rng) const {
  Resampled out = no_rows(job);
  const double shrinkage = options_.shrinkage;
  const int64_t n = job.x.rows, d = job.x.cols;
  const double h =
      std::pow(4.0 / (static_cast<double>(d + 2) * static_cast<double>(n)), 1.0 / static_cast<double>(d + 4));
  std::vector<float> row(static_cast<size_t>(d));
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    const auto& rows = cls.rows;
    std::vector<double> scale(static_cast<size_t>(d), 0.0);
    if (shrinkage > 0) {
      for (int64_t j = 0; j < d; ++j) {
        double mean = 0, var = 0;
        for (auto r : rows) mean += job.x.at(r, j);
        mean /= static_cast<double>(rows.size());
        for (auto r : rows) var += (job.x.at(r, j) - mean) * (job.x.at(r, j) - mean);
        scale[j] = shrinkage * h * std::sqrt(var / static_cast<double>(rows.size()));
      }
    }
    for (int64_t s = 0; s < cls.n_new; ++s) {
      const float* src = job.x.row(rows[rng.uniform_int(static_cast<int64_t>(rows.size()))]);
      for (int64_t j = 0; j < d; ++j)
        row[j] = shrinkage > 0 ? static_cast<float>(src[j] + scale[j] * rng.normal()) : src[j];
      push_row(&out, row.data(), cls.index);
    }
  });
  return out;
}

}  // namespace autosmote
