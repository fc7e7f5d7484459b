// Column-wise preprocessing, fitted on the training part only (the protocol of
// docs/autosmote-method.md):
//   numeric     : median impute, then min-max scaling to [0, 1] (or standard scaling);
//                 a constant column maps to 0
//   categorical : most-frequent impute (ties: first category in sorted order), then one-hot;
//                 a category not seen in training maps to all zeros
// A column with no value at all in the training part imputes 0 (numeric: offset 0, scale 1, so
// present values at transform time pass through unscaled) or all zeros (one-hot).
//
// Numbers at the edges (inputs are finite doubles; the CSV reader makes 1e309 a category):
//   - statistics never overflow: the median of two values near +-1e308 is their mean, the
//     standard scaler sums copies scaled by a power of two, min and max are only compared;
//   - min-max: a column whose range is beyond the largest double (e.g. -1e308 and 1e308) is an
//     InputError from fit() naming the column; standard scaling always fits (the deviation is
//     at most half the range, so finite);
//   - denormals are ordinary values (a column of 0 and 1e-310 scales to 0 and 1); -0 equals 0;
//   - transform() output is always finite: a scaled value beyond +-kMaxScaledMagnitude (a value
//     far outside the training range, e.g. 1e308 in a column trained on [0, 100]) is clamped to it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "autosmote/core/dataset.h"
#include "autosmote/core/table.h"

namespace autosmote {

class CsvWriter;

// transform() clamps scaled numeric values to [-kMaxScaledMagnitude, kMaxScaledMagnitude].
inline constexpr double kMaxScaledMagnitude = 1e6;

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

  // Fits on `rows` of `table` (all rows when empty). InputError for a min-max column whose range
  // overflows (see above).
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

  // Row `row` of x (preprocessed) back in original units, one value per input column (in
  // columns() order) into `values`: numeric columns unscaled (integer-valued columns rounded),
  // categorical columns the index into the column's `categories` of the one-hot block's category.
  // Throws InputError naming the column when a block is not exactly one-hot (e.g. SMOTE
  // interpolated it). resample writes these values with write_inverse_value.
  void inverse_transform_row(const Matrix& x, int64_t row, std::vector<double>* values) const;
  // Writes one value of inverse_transform_row as CSV: an integer-valued column "%.0f", another
  // numeric column "%.7g" (synthetic values are floats: 7 digits), a categorical column its text.
  void write_inverse_value(size_t column, double value, CsvWriter& out) const;

  nlohmann::json to_json() const;
  // Reads to_json()'s output, which comes from a model file (untrusted): types, unique column names
  // and categories, finite fill / offset / scale, scale > 0, a categorical fill index in
  // [-1, categories). Throws ModelFileError naming the field ("preprocessor.columns[2].scale ...").
  static Preprocessor from_json(const nlohmann::json& j);

 private:
  Scaling scaling_;
  std::vector<ColumnTransform> columns_;
};

}  // namespace autosmote
