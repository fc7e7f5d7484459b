// The exact k-NN (src/neighbors/knn.cpp) against the way it was computed before (one OpenBLAS GEMM
// per block through LibTorch, then an AVX2 scan of the distance block; copied below as `gemm_knn`),
// on the same data in the same run: best-of times, their ratio, and how many query rows get other
// neighbours from each than from a brute force in double (near-ties in float32; both should be ~0).
// Usage: knn_speed [rows] [minority share] [threads] [repeats]      e.g. knn_speed 100000 0.05 1 5
// Data: the built-in generator (20 features, min-max scaled, as benchmarks/sampler_bench.cpp).
#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <immintrin.h>
#include <limits>
#include <string>

#include "autosmote/core/parallel.h"
#include "autosmote/core/runtime.h"
#include "autosmote/data/synthetic.h"
#include "autosmote/neighbors/knn.h"
#include "autosmote/preprocess/preprocessor.h"

using namespace autosmote;

namespace {

void offer(float dj, int64_t rj, int64_t skip, int64_t k, float* best_d, int64_t* best_i) {
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

__attribute__((target("avx2"))) void scan_block(const float* row, const float* rn, int64_t width, int64_t r0,
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

at::Tensor view(const Matrix& x) {
  return at::from_blob(const_cast<float*>(x.data.data()), {x.rows, x.cols}, at::kFloat);
}

// The k-NN as it was before the fused kernels (256 x 1024 blocks, as its defaults).
KnnResult gemm_knn(const Matrix& query, const Matrix& ref, int64_t k, const std::vector<int64_t>& self_rows) {
  const int64_t qb = 256, rb = 1024;
  KnnResult res;
  res.rows = query.rows;
  res.k = k;
  res.indices.assign(static_cast<size_t>(query.rows * k), -1);
  res.distances.assign(static_cast<size_t>(query.rows * k), std::numeric_limits<float>::infinity());
  const at::Tensor qt = view(query), r_all = view(ref);
  const at::Tensor q_scaled = qt * -2.0;
  const at::Tensor q_norm = (qt * qt).sum(1).contiguous(), r_norm = (r_all * r_all).sum(1).contiguous();
  const float *qn = q_norm.data_ptr<float>(), *rn = r_norm.data_ptr<float>();
  parallel_for_each((query.rows + qb - 1) / qb, [&](int64_t b) {
    at::Tensor buf = at::empty({qb, std::min(rb, ref.rows)}, at::kFloat);
    const int64_t q0 = b * qb, q1 = std::min(q0 + qb, query.rows);
    const at::Tensor q = q_scaled.slice(0, q0, q1);
    for (int64_t r0 = 0; r0 < ref.rows; r0 += rb) {
      const int64_t width = std::min(r0 + rb, ref.rows) - r0;
      at::Tensor d = buf.view(-1).slice(0, 0, (q1 - q0) * width).view({q1 - q0, width});
      at::mm_out(d, q, r_all.slice(0, r0, r0 + width).t());
      const float* dp = d.data_ptr<float>();
      for (int64_t i = 0; i < q1 - q0; ++i)
        scan_block(dp + i * width, rn + r0, width, r0, self_rows.empty() ? -1 : self_rows[q0 + i], k,
                   res.distances.data() + (q0 + i) * k, res.indices.data() + (q0 + i) * k);
    }
  });
  for (int64_t i = 0; i < query.rows; ++i)
    for (int64_t j = 0; j < k; ++j) res.distances[i * k + j] = std::max(0.0f, res.distances[i * k + j] + qn[i]);
  return res;
}

double best_seconds(const std::function<KnnResult()>& run, int repeats, KnnResult* out) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    *out = run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

// Of every 97th query row: how many have other neighbours than a brute force in double (ties by index).
int64_t rows_off_exact(const Matrix& q, const Matrix& r, const std::vector<int64_t>& self, const KnnResult& got) {
  int64_t off = 0;
  for (int64_t i = 0; i < q.rows; i += 97) {
    std::vector<std::pair<double, int64_t>> d;
    for (int64_t j = 0; j < r.rows; ++j) {
      if (!self.empty() && self[i] == j) continue;
      double s = 0;
      for (int64_t c = 0; c < q.cols; ++c) s += (double(q.at(i, c)) - r.at(j, c)) * (double(q.at(i, c)) - r.at(j, c));
      d.emplace_back(s, j);
    }
    std::partial_sort(d.begin(), d.begin() + got.k, d.end());
    for (int64_t j = 0; j < got.k; ++j)
      if (d[j].second != got.index(i, j)) {
        ++off;
        break;
      }
  }
  return off;
}

void compare(const std::string& what, const Matrix& q, const Matrix& r, int64_t k, const std::vector<int64_t>& self,
             int repeats) {
  KnnResult fused, gemm;
  const double t_fused = best_seconds([&] { return knn(q, r, k, self); }, repeats, &fused);
  const double t_gemm = best_seconds([&] { return gemm_knn(q, r, k, self); }, repeats, &gemm);
  int64_t differ = 0;
  for (int64_t i = 0; i < q.rows; ++i)
    differ +=
        !std::equal(fused.indices.begin() + i * k, fused.indices.begin() + (i + 1) * k, gemm.indices.begin() + i * k);
  const int64_t sampled = (q.rows + 96) / 97;
  std::printf(
      "%s: %lld queries x %lld reference rows, k=%lld: fused %.4f s, gemm+scan (before) %.4f s, ratio %.2fx; "
      "rows whose neighbours differ between them %lld; of %lld sampled rows off the double brute force: "
      "fused %lld, before %lld\n",
      what.c_str(), static_cast<long long>(q.rows), static_cast<long long>(r.rows), static_cast<long long>(k), t_fused,
      t_gemm, t_gemm / t_fused, static_cast<long long>(differ), static_cast<long long>(sampled),
      static_cast<long long>(rows_off_exact(q, r, self, fused)),
      static_cast<long long>(rows_off_exact(q, r, self, gemm)));
}

}  // namespace

int main(int argc, char** argv) {
  SyntheticOptions o;
  o.n = argc > 1 ? std::atoll(argv[1]) : 100000;
  const double share = argc > 2 ? std::atof(argv[2]) : 0.05;
  set_threads(argc > 3 ? std::atoi(argv[3]) : 1);
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;
  o.d = 20;
  o.weights = {1 - share, share};
  const Table t = make_synthetic(o);
  Preprocessor p;
  p.fit(t);
  const Matrix x = p.transform(t);
  std::vector<int64_t> minority;
  for (size_t i = 0; i < t.y.size(); ++i)
    if (t.y[i] == 1) minority.push_back(static_cast<int64_t>(i));
  const Matrix xm = take_rows(x, minority);
  std::vector<int64_t> self(minority.size());
  for (size_t i = 0; i < self.size(); ++i) self[i] = static_cast<int64_t>(i);
  compare("minority among itself (SMOTE)", xm, xm, 5, self, repeats);
  compare("minority among all rows (Borderline-SMOTE's m-NN)", xm, x, 10, minority, repeats);
  compare("all rows to 8 centroids (k-means assignment)", x, take_rows(x, {0, 1, 2, 3, 4, 5, 6, 7}), 1, {}, repeats);
  return 0;
}
