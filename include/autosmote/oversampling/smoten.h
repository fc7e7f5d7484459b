// SMOTEN (Chawla et al., 2002): SMOTE for categorical-only data. Neighbours within the class by
// the value difference metric (Stanfill & Waltz, 1986; per feature, the L1 distance between the
// class distributions of the two values, summed over features, as imbalanced-learn's k=1); a new
// row takes, per feature, the most frequent value among a random anchor's k neighbours (ties: the
// first category). Needs SampleContext::layout with only categorical features.
// Spec: smoten[:k_neighbors=5,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

class Smoten : public Oversampler {
 public:
  explicit Smoten(int64_t k_neighbors = 5) : k_(k_neighbors) {}
  std::string name() const override { return "smoten"; }
  std::string spec() const override;
  bool keeps_categories() const override { return true; }

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
  int64_t k_;
};

}  // namespace autosmote
