// Random over-sampling: bootstrap draws of each class's rows, optionally smoothed (ROSE;
// Menardi & Torelli, 2014): x_new = x_drawn + shrinkage * h * std_c * N(0, I) with
// h = (4 / ((d + 2) n)) ^ (1 / (d + 4)), as imbalanced-learn's RandomOverSampler(shrinkage=...).
// Spec: random[:shrinkage=0,sampling_strategy=auto]   (shrinkage 0 = plain bootstrap)
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

struct RandomOverSamplerOptions {
  static constexpr const char* kName = "random";
  double shrinkage = 0.0;
  template <class V>
  static void visit(V& v) {
    v.number("shrinkage", &RandomOverSamplerOptions::shrinkage, 0.0, 1e6);
  }
};

class RandomOverSampler : public OversamplerWith<RandomOverSamplerOptions> {
 public:
  using OversamplerWith::OversamplerWith;
  bool keeps_categories() const override { return options_.shrinkage == 0; }

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
