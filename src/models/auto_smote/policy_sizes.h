// Internal: the sizes auto-smote's options imply for its policy network (no LibTorch).
#pragma once

#include <cmath>
#include <vector>

#include "autosmote/models/auto_smote.h"

namespace autosmote {

constexpr int64_t kPositionBins = 5;    // positions=bins: lambda in {0.1, 0.3, 0.5, 0.7, 0.9}
constexpr int64_t kGeometryInputs = 3;  // inputs=geometry: danger, distance to the other class, spacing

// The heads' sizes in order: participation 2, k `neighbours`, aggregation A, with positions=bins
// the position kPositionBins, and with an amount decision the amount (one per amounts value).
inline std::vector<int64_t> head_sizes_of(const AutoSmoteOptions& o, int64_t neighbours) {
  std::vector<int64_t> sizes = {2, neighbours, static_cast<int64_t>(o.aggregations.size())};
  if (o.positions == PositionMode::kBins) sizes.push_back(kPositionBins);
  if (o.decides_amount()) sizes.push_back(static_cast<int64_t>(o.amounts.size()));
  return sizes;
}
// The amount head's index in head_sizes_of (the last head); -1 without an amount decision.
inline int64_t amount_head_of(const AutoSmoteOptions& o) {
  return o.decides_amount() ? (o.positions == PositionMode::kBins ? 4 : 3) : -1;
}

// The candidate rows an epoch makes per class: n_new, or with an amount decision
// ceil(max(amounts) x n_new) (each kept with probability amount / max(amounts)).
inline std::vector<int64_t> candidates_per_class(const AutoSmoteOptions& o, const std::vector<int64_t>& n_new) {
  if (!o.decides_amount()) return n_new;
  std::vector<int64_t> out;
  for (int64_t v : n_new) out.push_back(static_cast<int64_t>(std::ceil(o.max_amount() * static_cast<double>(v))));
  return out;
}

// The policy's input width for `columns` feature columns (inputs=geometry adds kGeometryInputs).
inline int64_t policy_inputs_of(const AutoSmoteOptions& o, int64_t columns) {
  return columns + (o.inputs == PolicyInputs::kGeometry ? kGeometryInputs : 0);
}

}  // namespace autosmote
