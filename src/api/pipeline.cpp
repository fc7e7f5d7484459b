#include "autosmote/api/pipeline.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/io/csv.h"
#include "autosmote/core/params.h"
#include "autosmote/eval/fitting.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"

namespace autosmote {

namespace {

// The options of an auto spec, which chooses its own sampler: any sampler but none is an error.
AutoOptions auto_options(const std::string& model_spec, const std::string& sampler_spec) {
  if (sampler_spec != "none")
    throw SpecError("model 'auto' chooses its own sampler: leave the sampler at none (got '" + sampler_spec + "')");
  return AutoOptions::parse(model_spec);
}

}  // namespace

TrainedModel train_model(const Table& table, const TrainConfig& config) {
  if (!table.has_target) throw InputError(table.source + ": training needs the label column");
  TrainedModel m;
  m.target_name = table.target_name;
  m.class_names = table.class_names;
  FittedPipeline fitted;
  if (is_auto_model_spec(config.model_spec)) {
    const AutoOptions options = auto_options(config.model_spec, config.sampler_spec);
    AutoFit chosen = fit_auto(table, {}, options, config.scaling, config.seed, config.context, config.auto_progress);
    fitted = std::move(chosen.fitted);
    m.selection = std::move(chosen.record);
  } else {
    const auto prototype = make_classifier(config.model_spec);
    const SamplerGrid sampler = parse_sampler_grid(config.sampler_spec);
    fitted = fit_pipeline(table, {}, sampler, *prototype, config.scaling, config.seed, config.context);
  }
  m.sampler_spec = fitted.sampler;
  m.preprocessor = std::move(fitted.preprocessor);
  m.classifier = std::move(fitted.classifier);
  m.warnings = std::move(fitted.warnings);
  return m;
}

std::string canonical_model_spec(const std::string& spec) {
  return is_auto_model_spec(spec) ? AutoOptions::parse(spec).spec() : make_classifier(spec)->spec();
}

ExperimentResult evaluate_table(const Table& table, ExperimentConfig config) {
  if (is_auto_model_spec(config.model_spec)) {
    const AutoOptions options = auto_options(config.model_spec, config.sampler_spec);
    config.model_spec = options.spec();
    const Scaling scaling = config.scaling;
    config.fit = [options, scaling](const Table& t, const std::vector<int64_t>& rows, uint64_t seed,
                                    const FitContext& context) {
      return fit_auto(t, rows, options, scaling, seed, context).fitted;
    };
  }
  return run_experiment(table, config);
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

nlohmann::json explain_model_json(const TrainedModel& model) {
  const auto* auto_smote = dynamic_cast<const AutoSmote*>(model.classifier.get());
  nlohmann::json j = auto_smote ? explain_json(*auto_smote, model.class_names, model.preprocessor.output_names())
                                : nlohmann::json{{"model", model.classifier->spec()}};
  j["sampler"] = model.sampler_spec;
  nlohmann::json offsets = nlohmann::json::object();
  for (size_t c = 0; c < model.classifier->offsets().size(); ++c)
    offsets[model.class_names[c]] = model.classifier->offsets()[c];
  j["operating_point"] = {{"threshold", model.classifier->threshold() == Threshold::kTuned ? "tuned" : "none"},
                          {"class_offsets", offsets}};
  if (model.selection) j["selection"] = model.selection->to_json();
  return j;
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
  FittedPipeline fitted = resample_training(table, {}, *sampler, config.scaling, config.seed, config.context);
  ResampleResult res;
  res.class_names = table.class_names;
  res.warnings = fitted.resampled.warnings;
  res.counts_before = class_counts(table.y, table.n_classes());
  res.counts_after = class_counts(fitted.resampled.y, table.n_classes());
  res.n_original = static_cast<int64_t>(fitted.resampled.original_rows.size());
  res.n_synthetic = fitted.resampled.x.rows - res.n_original;
  res.preprocessor = std::move(fitted.preprocessor);
  res.resampled = std::move(fitted.resampled);
  return res;
}

namespace {

// Where each header column comes from: -1 = the label, else the index of a feature column.
std::vector<int64_t> header_sources(const Table& table) {
  std::vector<int64_t> source(table.header.size(), -1);
  for (size_t h = 0; h < table.header.size(); ++h) {
    if (table.header[h] == table.target_name) continue;
    for (size_t c = 0; c < table.columns.size(); ++c)
      if (table.columns[c].name == table.header[h]) source[h] = static_cast<int64_t>(c);
  }
  return source;
}

// Row `row` of `col` as resample writes it: a missing value is the fitted fill.
void write_original_value(const Column& col, const ColumnTransform& ct, int64_t row, CsvWriter& out) {
  double v = col.values[static_cast<size_t>(row)];
  if (col.categorical) {
    if (!std::isnan(v))
      out.text(col.categories[static_cast<size_t>(v)]);
    else
      out.text(ct.fill >= 0 ? std::string_view(ct.categories[static_cast<size_t>(ct.fill)]) : std::string_view());
    return;
  }
  out.shortest(std::isnan(v) ? ct.fill : v);
}

}  // namespace

void write_resampled_csv(const std::string& path, const Table& table, const ResampleResult& result) {
  const std::vector<int64_t> source = header_sources(table);
  const auto& transforms = result.preprocessor.columns();
  const Resampled& data = result.resampled;
  CsvWriter out(path);
  for (const auto& name : table.header) out.text(name);
  out.end_row();
  for (int64_t i = 0; i < result.n_original; ++i) {
    const int64_t r = data.original_rows[static_cast<size_t>(i)];
    for (const int64_t s : source) {
      if (s < 0)
        out.text(table.class_names[static_cast<size_t>(table.y[static_cast<size_t>(r)])]);
      else
        write_original_value(table.columns[static_cast<size_t>(s)], transforms[static_cast<size_t>(s)], r, out);
    }
    out.end_row();
  }
  std::vector<double> values;
  for (int64_t i = result.n_original; i < data.x.rows; ++i) {
    result.preprocessor.inverse_transform_row(data.x, i, &values);
    for (const int64_t s : source) {
      if (s < 0)
        out.text(table.class_names[static_cast<size_t>(data.y[static_cast<size_t>(i)])]);
      else
        result.preprocessor.write_inverse_value(static_cast<size_t>(s), values[static_cast<size_t>(s)], out);
    }
    out.end_row();
  }
  out.commit();
}

void write_predictions(const std::string& path, const TrainedModel& model, const Matrix& proba, bool with_proba) {
  const Labels pred = model.classifier->decide(proba);
  CsvWriter out(path);
  out.text("prediction");
  if (with_proba)
    for (const auto& c : model.class_names) out.text("proba_" + c);
  out.end_row();
  for (int64_t i = 0; i < proba.rows; ++i) {
    out.text(model.class_names[static_cast<size_t>(pred[static_cast<size_t>(i)])]);
    if (with_proba)
      for (int64_t c = 0; c < proba.cols; ++c) out.general(static_cast<double>(proba.at(i, c)), 9);
    out.end_row();
  }
  out.commit();
}

}  // namespace autosmote
