#include <iostream>

#include "autosmote/eval/summary.h"
#include "common.h"

namespace autosmote::cli {

void add_summarize(CLI::App& app) {
  auto* sub = app.add_subcommand("summarize", "compare methods from runs CSV files written by `evaluate --csv`");
  struct Flags {
    std::vector<std::string> files;
    std::string metrics = "macro_f1,minority_f1,g_mean,roc_auc";
  };
  auto f = std::make_shared<Flags>();
  sub->add_option("files", f->files, "runs CSV files")->required();
  sub->add_option("--metrics", f->metrics, "comma-separated metrics to show")->capture_default_str();
  sub->callback([f] {
    std::vector<RunRecord> runs;
    for (const auto& path : f->files) {
      auto more = read_runs_csv(path);
      runs.insert(runs.end(), more.begin(), more.end());
    }
    std::cout << comparison_table(runs, split(f->metrics, ','));
  });
}

}  // namespace autosmote::cli
