// k-means (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii, 2007), every draw
// from an explicit generator. Used by kmeans-smote and by AutoSMOTE's cohorts.
#pragma once

#include <cstdint>
#include <vector>

#include "autosmote/core/dataset.h"
#include "autosmote/core/random.h"

namespace autosmote {

struct KMeansResult {
  Matrix centroids;             // [k, d]
  std::vector<int64_t> labels;  // [n], cluster of each row
  double inertia = 0;           // sum of squared distances to the assigned centroid
};

// k > n is an InputError. Stops when no
// assignment changes or after max_iter iterations. An emptied cluster is re-seeded with the row
// farthest from its centroid.
KMeansResult kmeans(const Matrix& x, int64_t k, Rng& rng, int64_t max_iter = 100);

}  // namespace autosmote
