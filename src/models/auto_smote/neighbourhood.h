// Internal: what auto-smote prepares once per fit before any network exists: the anchors (the
// minority rows of every class that gets new rows), their same-class neighbourhoods, their groups
// (cohorts, or the whole class) and the policy's input for each. Plain vectors, no LibTorch.
#pragma once

#include <vector>

#include "autosmote/core/dataset.h"
#include "autosmote/core/random.h"
#include "autosmote/models/auto_smote.h"

namespace autosmote {

struct AnchorSet {
  int64_t neighbours = 1;               // K: neighbours per anchor (the k decision's choices)
  int64_t input_width = 0;              // policy_inputs_of(options, columns)
  std::vector<int64_t> rows;            // [M] training row of each anchor
  std::vector<int64_t> classes;         // [M] its class
  std::vector<int64_t> group_of;        // [M] its group (index into groups)
  std::vector<int64_t> own_neighbours;  // [M] max(1, the class's rows - 1, capped at K): the k choices not masked
  std::vector<int64_t> neighbour_rows;  // [M, K] training rows, nearest first; beyond own_neighbours the last repeated
  std::vector<float> policy_inputs;     // [M, input_width]
  std::vector<std::vector<int64_t>> class_positions;  // per class: its anchors' positions in `rows`
  // Per group: class, cohort, size, danger (other_class_share) and centroid; the probabilities are
  // filled in after training.
  std::vector<PolicyGroup> groups;

  int64_t size() const { return static_cast<int64_t>(rows.size()); }
};

// K for a fit: min(k_max, the largest class that gets new rows - 1), at least 1.
int64_t neighbourhood_size(const std::vector<int64_t>& counts, const std::vector<int64_t>& n_new, int64_t k_max);

// The anchors of every class c with n_new[c] > 0, with `neighbours` (neighbourhood_size) neighbours
// each. Cohorts (variant=cohort) are k-means groups drawn with `rng`.
AnchorSet prepare_anchors(const Matrix& x, const Labels& y, const std::vector<int64_t>& n_new, int64_t neighbours,
                          const AutoSmoteOptions& options, Rng& rng);

}  // namespace autosmote
