// SMOTE (Chawla et al., 2002, JAIR 16): each new row lies on the segment between a row of the
// class and one of its k nearest neighbours of the same class, at a uniform random position.
// Spec: smote[:k_neighbors=5,sampling_strategy=auto]
// Example: make_oversampler("smote:k_neighbors=3")->fit_resample(x, y, 2, rng);
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

struct SmoteOptions {
  static constexpr const char* kName = "smote";
  int64_t k_neighbors = 5;
  template <class V>
  static void visit(V& v) {
    v.integer("k_neighbors", &SmoteOptions::k_neighbors, 1, kMaxNeighbors);
  }
};

class Smote : public OversamplerWith<SmoteOptions> {
 public:
  using OversamplerWith::OversamplerWith;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
