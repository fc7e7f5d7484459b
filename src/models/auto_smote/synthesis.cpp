// How a fitted AutoSmote makes synthetic rows: the policy's relaxed decisions composed over the
// candidate points of each anchor.
#include "models/auto_smote/fitted.h"
#include "models/auto_smote/policy_sizes.h"
#include "nn/candidates.h"
#include "nn/gumbel.h"

namespace autosmote {

void AutoSmote::Impl::upload(const AnchorSet& prepared) {
  const int64_t n_anchors = prepared.size();
  const int64_t n_logits = policy->total();
  std::vector<float> mask;
  mask.reserve(static_cast<size_t>(n_anchors * n_logits));
  for (int64_t i = 0; i < n_anchors; ++i)
    for (int64_t j = 0; j < n_logits; ++j)
      mask.push_back(j >= 2 + prepared.own_neighbours[i] && j < 2 + neighbours ? -1e9f : 0.0f);
  const auto long_opts = at::TensorOptions().dtype(at::kLong);
  const auto float_opts = at::TensorOptions().dtype(at::kFloat);
  x_device = view_tensor(train_x).to(device);
  anchor_rows = at::tensor(prepared.rows, long_opts).to(device);
  anchor_labels = at::tensor(prepared.classes, long_opts).to(device);
  neighbour_rows = at::tensor(prepared.neighbour_rows, long_opts).reshape({n_anchors, neighbours}).to(device);
  k_mask = at::tensor(mask, float_opts).reshape({n_anchors, n_logits}).to(device);
  policy_inputs = at::tensor(prepared.policy_inputs, float_opts).reshape({n_anchors, prepared.input_width}).to(device);
  k_range = at::arange(1, neighbours + 1, float_opts).unsqueeze(0).to(device);
  position_bins = (at::arange(0, kPositionBins, float_opts) * (1.0 / kPositionBins) + 0.5 / kPositionBins).to(device);
}

void AutoSmote::Impl::set_decision_tensors(const AutoSmoteOptions& options) {
  const auto float_opts = at::TensorOptions().dtype(at::kFloat);
  const auto sizes = head_sizes_of(options, neighbours);
  const int64_t amount_head = amount_head_of(options);
  std::vector<float> mask;
  for (size_t h = 0; h < sizes.size(); ++h)
    for (int64_t j = 0; j < sizes[h]; ++j) mask.push_back(static_cast<int64_t>(h) == amount_head ? 1.0f : 0.0f);
  amount_only_mask = at::tensor(mask, float_opts).unsqueeze(0).to(device);
  std::vector<float> fractions;
  for (double a : options.amounts) fractions.push_back(static_cast<float>(a / options.max_amount()));
  amount_fractions = at::tensor(fractions, float_opts).unsqueeze(0).to(device);
  random_placement = options.placement == PlacementMode::kRandom;
}

namespace {

// The one-hot of each block's argmax: the straight-through relaxation's forward value, without
// the softmax that only its gradient needs.
at::Tensor hard_one_hot(const at::Tensor& perturbed) {
  return at::zeros_like(perturbed).scatter_(-1, perturbed.argmax(-1, /*keepdim=*/true), 1.0);
}

}  // namespace

// Every candidate of every anchor: [n_anchors, K, width] per aggregation, what the relaxed
// composition mixes (its gradient reaches every candidate's decision).
std::vector<at::Tensor> AutoSmote::Impl::all_candidates(const AutoSmoteOptions& options, const at::Tensor& positions,
                                                        const at::Tensor& x, const at::Tensor& r,
                                                        const at::Tensor& lambda) const {
  const int64_t n_anchors = positions.size(0), width = in, K = neighbours;
  const at::Tensor neighbour_index = neighbour_rows.index_select(0, positions);  // [n_anchors, K] training rows
  at::Tensor all_neighbours;  // [n_anchors, K, width], only when an aggregation needs every neighbour
  std::vector<at::Tensor> candidates;
  for (Aggregation a : options.aggregations) {
    if (a == Aggregation::kInterpolate) {
      const at::Tensor picked =
          x_device.index_select(0, neighbour_index.gather(1, r).reshape({-1})).view({n_anchors, K, width});
      candidates.push_back(interpolate_candidates(x, picked, lambda));
      continue;
    }
    if (!all_neighbours.defined())
      all_neighbours = x_device.index_select(0, neighbour_index.reshape({-1})).view({n_anchors, K, width});
    candidates.push_back(a == Aggregation::kMax   ? max_candidates(x, all_neighbours)
                         : a == Aggregation::kMin ? min_candidates(x, all_neighbours)
                                                  : mean_candidates(x, all_neighbours));
  }
  return candidates;
}

// Only the chosen candidate of each anchor (no gradient: the one-hot decisions pick one, so the
// others need not be made): the rows compose_synthetic gives for one-hot decisions.
at::Tensor AutoSmote::Impl::chosen_rows(const AutoSmoteOptions& options, const at::Tensor& positions,
                                        const at::Tensor& x, const at::Tensor& r, const at::Tensor& lambda,
                                        const at::Tensor& k, const at::Tensor& aggregation,
                                        const at::Tensor& participates) const {
  const at::Tensor neighbour_index = neighbour_rows.index_select(0, positions);  // [n_anchors, K]
  const at::Tensor kk = k.unsqueeze(1);                                          // [n_anchors, 1]
  std::vector<at::Tensor> chosen;                                                // [n_anchors, width] per aggregation
  std::vector<at::Tensor> all;  // every candidate: only with max / min / mean (not the default)
  for (size_t i = 0; i < options.aggregations.size(); ++i) {
    if (options.aggregations[i] == Aggregation::kInterpolate) {
      const at::Tensor row = neighbour_index.gather(1, r.gather(1, kk)).view({-1});
      const at::Tensor lam = lambda.size(1) == 1 ? lambda.view({-1, 1}) : lambda.squeeze(2).gather(1, kk);
      const at::Tensor picked = x_device.index_select(0, row);
      chosen.push_back(x + lam * (picked - x));
      continue;
    }
    if (all.empty()) all = all_candidates(options, positions, x, r, lambda);
    chosen.push_back(all[i].gather(1, kk.unsqueeze(2).expand({-1, 1, in})).squeeze(1));
  }
  at::Tensor mix = chosen[0];
  if (chosen.size() > 1)
    mix = at::stack(chosen, 1).gather(1, aggregation.view({-1, 1, 1}).expand({-1, 1, in})).squeeze(1);
  return at::where(participates.unsqueeze(1), mix, x);
}

Decisions AutoSmote::Impl::synthesize(const AutoSmoteOptions& options, const at::Tensor& positions, double tau,
                                      at::Generator& gen, bool force) {
  const int64_t n_anchors = positions.size(0), K = neighbours;
  const int64_t n_logits = policy->total();
  const bool relaxed = at::GradMode::is_enabled();  // the graph is kept: compose every candidate
  // All uniforms of the batch in one draw: Gumbel noise for the heads, then the interpolation's
  // neighbour choice r_k and (positions=uniform) position lambda_k for every k, then (amount
  // decision) the draw that keeps a candidate row with probability amount / max(amounts).
  const int64_t amount_head = amount_head_of(options);
  const at::Tensor uniforms = at::rand({n_anchors, n_logits + 2 * K + (amount_head >= 0 ? 1 : 0)}, gen).to(device);
  const at::Tensor gumbel = -(-uniforms.slice(1, 0, n_logits).clamp(1e-10, 1.0 - 1e-7).log()).log();
  const at::Tensor x = x_device.index_select(0, anchor_rows.index_select(0, positions));  // [n_anchors, width]
  at::Tensor policy_logits = policy->forward(policy_inputs.index_select(0, positions));
  if (options.placement == PlacementMode::kRandom) policy_logits = policy_logits * amount_only_mask;
  const at::Tensor logits = policy_logits + k_mask.index_select(0, positions);
  // Straight-through Gumbel-Softmax for every head at once (see nn/gumbel.h).
  const at::Tensor perturbed = policy->blocks(logits + gumbel);
  const at::Tensor z = relaxed ? straight_through_gumbel(perturbed, tau) : hard_one_hot(perturbed);
  const at::Tensor z_part = policy->head(z, 0), z_k = policy->head(z, 1), z_agg = policy->head(z, 2);
  // For each k: a neighbour r uniform in 1..k and a position lambda (uniform, or the bin chosen).
  const at::Tensor r = (uniforms.slice(1, n_logits, n_logits + K) * k_range).floor().to(at::kLong);  // in [0, k)
  const at::Tensor lambda = !options.interpolates() ? at::Tensor()
                            : options.positions == PositionMode::kBins
                                ? at::matmul(policy->head(z, 3), position_bins).view({n_anchors, 1, 1})
                                : uniforms.slice(1, n_logits + K, n_logits + 2 * K).unsqueeze(2);
  Decisions out;
  out.participated = z_part.argmax(1);
  out.k = z_k.argmax(1);
  out.aggregation = z_agg.argmax(1);
  const auto float_opts = x.options();
  const bool skip = options.participation == ParticipationMode::kSkip;
  if (relaxed) {
    // skip: the row is always the candidate; participation decides whether it counts at all.
    const at::Tensor yes = at::cat({at::zeros({n_anchors, 1}, float_opts), at::ones({n_anchors, 1}, float_opts)}, 1);
    out.rows = compose_synthetic(skip ? yes : z_part, z_k, z_agg, all_candidates(options, positions, x, r, lambda), x);
  } else {
    const at::Tensor participates = skip ? at::ones({n_anchors}, float_opts.dtype(at::kBool)) : out.participated > 0;
    out.rows = chosen_rows(options, positions, x, r, lambda, out.k, out.aggregation, participates);
  }
  out.keep = skip && !force ? z_part.select(1, 1) : at::ones({n_anchors}, float_opts);
  if (amount_head >= 0) {
    // keep *= sum_j z_amount_j * [u < amounts_j / max(amounts)]: one-hot forward, gradient to the head.
    const at::Tensor u = uniforms.slice(1, n_logits + 2 * K, n_logits + 2 * K + 1);  // [n_anchors, 1]
    const at::Tensor kept = (u < amount_fractions).to(float_opts.dtype());           // [n_anchors, amounts]
    out.keep = out.keep * (policy->head(z, amount_head) * kept).sum(1);
  }
  if (options.entropy > 0 && relaxed) {
    const at::Tensor log_p = at::log_softmax(policy->blocks(logits), -1);
    out.entropy = -(log_p.exp() * log_p).sum(-1).mean();
  }
  out.labels = anchor_labels.index_select(0, positions);
  return out;
}

at::Tensor AutoSmote::Impl::epoch_anchors(const std::vector<int64_t>& rows_per_class, at::Generator& gen) const {
  std::vector<int64_t> chosen;
  const auto& class_positions = anchors.class_positions;
  for (size_t c = 0; c < class_positions.size(); ++c) {
    const auto& positions = class_positions[c];
    if (positions.empty() || rows_per_class[c] <= 0) continue;
    const int64_t n_rows = static_cast<int64_t>(positions.size());
    const at::Tensor perm = at::randperm(n_rows, gen, at::TensorOptions().dtype(at::kLong));
    const int64_t* order = perm.data_ptr<int64_t>();
    for (int64_t s = 0; s < rows_per_class[c]; ++s) chosen.push_back(positions[order[s % n_rows]]);
  }
  return at::tensor(chosen, at::TensorOptions().dtype(at::kLong));
}

std::vector<at::Tensor> AutoSmote::Impl::probabilities() {
  at::NoGradGuard guard;
  at::Tensor logits = policy->forward(policy_inputs);
  if (random_placement) logits = logits * amount_only_mask;
  const at::Tensor p = at::softmax(policy->blocks(logits + k_mask), -1);
  std::vector<at::Tensor> out;
  for (int64_t h = 0; h < policy->head_count(); ++h) out.push_back(policy->head(p, h));
  return out;
}

}  // namespace autosmote
