// Shared flag groups of the CLI subcommands. No algorithm code lives in apps/.
#pragma once

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "autosmote/core/parallel.h"
#include "autosmote/core/params.h"
#include "autosmote/core/runtime.h"
#include "autosmote/io/csv.h"
#include "autosmote/models/classifier.h"

namespace autosmote::cli {

// The worker-thread count for a --threads flag (0 = one per core); above the core count it is
// clamped to it, with a warning on stderr.
inline int threads_in_effect(int requested) {
  const int cores = hardware_threads();
  if (requested > cores)
    std::cerr << "warning: --threads " << requested << " is more than the " << cores << " cores; using " << cores
              << "\n";
  return requested <= 0 || requested > cores ? cores : requested;
}

struct RuntimeFlags {
  int threads = 0;
  std::string device = "cpu";
  int verbose = 0;

  void add(CLI::App* sub) {
    sub->add_option("--threads", threads,
                    "worker threads for independent units (seeds, folds, k-NN blocks); 0 = one per core")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--device", device, "cpu, or cuda[:N] on a CUDA build");
    sub->add_flag("-v,--verbose", verbose, "progress on stderr (-vv: per-epoch loss)");
  }
  void apply() const {
    set_threads(threads_in_effect(threads));
    check_device(device);
  }
  FitContext context() const {
    FitContext ctx;
    ctx.device = device;
    if (verbose >= 2) ctx.log = [](const std::string& line) { std::cerr << line << "\n"; };
    return ctx;
  }
};

struct DataFlags {
  std::string data;
  std::string target;
  std::string categorical;

  void add(CLI::App* sub, bool required, const std::string& default_data = "") {
    data = default_data;
    auto* opt = sub->add_option("--data", data, "CSV file, or synthetic:n=5000,d=20,weights=0.95/0.05,seed=0");
    if (required) opt->required();
    sub->add_option("--target", target, "label column (default: 'class', else the last column)");
    sub->add_option("--categorical", categorical, "comma-separated columns to treat as categorical");
  }
  CsvOptions csv_options() const {
    CsvOptions o;
    o.target = target;
    if (!categorical.empty()) o.categorical = split(categorical, ',');
    return o;
  }
};

void add_train(CLI::App& app);
void add_predict(CLI::App& app);
void add_evaluate(CLI::App& app);
void add_summarize(CLI::App& app);
void add_resample(CLI::App& app);
void add_explain(CLI::App& app);
void add_bench(CLI::App& app);  // bench, report and the hidden bench-cell

}  // namespace autosmote::cli
