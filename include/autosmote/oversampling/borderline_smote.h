// Borderline-SMOTE (Han, Wang & Mao, 2005, ICIC): only "danger" rows make new rows: rows whose
// m nearest neighbours (whole data) are at least half, but not all, of another class.
// kind=1 interpolates towards same-class neighbours; kind=2 makes a Beta(10, 10) share that way
// and the rest towards the nearest other-class rows, at most half way.
// A class without danger rows falls back to plain SMOTE (with a warning) so the requested counts
// hold (imbalanced-learn makes no rows for it).
// Spec: borderline-smote[:k_neighbors=5,m_neighbors=10,kind=1,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

class BorderlineSmote : public Oversampler {
 public:
  BorderlineSmote(int64_t k_neighbors = 5, int64_t m_neighbors = 10, int kind = 1)
      : k_(k_neighbors), m_(m_neighbors), kind_(kind) {}
  std::string name() const override { return "borderline-smote"; }
  std::string spec() const override;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
  int64_t k_, m_;
  int kind_;
};

}  // namespace autosmote
