#include "autosmote/oversampling/adasyn.h"

#include <algorithm>

#include "oversampling/smote_core.h"

namespace autosmote {

Resampled Adasyn::make_rows(const Job& job, Rng& rng) const {
  Resampled out = no_rows(job);
  const int64_t n_neighbors = options_.n_neighbors;
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    const auto& rows = cls.rows;
    if (rows.size() < 2) {
      smote_class(job.x, rows, n_neighbors, cls.n_new, cls.index, job.who, cls.label, rng, &out);
      return;
    }
    const int64_t m = std::min<int64_t>(n_neighbors, job.x.rows - 1);
    const auto other = other_class_neighbours(job.x, job.y, rows, m);
    std::vector<double> w(other.begin(), other.end());
    double sum = 0;
    for (double v : w) sum += v;
    if (sum == 0) {
      out.warnings.push_back(job.who + ": no neighbour of class '" + cls.label +
                             "' belongs to another class; rows are allocated uniformly");
      std::fill(w.begin(), w.end(), 1.0);
    }
    const auto per_row = apportion(w, cls.n_new);
    const int64_t k =
        clamp_k(n_neighbors, static_cast<int64_t>(rows.size()), job.who, "n_neighbors", cls.label, &out.warnings);
    const Matrix xc = take_rows(job.x, rows);
    const KnnResult nn = knn_self(xc, k);
    std::vector<float> row(static_cast<size_t>(job.x.cols));
    for (int64_t i = 0; i < xc.rows; ++i) {
      for (int64_t s = 0; s < per_row[i]; ++s) {
        const float* a = xc.row(i);
        const float* b = xc.row(nn.index(i, rng.uniform_int(k)));
        const float u = static_cast<float>(rng.uniform());
        for (int64_t j = 0; j < xc.cols; ++j) row[j] = a[j] + u * (b[j] - a[j]);
        push_row(&out, row.data(), cls.index);
      }
    }
  });
  return out;
}

}  // namespace autosmote
