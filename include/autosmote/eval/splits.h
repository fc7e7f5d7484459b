// Evaluation protocols: a stratified hold-out (`holdout:0.2`, the default) and repeated
// stratified k-fold (`kfold:5x2` = 5 folds, 2 repeats). For every seed of `--seeds`, a hold-out
// makes one split (split and model seeded by derive_seed(seed, 0, 0)); k-fold makes
// folds x repeats runs (split seeded by derive_seed(seed, repeat), model by
// derive_seed(seed, repeat, fold + 1)). Results never depend on run order or thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autosmote/core/dataset.h"

namespace autosmote {

struct Protocol {
  enum class Kind { kHoldout, kKfold } kind = Kind::kHoldout;
  double test_fraction = 0.2;
  int64_t folds = 5;
  int64_t repeats = 2;

  static Protocol parse(const std::string& text);  // throws SpecError
  std::string str() const;
};

struct Split {
  uint64_t seed = 0;  // the user's seed
  int64_t repeat = 0, fold = 0;
  uint64_t model_seed = 0;           // derived seed for everything random inside the run
  std::vector<int64_t> train, test;  // sorted row indices
};

// Throws InputError when a class has too few rows for the protocol (a hold-out needs 2 rows in
// every class, k-fold needs `folds` rows in every class... as scikit-learn warns, fewer is an error here).
// `class_names` (optional) names classes in errors.
std::vector<Split> make_splits(const Labels& y, int64_t n_classes, const Protocol& protocol,
                               const std::vector<uint64_t>& seeds, const std::vector<std::string>& class_names = {});

// One stratified hold-out split: per class, round(test_fraction * n_c) test rows (at least 1, at most n_c - 1).
Split stratified_holdout(const Labels& y, int64_t n_classes, double test_fraction, uint64_t seed,
                         const std::vector<std::string>& class_names = {});

}  // namespace autosmote
