#include "models/auto_smote/neighbourhood.h"

#include <algorithm>
#include <cmath>

#include "autosmote/neighbors/kmeans.h"
#include "autosmote/neighbors/knn.h"
#include "autosmote/oversampling/class_rows.h"
#include "models/auto_smote/policy_sizes.h"

namespace autosmote {

namespace {

// Per anchor, inputs=geometry's three numbers (danger, distance to the nearest other-class row,
// spacing to its own neighbours), the distances in units of the class's mean spacing.
using GeometryRows = std::vector<float>;  // [M, kGeometryInputs]

// Cohort of each of the class's rows (k-means, variant=cohort) or 0 (self); sets *n_groups.
std::vector<int64_t> cohorts_of(const Matrix& class_x, const AutoSmoteOptions& options, Rng& rng, int64_t* n_groups) {
  const int64_t nc = class_x.rows;
  *n_groups = 1;
  if (options.variant != AutoSmoteVariant::kCohort) return std::vector<int64_t>(static_cast<size_t>(nc), 0);
  *n_groups = options.cohorts > 0 ? std::min(options.cohorts, nc)
                                  : std::max<int64_t>(1, std::llround(std::sqrt(static_cast<double>(nc) / 2.0)));
  return kmeans(class_x, *n_groups, rng).labels;
}

// Mean distance of each row to its `kc` nearest same-class rows (0 when kc = 0).
std::vector<double> neighbour_spacing(const KnnResult& same, int64_t nc, int64_t kc) {
  std::vector<double> spacing(static_cast<size_t>(nc), 0.0);
  for (int64_t i = 0; i < nc; ++i)
    for (int64_t j = 0; j < kc; ++j)
      spacing[i] += std::sqrt(static_cast<double>(same.distance(i, j))) / static_cast<double>(kc);
  return spacing;
}

// Appends class c's anchors, groups and geometry rows.
void add_class(const Matrix& x, const Labels& y, int64_t c, const AutoSmoteOptions& options, Rng& rng, AnchorSet* set,
               GeometryRows* geometry) {
  const int64_t share_k = std::min<int64_t>(10, x.rows - 1);
  const auto rows = rows_of_class(y, c);
  const int64_t nc = static_cast<int64_t>(rows.size());
  const int64_t kc = std::min(set->neighbours, nc - 1);
  const Matrix class_x = take_rows(x, rows);
  KnnResult same;
  if (kc > 0) same = knn_self(class_x, kc);
  const auto other = other_class_neighbours(x, y, rows, share_k);
  KnnResult nearest_other;  // inputs=geometry: the nearest row of the other classes
  if (options.inputs == PolicyInputs::kGeometry) {
    std::vector<int64_t> other_rows;
    for (int64_t i = 0; i < x.rows; ++i)
      if (y[i] != c) other_rows.push_back(i);
    if (!other_rows.empty()) nearest_other = knn(class_x, take_rows(x, other_rows), 1);
  }
  int64_t n_groups = 1;
  const std::vector<int64_t> member_group = cohorts_of(class_x, options, rng, &n_groups);
  const int64_t group_base = static_cast<int64_t>(set->groups.size());
  for (int64_t g = 0; g < n_groups; ++g) {
    PolicyGroup group;
    group.class_index = c;
    group.cohort = g;
    group.centroid.assign(static_cast<size_t>(x.cols), 0.0f);
    set->groups.push_back(group);
  }
  // Geometry, scale-free: distances in units of the class's mean spacing to its own neighbours.
  const std::vector<double> spacing = neighbour_spacing(same, nc, kc);
  double mean_spacing = 0;
  for (int64_t i = 0; i < nc; ++i) mean_spacing += spacing[i] / static_cast<double>(nc);
  if (!(mean_spacing > 0)) mean_spacing = 1;
  for (int64_t i = 0; i < nc; ++i) {
    PolicyGroup& group = set->groups[group_base + member_group[i]];
    ++group.size;
    group.other_class_share += static_cast<double>(other[i]) / static_cast<double>(share_k);
    for (int64_t j = 0; j < x.cols; ++j) group.centroid[j] += class_x.at(i, j);
    set->class_positions[c].push_back(set->size());
    set->rows.push_back(rows[i]);
    set->classes.push_back(c);
    set->group_of.push_back(group_base + member_group[i]);
    set->own_neighbours.push_back(std::max<int64_t>(kc, 1));
    for (int64_t j = 0; j < set->neighbours; ++j)
      set->neighbour_rows.push_back(kc > 0 ? rows[same.index(i, std::min(j, kc - 1))] : rows[i]);
    const double d_other =
        nearest_other.k > 0 ? std::sqrt(static_cast<double>(nearest_other.distance(i, 0))) : 10 * mean_spacing;
    geometry->push_back(static_cast<float>(other[i]) / static_cast<float>(share_k));
    geometry->push_back(static_cast<float>(std::min(10.0, d_other / mean_spacing)));
    geometry->push_back(static_cast<float>(std::min(10.0, spacing[i] / mean_spacing)));
  }
  for (int64_t g = 0; g < n_groups; ++g) {
    PolicyGroup& group = set->groups[group_base + g];
    if (group.size == 0) continue;
    group.other_class_share /= static_cast<double>(group.size);
    for (auto& v : group.centroid) v /= static_cast<float>(group.size);
  }
}

// The policy's input per anchor: the row (self) or its cohort's centroid (cohort), and with
// inputs=geometry the row's (self) or the cohort's mean geometry.
std::vector<float> policy_inputs(const Matrix& x, const AnchorSet& set, const GeometryRows& geometry,
                                 const AutoSmoteOptions& options) {
  const bool cohort = options.variant == AutoSmoteVariant::kCohort;
  const int64_t anchors = set.size();
  std::vector<float> inputs;
  inputs.reserve(static_cast<size_t>(anchors * set.input_width));
  std::vector<double> group_geometry(set.groups.size() * kGeometryInputs, 0.0);
  for (int64_t i = 0; i < anchors; ++i)
    for (int64_t j = 0; j < kGeometryInputs; ++j)
      group_geometry[set.group_of[i] * kGeometryInputs + j] +=
          geometry[i * kGeometryInputs + j] / static_cast<double>(set.groups[set.group_of[i]].size);
  for (int64_t i = 0; i < anchors; ++i) {
    const PolicyGroup& group = set.groups[set.group_of[i]];
    if (cohort) {
      inputs.insert(inputs.end(), group.centroid.begin(), group.centroid.end());
    } else {
      inputs.insert(inputs.end(), x.row(set.rows[i]), x.row(set.rows[i]) + x.cols);
    }
    if (options.inputs == PolicyInputs::kGeometry)
      for (int64_t j = 0; j < kGeometryInputs; ++j)
        inputs.push_back(cohort ? static_cast<float>(group_geometry[set.group_of[i] * kGeometryInputs + j])
                                : geometry[i * kGeometryInputs + j]);
  }
  return inputs;
}

}  // namespace

int64_t neighbourhood_size(const std::vector<int64_t>& counts, const std::vector<int64_t>& n_new, int64_t k_max) {
  int64_t largest = 1;
  for (size_t c = 0; c < counts.size(); ++c)
    if (n_new[c] > 0) largest = std::max<int64_t>(largest, counts[c] - 1);
  return std::max<int64_t>(1, std::min(k_max, largest));
}

AnchorSet prepare_anchors(const Matrix& x, const Labels& y, const std::vector<int64_t>& n_new, int64_t neighbours,
                          const AutoSmoteOptions& options, Rng& rng) {
  AnchorSet set;
  set.neighbours = neighbours;
  set.input_width = policy_inputs_of(options, x.cols);
  set.class_positions.assign(n_new.size(), {});
  GeometryRows geometry;
  for (int64_t c = 0; c < static_cast<int64_t>(n_new.size()); ++c)
    if (n_new[c] > 0) add_class(x, y, c, options, rng, &set, &geometry);
  set.policy_inputs = policy_inputs(x, set, geometry, options);
  return set;
}

}  // namespace autosmote
