// The classifiers of the Python package (autosmote.MLPClassifier, autosmote.AutoSMOTEClassifier in
// python/autosmote/classifiers.py) over the C++ classifier registry, through the pipeline of
// `autosmote train` / `predict` / `explain` (api/pipeline.h), so a model trained from Python is the
// model the CLI trains on the same rows and seed, and predicts as `autosmote predict` does:
//
//   classifier_names() -> list[str]                     the registry's names, in its order
//   canonical_model_spec(name, params) -> str            checks the keys (SpecError -> ValueError)
//   Model.train(name, params, X, y, class_names, feature_names, target_name, seed, n_threads)
//       the min-max preprocessor fitted on X, then the classifier (and the operating point of
//       threshold=tuned), as `autosmote train --seed seed` on a CSV of these columns
//   Model.predict_proba(X, n_threads) -> float32 [rows, classes]; Model.predict(X, n_threads) ->
//       int64 class codes (the operating point's offsets applied)
//   Model.to_bytes() -> bytes                            the model file `autosmote train` writes
//   Model.from_bytes(bytes) -> Model                     read with load_model's checks (untrusted)
//   Model.explain_json() -> str                          what `autosmote explain --json` prints
//   Model.train_columns(name, params, columns, y, ...), Model.predict_proba_columns(columns, n_threads),
//   Model.predict_columns(columns, n_threads): the same from columns one by one (a DataFrame's,
//       python/autosmote/classifiers.py): a float64 1-d array is a numeric column (NaN: missing),
//       a list of str / None is read as the CSV reader reads that column's fields (io/csv.h
//       column_from_fields: numeric when every value is a number, else categorical); when
//       predicting, a column takes the model's type
//   Model.spec, class_names, feature_names, categorical_features, warnings
//
// X is a float64 [rows, features] array of finite numbers (the Python layer checks them), y int64
// codes in [0, len(class_names)). Feature i is column feature_names[i]. The GIL is released while
// C++ trains and predicts; errors are translated by module.cpp's translator.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/core/runtime.h"
#include "autosmote/io/csv.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/serialize/model_file.h"

namespace py = pybind11;

namespace {

using autosmote::Matrix;
using autosmote::Table;
using autosmote::TrainedModel;
using Features = py::array_t<double, py::array::c_style | py::array::forcecast>;

// What a pickled model is called in the model-file reader's messages.
constexpr const char* kPickleName = "<pickled autosmote model>";

// name + keys -> the registry's model spec. Values holding a spec separator would read as other keys.
std::string model_spec_of(const std::string& name, const std::map<std::string, std::string>& params) {
  autosmote::Spec spec{name, {}};
  for (const auto& [key, value] : params) {
    if (value.find_first_of(",=") != std::string::npos)
      throw autosmote::SpecError("model '" + name + "': the value of " + key + " ('" + value +
                                 "') may not contain ',' or '='");
    spec.args.emplace_back(key, value);
  }
  return autosmote::canonical_model_spec(spec.str());
}

// X [rows, features] as the table the CSV reader makes of the same numbers: numeric columns named
// `feature_names`, integer_valued where every value is an integer.
Table table_of(const Features& x, const std::vector<std::string>& feature_names) {
  if (x.ndim() != 2)
    throw autosmote::InputError("X must be a 2-d array [rows, features], got " + std::to_string(x.ndim()) +
                                " dimension(s)");
  const auto rows = x.shape(0), cols = x.shape(1);
  if (static_cast<size_t>(cols) != feature_names.size())
    throw autosmote::InputError("X has " + std::to_string(cols) + " columns, but " +
                                std::to_string(feature_names.size()) + " feature names were given");
  Table table;
  table.source = "X";
  table.n_rows = rows;
  table.columns.resize(static_cast<size_t>(cols));
  const double* data = x.data();
  for (py::ssize_t c = 0; c < cols; ++c) {
    autosmote::Column& column = table.columns[static_cast<size_t>(c)];
    column.name = feature_names[static_cast<size_t>(c)];
    column.values.resize(static_cast<size_t>(rows));
    column.integer_valued = true;
    for (py::ssize_t r = 0; r < rows; ++r) {
      const double v = data[r * cols + c];
      column.values[static_cast<size_t>(r)] = v;
      column.integer_valued = column.integer_valued && (std::isnan(v) || v == std::floor(v));  // NaN: missing
    }
    table.header.push_back(column.name);
  }
  return table;
}

// Columns one by one as a table (see the header). `categorical`: when predicting, the model's
// categorical columns by name (a text column is then read with the model's type); null: inferred.
Table table_of_columns(const py::list& columns, const std::vector<std::string>& feature_names,
                       const std::map<std::string, bool>* categorical) {
  if (columns.size() != feature_names.size())
    throw autosmote::InputError("X has " + std::to_string(columns.size()) + " columns, but " +
                                std::to_string(feature_names.size()) + " feature names were given");
  Table table;
  table.source = "X";
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string& name = feature_names[c];
    const py::handle item = columns[c];
    autosmote::ColumnKind kind = autosmote::ColumnKind::kInfer;
    if (categorical) {
      const auto it = categorical->find(name);
      if (it != categorical->end()) kind = it->second ? autosmote::ColumnKind::kCategorical : autosmote::ColumnKind::kNumeric;
    }
    autosmote::Column column;
    if (py::isinstance<py::array>(item)) {
      if (kind == autosmote::ColumnKind::kCategorical)
        throw autosmote::InputError("X: column '" + name + "' is categorical in the model; pass its values as text");
      const auto values = item.cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
      if (values.ndim() != 1) throw autosmote::InputError("X: column '" + name + "' is not 1-d");
      column.name = name;
      column.values.assign(values.data(), values.data() + values.shape(0));
      column.integer_valued = true;
      bool any_present = false;
      for (double v : column.values) {
        if (std::isinf(v)) throw autosmote::InputError("X: column '" + name + "' holds an infinite value");
        any_present = any_present || !std::isnan(v);
        column.integer_valued = column.integer_valued && (std::isnan(v) || v == std::floor(v));
      }
      if (!any_present) throw autosmote::InputError("X: column '" + name + "' is entirely missing");
    } else {
      std::vector<std::string> fields;
      std::vector<bool> missing;
      for (const py::handle cell : item.cast<py::list>()) {
        missing.push_back(cell.is_none());
        fields.push_back(cell.is_none() ? std::string() : cell.cast<std::string>());
      }
      column = autosmote::column_from_fields(name, fields, missing, kind, "X");
    }
    if (c == 0) table.n_rows = static_cast<int64_t>(column.values.size());
    if (static_cast<int64_t>(column.values.size()) != table.n_rows)
      throw autosmote::InputError("X: column '" + name + "' has " + std::to_string(column.values.size()) +
                                  " rows, the first column " + std::to_string(table.n_rows));
    table.header.push_back(name);
    table.columns.push_back(std::move(column));
  }
  return table;
}

// The names a model file needs (load_model refuses others): unique and non-empty.
void check_names(const std::vector<std::string>& names, const std::string& what) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) throw autosmote::InputError(what + " " + std::to_string(i) + " is empty");
    for (size_t j = 0; j < i; ++j)
      if (names[j] == names[i]) throw autosmote::InputError(what + " '" + names[i] + "' is given twice");
  }
}

// Moves a Matrix into a float32 numpy array that owns its memory (no copy).
py::array_t<float> owned_rows(Matrix&& m) {
  auto* owner = new std::vector<float>(std::move(m.data));
  py::capsule free_owner(owner, [](void* p) { delete static_cast<std::vector<float>*>(p); });
  return py::array_t<float>({static_cast<py::ssize_t>(m.rows), static_cast<py::ssize_t>(m.cols)}, owner->data(),
                            free_owner);
}

// A trained model as `autosmote train` saves it.
class Model {
 public:
  explicit Model(TrainedModel model) : model_(std::move(model)) {}

  using Codes = py::array_t<int64_t, py::array::c_style | py::array::forcecast>;

  static Model train(const std::string& name, const std::map<std::string, std::string>& params, const Features& x,
                     const Codes& y, const std::vector<std::string>& class_names,
                     const std::vector<std::string>& feature_names, const std::string& target_name, uint64_t seed,
                     int n_threads) {
    check_names(feature_names, "feature name");
    return train_table(name, params, table_of(x, feature_names), y, class_names, feature_names, target_name, seed,
                       n_threads);
  }

  static Model train_columns(const std::string& name, const std::map<std::string, std::string>& params,
                             const py::list& columns, const Codes& y, const std::vector<std::string>& class_names,
                             const std::vector<std::string>& feature_names, const std::string& target_name,
                             uint64_t seed, int n_threads) {
    check_names(feature_names, "feature name");
    return train_table(name, params, table_of_columns(columns, feature_names, nullptr), y, class_names, feature_names,
                       target_name, seed, n_threads);
  }

  static Model train_table(const std::string& name, const std::map<std::string, std::string>& params, Table table,
                           const Codes& y, const std::vector<std::string>& class_names,
                           const std::vector<std::string>& feature_names, const std::string& target_name,
                           uint64_t seed, int n_threads) {
    autosmote::TrainConfig config;
    config.model_spec = model_spec_of(name, params);
    config.seed = seed;
    check_names(class_names, "class name");
    for (const auto& feature : feature_names)
      if (feature == target_name) throw autosmote::InputError("the target name '" + target_name + "' is a feature's");
    if (target_name.empty()) throw autosmote::InputError("the target name is empty");
    if (y.ndim() != 1 || y.shape(0) != table.n_rows)
      throw autosmote::InputError("y must be a 1-d array with one label per row of X");
    table.y.assign(y.data(), y.data() + y.shape(0));
    for (const int64_t code : table.y)
      if (code < 0 || code >= static_cast<int64_t>(class_names.size()))
        throw autosmote::InputError("y holds class code " + std::to_string(code) + ", outside [0, " +
                                    std::to_string(class_names.size()) + ")");
    table.class_names = class_names;
    table.target_name = target_name;
    table.has_target = true;
    table.header.push_back(target_name);
    py::gil_scoped_release release;
    autosmote::set_threads(n_threads);
    return Model(autosmote::train_model(table, config));
  }

  py::array_t<float> predict_proba(const Features& x, int n_threads) const {
    return proba_of(table_of(x, feature_names()), n_threads);
  }
  py::array_t<float> predict_proba_columns(const py::list& columns, int n_threads) const {
    return proba_of(columns_table(columns), n_threads);
  }
  py::array_t<int64_t> predict(const Features& x, int n_threads) const {
    return codes_of(table_of(x, feature_names()), n_threads);
  }
  py::array_t<int64_t> predict_columns(const py::list& columns, int n_threads) const {
    return codes_of(columns_table(columns), n_threads);
  }

  py::array_t<float> proba_of(const Table& table, int n_threads) const {
    Matrix proba;
    {
      py::gil_scoped_release release;
      autosmote::set_threads(n_threads);
      proba = autosmote::predict_proba(model_, table);
    }
    return owned_rows(std::move(proba));
  }

  py::array_t<int64_t> codes_of(const Table& table, int n_threads) const {
    std::vector<int64_t> codes;
    {
      py::gil_scoped_release release;
      autosmote::set_threads(n_threads);
      codes = model_.classifier->decide(autosmote::predict_proba(model_, table));
    }
    return py::array_t<int64_t>(static_cast<py::ssize_t>(codes.size()), codes.data());
  }

  py::bytes to_bytes() const { return py::bytes(autosmote::model_file_text(model_, kPickleName)); }

  static Model from_bytes(const py::bytes& bytes) {
    std::string text = bytes;
    py::gil_scoped_release release;
    return Model(autosmote::model_from_text(text, kPickleName));
  }

  std::string explain_json() const { return autosmote::explain_model_json(model_).dump(); }

  std::string spec() const { return model_.classifier->spec(); }
  const std::vector<std::string>& class_names() const { return model_.class_names; }
  std::vector<std::string> feature_names() const {
    std::vector<std::string> names;
    for (const auto& column : model_.preprocessor.columns()) names.push_back(column.name);
    return names;
  }
  std::vector<std::string> categorical_features() const {
    std::vector<std::string> names;
    for (const auto& column : model_.preprocessor.columns())
      if (column.categorical) names.push_back(column.name);
    return names;
  }
  const std::vector<std::string>& warnings() const { return model_.warnings; }

 private:
  // Prediction columns read with the model's column types.
  Table columns_table(const py::list& columns) const {
    std::map<std::string, bool> categorical;
    for (const auto& column : model_.preprocessor.columns()) categorical[column.name] = column.categorical;
    return table_of_columns(columns, feature_names(), &categorical);
  }

  TrainedModel model_;
};

}  // namespace

void bind_estimators(py::module_& m) {
  m.def("classifier_names", &autosmote::classifier_names, "The classifier registry's names, in its order.");
  m.def("canonical_model_spec", &model_spec_of, py::arg("name"), py::arg("params"),
        "The model's canonical spec; ValueError for a bad name, key or value.");
  py::class_<Model>(m, "Model", "A trained model: what `autosmote train` saves in a model file.")
      .def_static("train", &Model::train, py::arg("name"), py::arg("params"), py::arg("X"), py::arg("y"),
                  py::arg("class_names"), py::arg("feature_names"), py::arg("target_name"), py::arg("seed"),
                  py::arg("n_threads"), "Trains as `autosmote train --model SPEC --seed SEED` on (X, y codes).")
      .def_static("train_columns", &Model::train_columns, py::arg("name"), py::arg("params"), py::arg("columns"),
                  py::arg("y"), py::arg("class_names"), py::arg("feature_names"), py::arg("target_name"),
                  py::arg("seed"), py::arg("n_threads"),
                  "train on columns one by one: float64 arrays (numeric) or lists of str / None (read as CSV fields).")
      .def("predict_proba_columns", &Model::predict_proba_columns, py::arg("columns"), py::arg("n_threads"),
           "predict_proba on columns one by one, read with the model's column types.")
      .def("predict_columns", &Model::predict_columns, py::arg("columns"), py::arg("n_threads"),
           "predict on columns one by one, read with the model's column types.")
      .def("predict_proba", &Model::predict_proba, py::arg("X"), py::arg("n_threads"),
           "Class probabilities, float32 [rows, classes].")
      .def("predict", &Model::predict, py::arg("X"), py::arg("n_threads"),
           "Class codes, the operating point's offsets applied (as `autosmote predict`).")
      .def("to_bytes", &Model::to_bytes, "The model file's bytes.")
      .def_static("from_bytes", &Model::from_bytes, py::arg("data"),
                  "A model from a model file's bytes, with the model-file reader's checks.")
      .def("explain_json", &Model::explain_json, "What `autosmote explain --json` prints, as JSON text.")
      .def_property_readonly("spec", &Model::spec)
      .def_property_readonly("class_names", &Model::class_names)
      .def_property_readonly("feature_names", &Model::feature_names)
      .def_property_readonly("categorical_features", &Model::categorical_features)
      .def_property_readonly("warnings", &Model::warnings);
}
