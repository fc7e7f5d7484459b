#include "autosmote/neighbors/knn.h"

#include <ATen/ATen.h>

#include <algorithm>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <limits>

#include "autosmote/core/error.h"
#include "autosmote/core/parallel.h"
#include "nn/torch_utils.h"

namespace autosmote {

namespace {

// One candidate: sorted insertion into the running top-k. Candidates arrive in increasing index
// order, so the strict comparison keeps the smaller index first among equal distances.
inline void offer(float dj, int64_t rj, int64_t skip, int64_t k, float* best_d, int64_t* best_i) {
  if (!(dj < best_d[k - 1]) || rj == skip) return;
  int64_t pos = k - 1;
  while (pos > 0 && best_d[pos - 1] > dj) {
    best_d[pos] = best_d[pos - 1];
    best_i[pos] = best_i[pos - 1];
    --pos;
  }
  best_d[pos] = dj;
  best_i[pos] = rj;
}

// Offers row[j] + rn[j] (j < width) to the top-k of one query.
void scan_block_generic(const float* row, const float* rn, int64_t width, int64_t r0, int64_t skip, int64_t k,
                        float* best_d, int64_t* best_i) {
  for (int64_t j = 0; j < width; ++j) offer(row[j] + rn[j], r0 + j, skip, k, best_d, best_i);
}

#if defined(__x86_64__) && defined(__GNUC__)
// The same with AVX2 for the common case: 8 candidates compared with the current worst at once,
// only the (rare) lanes below it are offered one by one, in index order. The sums are the same
// IEEE single additions as the scalar path, so the results are identical.
__attribute__((target("avx2"))) void scan_block_avx2(const float* row, const float* rn, int64_t width, int64_t r0,
                                                     int64_t skip, int64_t k, float* best_d, int64_t* best_i) {
  int64_t j = 0;
  for (; j + 8 <= width; j += 8) {
    const __m256 v = _mm256_add_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(rn + j));
    int mask = _mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_set1_ps(best_d[k - 1]), _CMP_LT_OQ));
    while (mask) {
      const int lane = __builtin_ctz(static_cast<unsigned>(mask));
      mask &= mask - 1;
      offer(row[j + lane] + rn[j + lane], r0 + j + lane, skip, k, best_d, best_i);
    }
  }
  for (; j < width; ++j) offer(row[j] + rn[j], r0 + j, skip, k, best_d, best_i);
}
#endif

void scan_block(const float* row, const float* rn, int64_t width, int64_t r0, int64_t skip, int64_t k, float* best_d,
                int64_t* best_i) {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return scan_block_avx2(row, rn, width, r0, skip, k, best_d, best_i);
#endif
  scan_block_generic(row, rn, width, r0, skip, k, best_d, best_i);
}

}  // namespace

KnnResult knn_self(const Matrix& x, int64_t k, const KnnOptions& options) {
  std::vector<int64_t> self(static_cast<size_t>(x.rows));
  for (int64_t i = 0; i < x.rows; ++i) self[i] = i;
  return knn(x, x, k, self, options);
}

KnnResult knn(const Matrix& query, const Matrix& ref, int64_t k, const std::vector<int64_t>& self_rows,
              const KnnOptions& options) {
  const bool exclude_self = !self_rows.empty();
  if (query.cols != ref.cols)
    throw InputError("knn: query has " + std::to_string(query.cols) + " columns, reference " +
                     std::to_string(ref.cols));
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

  // d(i, j) = |q_i|^2 + (|r_j|^2 - 2 q_i . r_j). The bracket comes from one GEMM per block into a
  // reused buffer small enough to stay in cache, plus |r_j|^2; |q_i|^2 is added when a row is
  // finished.
  const at::Tensor qt = view_tensor(query), r_all = view_tensor(ref);
  const at::Tensor q_scaled = qt * -2.0;
  const at::Tensor q_norm = (qt * qt).sum(1).contiguous();
  const at::Tensor r_norm = (r_all * r_all).sum(1).contiguous();
  const float* qn = q_norm.data_ptr<float>();
  const float* rn = r_norm.data_ptr<float>();
  const int64_t qb = std::max<int64_t>(1, options.query_block);
  const int64_t rb = std::max<int64_t>(1, options.ref_block);
  // Running top-k holds the bracket (without |q_i|^2) until the end. Query blocks of a fixed size
  // run on the worker threads (core/parallel.h), each with its own buffer and a single-threaded
  // GEMM, so the arithmetic of every distance is the same whatever the thread count.
  const int64_t n_blocks = (query.rows + qb - 1) / qb;
  parallel_for_each(n_blocks, [&](int64_t b) {
    at::Tensor buf = at::empty({qb, std::min(rb, ref.rows)}, at::kFloat);
    const int64_t q0 = b * qb, q1 = std::min(q0 + qb, query.rows);
    const at::Tensor q = q_scaled.slice(0, q0, q1);
    for (int64_t r0 = 0; r0 < ref.rows; r0 += rb) {
      const int64_t r1 = std::min(r0 + rb, ref.rows);
      const int64_t width = r1 - r0;
      at::Tensor d = buf.view(-1).slice(0, 0, (q1 - q0) * width).view({q1 - q0, width});
      at::mm_out(d, q, r_all.slice(0, r0, r1).t());
      const float* dp = d.data_ptr<float>();
      for (int64_t i = 0; i < q1 - q0; ++i) {
        const int64_t qi = q0 + i;
        float* best_d = res.distances.data() + qi * k;
        int64_t* best_i = res.indices.data() + qi * k;
        const int64_t skip = exclude_self ? self_rows[qi] : -1;
        scan_block(dp + i * width, rn + r0, width, r0, skip, k, best_d, best_i);
      }
    }
  });
  for (int64_t i = 0; i < query.rows; ++i)
    for (int64_t j = 0; j < k; ++j) {
      float& v = res.distances[static_cast<size_t>(i * k + j)];
      v = std::max(0.0f, v + qn[i]);
    }
  return res;
}

}  // namespace autosmote
