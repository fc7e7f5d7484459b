// Internal: the mode-specific normalisation of CTGAN / TVAE (Xu et al., NeurIPS 2019; reference
// sdv-dev/CTGAN's DataTransformer on rdt's ClusterBasedNormalizer). Each numeric column gets a
// Gaussian mixture of up to 10 components; components with a weight below 0.005 are dropped. A
// value becomes [alpha, one-hot(k)]: k drawn from the value's posterior over the kept components,
// alpha = (x - mu_k) / (4 sigma_k) clipped to [-0.99, 0.99]. One-hot blocks pass through.
//
// The reference fits a variational Bayesian mixture (a Dirichlet-process prior with concentration
// 0.001, which switches unneeded components off); this fits the mixture by EM (at most 100
// iterations, tolerance 1e-3 on the mean log-likelihood, means initialised at the column's
// quantiles, variances floored at 1e-6 as scikit-learn's reg_covar, on at most 20,000 of the
// column's values, evenly spaced in sorted order) and prunes small components afterwards: an
// approximation (docs/generative.md). EM draws nothing, so the fit is deterministic; the
// transform's component draws use `rng`.
#pragma once

#include <vector>

#include "autosmote/core/dataset.h"
#include "autosmote/core/random.h"
#include "oversampling/generative/tabular_blocks.h"

namespace autosmote {

struct ModeSpan {
  int64_t start = 0, size = 1;
  bool softmax = false;  // a one-hot part (a column's modes, or a categorical block); else one alpha
};

class ModeNormalizer {
 public:
  // Fits on the rows of x whose columns are `blocks`.
  void fit(const Matrix& x, const ColumnBlocks& blocks);
  Matrix transform(const Matrix& x, Rng& rng) const;
  // Transformed rows back to the input's columns: each mode block's largest entry picks the
  // component, alpha (drawn around its value with sd sigma[span start] when `sigma` is given, as the
  // reference's TVAE samples) is clipped to [-1, 1] and mapped back; each one-hot block set to the
  // one-hot of its largest entry, or with `draw_categories` of a category drawn with the softmax of
  // its entries (logits) as probabilities.
  Matrix inverse(const Matrix& t, const std::vector<float>* sigma, bool draw_categories, Rng& rng) const;

  int64_t output_dim() const { return output_dim_; }
  const std::vector<ModeSpan>& spans() const { return spans_; }
  // The kept components of each numeric column (tests).
  const std::vector<std::vector<double>>& means() const { return means_; }

 private:
  ColumnBlocks blocks_;
  std::vector<std::vector<double>> means_, stds_, weights_;  // per numeric column, its kept components
  std::vector<ModeSpan> spans_;
  int64_t output_dim_ = 0;
};

}  // namespace autosmote
