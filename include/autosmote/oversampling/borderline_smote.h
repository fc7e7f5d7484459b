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

enum class BorderlineKind { kSameClass, kBothClasses };  // kind=1, kind=2

struct BorderlineSmoteOptions {
  static constexpr const char* kName = "borderline-smote";
  int64_t k_neighbors = 5;
  int64_t m_neighbors = 10;
  BorderlineKind kind = BorderlineKind::kSameClass;
  template <class V>
  static void visit(V& v) {
    v.integer("k_neighbors", &BorderlineSmoteOptions::k_neighbors, 1, kMaxNeighbors);
    v.integer("m_neighbors", &BorderlineSmoteOptions::m_neighbors, 1, kMaxNeighbors);
    v.choice("kind", &BorderlineSmoteOptions::kind,
             ChoiceNames<BorderlineKind>{{"1", BorderlineKind::kSameClass}, {"2", BorderlineKind::kBothClasses}});
  }
};

class BorderlineSmote : public OversamplerWith<BorderlineSmoteOptions> {
 public:
  using OversamplerWith::OversamplerWith;

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
