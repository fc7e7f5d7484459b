// run_experiment: the evaluation protocol of docs/autosmote-method.md. For every split of the
// protocol: fit the preprocessor on the training part, transform both parts, resample the
// training part only, fit the classifier, predict the test part, score it. Every run records the
// specs, seed, metrics and wall times.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "autosmote/core/table.h"
#include "autosmote/eval/metrics.h"
#include "autosmote/eval/splits.h"
#include "autosmote/models/classifier.h"
#include "autosmote/preprocess/preprocessor.h"

namespace autosmote {

struct FittedPipeline;

// A fit of one run's training rows in place of fit_pipeline (`auto`: api/pipeline.h sets it).
using PipelineFitter = std::function<FittedPipeline(const Table& table, const std::vector<int64_t>& rows,
                                                    uint64_t seed, const FitContext& context)>;

// True for a model spec named `auto` (select/auto_select.h): it chooses its own sampler (bench
// runs it with "none" only) and is not in the classifier table.
bool is_auto_model_spec(const std::string& spec);

struct ExperimentConfig {
  std::string model_spec = "mlp";
  std::string sampler_spec = "none";
  Protocol protocol;
  std::vector<uint64_t> seeds = {0};
  Scaling scaling = Scaling::kMinMax;
  FitContext context;                                // device and per-epoch log; the seed is set per run
  std::function<void(const std::string&)> progress;  // one line per finished run
  // Set: each run's fit (model_spec is then only recorded, canonical already); null: fit_pipeline.
  PipelineFitter fit;
};

struct RunResult {
  uint64_t seed = 0;
  int64_t repeat = 0, fold = 0;
  Metrics metrics;
  double resample_seconds = 0, fit_seconds = 0;  // the final fit (eval/fitting.h)
  double tuning_seconds = 0;                     // the fits a sampler grid or threshold=tuned spent before
  int64_t inner_fits = 0;                        // how many
  int64_t parameters = 0;                        // the final model's learnable parameters (0: not a network)
  std::string model;                             // the final model's spec (auto: its winner)
  std::string sampler;                           // the sampler of the final fit (a grid's winner)
  std::vector<double> offsets;                   // threshold=tuned: the class offsets; else empty
};

// The per-run values a runs file holds, in column order: every metric, then resample_seconds,
// fit_seconds, tuning_seconds, inner_fits and parameters; and one of them by name.
std::vector<std::string> run_value_names();
double run_value(const RunResult& run, const std::string& name);

struct ExperimentResult {
  std::string dataset, model, sampler, protocol;
  std::vector<std::string> class_names;
  std::vector<RunResult> runs;
  std::vector<std::string> warnings;  // distinct sampler warnings over all runs

  // Mean and sample standard deviation (n - 1; 0 for a single run) of a metric over the runs.
  std::pair<double, double> summary(const std::string& metric) const;
  nlohmann::json to_json() const;
  std::string table() const;  // readable "metric  mean ± std" table
};

ExperimentResult run_experiment(const Table& table, const ExperimentConfig& config);

}  // namespace autosmote
