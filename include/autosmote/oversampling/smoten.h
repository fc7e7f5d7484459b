// SMOTEN (Chawla et al., 2002): SMOTE for categorical-only data. Neighbours within the class by
// the value difference metric (Stanfill & Waltz, 1986; per feature, the L1 distance between the
// class distributions of the two values, summed over features, as imbalanced-learn's k=1); a new
// row takes, per feature, the most frequent value among a random anchor's k neighbours (ties: the
// first category). Needs SampleContext::layout with only categorical features.
// Spec: smoten[:k_neighbors=5,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

struct SmotenOptions {
  static constexpr const char* kName = "smoten";
  int64_t k_neighbors = 5;
  template <class V>
  static void visit(V& v) {
    v.integer("k_neighbors", &SmotenOptions::k_neighbors, 1, kMaxNeighbors);
  }
};

class Smoten : public OversamplerWith<SmotenOptions> {
 public:
  using OversamplerWith::OversamplerWith;
  bool keeps_categories() const override { return true; }

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
