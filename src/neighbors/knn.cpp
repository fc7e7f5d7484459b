#include "autosmote/neighbors/knn.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <limits>

#include "autosmote/core/error.h"
#include "nn/torch_utils.h"

namespace autosmote {

KnnResult knn_self(const Matrix& x, int64_t k, const KnnOptions& options) {
  std::vector<int64_t> self(static_cast<size_t>(x.rows));
  for (int64_t i = 0; i < x.rows; ++i) self[i] = i;
  return knn(x, x, k, self, options);
}

KnnResult knn(const Matrix& query, const Matrix& ref, int64_t k, const std::vector<int64_t>& self_rows,
              const KnnOptions& options) {
  const bool exclude_self = !self_rows.empty();
  if (query.cols != ref.cols)
    throw InputError("knn: query has " + std::to_string(query.cols) + " columns, reference " + std::to_string(ref.cols));
  const int64_t available = ref.rows - (exclude_self ? 1 : 0);
  if (k < 1 || k > available)
    throw InputError("knn: k=" + std::to_string(k) + " but only " + std::to_string(std::max<int64_t>(available, 0)) +
                     " candidate neighbours");
  if (exclude_self && static_cast<int64_t>(self_rows.size()) != query.rows)
    throw InputError("knn: self_rows needs one entry per query row");

  KnnResult res;
  res.rows = query.rows;
  res.k = k;
  res.indices.assign(static_cast<size_t>(query.rows * k), -1);
  res.distances.assign(static_cast<size_t>(query.rows * k), std::numeric_limits<float>::infinity());
  if (query.rows == 0) return res;

  const at::Tensor q_all = view_tensor(query);
  const at::Tensor r_all = view_tensor(ref);
  const at::Tensor q_norm = (q_all * q_all).sum(1);
  const at::Tensor r_norm = (r_all * r_all).sum(1);
  const int64_t qb = std::max<int64_t>(1, options.query_block);
  const int64_t rb = std::max<int64_t>(1, options.ref_block);

  for (int64_t q0 = 0; q0 < query.rows; q0 += qb) {
    const int64_t q1 = std::min(q0 + qb, query.rows);
    const at::Tensor q = q_all.slice(0, q0, q1);
    for (int64_t r0 = 0; r0 < ref.rows; r0 += rb) {
      const int64_t r1 = std::min(r0 + rb, ref.rows);
      // d[i, j] = |q_i|^2 + |r_j|^2 - 2 q_i . r_j, clamped at 0 against rounding.
      at::Tensor d = at::addmm(r_norm.slice(0, r0, r1).unsqueeze(0), q, r_all.slice(0, r0, r1).t(), 1.0, -2.0);
      d.add_(q_norm.slice(0, q0, q1).unsqueeze(1)).clamp_min_(0.0);
      d = d.contiguous();
      const float* dp = d.data_ptr<float>();
      const int64_t width = r1 - r0;
      at::parallel_for(0, q1 - q0, 16, [&](int64_t begin, int64_t end) {
        std::vector<std::pair<float, int64_t>> cand;
        cand.reserve(static_cast<size_t>(width + k));
        for (int64_t i = begin; i < end; ++i) {
          const int64_t qi = q0 + i;
          cand.clear();
          float* best_d = res.distances.data() + qi * k;
          int64_t* best_i = res.indices.data() + qi * k;
          for (int64_t j = 0; j < k; ++j)
            if (best_i[j] >= 0) cand.emplace_back(best_d[j], best_i[j]);
          const float worst = best_i[k - 1] >= 0 ? best_d[k - 1] : std::numeric_limits<float>::infinity();
          const float* row = dp + i * width;
          for (int64_t j = 0; j < width; ++j) {
            const int64_t rj = r0 + j;
            if (exclude_self && rj == self_rows[qi]) continue;
            if (row[j] <= worst) cand.emplace_back(row[j], rj);
          }
          const size_t keep = std::min<size_t>(static_cast<size_t>(k), cand.size());
          std::partial_sort(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(keep), cand.end());
          for (size_t j = 0; j < keep; ++j) best_d[j] = cand[j].first, best_i[j] = cand[j].second;
        }
      });
    }
  }
  return res;
}

}  // namespace autosmote
