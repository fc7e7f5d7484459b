// Column-wise preprocessing, fitted on the training part only (the protocol of
// docs/autosmote-method.md):
//   numeric     : median impute, then min-max scaling to [0, 1] (or standard scaling);
//                 a constant column maps to 0
//   categorical : most-frequent impute (ties: first category in sorted order), then one-hot;
//                 a category not seen in training maps to all zeros
// A column with no value at all in the training part imputes 0 (numeric) or all zeros (one-hot).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "autosmote/core/dataset.h"
#include "autosmote/core/table.h"

namespace autosmote {

enum class Scaling { kMinMax, kStandard };
Scaling parse_scaling(const std::string& text);  // "minmax" | "standard"; SpecError otherwise
std::string scaling_name(Scaling s);

struct ColumnTransform {
  std::string name;
  bool categorical = false;
  bool integer_valued = false;  // numeric: every training value was an integer
  double fill = 0.0;            // numeric: median; categorical: index of the most frequent category (-1: none)
  double offset = 0.0;          // numeric: scaled = (x - offset) / scale
  double scale = 1.0;
  std::vector<std::string> categories;  // categorical: one output column each, sorted
};

class Preprocessor {
 public:
  explicit Preprocessor(Scaling scaling = Scaling::kMinMax) : scaling_(scaling) {}

  // Fits on `rows` of `table` (all rows when empty).
  void fit(const Table& table, const std::vector<int64_t>& rows = {});
  // Transforms `rows` of `table` (all when empty). Columns are matched by name, so `table` may be
  // a different file with the same columns; a missing column is an InputError naming it.
  Matrix transform(const Table& table, const std::vector<int64_t>& rows = {}) const;

  bool fitted() const { return !columns_.empty(); }
  int64_t output_dim() const;
  std::vector<std::string> output_names() const;  // "age", "job=admin.", ...
  FeatureLayout layout() const;                   // output columns of each input column
  const std::vector<ColumnTransform>& columns() const { return columns_; }
  Scaling scaling() const { return scaling_; }

  // Rows of x (preprocessed) back in original units, as CSV text per input column (in
  // columns() order): numeric columns unscaled (integer-valued columns rounded), categorical
  // columns as the category of the one-hot block. Throws InputError naming the column when a
  // block is not exactly one-hot (e.g. SMOTE interpolated it).
  std::vector<std::vector<std::string>> inverse_transform(const Matrix& x) const;

  nlohmann::json to_json() const;
  static Preprocessor from_json(const nlohmann::json& j);  // throws ModelFileError

 private:
  Scaling scaling_;
  std::vector<ColumnTransform> columns_;
};

}  // namespace autosmote
