#include "autosmote/neighbors/kmeans.h"

#include <algorithm>
#include <limits>

#include "autosmote/core/error.h"
#include "autosmote/neighbors/knn.h"

namespace autosmote {

static double sq_dist(const float* a, const float* b, int64_t d) {
  double s = 0;
  for (int64_t j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - b[j];
    s += t * t;
  }
  return s;
}

KMeansResult kmeans(const Matrix& x, int64_t k, Rng& rng, int64_t max_iter) {
  const int64_t n = x.rows, d = x.cols;
  if (k < 1 || k > n) throw InputError("kmeans: k=" + std::to_string(k) + " with " + std::to_string(n) + " rows");
  KMeansResult res;
  res.centroids = Matrix(k, d);
  // k-means++ seeding.
  std::vector<double> closest(static_cast<size_t>(n), std::numeric_limits<double>::infinity());
  int64_t first = rng.uniform_int(n);
  std::copy(x.row(first), x.row(first) + d, res.centroids.row(0));
  for (int64_t c = 1; c < k; ++c) {
    double total = 0;
    for (int64_t i = 0; i < n; ++i) {
      closest[i] = std::min(closest[i], sq_dist(x.row(i), res.centroids.row(c - 1), d));
      total += closest[i];
    }
    int64_t pick = rng.uniform_int(n);
    if (total > 0) {
      double u = rng.uniform() * total;
      for (int64_t i = 0; i < n; ++i) {
        u -= closest[i];
        if (u <= 0) {
          pick = i;
          break;
        }
      }
    }
    std::copy(x.row(pick), x.row(pick) + d, res.centroids.row(c));
  }
  // Lloyd iterations.
  res.labels.assign(static_cast<size_t>(n), -1);
  for (int64_t it = 0; it < max_iter; ++it) {
    const KnnResult nn = knn(x, res.centroids, 1);
    bool changed = false;
    for (int64_t i = 0; i < n; ++i) {
      if (res.labels[i] != nn.index(i, 0)) changed = true;
      res.labels[i] = nn.index(i, 0);
    }
    if (!changed && it > 0) break;
    Matrix sum(k, d);
    std::vector<int64_t> count(static_cast<size_t>(k), 0);
    for (int64_t i = 0; i < n; ++i) {
      float* s = sum.row(res.labels[i]);
      for (int64_t j = 0; j < d; ++j) s[j] += x.at(i, j);
      ++count[res.labels[i]];
    }
    for (int64_t c = 0; c < k; ++c) {
      if (count[c] == 0) {
        // Re-seed an empty cluster with the row farthest from its centroid.
        int64_t far = 0;
        double best = -1;
        for (int64_t i = 0; i < n; ++i) {
          const double dd = sq_dist(x.row(i), res.centroids.row(res.labels[i]), d);
          if (dd > best) best = dd, far = i;
        }
        std::copy(x.row(far), x.row(far) + d, res.centroids.row(c));
        res.labels[far] = c;
        continue;
      }
      for (int64_t j = 0; j < d; ++j) res.centroids.at(c, j) = sum.at(c, j) / static_cast<float>(count[c]);
    }
  }
  res.inertia = 0;
  for (int64_t i = 0; i < n; ++i) res.inertia += sq_dist(x.row(i), res.centroids.row(res.labels[i]), d);
  return res;
}

}  // namespace autosmote
