#include <algorithm>
#include <iostream>

#include "autosmote/core/error.h"
#include "autosmote/eval/experiment.h"
#include "autosmote/eval/metrics.h"
#include "autosmote/report/summary.h"
#include "common.h"

namespace autosmote::cli {

// The comma-separated names of an option, each one of `valid`; SpecError listing the valid ones.
static std::vector<std::string> checked_names(const std::string& option, const std::string& text,
                                              const std::vector<std::string>& valid) {
  std::vector<std::string> names = split(text, ',');
  for (const auto& name : names)
    if (std::find(valid.begin(), valid.end(), name) == valid.end())
      throw SpecError(option + " '" + text + "': unknown metric '" + name + "' (valid: " + join(valid, ", ") + ")");
  return names;
}

void add_summarize(CLI::App& app) {
  auto* sub = app.add_subcommand("summarize", "compare methods from runs files (`evaluate --csv`, bench's runs.csv)");
  struct Flags {
    std::vector<std::string> files;
    std::string metrics = "macro_f1,minority_f1,g_mean,roc_auc";
    std::string pivot;
  };
  auto f = std::make_shared<Flags>();
  sub->add_option("files", f->files, "runs files")->required();
  sub->add_option("--metrics", f->metrics, "comma-separated metrics to show")->capture_default_str();
  sub->add_option("--pivot", f->pivot, "print a Markdown dataset x method table of this metric, with ranks");
  sub->callback([f] {
    const std::vector<std::string> metrics = checked_names("--metrics", f->metrics, run_value_names());
    if (!f->pivot.empty() && f->pivot.find(',') != std::string::npos)
      throw SpecError("--pivot '" + f->pivot + "': one metric, e.g. --pivot macro_f1");
    if (!f->pivot.empty()) checked_names("--pivot", f->pivot, metric_names());
    const std::vector<BenchRun> runs = read_finished_runs(f->files);
    if (!f->pivot.empty()) {
      std::cout << pivot_markdown(runs, f->pivot);
    } else {
      std::cout << comparison_table(runs, metrics);
    }
  });
}

}  // namespace autosmote::cli
