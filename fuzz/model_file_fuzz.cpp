// Fuzz target `model_file`: load_model (serialize/model_file.h) on arbitrary file contents, then
// what `predict` and `explain` do with the loaded model: predict_proba on a small table built from
// the model's own columns (a value, a missing value, an unseen category), write_predictions with
// probabilities, the explanation of an auto-smote model and the leaderboard of an auto model.
//
// The checksum would stop almost every mutation at the door, so an input that is a JSON object
// with a string "checksum" gets the right checksum put in before loading (the file then holds
// that object, re-serialised); any other input (not JSON, no checksum, a checksum of another
// type) is loaded as it is.
// Invariants: a loaded model predicts one probability per class name for every row; saved again
// and reloaded, it predicts the same probabilities.
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/hash.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/select/auto_select.h"
#include "autosmote/serialize/model_file.h"
#include "fuzz_target.h"

namespace autosmote::fuzz {
namespace {

// The input with its checksum recomputed, or the input itself (see above).
std::string with_valid_checksum(const uint8_t* data, size_t size) {
  const std::string raw(reinterpret_cast<const char*>(data), size);
  nlohmann::json body = nlohmann::json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("checksum") || !body["checksum"].is_string()) return raw;
  body.erase("checksum");
  body["checksum"] = fnv1a_hex(body.dump());
  return body.dump();
}

// Three rows in the model's input columns: an ordinary value, a missing one, an unseen category.
Table rows_for(const TrainedModel& model) {
  Table table;
  table.source = "fuzz rows";
  table.n_rows = 3;
  for (const ColumnTransform& ct : model.preprocessor.columns()) {
    Column col;
    col.name = ct.name;
    col.categorical = ct.categorical;
    if (ct.categorical) {
      col.categories = ct.categories;
      col.categories.push_back("\x01 unseen category");
      const double unseen = static_cast<double>(ct.categories.size());
      col.values = {ct.categories.empty() ? unseen : 0.0, std::nan(""), unseen};
    } else {
      col.values = {0.5, std::nan(""), -2.0};
    }
    table.header.push_back(col.name);
    table.columns.push_back(std::move(col));
  }
  return table;
}

}  // namespace
}  // namespace autosmote::fuzz

int fuzz_one(const uint8_t* data, size_t size) {
  using namespace autosmote;
  using namespace autosmote::fuzz;
  const std::string bytes = with_valid_checksum(data, size);
  const std::string path = write_scratch_file(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), ".model");
  TrainedModel model;
  if (!accepts([&] { model = load_model(path); })) return 0;
  fuzz_check(model.classifier != nullptr, "a loaded model has a classifier");
  accepts([&] {
    const Table table = rows_for(model);
    const Matrix proba = predict_proba(model, table);
    fuzz_check(proba.rows == table.n_rows, "one row of probabilities per input row");
    fuzz_check(proba.cols == static_cast<int64_t>(model.class_names.size()), "one probability per class name");
    write_predictions(scratch_path("-predictions.csv"), model, proba, true);
    const std::string again_path = scratch_path("-again.model");
    save_model(again_path, model);
    const Matrix again = predict_proba(load_model(again_path), table);
    fuzz_check(again.rows == proba.rows && again.cols == proba.cols &&
                   std::memcmp(again.data.data(), proba.data.data(), proba.data.size() * sizeof(float)) == 0,
               "a saved and reloaded model predicts the same probabilities");
  });
  if (const auto* auto_smote = dynamic_cast<const AutoSmote*>(model.classifier.get())) {
    accepts([&] {
      const auto names = model.preprocessor.output_names();
      explain_json(*auto_smote, model.class_names, names).dump();
      explain_text(*auto_smote, model.class_names, names);
    });
  }
  if (model.selection) {
    accepts([&] {
      selection_text(*model.selection, model.class_names);
      fuzz_check(model_from_text(model_file_text(model, "again"), "again").selection->to_json() ==
                     model.selection->to_json(),
                 "a selection record reads back as itself");
    });
  }
  return 0;
}
