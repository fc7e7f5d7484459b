#include "autosmote/api/pipeline.h"

#include <cmath>
#include <cstdio>

#include "autosmote/core/error.h"
#include "autosmote/io/csv.h"
#include "autosmote/core/params.h"
#include "autosmote/eval/fitting.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"

namespace autosmote {

TrainedModel train_model(const Table& table, const TrainConfig& config) {
  if (!table.has_target) throw InputError(table.source + ": training needs the label column");
  TrainedModel m;
  m.target_name = table.target_name;
  m.class_names = table.class_names;
  const auto prototype = make_classifier(config.model_spec);
  const SamplerGrid sampler = parse_sampler_grid(config.sampler_spec);
  FittedPipeline fitted = fit_pipeline(table, {}, sampler, *prototype, config.scaling, config.seed, config.context);
  m.sampler_spec = fitted.sampler;
  m.preprocessor = std::move(fitted.preprocessor);
  m.classifier = std::move(fitted.classifier);
  m.warnings = std::move(fitted.warnings);
  return m;
}

CsvOptions prediction_csv_options(const TrainedModel& model) {
  CsvOptions o;
  o.target = model.target_name;
  o.require_target = false;
  o.strict_column_lists = false;  // a missing column is reported by the preprocessor, by name
  for (const auto& c : model.preprocessor.columns()) (c.categorical ? o.categorical : o.numeric).push_back(c.name);
  return o;
}

Matrix predict_proba(const TrainedModel& model, const Table& table) {
  return model.classifier->predict_proba(model.preprocessor.transform(table));
}

static std::string original_text(const Column& col, const ColumnTransform& ct, int64_t row) {
  double v = col.values[static_cast<size_t>(row)];
  if (col.categorical) {
    if (std::isnan(v)) return ct.fill >= 0 ? ct.categories[static_cast<size_t>(ct.fill)] : "";
    return col.categories[static_cast<size_t>(v)];
  }
  if (std::isnan(v)) v = ct.fill;
  return format_number(v);
}

ResampleResult resample_table(const Table& table, const ResampleConfig& config) {
  if (!table.has_target) throw InputError(table.source + ": resampling needs the label column");
  if (parse_sampler_grid(config.sampler_spec).tuned())
    throw SpecError("sampler '" + config.sampler_spec +
                    "' is a grid: tuning it needs a classifier (use it with evaluate, train or bench)");
  const auto sampler = make_oversampler(config.sampler_spec);
  std::vector<std::string> categorical;
  for (const auto& col : table.columns)
    if (col.categorical) categorical.push_back("'" + col.name + "'");
  if (!categorical.empty() && !sampler->keeps_categories())
    throw SpecError(
        "sampler '" + sampler->spec() + "' interpolates one-hot columns, but " + join(categorical, ", ") +
        (categorical.size() == 1 ? " is" : " are") +
        " categorical: use smote-nc for mixed numeric + categorical data, or smoten for categorical-only data");
  for (const auto& col : table.columns) {
    const int64_t missing = col.missing_count();
    if (missing > 0 && !config.impute)
      throw InputError(table.source + ": column '" + col.name + "' has " + std::to_string(missing) +
                       " missing values; fill them first or pass --impute (median / most frequent)");
  }
  const FittedPipeline fitted =
      resample_training(table, {}, *sampler, config.scaling, config.seed, config.context.device);
  const Preprocessor& pre = fitted.preprocessor;
  const Resampled& data = fitted.resampled;
  ResampleResult res;
  res.header = table.header;
  res.class_names = table.class_names;
  res.warnings = data.warnings;
  res.counts_before = class_counts(table.y, table.n_classes());
  res.counts_after = class_counts(data.y, table.n_classes());
  res.n_original = static_cast<int64_t>(data.original_rows.size());
  res.n_synthetic = data.x.rows - res.n_original;
  // Where each output column comes from: -1 = the label, else a feature column.
  std::vector<int64_t> source(table.header.size(), -1);
  for (size_t h = 0; h < table.header.size(); ++h) {
    if (table.header[h] == table.target_name) continue;
    for (size_t c = 0; c < table.columns.size(); ++c)
      if (table.columns[c].name == table.header[h]) source[h] = static_cast<int64_t>(c);
  }
  const auto& cts = pre.columns();
  res.rows.reserve(static_cast<size_t>(data.x.rows));
  for (int64_t i = 0; i < res.n_original; ++i) {
    const int64_t r = data.original_rows[static_cast<size_t>(i)];
    std::vector<std::string> row(table.header.size());
    for (size_t h = 0; h < row.size(); ++h)
      row[h] =
          source[h] < 0 ? table.class_names[table.y[r]] : original_text(table.columns[source[h]], cts[source[h]], r);
    res.rows.push_back(std::move(row));
  }
  Matrix synth(res.n_synthetic, data.x.cols);
  std::copy(data.x.data.begin() + res.n_original * data.x.cols, data.x.data.end(), synth.data.begin());
  const auto text = pre.inverse_transform(synth);
  for (int64_t i = 0; i < res.n_synthetic; ++i) {
    std::vector<std::string> row(table.header.size());
    for (size_t h = 0; h < row.size(); ++h)
      row[h] = source[h] < 0 ? table.class_names[data.y[res.n_original + i]] : text[i][source[h]];
    res.rows.push_back(std::move(row));
  }
  return res;
}

void write_predictions(const std::string& path, const TrainedModel& model, const Matrix& proba, bool with_proba) {
  std::vector<std::string> header = {"prediction"};
  if (with_proba)
    for (const auto& c : model.class_names) header.push_back("proba_" + c);
  const Labels pred = model.classifier->decide(proba);
  std::vector<std::vector<std::string>> rows(static_cast<size_t>(proba.rows));
  char buf[32];
  for (int64_t i = 0; i < proba.rows; ++i) {
    auto& r = rows[static_cast<size_t>(i)];
    r.push_back(model.class_names[static_cast<size_t>(pred[i])]);
    if (with_proba)
      for (int64_t c = 0; c < proba.cols; ++c) {
        std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(proba.at(i, c)));
        r.push_back(buf);
      }
  }
  write_csv(path, header, rows);
}

}  // namespace autosmote
