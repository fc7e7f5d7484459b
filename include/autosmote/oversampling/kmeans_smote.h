// KMeans-SMOTE (Douzas, Bacao & Last, 2018, Information Sciences 465): k-means on the whole data;
// clusters where the class's share is at least the balance threshold and that hold more than
// k_neighbors of its rows get new rows (SMOTE inside the cluster), in proportion to their sparsity
// (mean within-cluster distance ^ density exponent / rows; exponent "auto" as imbalanced-learn
// 0.10). Full k-means (k-means++, Lloyd) replaces imbalanced-learn's MiniBatchKMeans; cluster
// shares use largest remainders so exactly the requested rows are made. No valid cluster -> plain
// SMOTE for the class, with a warning (imbalanced-learn raises).
// Spec: kmeans-smote[:k_neighbors=2,n_clusters=8,cluster_balance_threshold=auto,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

class KMeansSmote : public Oversampler {
 public:
  KMeansSmote(int64_t k_neighbors = 2, int64_t n_clusters = 8, double balance_threshold = -1)
      : k_(k_neighbors), clusters_(n_clusters), threshold_(balance_threshold) {}
  std::string name() const override { return "kmeans-smote"; }
  std::string spec() const override;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
  int64_t k_, clusters_;
  double threshold_;  // < 0: auto
};

}  // namespace autosmote
