#include "autosmote/oversampling/kmeans_smote.h"

#include <cmath>

#include "autosmote/neighbors/kmeans.h"
#include "oversampling/smote_core.h"

namespace autosmote {

Resampled KMeansSmote::make_rows(const Job& job, Rng& rng) const {
  Resampled out = no_rows(job);
  int64_t total_new = 0;
  for (auto v : job.n_new) total_new += v;
  if (total_new == 0) return out;
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    const int64_t n = cls.n_new, c = cls.index;
    const KMeansResult km = kmeans(job.x, std::min<int64_t>(options_.n_clusters, job.x.rows), rng);
    const double threshold =
        options_.cluster_balance_threshold.value_or(static_cast<double>(n) / static_cast<double>(total_new) / 2.0);
    std::vector<std::vector<int64_t>> members(static_cast<size_t>(km.centroids.rows));
    std::vector<int64_t> size(static_cast<size_t>(km.centroids.rows), 0);
    for (int64_t i = 0; i < job.x.rows; ++i) {
      ++size[km.labels[i]];
      if (job.y[i] == c) members[km.labels[i]].push_back(i);
    }
    std::vector<std::vector<int64_t>> valid;
    std::vector<double> sparsity;
    for (size_t g = 0; g < members.size(); ++g) {
      const auto& mem = members[g];
      if (size[g] == 0) continue;
      const double share = static_cast<double>(mem.size()) / static_cast<double>(size[g]);
      if (share < threshold || static_cast<int64_t>(mem.size()) < options_.k_neighbors + 1) continue;
      const Matrix xm = take_rows(job.x, mem);
      double dist = 0;
      for (int64_t a = 0; a < xm.rows; ++a)
        for (int64_t b = 0; b < xm.rows; ++b) {
          double s = 0;
          for (int64_t j = 0; j < xm.cols; ++j) s += (xm.at(a, j) - xm.at(b, j)) * (xm.at(a, j) - xm.at(b, j));
          dist += std::sqrt(s);
        }
      const double nm = static_cast<double>(xm.rows);
      const double mean_dist = dist / (nm * nm - nm);
      const double exponent = std::pow(std::log(nm) / std::log(1.6), 1.8) * 0.16;
      valid.push_back(mem);
      sparsity.push_back(std::pow(mean_dist, exponent) / nm);
    }
    double total = 0;
    for (double s : sparsity) total += s;
    if (valid.empty() || !(total > 0)) {
      out.warnings.push_back(job.who + ": no cluster holds enough rows of class '" + cls.label +
                             "'; plain SMOTE made its rows (lower cluster_balance_threshold or raise n_clusters)");
      smote_class(job.x, cls.rows, options_.k_neighbors, n, c, job.who, cls.label, rng, &out);
      return;
    }
    const auto counts = apportion(sparsity, n);
    for (size_t g = 0; g < valid.size(); ++g) {
      if (counts[g] == 0) continue;
      const Matrix xm = take_rows(job.x, valid[g]);
      append_smote_rows(xm, xm, knn_self(xm, options_.k_neighbors), counts[g], 1.0, c, rng, &out);
    }
  });
  return out;
}

}  // namespace autosmote
