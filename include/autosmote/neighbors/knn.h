// Exact k-nearest neighbours (Euclidean), shared by the whole SMOTE family.
//
// Brute force: d(q, r) = ||q||^2 + (||r||^2 - 2 q.r) in float32 for every pair, the bracket computed
// by a register-tiled kernel (AVX-512 or AVX2 with FMA, chosen at run time, else scalar) over
// reference blocks packed column-major into a cache-sized buffer, and merged at once into a
// running top-k per query row (no distance matrix is written). Every pair's value is the same
// sequence of fused multiply-adds (from ||r||^2, columns in order) whichever kernel, thread count or
// block size computes it, so results are bit-identical across them (and across CPUs with FMA).
// Memory: the packed copy of the reference rows (their size) and the result, so 1,000,000 x 20 rows
// fit. Query blocks are processed in parallel (core/parallel.h). Ties are broken by the smaller
// reference index.
//
// Example:
//   KnnResult nn = knn_self(x_min, 5);   // 5 neighbours of each row among the others
//   int64_t j = nn.index(i, 0);          // nearest neighbour of row i
#pragma once

#include <cstdint>
#include <vector>

#include "autosmote/core/dataset.h"

namespace autosmote {

struct KnnResult {
  int64_t rows = 0, k = 0;
  std::vector<int64_t> indices;  // [rows, k], nearest first
  std::vector<float> distances;  // [rows, k], squared Euclidean
  int64_t index(int64_t r, int64_t j) const { return indices[static_cast<size_t>(r * k + j)]; }
  float distance(int64_t r, int64_t j) const { return distances[static_cast<size_t>(r * k + j)]; }
};

// The widest kernel knn may use (the CPU's best when it has it); every choice gives the same
// results, the narrower ones exist to test that.
enum class KnnKernel { kBest, kAvx2, kScalar };

struct KnnOptions {
  int64_t query_block = 256;  // query rows per parallel task
  int64_t ref_block = 1024;   // reference rows per packed block (1024 x 20 floats = 80 KiB, in L2)
  KnnKernel kernel = KnnKernel::kBest;
};

// The k nearest rows of `ref` for each row of `query`. `self_rows` (empty, or one per query row)
// names a row of `ref` that is the query row itself and must not be its neighbour (-1: none);
// a duplicate of it can be. Throws InputError when k < 1, k > the candidate rows or the column
// counts differ.
KnnResult knn(const Matrix& query, const Matrix& ref, int64_t k, const std::vector<int64_t>& self_rows = {},
              const KnnOptions& options = {});
// The k nearest other rows of each row of x.
KnnResult knn_self(const Matrix& x, int64_t k, const KnnOptions& options = {});

}  // namespace autosmote
