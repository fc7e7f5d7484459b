// Fuzz target `bench_runs`: read_bench_runs (eval/bench.h) on arbitrary runs.csv contents, then
// what `report` and a resumed `bench` do with the runs: bench_key and method_label of each run,
// and make_report (report/report.h: tables, rank tests, SVG figures) over all of them.
// Invariants: skipped lines are counted, never negative; every ok run has a value per metric
// column and a failed run none.
#include <string>

#include "autosmote/eval/bench.h"
#include "autosmote/report/report.h"
#include "fuzz_target.h"

int fuzz_one(const uint8_t* data, size_t size) {
  using namespace autosmote;
  using namespace autosmote::fuzz;
  const std::string path = write_scratch_file(data, size, "-runs.csv");
  std::vector<BenchRun> runs;
  int64_t skipped = -1;
  if (!accepts([&] { runs = read_bench_runs(path, &skipped); })) return 0;
  fuzz_check(skipped >= 0, "skipped lines are counted");
  const size_t value_columns = run_value_names().size();
  for (const BenchRun& run : runs) {
    fuzz_check(run.ok ? run.values.size() == value_columns : run.values.empty(),
               "an ok run has every value, a failed run none");
    bench_key(run);
    method_label(run.model, run.sampler);
  }
  if (!runs.empty()) accepts([&] { make_report(runs, ReportOptions{}); });
  return 0;
}
