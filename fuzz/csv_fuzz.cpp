// Fuzz target `csv`: the CSV reader (io/csv.h) on arbitrary file contents, with the default
// options, without a required target, with the first column forced categorical, and as `predict`
// reads (every column but the last forced numeric, lenient column lists); then the
// preprocessor fitted and applied on what was read (both scalings) and the inverse transform.
// Invariants: a table read is consistent (table_checks.h), every value the preprocessor outputs is
// finite, the rows read survive being written with csv_line and read again unchanged, and
// column_from_fields (Python's DataFrame columns) reads each column's fields as read_csv read it.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "autosmote/io/csv.h"
#include "autosmote/preprocess/preprocessor.h"
#include "fuzz_target.h"
#include "table_checks.h"

namespace autosmote::fuzz {
namespace {

void check_preprocessing(const Table& table) {
  for (Scaling scaling : {Scaling::kMinMax, Scaling::kStandard}) {
    Preprocessor pre(scaling);
    accepts([&] {
      pre.fit(table);
      const Matrix x = pre.transform(table);
      fuzz_check(x.rows == table.n_rows && x.cols == pre.output_dim(), "transform has n_rows x output_dim values");
      for (float v : x.data) fuzz_check(std::isfinite(v), "preprocessed values are finite");
      std::vector<double> values;
      for (int64_t i = 0; i < x.rows; ++i) pre.inverse_transform_row(x, i, &values);
    });
  }
}

// Writes the rows with csv_line and reads them back: the same fields. One-column files are left
// out: an empty field there is written as a blank line, which the reader skips by design.
void check_round_trip(const CsvRows& rows) {
  if (rows.header.size() < 2 || rows.header[0].rfind("\xEF\xBB\xBF", 0) == 0) return;
  std::string text = csv_line(rows.header);
  for (const auto& r : rows.rows) text += csv_line(r);
  const std::string path = write_scratch_file(reinterpret_cast<const uint8_t*>(text.data()), text.size(), "-again.csv");
  const CsvRows again = read_csv_rows(path);
  fuzz_check(again.header == rows.header && again.rows == rows.rows, "csv_line output reads back as the same fields");
}

// Each feature column of `table` (read with the default options) again from its fields alone.
void check_column_from_fields(const Table& table, const CsvRows& rows) {
  for (const Column& column : table.columns) {
    const size_t j = static_cast<size_t>(
        std::find(rows.header.begin(), rows.header.end(), column.name) - rows.header.begin());
    std::vector<std::string> fields;
    for (const auto& r : rows.rows) fields.push_back(r[j]);
    const Column again = column_from_fields(column.name, fields, {}, ColumnKind::kInfer, "fuzz");
    fuzz_check(again.categorical == column.categorical && again.categories == column.categories &&
                   again.integer_valued == column.integer_valued,
               "column_from_fields gives read_csv's column type and categories");
    fuzz_check(again.values.size() == column.values.size(), "column_from_fields keeps every row");
    for (size_t i = 0; i < again.values.size(); ++i)
      fuzz_check((std::isnan(again.values[i]) && std::isnan(column.values[i])) || again.values[i] == column.values[i],
                 "column_from_fields gives read_csv's values");
  }
}

}  // namespace
}  // namespace autosmote::fuzz

int fuzz_one(const uint8_t* data, size_t size) {
  using namespace autosmote;
  using namespace autosmote::fuzz;
  const std::string path = write_scratch_file(data, size, ".csv");
  CsvRows rows;
  if (!accepts([&] { rows = read_csv_rows(path); })) return 0;
  fuzz_check(!rows.header.empty() && !rows.rows.empty(), "a file read has a header and rows");
  fuzz_check(rows.line_of.size() == rows.rows.size(), "one line number per row");
  for (const auto& r : rows.rows) fuzz_check(r.size() == rows.header.size(), "every row has the header's width");
  check_round_trip(rows);

  CsvOptions no_target;
  no_target.require_target = false;
  no_target.target = "class";
  CsvOptions first_categorical;
  first_categorical.categorical = {rows.header[0]};
  CsvOptions as_predict;
  as_predict.numeric.assign(rows.header.begin(), rows.header.end() - 1);
  as_predict.numeric.push_back("no such column");
  as_predict.target = rows.header.back();
  as_predict.require_target = false;
  as_predict.strict_column_lists = false;
  const std::vector<CsvOptions> option_sets = {CsvOptions{}, no_target, first_categorical, as_predict};
  for (size_t k = 0; k < option_sets.size(); ++k) {
    const CsvOptions& options = option_sets[k];
    Table table;
    if (!accepts([&] { table = read_csv(path, options); })) continue;
    check_table(table);
    fuzz_check(table.header == rows.header, "read_csv keeps the header of read_csv_rows");
    fuzz_check(table.n_rows == static_cast<int64_t>(rows.rows.size()), "read_csv keeps every row");
    check_preprocessing(table);
    if (k == 0) check_column_from_fields(table, rows);  // every column inferred
  }
  return 0;
}
