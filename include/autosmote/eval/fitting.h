// The fitting sequence, written once and used by evaluate and bench (per split of the protocol,
// on the training part), train (on every row) and resample (without the classifier):
//   1. fit the preprocessor on the training rows and transform them;
//   2. resample them with Rng(derive_seed(seed, 1));
//   3. fit a fresh copy of the classifier on the result with FitContext::seed = derive_seed(seed, 2).
// `seed` is the run's model seed (Split::model_seed, or --seed for train). Safe to call from
// several threads at once with the same sampler and prototype (both are only read).
//
// fit_pipeline adds the two tunings of a run, both on the training rows only (never the rows the
// run is scored on), before the final fit on every training row:
//   - a sampler grid (registry/samplers.h: keys with '|' alternatives) is tuned by stratified
//     `cv`-fold cross-validation of the training rows (folds drawn with derive_seed(seed, 3)): every
//     candidate is fitted on each fold's other rows with model seed derive_seed(seed, 5, fold) (the
//     same for every candidate, so candidates are compared on the same draws) and predicts the
//     fold's rows; the candidate with the best macro-F1 of those out-of-fold predictions (after
//     threshold tuning on them when the classifier has threshold=tuned) wins, first on ties; a
//     candidate that cannot run on the rows (an InputError or a SpecError: sampling_strategy=0.25 where the
//     minority is already above it) is left out with a warning, and only the fits that ran count;
//   - threshold=tuned (models/classifier.h) with a single sampler: a stratified hold-out of
//     kThresholdHoldout of the training rows (derive_seed(seed, 4)); steps 1-3 on the rest (model
//     seed derive_seed(seed, 6)) predict it and the offsets are tuned on those predictions
//     (eval/operating_point.h). With a grid, the winner's out-of-fold offsets are used;
//   - epoch selection (Classifier::selects_epochs(), mlp select_epoch=best): the same held-out fit
//     (also without threshold=tuned) scores the held-out rows after every epoch and keeps its best
//     epoch's weights, so the offsets are tuned on that epoch's predictions; the final fit on every
//     training row stops at the same share of its planned epochs (the same epoch unless mlp's
//     max_steps plans fewer epochs for more rows). With a grid, each fold's fit scores the
//     fold's rows, and the winner's median share is used.
//   - refit=off (Classifier::refits() false): the held-out fit above is the final model, with
//     its offsets and best epoch (no fit on every training row); with a grid, the winner gets that
//     held-out fit after the cross-validation. inner_fits then does not count it, and its wall
//     time is fit_seconds, not tuning_seconds.
//   The test part of a run is never among these rows (tests/tuning_test.cpp, tests/mlp_modern_test.cpp).
// A training part too small to hold rows out (a class with one row) keeps offsets off, with a warning.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "autosmote/core/table.h"
#include "autosmote/models/classifier.h"
#include "autosmote/oversampling/oversampler.h"
#include "autosmote/preprocess/preprocessor.h"
#include "autosmote/registry/samplers.h"

namespace autosmote {

inline constexpr double kThresholdHoldout = 0.25;

struct FittedPipeline {
  Preprocessor preprocessor;                     // fitted on the training rows
  Resampled resampled;                           // the preprocessed training rows after resampling
  std::unique_ptr<Classifier> classifier;        // fitted on `resampled`; null after resample_training
  double resample_seconds = 0, fit_seconds = 0;  // wall time of steps 2 and 3 of the final fit
  std::string sampler;                           // the sampler of the final fit (a grid's winner)
  int64_t inner_fits = 0;                        // fits spent on tuning (the final one not counted)
  double tuning_seconds = 0;                     // their wall time
  std::vector<std::string> warnings;             // the final resampling's, then the tunings'
};

// Steps 1 and 2. `rows`: the training rows of `table` (empty: every row); `context`: the device and
// the log (a generative sampler's progress lines).
FittedPipeline resample_training(const Table& table, const std::vector<int64_t>& rows, const Oversampler& sampler,
                                 Scaling scaling, uint64_t seed, const FitContext& context);

// The tunings, then steps 1 to 3; `context` gives the device and the log (its seed is replaced).
FittedPipeline fit_pipeline(const Table& table, const std::vector<int64_t>& rows, const SamplerGrid& sampler,
                            const Classifier& prototype, Scaling scaling, uint64_t seed, const FitContext& context);

}  // namespace autosmote
