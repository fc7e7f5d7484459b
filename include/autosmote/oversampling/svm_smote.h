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

struct SvmSmoteOptions {
  static constexpr const char* kName = "svm-smote";
  int64_t k_neighbors = 5;
  int64_t m_neighbors = 10;
  double out_step = 0.5;
  double c = 1.0;  // the SVM's C
  template <class V>
  static void visit(V& v) {
    v.integer("k_neighbors", &SvmSmoteOptions::k_neighbors, 1, kMaxNeighbors);
    v.integer("m_neighbors", &SvmSmoteOptions::m_neighbors, 1, kMaxNeighbors);
    v.number("out_step", &SvmSmoteOptions::out_step, 0.0, 1e6);
    v.number("C", &SvmSmoteOptions::c, 1e-12, 1e12);
  }
};

class SvmSmote : public OversamplerWith<SvmSmoteOptions> {
 public:
  using OversamplerWith::OversamplerWith;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
