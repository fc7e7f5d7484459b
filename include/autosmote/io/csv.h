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
// Rows are numbered by the line they start on.
#pragma once

#include <string>
#include <vector>

#include "autosmote/core/table.h"

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

// True for the texts the reader treats as a missing value.
bool is_missing_token(const std::string& field);

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

}  // namespace autosmote
