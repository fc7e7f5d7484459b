// The benchmark grid and its runs file. `autosmote bench` runs every dataset x (sampler, model)
// cell for every seed and appends each finished run to DIR/runs.csv at once; a run is keyed by
// the dataset's content hash, the canonical model and sampler specs, the protocol and the seed, so
// running the same bench again skips what is done. Torch-free: the CLI spawns the runs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "autosmote/eval/experiment.h"

namespace autosmote {

// "diabetes" for "../shared/data/diabetes.csv", "synthetic" for a synthetic spec.
std::string short_dataset_name(const std::string& source);

// Splits a comma-separated list of specs where a spec's own parameters also use commas: an item
// holding '=' but no ':' continues the previous spec ("mlp,smote:k_neighbors=3,sampling_strategy=0.5,adasyn"
// -> mlp | smote:k_neighbors=3,sampling_strategy=0.5 | adasyn). Throws SpecError on an empty item
// or a list that starts with a parameter.
std::vector<std::string> split_spec_list(const std::string& list);

struct BenchDataset {
  std::string source;  // a CSV path or a synthetic:... spec
  std::string name;    // short_dataset_name(source)
  std::string hash;    // FNV-1a 64 of the file's bytes (or of the synthetic spec), 16 hex digits
};
// Each item: a directory (its *.csv files, sorted by name), a CSV file or a synthetic spec.
// Throws InputError for a missing path, an empty directory or two datasets with the same name.
std::vector<BenchDataset> bench_datasets(const std::vector<std::string>& items);

// One value per run: the columns of runs.csv after the key columns.
struct BenchRun {
  std::string dataset, data_hash, model, sampler, protocol;
  uint64_t seed = 0;
  int64_t repeat = 0, fold = 0;
  bool ok = true;
  bool killed = false;                   // !ok because the process was killed (status "killed"): run again
  std::string error;                     // when !ok
  std::map<std::string, double> values;  // run_value_names() -> value (ok runs)
};

// A run's whole cost in seconds: resampling, fitting and the tuning fits (0 for a failed run).
double run_seconds(const BenchRun& run);

// "DATA_HASH|MODEL|SAMPLER|PROTOCOL|SEED": a seed is done when a row with this key and status "ok"
// or "error" is in the file; a "killed" row (the run's process died of a signal, e.g. SIGKILL from
// the out-of-memory killer) does not count, so the next bench runs that seed again.
std::string bench_key(const std::string& data_hash, const std::string& model, const std::string& sampler,
                      const std::string& protocol, uint64_t seed);
std::string bench_key(const BenchRun& run);

std::vector<std::string> bench_columns();
// The runs.csv lines of one finished experiment (one per split), or of a failed seed (one line).
std::string bench_lines(const BenchDataset& data, const ExperimentResult& result);
// A whole runs file of one experiment, the header then bench_lines (what `evaluate --csv` writes).
std::string bench_runs_csv(const BenchDataset& data, const ExperimentResult& result);
std::string bench_error_line(const BenchDataset& data, const std::string& model, const std::string& sampler,
                             const std::string& protocol, uint64_t seed, const std::string& error);
// The line of a seed whose process was killed by a signal (status "killed"; retried by the next bench).
std::string bench_killed_line(const BenchDataset& data, const std::string& model, const std::string& sampler,
                              const std::string& protocol, uint64_t seed, const std::string& why);

// Appends `text` to `path` under an exclusive flock, with one write(2) on a file opened with
// O_APPEND, so that lines of concurrent writers never interleave; writes the header first when the
// file is new or empty, and a newline first when the last line was cut off.
void append_bench_lines(const std::string& path, const std::string& text);

// Reads runs.csv. A line that cannot be read whole (a run cut off mid-write) is skipped and counted
// in *skipped_lines, so that it runs again; any other damage (wrong header, bad number or status) is
// an InputError naming the line. A missing file is an empty bench; a directory or an unreadable file
// is an InputError.
// A file of the format before issue 13 (no tuning_seconds, inner_fits) reads with both at 0.
std::vector<BenchRun> read_bench_runs(const std::string& path, int64_t* skipped_lines = nullptr);
// Rewrites a runs file of that earlier format in today's (both columns 0 on ok lines), atomically
// (io/output_file.h), so that bench can append to it; false when there was nothing to upgrade.
// Called by bench before any run starts. Throws InputError as read_bench_runs does.
bool upgrade_bench_runs(const std::string& path);

// One cell of the grid (a dataset, a model and a sampler) and the seeds it still has to run.
struct BenchCell {
  BenchDataset data;
  std::string model, sampler;
  std::vector<uint64_t> missing;
};

// The file name of a cell's log in DIR/logs/, named by what the cell runs: the dataset's name
// (characters other than letters, digits, '-', '_' and '.' as '_': a synthetic spec's holds '/')
// and the FNV-1a of its data hash, model and sampler. Bench appends to it, so a resumed or a later
// bench in the same folder keeps the earlier lines (auto's choices among them).
std::string bench_cell_log_name(const BenchCell& cell);

struct BenchPlan {
  std::vector<BenchCell> cells;  // the cells with seeds to run, in grid order (dataset, model, sampler)
  int64_t total = 0;             // runs of the whole grid (one per cell and seed)
  int64_t done = 0;              // of those, already in the runs file (status ok or error)
};

// The grid datasets x models x samplers (a model that resamples_internally runs with "none"
// only; a repeated cell counts once) for every seed, less the seeds `runs` already holds: a killed
// run is not done, it runs again. The specs must be canonical (as bench_key compares them).
BenchPlan plan_bench(const std::vector<BenchDataset>& datasets, const std::vector<std::string>& models,
                     const std::vector<std::string>& samplers, const std::string& protocol,
                     const std::vector<uint64_t>& seeds, const std::vector<BenchRun>& runs);

// Classifier::resamples_internally of the model a spec makes; false for a spec that does not parse.
bool resamples_internally(const std::string& model_spec);

// How a method is shown: the sampler for mlp ("smote"), the model for models that over-sample
// themselves ("auto-smote:variant=self") and for other models without a sampler ("xgboost"), else
// "model + sampler"; a sampler grid shows as
// "tuned-NAME" ("tuned-smote") and a model with threshold=tuned gains " (t)" ("smote (t)",
// "auto-smote (t)").
std::string method_label(const std::string& model, const std::string& sampler);

}  // namespace autosmote
