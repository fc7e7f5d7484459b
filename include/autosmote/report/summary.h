// Comparison of methods across runs: reads the per-run CSV files that `evaluate --csv` writes and
// prints one row per (dataset, model, sampler) with mean ± std of the chosen metrics and the mean
// seconds per run. Used by `autosmote summarize` and `make demo`.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace autosmote {

struct RunRecord {
  std::string dataset, model, sampler, protocol;
  std::map<std::string, double> values;  // metric or timing name -> value
};

// Throws InputError when a required column (dataset, model, sampler, protocol) is missing or a
// value is not a number.
std::vector<RunRecord> read_runs_csv(const std::string& path);

// "diabetes" for "../shared/data/diabetes.csv", "synthetic" for a synthetic spec.
std::string short_dataset_name(const std::string& source);

std::string comparison_table(const std::vector<RunRecord>& runs, const std::vector<std::string>& metrics);

// Markdown table of one metric: a row per dataset, a column per method ("model + sampler", in
// order of first appearance), cells "mean ± std" with the best mean of each row in bold, then
// the mean over datasets and the average rank (1 = best; ties share the mean rank) over the
// datasets where every method ran.
std::string pivot_markdown(const std::vector<RunRecord>& runs, const std::string& metric);

}  // namespace autosmote
