// CSV reading and writing.
//
// Format (RFC 4180, UTF-8): a header row, then one row per sample, comma separated; fields may be
// quoted with '"' ("" inside quotes is a quote) and a quoted field may span lines (its line
// breaks are read as '\n'). Line ends may be LF, CRLF or CR alone; a UTF-8 byte-order mark is
// skipped; blank lines are skipped; spaces and tabs around a field are trimmed.
// Missing values: an empty field, `NA`, `N/A`, `NaN`, `?`.
// The label column is `options.target`, else a column named `class`, else the last column.
// A column is numeric when every present value parses as a finite number (so 1e309, which
// overflows, makes a column categorical), else categorical; `categorical` forces columns to be
// categorical. Categories are sorted (byte order).
// Class names are sorted numerically when every label is a number, else in byte order.
//
// Errors (InputError, one line, naming file, line and column where they apply): missing or
// unreadable file, a directory, empty file, header only, duplicate column names, ragged row, a
// quote never closed, a field that is not valid UTF-8 (e.g. Latin-1: convert with iconv), unknown
// target column, a missing label, a target with a single class, a column that is entirely
// missing, an unknown column in `categorical` / `numeric`, a non-number in a column forced numeric.
// Rows are numbered by the line they start on. Structural errors (UTF-8, ragged row, quote) are
// reported as the scan meets them; the others after the whole file was read, in the order above.
//
// Reading is one pass over the file in large blocks (bounded extra memory: a block plus the longest
// record), numbers parsed with fast_float straight into the columns; no text is kept for a numeric
// column. A column whose first non-number comes at row k > 0 has rows [0, k) read again (one more
// pass over the start of the file) to get their text. A path that is not a regular file (a pipe,
// /dev/stdin) can be read only once: it is held in memory whole.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "autosmote/core/table.h"
#include "autosmote/io/output_file.h"

namespace autosmote {

struct CsvOptions {
  std::string target;                    // "" = `class` if present, else the last column
  std::vector<std::string> categorical;  // force these columns categorical
  std::vector<std::string> numeric;      // force these columns numeric (used when predicting)
  bool require_target = true;            // false: a file without the target column is accepted
  bool strict_column_lists = true;       // false: names in categorical/numeric absent from the file are ignored
};

Table read_csv(const std::string& path, const CsvOptions& options = {});

// The fields of a CSV file as text: the header, the rows and each row's 1-based line number.
// Same syntax and the same structural errors as read_csv (missing, a directory, empty, header
// only, ragged, unterminated quote, invalid UTF-8, duplicate or empty column names).
struct CsvRows {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> line_of;
};
CsvRows read_csv_rows(const std::string& path);

// One feature column from its fields, read as read_csv reads a column of a file (trimmed fields,
// the missing tokens, numeric when every present value is a number, else categorical with the
// categories in byte order), for tables that do not come from a file (Python's DataFrames).
// `missing[i]`: field i is missing whatever its text (a None). `kind` forces the column's type as
// CsvOptions::categorical / numeric do. InputError (naming `where` and the column): a non-number in
// a column forced numeric, a column entirely missing, a field that is not valid UTF-8.
enum class ColumnKind { kInfer, kCategorical, kNumeric };
Column column_from_fields(const std::string& name, const std::vector<std::string>& fields,
                          const std::vector<bool>& missing, ColumnKind kind, const std::string& where);

// True for the texts the reader treats as a missing value.
bool is_missing_token(std::string_view field);
// The value of `field` when it is a finite plain decimal number (digits, '.', a sign, an exponent;
// no hex, inf or nan), parsed correctly rounded; false otherwise.
bool parse_csv_number(std::string_view field, double* value);

// One CSV line (quoted where needed, ending in a newline), and its inverse: false on an
// unterminated quote (a line cut short).
std::string csv_line(const std::vector<std::string>& fields);
bool split_csv_line(const std::string& line, std::vector<std::string>* fields);
// Offset of the first byte of `text` that is not valid UTF-8 (a stray continuation byte, a
// truncated sequence, an overlong form, a surrogate, above U+10FFFF), or npos.
size_t first_invalid_utf8(const std::string& text);
// The field as CSV writes it: quoted when it holds a comma, quote or line break.
std::string quote_if_needed(const std::string& field);

// Writes `header` then `rows` (already formatted fields), quoting fields that need it.
void write_csv(const std::string& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows);

// A CSV file written row by row: fields are formatted straight into a buffer that goes to an
// OutputFile (never half-written: see output_file.h) in large blocks. Numbers are formatted with
// std::to_chars, byte for byte what the printf formats named below print.
class CsvWriter {
 public:
  explicit CsvWriter(const std::string& path);

  void text(std::string_view field);  // quoted when needed (quote_if_needed)
  // An integer below 1e15 in magnitude as "%.0f" (-0 as "-0"), else "%.{p}g" with the smallest p
  // that reads back as `value` (the text of format_number in core/params.h).
  void shortest(double value);
  void general(double value, int precision);  // "%.{precision}g"
  void fixed(double value);                   // "%.0f"
  void end_row();
  // Flushes the buffer and renames the file into place (OutputFile::commit).
  void commit();

 private:
  void start_field();
  void flush_if_full();

  OutputFile file_;
  std::string buffer_;
  bool row_started_ = false;
};

}  // namespace autosmote
