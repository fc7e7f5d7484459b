// The fitting sequence, written once and used by evaluate and bench (per split of the protocol,
// on the training part), train (on every row) and resample (without the classifier):
//   1. fit the preprocessor on the training rows and transform them;
//   2. resample them with Rng(derive_seed(seed, 1));
//   3. fit a fresh copy of the classifier on the result with FitContext::seed = derive_seed(seed, 2).
// `seed` is the run's model seed (Split::model_seed, or --seed for train). Safe to call from
// several threads at once with the same sampler and prototype (both are only read).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "autosmote/core/table.h"
#include "autosmote/models/classifier.h"
#include "autosmote/oversampling/oversampler.h"
#include "autosmote/preprocess/preprocessor.h"

namespace autosmote {

struct FittedPipeline {
  Preprocessor preprocessor;                     // fitted on the training rows
  Resampled resampled;                           // the preprocessed training rows after resampling
  std::unique_ptr<Classifier> classifier;        // fitted on `resampled`; null after resample_training
  double resample_seconds = 0, fit_seconds = 0;  // wall time of steps 2 and 3
};

// Steps 1 and 2. `rows`: the training rows of `table` (empty: every row).
FittedPipeline resample_training(const Table& table, const std::vector<int64_t>& rows, const Oversampler& sampler,
                                 Scaling scaling, uint64_t seed, const std::string& device);

// Steps 1 to 3; `context` gives the device and the log (its seed is replaced).
FittedPipeline fit_pipeline(const Table& table, const std::vector<int64_t>& rows, const Oversampler& sampler,
                            const Classifier& prototype, Scaling scaling, uint64_t seed, const FitContext& context);

}  // namespace autosmote
