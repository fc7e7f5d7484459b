// Internal (LibTorch): what an AutoSmote holds once fitted or loaded, and how it makes synthetic rows.
#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "autosmote/models/auto_smote.h"
#include "models/auto_smote/neighbourhood.h"
#include "models/auto_smote/policy.h"
#include "nn/mlp_net.h"

namespace autosmote {

// Synthetic rows for a batch of anchors and the decisions behind them.
struct Decisions {
  at::Tensor rows;     // [m, d] synthetic rows
  at::Tensor labels;   // [m]
  at::Tensor keep;     // [m] float: 1, or the straight-through participation (skip)
  at::Tensor entropy;  // mean entropy of the noise-free decision distributions (scalar; entropy > 0)
  at::Tensor participated, k, aggregation;  // chosen indices (diagnostics)
};

struct AutoSmote::Impl {
  MlpNet net{nullptr};
  PolicyNet policy{nullptr};
  int64_t in = 0, classes = 0, neighbours = 0;
  at::Device device{at::kCPU};
  std::vector<int64_t> n_new;
  std::vector<PolicyGroup> groups;
  std::vector<EpochDiagnostics> diagnostics;
  std::vector<AutoSmote::RowPolicy> row_policies;

  // Training-time data (in memory only, not saved; generate() needs it).
  Matrix train_x;
  Labels train_y;
  // objective=heldout (in memory after fit): per search classifier, the training rows held out
  // for the policy's look-ahead (sorted); that classifier trained on the others.
  std::vector<std::vector<int64_t>> search_heldout;
  AnchorSet anchors;
  at::Tensor x_device;            // [n, d]
  at::Tensor anchor_rows;         // [M] long: training row of each anchor
  at::Tensor anchor_labels;       // [M] long
  at::Tensor neighbour_rows;      // [M, K] long: training rows, padded
  at::Tensor k_mask;              // [M, logits] float: 0, or -1e9 for k beyond the class's neighbours
  at::Tensor policy_inputs;       // [M, input width]
  at::Tensor k_range;             // [1, K] float: 1..K
  at::Tensor position_bins;       // [P] float: positions=bins' lambdas
  at::Tensor amount_only_mask;    // [1, logits] float: 1 on the amount head's logits (placement=random)
  at::Tensor amount_fractions;    // [1, amounts] float: amounts / max(amounts)
  bool random_placement = false;  // placement=random

  // Moves the prepared anchors to `device` as tensors (sets the training-time tensors above).
  void upload(const AnchorSet& prepared);
  // The tensors of the amount decision and of placement=random (after `neighbours` is set).
  void set_decision_tensors(const AutoSmoteOptions& options);
  // Synthetic rows for the anchor positions `positions`. `force` (generate in skip mode): every
  // anchor makes its candidate row. With autograd on (the policy learns from them), the relaxed
  // composition of every candidate; off, only the chosen candidate of each anchor (the same rows,
  // up to the rounding of the straight-through one-hots).
  Decisions synthesize(const AutoSmoteOptions& options, const at::Tensor& positions, double tau, at::Generator& gen,
                       bool force = false);
  // synthesize's rows: every candidate of each anchor (for the relaxed composition), or only the
  // chosen one (no gradient). `r` [n, K] the neighbour drawn for each k, `lambda` [n, 1 or K, 1].
  std::vector<at::Tensor> all_candidates(const AutoSmoteOptions& options, const at::Tensor& positions,
                                         const at::Tensor& x, const at::Tensor& r, const at::Tensor& lambda) const;
  at::Tensor chosen_rows(const AutoSmoteOptions& options, const at::Tensor& positions, const at::Tensor& x,
                         const at::Tensor& r, const at::Tensor& lambda, const at::Tensor& k,
                         const at::Tensor& aggregation, const at::Tensor& participates) const;
  // Anchor positions for one epoch: per class, n_new[c] anchors round-robin over its shuffled rows.
  at::Tensor epoch_anchors(const std::vector<int64_t>& rows_per_class, at::Generator& gen) const;
  // The search's held-out rows (objective=heldout), stratified, drawn with `rng`: one share
  // `heldout`, or heldout_folds folds; sets search_heldout.
  void split_for_search(const Labels& y, const AutoSmoteOptions& options, Rng& rng);
  // Policy probabilities (no noise) for every anchor, one tensor per head.
  std::vector<at::Tensor> probabilities();
};

}  // namespace autosmote
