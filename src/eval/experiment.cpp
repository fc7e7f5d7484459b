#include "autosmote/eval/experiment.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/parallel.h"
#include "autosmote/core/params.h"
#include "autosmote/eval/fitting.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"

namespace autosmote {

ExperimentResult run_experiment(const Table& table, const ExperimentConfig& config) {
  if (!table.has_target) throw InputError(table.source + ": evaluation needs the label column");
  if (config.seeds.empty()) throw SpecError("no seeds given");
  // Validate specs once, before any work.
  const auto model = config.fit ? nullptr : make_classifier(config.model_spec);
  const SamplerGrid sampler = parse_sampler_grid(config.sampler_spec);

  ExperimentResult res;
  res.dataset = table.source;
  res.model = model ? model->spec() : config.model_spec;
  res.sampler = sampler.spec;
  res.protocol = config.protocol.str();
  res.class_names = table.class_names;
  const int64_t C = table.n_classes();
  const auto splits = make_splits(table.y, C, config.protocol, config.seeds, table.class_names);

  // The splits are independent units: they run at once on the worker threads (core/parallel.h),
  // each single-threaded, and land in split order, so the results equal a serial run bit for bit.
  // On a GPU they run one after another.
  std::mutex output_mutex;  // progress and per-epoch log lines from several runs
  FitContext shared_ctx = config.context;
  if (config.context.log)
    shared_ctx.log = [&](const std::string& line) {
      std::lock_guard<std::mutex> lock(output_mutex);
      config.context.log(line);
    };
  std::vector<RunResult> runs(splits.size());
  std::vector<std::vector<std::string>> warnings(splits.size());
  auto run_split = [&](int64_t index) {
    const Split& split = splits[static_cast<size_t>(index)];
    const FittedPipeline fitted =
        config.fit ? config.fit(table, split.train, split.model_seed, shared_ctx)
                   : fit_pipeline(table, split.train, sampler, *model, config.scaling, split.model_seed, shared_ctx);
    warnings[static_cast<size_t>(index)] = fitted.warnings;
    RunResult& run = runs[static_cast<size_t>(index)];
    run.resample_seconds = fitted.resample_seconds;
    run.fit_seconds = fitted.fit_seconds;
    run.tuning_seconds = fitted.tuning_seconds;
    run.inner_fits = fitted.inner_fits;
    run.parameters = fitted.classifier->parameter_count();
    run.model = fitted.classifier->spec();
    run.sampler = fitted.sampler;
    run.offsets = fitted.classifier->offsets();

    // Minority: the class with the fewest training rows (first on ties), among those present.
    const auto counts = class_counts(take(table.y, split.train), C);
    int64_t minority = -1;
    for (int64_t c = 0; c < C; ++c)
      if (counts[c] > 0 && (minority < 0 || counts[c] < counts[minority])) minority = c;
    const Matrix x_test = fitted.preprocessor.transform(table, split.test);
    const Matrix proba = fitted.classifier->predict_proba(x_test);
    run.metrics = compute_metrics(take(table.y, split.test), proba, fitted.classifier->decide(proba), minority);
    run.seed = split.seed;
    run.repeat = split.repeat;
    run.fold = split.fold;
    if (config.progress) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "seed %llu repeat %lld fold %lld: macro_f1 %.4f minority_f1 %.4f (%.2fs)",
                    static_cast<unsigned long long>(run.seed), static_cast<long long>(run.repeat),
                    static_cast<long long>(run.fold), run.metrics.macro_f1, run.metrics.minority_f1,
                    run.resample_seconds + run.fit_seconds + (config.fit ? run.tuning_seconds : 0.0));
      // A selecting fitter (auto): which candidate this run chose.
      const std::string chosen = config.fit ? ", chose " + run.model + " + " + run.sampler : "";
      std::lock_guard<std::mutex> lock(output_mutex);
      config.progress(buf + chosen);
    }
  };
  const auto n_splits = static_cast<int64_t>(splits.size());
  if (config.context.device == "cpu") {
    parallel_for_each(n_splits, run_split);
  } else {
    for (int64_t i = 0; i < n_splits; ++i) run_split(i);
  }
  res.runs = std::move(runs);
  for (const auto& run_warnings : warnings)
    for (const auto& w : run_warnings)
      if (std::find(res.warnings.begin(), res.warnings.end(), w) == res.warnings.end()) res.warnings.push_back(w);
  return res;
}

bool is_auto_model_spec(const std::string& spec) {
  try {
    return Spec::parse(spec).name == "auto";
  } catch (const SpecError&) {
    return false;
  }
}

double run_value(const RunResult& r, const std::string& name) {
  if (name == "resample_seconds") return r.resample_seconds;
  if (name == "fit_seconds") return r.fit_seconds;
  if (name == "tuning_seconds") return r.tuning_seconds;
  if (name == "inner_fits") return static_cast<double>(r.inner_fits);
  if (name == "parameters") return static_cast<double>(r.parameters);
  return metric_value(r.metrics, name);
}

std::vector<std::string> run_value_names() {
  auto keys = metric_names();
  keys.push_back("resample_seconds");
  keys.push_back("fit_seconds");
  keys.push_back("tuning_seconds");
  keys.push_back("inner_fits");
  keys.push_back("parameters");
  return keys;
}

std::pair<double, double> ExperimentResult::summary(const std::string& metric) const {
  double mean = 0;
  int64_t n = 0;
  for (const auto& r : runs) {
    const double v = run_value(r, metric);
    if (!std::isnan(v)) mean += v, ++n;
  }
  if (n == 0) return {std::nan(""), std::nan("")};
  mean /= static_cast<double>(n);
  double var = 0;
  for (const auto& r : runs) {
    const double v = run_value(r, metric);
    if (!std::isnan(v)) var += (v - mean) * (v - mean);
  }
  return {mean, n > 1 ? std::sqrt(var / static_cast<double>(n - 1)) : 0.0};
}

static nlohmann::json number_or_null(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

nlohmann::json ExperimentResult::to_json() const {
  nlohmann::json runs_j = nlohmann::json::array();
  for (const auto& r : runs) {
    nlohmann::json j = {{"seed", r.seed}, {"repeat", r.repeat}, {"fold", r.fold}};
    for (const auto& k : run_value_names()) j[k] = number_or_null(run_value(r, k));
    j["confusion_matrix"] = r.metrics.confusion;
    if (r.model != model) j["model"] = r.model;  // auto: the run's winner
    j["sampler"] = r.sampler;
    if (!r.offsets.empty()) j["class_offsets"] = r.offsets;
    runs_j.push_back(j);
  }
  nlohmann::json summary_j = nlohmann::json::object();
  for (const auto& k : run_value_names()) {
    const auto ms = summary(k);
    summary_j[k] = {{"mean", number_or_null(ms.first)}, {"std", number_or_null(ms.second)}};
  }
  return {{"dataset", dataset},     {"model", model}, {"sampler", sampler},  {"protocol", protocol},
          {"classes", class_names}, {"runs", runs_j}, {"summary", summary_j}};
}

std::string ExperimentResult::table() const {
  std::string out;
  char buf[200];
  std::snprintf(buf, sizeof buf, "dataset  %s\nmodel    %s\nsampler  %s\nprotocol %s (%zu runs)\n\n", dataset.c_str(),
                model.c_str(), sampler.c_str(), protocol.c_str(), runs.size());
  out += buf;
  std::snprintf(buf, sizeof buf, "%-18s %8s   %-8s\n", "metric", "mean", "std");
  out += buf;
  for (const auto& k : run_value_names()) {
    const auto ms = summary(k);
    std::snprintf(buf, sizeof buf, "%-18s %8.4f ± %-8.4f\n", k.c_str(), ms.first, ms.second);
    out += buf;
  }
  return out;
}

}  // namespace autosmote
