// SMOTE (Chawla et al., 2002, JAIR 16): each new row lies on the segment between a row of the
// class and one of its k nearest neighbours of the same class, at a uniform random position.
// Spec: smote[:k_neighbors=5,sampling_strategy=auto]
// Example: make_oversampler("smote:k_neighbors=3")->fit_resample(x, y, 2, rng);
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

class Smote : public Oversampler {
 public:
  explicit Smote(int64_t k_neighbors = 5) : k_(k_neighbors) {}
  std::string name() const override { return "smote"; }
  std::string spec() const override;
  int64_t k_neighbors() const { return k_; }

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
  int64_t k_;
};

}  // namespace autosmote
