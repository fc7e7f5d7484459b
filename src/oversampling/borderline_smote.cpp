#include "autosmote/oversampling/borderline_smote.h"

#include <algorithm>
#include <cmath>

#include "oversampling/smote_core.h"

namespace autosmote {

Resampled BorderlineSmote::make_rows(const Job& job, Rng& rng) const {
  Resampled out = no_rows(job);
  const int64_t m = std::min<int64_t>(options_.m_neighbors, job.x.rows - 1);
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    const auto& rows = cls.rows;
    const int64_t n = cls.n_new, c = cls.index;
    const auto other = other_class_neighbours(job.x, job.y, rows, m);
    std::vector<int64_t> danger_pos;  // positions within the class
    for (size_t i = 0; i < rows.size(); ++i)
      if (2 * other[i] >= m && other[i] < m) danger_pos.push_back(static_cast<int64_t>(i));
    if (danger_pos.empty() || rows.size() < 2) {
      out.warnings.push_back(job.who + ": class '" + cls.label + "' has no danger rows; plain SMOTE made its rows");
      smote_class(job.x, rows, options_.k_neighbors, n, c, job.who, cls.label, rng, &out);
      return;
    }
    const int64_t k = clamp_k(options_.k_neighbors, static_cast<int64_t>(rows.size()), job.who, "k_neighbors",
                              cls.label, &out.warnings);
    const Matrix xc = take_rows(job.x, rows);
    std::vector<int64_t> danger_rows;
    for (auto p : danger_pos) danger_rows.push_back(rows[p]);
    const Matrix anchors = take_rows(job.x, danger_rows);
    const KnnResult same = knn(anchors, xc, k, danger_pos);
    if (options_.kind == BorderlineKind::kSameClass) {
      append_smote_rows(anchors, xc, same, n, 1.0, c, rng, &out);
      return;
    }
    const int64_t n1 = std::llround(rng.beta(10, 10) * static_cast<double>(n));
    append_smote_rows(anchors, xc, same, n1, 1.0, c, rng, &out);
    std::vector<int64_t> others;
    for (size_t i = 0; i < job.y.size(); ++i)
      if (job.y[i] != c) others.push_back(static_cast<int64_t>(i));
    const Matrix xo = take_rows(job.x, others);
    const KnnResult diff = knn(anchors, xo, std::min<int64_t>(k, xo.rows));
    append_smote_rows(anchors, xo, diff, n - n1, 0.5, c, rng, &out);
  });
  return out;
}

}  // namespace autosmote
