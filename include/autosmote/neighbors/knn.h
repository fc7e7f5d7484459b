// Exact k-nearest neighbours (Euclidean), shared by the whole SMOTE family.
//
// Distances come from one GEMM per (query block x reference block): ||q||^2 + ||r||^2 - 2 q.r,
// computed in float32 by OpenBLAS through LibTorch into a reused cache-sized buffer, then merged
// into a running top-k per query row. Memory is bounded by the block sizes, never by n,
// so 1,000,000 x 20 rows fit. Query rows are processed in parallel (LibTorch's thread pool).
// Ties are broken by the smaller reference index, so results are deterministic and do not depend
// on the thread count or block size.
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

struct KnnOptions {
  int64_t query_block = 256;  // rows of the distance block (256 x 1024 floats = 1 MiB, cache-sized)
  int64_t ref_block = 1024;
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
