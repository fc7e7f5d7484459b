// SVM-SMOTE (Nguyen, Cooper & Kamei, 2011): an RBF SVM (libsvm; C=1, gamma = 1 / (d * var(x)),
// scikit-learn's "scale") finds the class's support vectors; those whose m nearest neighbours are
// all of other classes are dropped as noise; "danger" support vectors (at least half other-class
// neighbours) interpolate towards same-class neighbours, "safe" ones extrapolate away from them
// (step -out_step). The share made from danger rows is Beta(10, 10), as in imbalanced-learn.
// No usable support vector -> plain SMOTE for that class, with a warning.
// Spec: svm-smote[:k_neighbors=5,m_neighbors=10,out_step=0.5,C=1,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

class SvmSmote : public Oversampler {
 public:
  SvmSmote(int64_t k_neighbors = 5, int64_t m_neighbors = 10, double out_step = 0.5, double c = 1.0)
      : k_(k_neighbors), m_(m_neighbors), out_step_(out_step), c_(c) {}
  std::string name() const override { return "svm-smote"; }
  std::string spec() const override;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
  int64_t k_, m_;
  double out_step_, c_;
};

}  // namespace autosmote
