// The library's top-level operations, one per CLI subcommand: train a model on a table
// (preprocess -> resample -> fit: eval/fitting.h) and predict with it. The CLI only parses flags, calls one of
// these and prints.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autosmote/core/table.h"
#include "autosmote/eval/experiment.h"
#include "autosmote/eval/selection_record.h"
#include "autosmote/io/csv.h"
#include "autosmote/models/classifier.h"
#include "autosmote/oversampling/oversampler.h"
#include "autosmote/preprocess/preprocessor.h"
#include "autosmote/select/auto_select.h"

namespace autosmote {

struct TrainConfig {
  std::string model_spec = "mlp";  // a classifier's spec, or auto[:...] (select/auto_select.h)
  std::string sampler_spec = "none";
  Scaling scaling = Scaling::kMinMax;
  uint64_t seed = 0;
  FitContext context;  // device and log; its seed is replaced by `seed`
  // auto: called after each fit of the selection (the CLI's progress bar).
  std::function<void(const AutoProgress&)> auto_progress;
};

// Everything a model file holds.
struct TrainedModel {
  std::string target_name;
  std::vector<std::string> class_names;
  std::string sampler_spec = "none";
  Preprocessor preprocessor;
  std::unique_ptr<Classifier> classifier;
  std::optional<SelectionRecord> selection;  // a model `auto` chose: what it tried
  std::vector<std::string> warnings;         // from training (e.g. k clamped); not saved
};

// Fits the preprocessor on all rows, resamples the preprocessed rows, fits the classifier; for
// model auto[:...], selects the candidate first (select/auto_select.h) and keeps its record.
TrainedModel train_model(const Table& table, const TrainConfig& config);

// A model spec's canonical form: a classifier's spec() or AutoOptions::spec(). Throws SpecError.
std::string canonical_model_spec(const std::string& spec);

// run_experiment (eval/experiment.h) for any model spec, auto included (each run's selection on
// its training part only, nested by construction).
ExperimentResult evaluate_table(const Table& table, ExperimentConfig config);

// CSV options that read a file to predict on with the column types the model was trained with
// (the label column may be absent).
CsvOptions prediction_csv_options(const TrainedModel& model);

// [n, C] probabilities for every row of `table`.
Matrix predict_proba(const TrainedModel& model, const Table& table);

struct ResampleConfig {
  std::string sampler_spec = "smote";
  Scaling scaling = Scaling::kMinMax;  // the space in which neighbours are found
  uint64_t seed = 0;
  bool impute = false;  // fill missing values (median / most frequent) instead of refusing them
  FitContext context;   // for learned samplers
};

struct ResampleResult {
  std::vector<std::string> class_names;
  std::vector<int64_t> counts_before, counts_after;
  int64_t n_original = 0, n_synthetic = 0;
  std::vector<std::string> warnings;
  Preprocessor preprocessor;  // fitted on all rows: maps the synthetic rows back
  Resampled resampled;        // preprocessed: the original rows kept, then the synthetic ones
};

// Resamples a table. Errors: missing values without `impute` (InputError naming the column);
// categorical columns with a sampler that interpolates one-hot columns (SpecError suggesting
// smote-nc / smoten).
ResampleResult resample_table(const Table& table, const ResampleConfig& config);

// Writes `result` as CSV in `table`'s columns (its header, in its order) and units: the original
// rows first, written from the table's columns (a number as format_number writes it, a missing
// value as the column's fill when imputing), then the synthetic rows mapped back (numeric columns
// unscaled, integer-valued columns rounded, categorical columns as their text: see
// Preprocessor::write_inverse_value). Rows are formatted straight into the file's buffer.
void write_resampled_csv(const std::string& path, const Table& table, const ResampleResult& result);

// What `autosmote explain --json` prints: for auto-smote its learned policy (explain_json with the
// preprocessed column names), for another model {"model": spec}; then "sampler",
// "operating_point": {"threshold": "none" | "tuned", "class_offsets": {class name: offset}} and,
// for a model auto chose, "selection" (SelectionRecord::to_json).
nlohmann::json explain_model_json(const TrainedModel& model);

// Writes predictions: a `prediction` column (class names), plus `proba_<class>` columns when
// `with_proba`.
void write_predictions(const std::string& path, const TrainedModel& model, const Matrix& proba, bool with_proba);

}  // namespace autosmote
