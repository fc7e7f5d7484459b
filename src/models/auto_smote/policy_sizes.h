// Internal: the sizes auto-smote's options imply for its policy network (no LibTorch).
#pragma once

#include <vector>

#include "autosmote/models/auto_smote.h"

namespace autosmote {

constexpr int64_t kPositionBins = 5;    // positions=bins: lambda in {0.1, 0.3, 0.5, 0.7, 0.9}
constexpr int64_t kGeometryInputs = 3;  // inputs=geometry: danger, distance to the other class, spacing

// The heads' sizes in order: participation 2, k `neighbours`, aggregation A, and with
// positions=bins the position kPositionBins.
inline std::vector<int64_t> head_sizes_of(const AutoSmoteOptions& o, int64_t neighbours) {
  std::vector<int64_t> sizes = {2, neighbours, static_cast<int64_t>(o.aggregations.size())};
  if (o.positions == PositionMode::kBins) sizes.push_back(kPositionBins);
  return sizes;
}

// The policy's input width for `columns` feature columns (inputs=geometry adds kGeometryInputs).
inline int64_t policy_inputs_of(const AutoSmoteOptions& o, int64_t columns) {
  return columns + (o.inputs == PolicyInputs::kGeometry ? kGeometryInputs : 0);
}

}  // namespace autosmote
