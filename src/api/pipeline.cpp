#include "autosmote/api/pipeline.h"

#include <cstdio>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/core/random.h"
#include "autosmote/models/factory.h"
#include "autosmote/oversampling/factory.h"

namespace autosmote {

TrainedModel train_model(const Table& table, const TrainConfig& config) {
  if (!table.has_target) throw InputError(table.source + ": training needs the label column");
  TrainedModel m;
  m.target_name = table.target_name;
  m.class_names = table.class_names;
  m.classifier = make_classifier(config.model_spec);
  auto sampler = make_oversampler(config.sampler_spec);
  m.sampler_spec = sampler->spec();
  m.preprocessor = Preprocessor(config.scaling);
  m.preprocessor.fit(table);
  const Matrix x = m.preprocessor.transform(table);
  Rng rng(derive_seed(config.seed, 1));
  Resampled data = sampler->fit_resample(x, table.y, table.n_classes(), rng, table.class_names);
  FitContext ctx = config.context;
  ctx.seed = derive_seed(config.seed, 2);
  m.classifier->fit(data.x, data.y, table.n_classes(), ctx);
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

void write_predictions(const std::string& path, const TrainedModel& model, const Matrix& proba, bool with_proba) {
  std::vector<std::string> header = {"prediction"};
  if (with_proba)
    for (const auto& c : model.class_names) header.push_back("proba_" + c);
  const Labels pred = argmax_rows(proba);
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
