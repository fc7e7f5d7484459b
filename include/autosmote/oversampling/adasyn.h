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

struct AdasynOptions {
  static constexpr const char* kName = "adasyn";
  int64_t n_neighbors = 5;
  template <class V>
  static void visit(V& v) {
    v.integer("n_neighbors", &AdasynOptions::n_neighbors, 1, kMaxNeighbors);
  }
};

class Adasyn : public OversamplerWith<AdasynOptions> {
 public:
  using OversamplerWith::OversamplerWith;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
