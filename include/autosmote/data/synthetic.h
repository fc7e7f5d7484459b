// Built-in synthetic data, in the spirit of scikit-learn's make_classification (Guyon, 2003):
// each class is a set of Gaussian clusters placed on the vertices of a hypercube in the
// informative subspace; redundant features are random linear combinations of the informative
// ones; the rest is noise; a share `flip` of labels is reassigned at random.
//
// Spec (usable wherever a data file is): `synthetic:n=5000,d=20,weights=0.95/0.05,seed=0`
// keys: n [5000], d [20], informative [max(2, d/2)], redundant [d/4], classes [from weights, 2],
// weights [0.95/0.05], clusters [2] (per class), class_sep [1.0], flip [0.01], seed [0].
// Limits (SpecError, checked before anything is allocated): n <= 100,000,000, d <= 10,000,
// n x d <= 100,000,000 values, classes x clusters x informative^2 <= 100,000,000 (the cluster
// covariances), n x informative x (informative + redundant) <= 2e10 multiply-adds (a minute).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autosmote/core/table.h"

namespace autosmote {

inline constexpr int64_t kMaxSyntheticRows = 100000000;
inline constexpr int64_t kMaxSyntheticColumns = 10000;
inline constexpr int64_t kMaxSyntheticCells = 100000000;
inline constexpr double kMaxSyntheticWork = 2e10;

struct SyntheticOptions {
  int64_t n = 5000;
  int64_t d = 20;
  int64_t informative = -1;  // -1: max(2, d / 2), capped at d
  int64_t redundant = -1;    // -1: d / 4, capped at d - informative
  std::vector<double> weights = {0.95, 0.05};
  int64_t clusters = 2;
  double class_sep = 1.0;
  double flip = 0.01;
  uint64_t seed = 0;

  static SyntheticOptions parse(const std::string& spec);  // throws SpecError
};

Table make_synthetic(const SyntheticOptions& options);

}  // namespace autosmote
