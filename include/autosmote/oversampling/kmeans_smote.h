// KMeans-SMOTE (Douzas, Bacao & Last, 2018, Information Sciences 465): k-means on the whole data;
// clusters where the class's share is at least the balance threshold and that hold more than
// k_neighbors of its rows get new rows (SMOTE inside the cluster), in proportion to their sparsity
// (mean within-cluster distance ^ density exponent / rows; exponent "auto" as imbalanced-learn
// 0.10). Full k-means (k-means++, Lloyd) replaces imbalanced-learn's MiniBatchKMeans; cluster
// shares use largest remainders so exactly the requested rows are made. No valid cluster -> plain
// SMOTE for the class, with a warning (imbalanced-learn raises).
// Spec: kmeans-smote[:k_neighbors=2,n_clusters=8,cluster_balance_threshold=auto,sampling_strategy=auto]
#pragma once

#include <optional>

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

struct KMeansSmoteOptions {
  static constexpr const char* kName = "kmeans-smote";
  int64_t k_neighbors = 2;
  int64_t n_clusters = 8;
  std::optional<double> cluster_balance_threshold;  // empty: auto (half the class's share of new rows)
  template <class V>
  static void visit(V& v) {
    v.integer("k_neighbors", &KMeansSmoteOptions::k_neighbors, 1, kMaxNeighbors);
    v.integer("n_clusters", &KMeansSmoteOptions::n_clusters, 1, 1000000);
    v.number_or_auto("cluster_balance_threshold", &KMeansSmoteOptions::cluster_balance_threshold, 0.0, 1.0);
  }
};

class KMeansSmote : public OversamplerWith<KMeansSmoteOptions> {
 public:
  using OversamplerWith::OversamplerWith;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
