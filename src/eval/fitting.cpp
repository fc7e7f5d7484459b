#include "autosmote/eval/fitting.h"

#include <chrono>

#include "autosmote/core/random.h"

namespace autosmote {

static double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

FittedPipeline resample_training(const Table& table, const std::vector<int64_t>& rows, const Oversampler& sampler,
                                 Scaling scaling, uint64_t seed, const std::string& device) {
  FittedPipeline fitted;
  fitted.preprocessor = Preprocessor(scaling);
  fitted.preprocessor.fit(table, rows);
  const Matrix x = fitted.preprocessor.transform(table, rows);
  const Labels y = rows.empty() ? table.y : take(table.y, rows);
  const auto t0 = std::chrono::steady_clock::now();
  Rng rng(derive_seed(seed, 1));
  fitted.resampled = sampler.fit_resample(x, y, table.n_classes(), rng,
                                          SampleContext{table.class_names, fitted.preprocessor.layout(), device});
  fitted.resample_seconds = seconds_since(t0);
  return fitted;
}

FittedPipeline fit_pipeline(const Table& table, const std::vector<int64_t>& rows, const Oversampler& sampler,
                            const Classifier& prototype, Scaling scaling, uint64_t seed, const FitContext& context) {
  FittedPipeline fitted = resample_training(table, rows, sampler, scaling, seed, context.device);
  fitted.classifier = prototype.clone_unfitted();
  FitContext ctx = context;
  ctx.seed = derive_seed(seed, 2);
  const auto t0 = std::chrono::steady_clock::now();
  fitted.classifier->fit(fitted.resampled.x, fitted.resampled.y, table.n_classes(), ctx);
  fitted.fit_seconds = seconds_since(t0);
  return fitted;
}

}  // namespace autosmote
