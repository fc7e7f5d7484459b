// SMOTE-NC (Chawla et al., 2002): SMOTE for mixed numeric + categorical data. Neighbours are found
// with one-hot columns scaled to median_std / 2 (the median standard deviation of the numeric
// columns in the smallest class, as imbalanced-learn); numeric columns are interpolated, and each
// categorical feature takes the most frequent category among the anchor's k neighbours (ties at
// random). Needs SampleContext::layout with at least one numeric and one categorical feature.
// Spec: smote-nc[:k_neighbors=5,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

struct SmoteNcOptions {
  static constexpr const char* kName = "smote-nc";
  int64_t k_neighbors = 5;
  template <class V>
  static void visit(V& v) {
    v.integer("k_neighbors", &SmoteNcOptions::k_neighbors, 1, kMaxNeighbors);
  }
};

class SmoteNc : public OversamplerWith<SmoteNcOptions> {
 public:
  using OversamplerWith::OversamplerWith;
  bool keeps_categories() const override { return true; }

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
