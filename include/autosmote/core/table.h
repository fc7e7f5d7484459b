// A raw tabular dataset as read from a CSV file or made by the synthetic generator: typed feature
// columns in their original units, plus the label column encoded as class indices.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace autosmote {

struct Column {
  std::string name;
  bool categorical = false;
  // Numeric column: the value, NaN when missing. Categorical column: the index into
  // `categories` stored as a double, NaN when missing.
  std::vector<double> values;
  std::vector<std::string> categories;  // categorical only, sorted in byte order (io/csv.h)
  bool integer_valued = false;          // numeric only: every present value is an integer

  int64_t missing_count() const;
};

struct Table {
  std::string source;               // file path or synthetic spec, for messages and reports
  std::vector<Column> columns;      // features only
  std::vector<std::string> header;  // every column name in file order, the target included
  std::string target_name;
  std::vector<std::string> class_names;  // index -> label text
  bool has_target = false;               // false when a file to predict on has no label column
  std::vector<int64_t> y;                // class index per row when has_target
  int64_t n_rows = 0;

  int64_t n_classes() const { return static_cast<int64_t>(class_names.size()); }
  const Column* find_column(const std::string& name) const;
};

}  // namespace autosmote
