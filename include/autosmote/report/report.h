// The benchmark report (Demšar 2006, "Statistical comparisons of classifiers over multiple data
// sets"): per metric a dataset x method table of mean ± std (best per dataset in bold), the
// average rank of each method, the Friedman test over the ranks with the Nemenyi critical
// difference, and the Wilcoxon signed-rank test of one method (AutoSMOTE cohort by default) against
// every other, paired by dataset, Holm-adjusted, with the mean paired difference and the smallest
// difference each test could detect (min_detectable_difference, stats.h: alpha = 0.05 two-sided,
// power 0.8, from the SD of the per-dataset differences; also at Holm's first-step alpha = 0.05 / m
// for m comparisons; none where the exact test's smallest p, 2^(1-N) for N datasets, is above the
// alpha); a runtime table; the failed runs; SVG figures. results.json holds the same numbers: per
// metric "wilcoxon" entries with "mean_difference", "min_detectable_difference" and
// "min_detectable_difference_holm" (null for none), and "min_detectable_difference_basis" (alpha,
// alpha_holm, power, datasets).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "autosmote/eval/bench.h"

namespace autosmote {

struct ReportOptions {
  std::string title = "Benchmark report";
  // The paper's three (macro F1, precision, recall), then the imbalance metrics.
  std::vector<std::string> metrics = {"macro_f1",  "macro_precision",   "macro_recall", "minority_f1",
                                      "g_mean",    "balanced_accuracy", "roc_auc"};
  std::string focus;          // method label tested against the others; empty: the first learned auto-smote cohort
  std::string notes;          // Markdown placed after the summary (a hand-written reading of the numbers)
  std::string markdown_path;  // where report.md goes (the CLI's concern; empty: DIR/report.md)
  std::string figures_dir;    // where the figures go (the CLI's concern; empty: DIR/figures)
  std::string figures_link;   // how report.md refers to the figures folder; empty: "figures"
};

struct Report {
  std::string markdown;
  std::string json;
  std::vector<std::pair<std::string, std::string>> figures;  // file name -> SVG document
};

// Methods are ordered mlp + none first, then the other mlp + sampler methods by name, then the
// remaining methods by name; datasets by name; so the report does not depend on the order in which
// runs finished. Cells whose runs all failed count as missing; ranks and tests use the datasets
// where every method has a value. A killed run whose seed ran again later is left out. A figure
// that cannot be drawn (no run has a value) is left out with a note in the Markdown.
Report make_report(const std::vector<BenchRun>& runs, const ReportOptions& options);

}  // namespace autosmote
