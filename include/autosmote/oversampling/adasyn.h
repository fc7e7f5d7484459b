// ADASYN (He, Bai, Garcia & Li, 2008, IJCNN): each row of the class makes new rows in proportion
// to the share of other-class rows among its n_neighbors nearest neighbours (whole data), by the
// SMOTE rule towards same-class neighbours. Allocation uses largest remainders, so exactly the
// requested number of rows is made (imbalanced-learn rounds each row's share and can miss it).
// A class whose neighbourhoods hold no other class falls back to uniform allocation (warning;
// imbalanced-learn raises).
// Spec: adasyn[:n_neighbors=5,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

class Adasyn : public Oversampler {
 public:
  explicit Adasyn(int64_t n_neighbors = 5) : k_(n_neighbors) {}
  std::string name() const override { return "adasyn"; }
  std::string spec() const override;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
  int64_t k_;
};

}  // namespace autosmote
