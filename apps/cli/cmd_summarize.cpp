#include <iostream>

#include "autosmote/eval/metrics.h"
#include "autosmote/eval/summary.h"
#include "common.h"

namespace autosmote::cli {

void add_summarize(CLI::App& app) {
  auto* sub = app.add_subcommand("summarize", "compare methods from runs CSV files written by `evaluate --csv`");
  struct Flags {
    std::vector<std::string> files;
    std::string metrics = "macro_f1,minority_f1,g_mean,roc_auc";
    std::string pivot;
  };
  auto f = std::make_shared<Flags>();
  sub->add_option("files", f->files, "runs CSV files")->required();
  sub->add_option("--metrics", f->metrics, "comma-separated metrics to show")->capture_default_str();
  sub->add_option("--pivot", f->pivot, "print a Markdown dataset x method table of this metric, with ranks");
  sub->callback([f] {
    std::vector<RunRecord> runs;
    for (const auto& path : f->files) {
      auto more = read_runs_csv(path);
      runs.insert(runs.end(), more.begin(), more.end());
    }
    if (!f->pivot.empty()) {
      (void)metric_value(Metrics{}, f->pivot);  // rejects an unknown metric name
      std::cout << pivot_markdown(runs, f->pivot);
    } else {
      std::cout << comparison_table(runs, split(f->metrics, ','));
    }
  });
}

}  // namespace autosmote::cli
