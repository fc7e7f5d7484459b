// Internal: the host network's training loss (mlp keys class_weight, loss and their parameters,
// models/mlp_classifier.h), shared by the paper's loop, the modern loop and AutoSMOTE's classifier.
//
// For a batch of logits z [b, C] and targets y, with class weights w (none: 1):
//   ce              torch's cross_entropy(z, y, weight = w, label_smoothing): the mean of
//                   w_y x CE over the batch's weight (the only form the default ever runs, so the
//                   paper's bytes are unchanged)
//   focal           sum_i w_yi (1 - p_yi)^gamma CE_i / sum_i w_yi, p = softmax(z), CE_i the
//                   (label-smoothed) cross-entropy of row i
//   logit-adjusted  the same weighted mean of CE(z + tau log(prior)), prior = the class shares of
//                   the training rows (a class with no row: its log prior is that of one row)
//   ldam            the same weighted mean of CE(z - margin_y onehot(y)), margin_c =
//                   ldam_margin (n_min / n_c)^(1/4); the reference scales the margined logits
//                   by s = 30 after a normalised last layer, which this host does not have: s = 1
// LDAM's deferred re-weighting: w is none before the share ldam_drw of training and the weights
// below after it. Class weights: balanced n / (C n_c); effective (1 - beta) / (1 - beta^n_c)
// scaled to sum to C (0 for a class with no row, both).
#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "autosmote/models/mlp_classifier.h"

namespace autosmote {

// Per-class weights for these class counts, as a float tensor on `device`; undefined for kNone.
at::Tensor class_weights(const std::vector<int64_t>& counts, ClassWeight kind, double beta, const at::Device& device);

class HostLossFn {
 public:
  // `counts`: the training rows per class (the priors, margins and weights come from them).
  HostLossFn(const MlpOptions& o, const std::vector<int64_t>& counts, const at::Device& device);
  // The batch's loss at `progress` in [0, 1) of training (LDAM's deferred re-weighting).
  at::Tensor operator()(const at::Tensor& logits, const at::Tensor& target, double progress) const;
  // Per-row losses with no class weighting and no reduction (AutoSMOTE weights its rows itself);
  // for ce the same value as torch's cross_entropy with reduction none.
  at::Tensor per_row(const at::Tensor& logits, const at::Tensor& target) const;
  // The class weights in force at `progress` (undefined: none).
  const at::Tensor& weight_at(double progress) const;

 private:
  MlpOptions o_;
  at::Tensor weight_;    // class_weight's (ldam: the deferred ones)
  at::Tensor none_;      // undefined
  at::Tensor log_prior_;  // logit-adjusted: tau x log(prior), [C]
  at::Tensor margin_;    // ldam: [C]
};

}  // namespace autosmote
