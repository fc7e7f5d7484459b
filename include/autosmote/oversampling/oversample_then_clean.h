// Compositions: an over-sampler, then a cleaner on the over-sampled data (Batista, Prati & Monard, 2004).
//   smote-tomek: SMOTE, then Tomek links over every class (imbalanced-learn's SMOTETomek).
//   smote-enn  : SMOTE, then ENN over every class (imbalanced-learn's SMOTEENN).
// sampling_strategy is the over-sampling step's; warnings name the composition.
// Specs: smote-tomek[:k_neighbors=5,sampling_strategy=auto]
//        smote-enn[:k_neighbors=5,n_neighbors=3,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/cleaning.h"
#include "autosmote/oversampling/smote.h"

namespace autosmote {

// Options holds `oversample` (Over's options) and `clean` (Cleaner's options).
template <class Options, class Over, class Cleaner>
class OversampleThenClean : public OversamplerWith<Options> {
 public:
  explicit OversampleThenClean(Options options)
      : OversamplerWith<Options>(options), oversample_(options.oversample), clean_(options.clean) {}
  bool removes_rows() const override { return true; }

 private:
  using Job = Oversampler::Job;
  Resampled make_rows(const Job& job, Rng& rng) const override {
    return Oversampler::make_rows_of(oversample_, job, rng);
  }
  std::vector<int64_t> keep_rows(const Matrix& x, const Labels& y, int64_t n_classes) const override {
    return Oversampler::keep_rows_of(clean_, x, y, n_classes);
  }
  Over oversample_;
  Cleaner clean_;
};

struct SmoteTomekOptions {
  static constexpr const char* kName = "smote-tomek";
  SmoteOptions oversample;
  TomekOptions clean = cleaning_every_class(TomekOptions{});
  template <class V>
  static void visit(V& v) {
    v.group(&SmoteTomekOptions::oversample);
  }
};
using SmoteTomek = OversampleThenClean<SmoteTomekOptions, Smote, TomekLinks>;

struct SmoteEnnOptions {
  static constexpr const char* kName = "smote-enn";
  SmoteOptions oversample;
  EnnOptions clean = cleaning_every_class(EnnOptions{});
  template <class V>
  static void visit(V& v) {
    v.group(&SmoteEnnOptions::oversample);
    v.integer(
        "n_neighbors", [](auto& o) -> auto& { return o.clean.n_neighbors; }, 1, kMaxNeighbors);
  }
};
using SmoteEnn = OversampleThenClean<SmoteEnnOptions, Smote, EditedNearestNeighbours>;

}  // namespace autosmote
