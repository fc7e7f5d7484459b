#include <gtest/gtest.h>

#include <algorithm>

#include "autosmote/core/error.h"
#include "autosmote/core/random.h"
#include "autosmote/core/runtime.h"
#include "autosmote/neighbors/kmeans.h"
#include "autosmote/neighbors/knn.h"

using namespace autosmote;

// Brute force in double, ties by smaller index.
static std::vector<int64_t> brute(const Matrix& q, const Matrix& r, int64_t k, bool self) {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < q.rows; ++i) {
    std::vector<std::pair<double, int64_t>> d;
    for (int64_t j = 0; j < r.rows; ++j) {
      if (self && i == j) continue;
      double s = 0;
      for (int64_t c = 0; c < q.cols; ++c) s += (q.at(i, c) - r.at(j, c)) * (q.at(i, c) - r.at(j, c));
      d.emplace_back(s, j);
    }
    std::sort(d.begin(), d.end());
    for (int64_t j = 0; j < k; ++j) out.push_back(d[j].second);
  }
  return out;
}

// Small integer coordinates: many exact ties, all distances exact in float32.
static Matrix integer_data(int64_t n, int64_t d, uint64_t seed) {
  Rng rng(seed);
  Matrix x(n, d);
  for (auto& v : x.data) v = static_cast<float>(rng.uniform_int(4));
  return x;
}

TEST(Knn, MatchesBruteForceWithTies) {
  const Matrix x = integer_data(300, 3, 1);
  for (int64_t k : {1, 4, 9}) EXPECT_EQ(knn_self(x, k).indices, brute(x, x, k, true)) << "k=" << k;
  const Matrix q = integer_data(50, 3, 2);
  EXPECT_EQ(knn(q, x, 6).indices, brute(q, x, 6, false));
}

TEST(Knn, MatchesBruteForceOnRandomFloats) {
  Rng rng(3);
  Matrix x(200, 7);
  for (auto& v : x.data) v = static_cast<float>(rng.normal());
  EXPECT_EQ(knn_self(x, 5).indices, brute(x, x, 5, true));
}

TEST(Knn, BlockSizesAndThreadsDoNotChangeResults) {
  const Matrix x = integer_data(500, 4, 4);
  const auto ref = knn_self(x, 7).indices;
  KnnOptions tiny;
  tiny.query_block = 17;
  tiny.ref_block = 13;
  EXPECT_EQ(knn_self(x, 7, tiny).indices, ref);
  set_threads(1);
  EXPECT_EQ(knn_self(x, 7).indices, ref);
  set_threads(0);
}

// Every kernel does the same fused multiply-adds per pair: the AVX-512, AVX2 and scalar kernels
// (those the CPU has) give bit-identical distances, on shapes that leave partial query tiles and
// padded reference blocks, with and without self rows.
TEST(Knn, KernelsGiveIdenticalResults) {
  Rng rng(6);
  Matrix x(301, 13), q(37, 13);
  for (auto& v : x.data) v = static_cast<float>(rng.normal());
  for (auto& v : q.data) v = static_cast<float>(rng.normal());
  for (int64_t ref_block : {1024, 50}) {
    KnnOptions best, avx2, scalar;
    best.ref_block = avx2.ref_block = scalar.ref_block = ref_block;
    avx2.kernel = KnnKernel::kAvx2;
    scalar.kernel = KnnKernel::kScalar;
    const KnnResult a = knn_self(x, 6, best), b = knn_self(x, 6, avx2), c = knn_self(x, 6, scalar);
    EXPECT_EQ(a.indices, c.indices);
    EXPECT_EQ(a.distances, c.distances);
    EXPECT_EQ(b.distances, c.distances);
    EXPECT_EQ(knn(q, x, 9, {}, best).distances, knn(q, x, 9, {}, scalar).distances);
  }
  EXPECT_EQ(knn_self(x, 6).indices, brute(x, x, 6, true));
}

TEST(Knn, DistancesAreSquaredAndSorted) {
  Matrix x(3, 1);
  x.data = {0.0f, 1.0f, 3.0f};
  const KnnResult r = knn_self(x, 2);
  EXPECT_EQ(r.index(0, 0), 1);
  EXPECT_FLOAT_EQ(r.distance(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(r.distance(0, 1), 9.0f);
  EXPECT_EQ(r.index(2, 0), 1);
}

TEST(Knn, Errors) {
  Matrix x(3, 2);
  EXPECT_THROW(knn_self(x, 3), InputError);
  EXPECT_THROW(knn_self(x, 0), InputError);
  EXPECT_THROW(knn(Matrix(2, 3), x, 1), InputError);
}

TEST(KMeans, SeparatesBlobsAndIsReproducible) {
  Rng rng(5);
  Matrix x(200, 2);
  for (int64_t i = 0; i < 200; ++i) {
    x.at(i, 0) = static_cast<float>(rng.normal() * 0.1 + (i < 100 ? 0 : 10));
    x.at(i, 1) = static_cast<float>(rng.normal() * 0.1);
  }
  Rng a(1), b(1);
  const KMeansResult r = kmeans(x, 2, a);
  EXPECT_EQ(r.labels, kmeans(x, 2, b).labels);
  for (int64_t i = 1; i < 100; ++i) EXPECT_EQ(r.labels[i], r.labels[0]);
  for (int64_t i = 101; i < 200; ++i) EXPECT_EQ(r.labels[i], r.labels[100]);
  EXPECT_NE(r.labels[0], r.labels[100]);
  Rng c(0);
  EXPECT_THROW(kmeans(x, 201, c), InputError);
}
