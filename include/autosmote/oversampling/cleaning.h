// Cleaning methods and the over-sample-then-clean combinations (Batista, Prati & Monard, 2004):
//   tomek      : Tomek links (Tomek, 1976): pairs of rows of different classes that are each
//                other's nearest neighbour. sampling_strategy=auto removes the member that is not
//                of the minority class; =all removes both.
//   enn        : Edited nearest neighbours (Wilson, 1972): a row of a cleaned class is removed when
//                its n_neighbors nearest neighbours disagree with its class (kind_sel=all: any
//                disagrees; kind_sel=mode: the most frequent class differs).
//                sampling_strategy=auto cleans every class but the minority; =all every class.
//   smote-tomek: SMOTE, then Tomek links with sampling_strategy=all (imbalanced-learn's SMOTETomek).
//   smote-enn  : SMOTE, then ENN with sampling_strategy=all (imbalanced-learn's SMOTEENN).
// These remove rows, so the output can be smaller than the input; kept rows stay in order.
// Specs: tomek[:sampling_strategy=auto]  enn[:n_neighbors=3,kind_sel=all,sampling_strategy=auto]
//        smote-tomek[:k_neighbors=5,sampling_strategy=auto]  smote-enn[:k_neighbors=5,n_neighbors=3,sampling_strategy=auto]
#pragma once

#include <memory>

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

// Rows to keep (sorted) after cleaning.
std::vector<int64_t> tomek_keep(const Matrix& x, const Labels& y, int64_t n_classes, bool clean_all);
std::vector<int64_t> enn_keep(const Matrix& x, const Labels& y, int64_t n_classes, int64_t n_neighbors, bool mode,
                              bool clean_all);

// A cleaner alone (tomek, enn) or SMOTE followed by a cleaner (smote-tomek, smote-enn).
class CleaningSampler : public Oversampler {
 public:
  enum class Method { kTomek, kEnn };
  // `smote_k` > 0: SMOTE with that k first. `clean_all`: clean every class (else all but the minority).
  CleaningSampler(Method method, int64_t smote_k, bool clean_all, int64_t n_neighbors = 3, bool mode = false)
      : method_(method), smote_k_(smote_k), clean_all_(clean_all), n_neighbors_(n_neighbors), mode_(mode) {}
  std::string name() const override;
  std::string spec() const override;
  bool removes_rows() const override { return true; }
  bool keeps_categories() const override { return smote_k_ <= 0; }

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
  std::vector<int64_t> keep_rows(const Matrix& x, const Labels& y, int64_t n_classes) const override;
  Method method_;
  int64_t smote_k_;
  bool clean_all_;
  int64_t n_neighbors_;
  bool mode_;
};

}  // namespace autosmote
