#include "autosmote/neighbors/knn.h"

#include <algorithm>
#include <cmath>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <limits>

#include "autosmote/core/error.h"
#include "autosmote/core/parallel.h"

namespace autosmote {

namespace {

// Reference rows per packed chunk: the packed width is a multiple of it (the AVX-512 kernel takes
// 32 rows at a time, the AVX2 kernel 16).
constexpr int64_t kPad = 32;

// sum_c v[c]^2, one fused multiply-add per column in column order.
float squared_norm(const float* v, int64_t d) {
  float s = 0.0f;
  for (int64_t c = 0; c < d; ++c) s = std::fma(v[c], v[c], s);
  return s;
}

// A block of reference rows laid out for the kernels: column-major (rt[c * stride + j] is column c
// of reference row r0 + j), the width padded to a multiple of kPad with zero rows whose norm is
// +inf, so a padding row is never a neighbour.
struct PackedBlock {
  int64_t r0 = 0, width = 0, stride = 0;
  std::vector<float> rt, norms;

  void pack(const Matrix& ref, const std::vector<float>& ref_norms, int64_t first, int64_t rows) {
    r0 = first;
    width = rows;
    stride = (rows + kPad - 1) / kPad * kPad;
    rt.assign(static_cast<size_t>(stride * ref.cols), 0.0f);
    norms.assign(static_cast<size_t>(stride), std::numeric_limits<float>::infinity());
    for (int64_t j = 0; j < rows; ++j) {
      const float* row = ref.row(r0 + j);
      for (int64_t c = 0; c < ref.cols; ++c) rt[static_cast<size_t>(c * stride + j)] = row[c];
      norms[static_cast<size_t>(j)] = ref_norms[static_cast<size_t>(r0 + j)];
    }
  }
};

// The query side of a search: the query rows scaled by -2 (exact), the running top-k of each row
// (bracket values |r|^2 - 2 q.r, nearest first) and the reference row each must skip (-1: none).
struct Queries {
  const float* scaled;  // [rows, d]
  int64_t d, k;
  const int64_t* skip;  // [rows] or nullptr
  float* best_d;        // [rows, k]
  int64_t* best_i;      // [rows, k]
};

// One candidate: sorted insertion into the running top-k of query qi. Candidates arrive in
// increasing index order, so the strict comparison keeps the smaller index first among equal
// distances.
inline void offer(const Queries& q, int64_t qi, float dj, int64_t rj) {
  float* best_d = q.best_d + qi * q.k;
  int64_t* best_i = q.best_i + qi * q.k;
  if (!(dj < best_d[q.k - 1]) || (q.skip && rj == q.skip[qi])) return;
  int64_t pos = q.k - 1;
  while (pos > 0 && best_d[pos - 1] > dj) {
    best_d[pos] = best_d[pos - 1];
    best_i[pos] = best_i[pos - 1];
    --pos;
  }
  best_d[pos] = dj;
  best_i[pos] = rj;
}

// The bracket of query qi with every row of the block: acc = |r_j|^2, then acc = fma(-2 q_c, r_jc,
// acc) for c = 0..d-1. Every kernel below does exactly these operations for each pair, only more
// pairs at once, so all give bit-identical values (and std::fma is the same single rounding).
void scan_scalar(const Queries& q, int64_t q0, int64_t nq, const PackedBlock& b) {
  std::vector<float> acc(static_cast<size_t>(b.stride));
  for (int64_t qi = q0; qi < q0 + nq; ++qi) {
    const float* qs = q.scaled + qi * q.d;
    acc = b.norms;
    for (int64_t c = 0; c < q.d; ++c) {
      const float* col = b.rt.data() + c * b.stride;
      for (int64_t j = 0; j < b.width; ++j) acc[j] = std::fma(qs[c], col[j], acc[j]);
    }
    for (int64_t j = 0; j < b.width; ++j) offer(q, qi, acc[j], b.r0 + j);
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
// Offers the lanes of `values` (reference rows r0, r0 + 1, ...) whose bit is set in `mask`, in
// index order; offer() checks each against the current worst again.
inline void offer_lanes(const Queries& q, int64_t qi, const float* values, uint32_t mask, int64_t r0) {
  while (mask) {
    const int lane = __builtin_ctz(mask);
    mask &= mask - 1;
    offer(q, qi, values[lane], r0 + lane);
  }
}

// QT query rows x 16 reference rows (two vectors of 8) per step; a candidate is offered only when
// below its query's current worst (rare once the top-k has filled).
template <int QT>
__attribute__((target("avx2,fma"))) void scan_avx2(const Queries& q, int64_t q0, const PackedBlock& b) {
  alignas(32) float values[16];
  for (int64_t j = 0; j < b.stride; j += 16) {
    __m256 acc[QT][2];
    const __m256 n0 = _mm256_loadu_ps(b.norms.data() + j), n1 = _mm256_loadu_ps(b.norms.data() + j + 8);
#pragma GCC unroll 8
    for (int t = 0; t < QT; ++t) acc[t][0] = n0, acc[t][1] = n1;
    const float* col = b.rt.data() + j;
    for (int64_t c = 0; c < q.d; ++c, col += b.stride) {
      const __m256 r0 = _mm256_loadu_ps(col), r1 = _mm256_loadu_ps(col + 8);
#pragma GCC unroll 8
      for (int t = 0; t < QT; ++t) {
        const __m256 qv = _mm256_broadcast_ss(q.scaled + (q0 + t) * q.d + c);
        acc[t][0] = _mm256_fmadd_ps(qv, r0, acc[t][0]);
        acc[t][1] = _mm256_fmadd_ps(qv, r1, acc[t][1]);
      }
    }
#pragma GCC unroll 8
    for (int t = 0; t < QT; ++t) {
      const __m256 worst = _mm256_set1_ps(q.best_d[(q0 + t) * q.k + q.k - 1]);
      const uint32_t mask = static_cast<uint32_t>(_mm256_movemask_ps(_mm256_cmp_ps(acc[t][0], worst, _CMP_LT_OQ))) |
                            static_cast<uint32_t>(_mm256_movemask_ps(_mm256_cmp_ps(acc[t][1], worst, _CMP_LT_OQ))) << 8;
      if (mask == 0) continue;
      _mm256_store_ps(values, acc[t][0]);
      _mm256_store_ps(values + 8, acc[t][1]);
      offer_lanes(q, q0 + t, values, mask, b.r0 + j);
    }
  }
}

// The same with AVX-512: QT query rows x 32 reference rows per step.
template <int QT>
__attribute__((target("avx512f"))) void scan_avx512(const Queries& q, int64_t q0, const PackedBlock& b) {
  alignas(64) float values[32];
  for (int64_t j = 0; j < b.stride; j += 32) {
    __m512 acc[QT][2];
    const __m512 n0 = _mm512_loadu_ps(b.norms.data() + j), n1 = _mm512_loadu_ps(b.norms.data() + j + 16);
#pragma GCC unroll 8
    for (int t = 0; t < QT; ++t) acc[t][0] = n0, acc[t][1] = n1;
    const float* col = b.rt.data() + j;
    for (int64_t c = 0; c < q.d; ++c, col += b.stride) {
      const __m512 r0 = _mm512_loadu_ps(col), r1 = _mm512_loadu_ps(col + 16);
#pragma GCC unroll 8
      for (int t = 0; t < QT; ++t) {
        const __m512 qv = _mm512_set1_ps(q.scaled[(q0 + t) * q.d + c]);
        acc[t][0] = _mm512_fmadd_ps(qv, r0, acc[t][0]);
        acc[t][1] = _mm512_fmadd_ps(qv, r1, acc[t][1]);
      }
    }
#pragma GCC unroll 8
    for (int t = 0; t < QT; ++t) {
      const __m512 worst = _mm512_set1_ps(q.best_d[(q0 + t) * q.k + q.k - 1]);
      const uint32_t mask = static_cast<uint32_t>(_mm512_cmp_ps_mask(acc[t][0], worst, _CMP_LT_OQ)) |
                            static_cast<uint32_t>(_mm512_cmp_ps_mask(acc[t][1], worst, _CMP_LT_OQ)) << 16;
      if (mask == 0) continue;
      _mm512_store_ps(values, acc[t][0]);
      _mm512_store_ps(values + 16, acc[t][1]);
      offer_lanes(q, q0 + t, values, mask, b.r0 + j);
    }
  }
}

using Kernel = void (*)(const Queries&, int64_t, const PackedBlock&);

// Query rows [q0, q0 + nq) against the block, in tiles of up to 4 rows (AVX2) or 8 (AVX-512).
void scan_avx2_tiles(const Queries& q, int64_t q0, int64_t nq, const PackedBlock& b) {
  static constexpr Kernel kernels[] = {scan_avx2<1>, scan_avx2<2>, scan_avx2<3>, scan_avx2<4>};
  for (int64_t t0 = q0; t0 < q0 + nq; t0 += 4) kernels[std::min<int64_t>(4, q0 + nq - t0) - 1](q, t0, b);
}

void scan_avx512_tiles(const Queries& q, int64_t q0, int64_t nq, const PackedBlock& b) {
  static constexpr Kernel kernels[] = {scan_avx512<1>, scan_avx512<2>, scan_avx512<3>, scan_avx512<4>,
                                       scan_avx512<5>, scan_avx512<6>, scan_avx512<7>, scan_avx512<8>};
  for (int64_t t0 = q0; t0 < q0 + nq; t0 += 8) kernels[std::min<int64_t>(8, q0 + nq - t0) - 1](q, t0, b);
}
#endif

using BlockScan = void (*)(const Queries&, int64_t, int64_t, const PackedBlock&);

// The widest kernel the CPU runs, up to the one asked for.
BlockScan block_scan(KnnKernel asked) {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  static const bool avx512 = __builtin_cpu_supports("avx512f");
  if (asked == KnnKernel::kBest && avx512) return scan_avx512_tiles;
  if (asked != KnnKernel::kScalar && avx2) return scan_avx2_tiles;
#else
  (void)asked;
#endif
  return scan_scalar;
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

  // d(i, j) = |q_i|^2 + (|r_j|^2 - 2 q_i . r_j). The running top-k holds the bracket, computed by
  // the kernels from packed reference blocks small enough to stay in cache; |q_i|^2 is added at the
  // end. The reference rows are packed once; query blocks of a fixed size run on the worker threads
  // (core/parallel.h), and every distance's arithmetic is the same whatever the thread count.
  const int64_t d = query.cols;
  std::vector<float> scaled(query.size()), ref_norms(static_cast<size_t>(ref.rows));
  const float* query_values = query.values();
  for (size_t i = 0; i < scaled.size(); ++i) scaled[i] = -2.0f * query_values[i];
  for (int64_t j = 0; j < ref.rows; ++j) ref_norms[static_cast<size_t>(j)] = squared_norm(ref.row(j), d);
  const int64_t* skip = exclude_self ? self_rows.data() : nullptr;
  const Queries queries{scaled.data(), d, k, skip, res.distances.data(), res.indices.data()};
  const BlockScan scan = block_scan(options.kernel);
  const int64_t qb = std::max<int64_t>(1, options.query_block);
  const int64_t rb = std::max<int64_t>(1, options.ref_block);
  const int64_t n_blocks = (query.rows + qb - 1) / qb;
  std::vector<PackedBlock> blocks(static_cast<size_t>((ref.rows + rb - 1) / rb));
  parallel_for_each(static_cast<int64_t>(blocks.size()), [&](int64_t b) {
    blocks[static_cast<size_t>(b)].pack(ref, ref_norms, b * rb, std::min(rb, ref.rows - b * rb));
  });
  parallel_for_each(n_blocks, [&](int64_t b) {
    const int64_t q0 = b * qb, nq = std::min(qb, query.rows - q0);
    for (const PackedBlock& block : blocks) scan(queries, q0, nq, block);
  });
  for (int64_t i = 0; i < query.rows; ++i) {
    const float qn = squared_norm(query.row(i), d);
    for (int64_t j = 0; j < k; ++j) {
      float& v = res.distances[static_cast<size_t>(i * k + j)];
      v = std::max(0.0f, v + qn);
    }
  }
  return res;
}

}  // namespace autosmote
