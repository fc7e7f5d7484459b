// `autosmote summarize`: a terminal view of runs files (bench's runs.csv, or what `evaluate --csv`
// writes in the same format), read with read_bench_runs as the report reads them: one row per
// (dataset, model + sampler) with mean ± std of the chosen metrics and the mean seconds per run, or a
// Markdown dataset x method table of one metric. Used by `autosmote summarize` and `make demo`.
#pragma once

#include <string>
#include <vector>

#include "autosmote/eval/bench.h"

namespace autosmote {

// The finished runs (status ok) of the files, without the killed runs that ran again; the files
// must exist (InputError otherwise) and be runs files (read_bench_runs).
std::vector<BenchRun> read_finished_runs(const std::vector<std::string>& paths);

std::string comparison_table(const std::vector<BenchRun>& runs, const std::vector<std::string>& metrics);

// Markdown table of one metric: a row per dataset, a column per method ("model + sampler", in
// order of first appearance), cells "mean ± std" with the best mean of each row in bold, then
// the mean over datasets and the average rank (1 = best; ties share the mean rank) over the
// datasets where every method ran.
std::string pivot_markdown(const std::vector<BenchRun>& runs, const std::string& metric);

}  // namespace autosmote
