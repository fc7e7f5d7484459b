// The tables a benchmark report is made of, built from the runs of runs.csv: the methods and
// datasets in report order, per metric a dataset x method table of mean ± sd, the seconds per run
// and the failed cells. Torch-free; rendered by report.h.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "autosmote/eval/bench.h"

namespace autosmote {

// Mean and sample standard deviation (n - 1; 0 for one value) of the non-NaN values; NaN when none.
struct CellStat {
  double mean = std::nan(""), sd = std::nan("");
  int64_t n = 0;
};
CellStat cell_stat(const std::vector<double>& values);

struct ReportTables {
  // Methods: mlp + none first, then the other mlp + sampler methods, then the rest, each by label.
  std::vector<std::string> methods;
  std::map<std::string, std::pair<std::string, std::string>> method_specs;  // label -> (model, sampler)
  std::vector<std::string> datasets;                                        // by name
  std::set<std::string> protocols;
  std::set<uint64_t> seeds;
  size_t n_runs = 0;
  std::map<std::string, std::vector<std::vector<CellStat>>> stats;  // metric -> [dataset][method]
  std::vector<std::vector<std::vector<double>>> seconds;  // [dataset][method] -> resample + fit seconds per ok run
  std::vector<std::vector<std::vector<double>>> parameters;  // [dataset][method] -> learnable parameters per ok run
  std::map<std::string, std::pair<int64_t, std::string>> failures;  // "dataset / method" -> (failed runs, first error)

  size_t method_index(const std::string& label) const;
};

// The runs without the killed ones whose seed ran again later (a killed seed is retried).
std::vector<BenchRun> latest_runs(const std::vector<BenchRun>& all);

// Tables of `metrics` over latest_runs(all). InputError: no run, or an ok run without one of the metrics.
ReportTables tabulate_runs(const std::vector<BenchRun>& all, const std::vector<std::string>& metrics);

// The method tested against the others: `requested` (InputError when it is not a method), or when
// empty the first method whose model over-samples itself as a learned cohort (not variant=self, not
// policy=random); empty when there is none.
std::string focus_method(const ReportTables& tables, const std::string& requested);

}  // namespace autosmote
