#include "autosmote/io/csv.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <unordered_map>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/io/output_file.h"

namespace autosmote {
namespace {

// Splits one line into fields; returns false on an unterminated quote.
bool split_line(const std::string& line, std::vector<std::string>* out) {
  out->clear();
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur.push_back(c);
      }
    } else if (c == '"' && cur.empty()) {
      quoted = true;
    } else if (c == ',') {
      out->push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out->push_back(cur);
  return !quoted;
}

std::string trim_field(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

bool parse_number(const std::string& s, double* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return false;
  // strtod accepts hex floats and "infinity"; only plain decimal numbers count.
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
      return false;
  *out = v;
  return true;
}

}  // namespace

bool is_missing_token(const std::string& f) {
  return f.empty() || f == "NA" || f == "N/A" || f == "NaN" || f == "nan" || f == "?";
}

namespace {

// The whole file as bytes. InputError for a missing file, a directory or a read error.
std::string read_file_bytes(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError("'" + path + "' is a directory, expected a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open '" + path + "': " + std::strerror(errno));
  std::string bytes;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) bytes.append(buf, static_cast<size_t>(in.gcount()));
  if (in.bad()) throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  return bytes;
}

// Length of the valid UTF-8 sequence at text[i] (1-4), or 0 when it is not valid (a stray
// continuation byte, a truncated sequence, an overlong form, a surrogate, above U+10FFFF).
size_t utf8_sequence_length(const std::string& text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF)
    len = 2;
  else if (b0 == 0xE0)
    len = 3, lo = 0xA0;
  else if (b0 >= 0xE1 && b0 <= 0xEC)
    len = 3;
  else if (b0 == 0xED)
    len = 3, hi = 0x9F;
  else if (b0 >= 0xEE && b0 <= 0xEF)
    len = 3;
  else if (b0 == 0xF0)
    len = 4, lo = 0x90;
  else if (b0 >= 0xF1 && b0 <= 0xF3)
    len = 4;
  else if (b0 == 0xF4)
    len = 4, hi = 0x8F;
  else
    return 0;
  if (i + len > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return len;
}

}  // namespace

size_t first_invalid_utf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const size_t len = utf8_sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string::npos;
}

CsvRows read_csv_rows(const std::string& path) {
  std::string text = read_file_bytes(path);
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  CsvRows out;
  bool have_header = false;
  int64_t header_line = 1;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;         // inside a quoted field
  bool record_quoted = false;  // the record used a quote (then it is not a blank line)
  int64_t line_no = 1;         // physical line of the current position
  int64_t record_line = 1;     // physical line where the current record starts
  auto end_record = [&]() {
    fields.push_back(field);
    field.clear();
    const bool blank = !record_quoted && fields.size() == 1 && trim_field(fields[0]).empty();
    record_quoted = false;
    if (blank) {
      fields.clear();
      return;
    }
    for (size_t j = 0; j < fields.size(); ++j) {
      const size_t bad = first_invalid_utf8(fields[j]);
      if (bad != std::string::npos) {
        char byte_text[8];
        std::snprintf(byte_text, sizeof byte_text, "0x%02X", static_cast<unsigned char>(fields[j][bad]));
        throw InputError(path + ":" + std::to_string(record_line) + ":" + std::to_string(j + 1) +
                         ": not valid UTF-8 (byte " + byte_text + " at byte " + std::to_string(bad + 1) +
                         " of the field; Latin-1? convert with iconv -f latin1 -t utf-8)");
      }
      fields[j] = trim_field(fields[j]);
    }
    if (!have_header) {
      out.header = std::move(fields);
      have_header = true;
      header_line = record_line;
    } else {
      if (fields.size() != out.header.size())
        throw InputError(path + ":" + std::to_string(record_line) + ": row has " + std::to_string(fields.size()) +
                         " fields, the header has " + std::to_string(out.header.size()));
      out.rows.push_back(std::move(fields));
      out.line_of.push_back(record_line);
    }
    fields.clear();
  };
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = text[i];
    const bool line_break = c == '\n' || c == '\r';
    if (line_break) {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;  // CRLF is one line break
      ++line_no;
    }
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else if (line_break) {
        field.push_back('\n');  // a line break inside quotes is part of the field
      } else {
        field.push_back(c);
      }
    } else if (c == '"' && field.empty()) {
      quoted = record_quoted = true;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
    } else if (line_break) {
      end_record();
      record_line = line_no;
    } else {
      field.push_back(c);
    }
  }
  if (quoted)
    throw InputError(path + ":" + std::to_string(record_line) +
                     ": unterminated quote (a quoted field runs to the end of the file)");
  if (!field.empty() || !fields.empty() || record_quoted) end_record();
  if (!have_header) throw InputError(path + ": file is empty");
  if (out.rows.empty()) throw InputError(path + ": header only, no data rows");
  std::map<std::string, int> seen;
  const std::string header_at = path + ":" + std::to_string(header_line) + ":";
  for (size_t j = 0; j < out.header.size(); ++j) {
    if (out.header[j].empty()) throw InputError(header_at + std::to_string(j + 1) + ": empty column name");
    if (seen.count(out.header[j]))
      throw InputError(header_at + std::to_string(j + 1) + ": duplicate column name '" + out.header[j] + "'");
    seen[out.header[j]] = static_cast<int>(j);
  }
  return out;
}

Table read_csv(const std::string& path, const CsvOptions& options) {
  const CsvRows raw = read_csv_rows(path);
  const std::vector<std::string>& header = raw.header;
  const std::vector<std::vector<std::string>>& rows = raw.rows;
  const std::vector<int64_t>& line_of = raw.line_of;
  auto column_index = [&](const std::string& name) -> int64_t {
    for (size_t j = 0; j < header.size(); ++j)
      if (header[j] == name) return static_cast<int64_t>(j);
    return -1;
  };

  // Target column.
  int64_t target = -1;
  if (!options.target.empty()) {
    target = column_index(options.target);
    if (target < 0 && options.require_target)
      throw InputError(path + ": target column '" + options.target + "' not found (columns: " + join(header, ", ") +
                       ")");
  } else {
    target = column_index("class");
    if (target < 0) target = static_cast<int64_t>(header.size()) - 1;
  }
  if (target >= 0 && header.size() < 2 && options.require_target)
    throw InputError(path + ": need at least one feature column besides the target '" + header[target] + "'");

  for (const auto& name : options.categorical)
    if (options.strict_column_lists && column_index(name) < 0)
      throw InputError(path + ": --categorical names column '" + name +
                       "', which is not in the file (columns: " + join(header, ", ") + ")");

  Table table;
  table.source = path;
  table.n_rows = static_cast<int64_t>(rows.size());
  table.header = header;

  // Label.
  if (target >= 0) {
    table.target_name = header[static_cast<size_t>(target)];
    table.has_target = true;
    std::vector<std::string> labels;
    labels.reserve(rows.size());
    std::map<std::string, int64_t> distinct;
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string& v = rows[i][static_cast<size_t>(target)];
      if (is_missing_token(v))
        throw InputError(path + ":" + std::to_string(line_of[i]) + ":" + std::to_string(target + 1) +
                         ": missing label in target column '" + table.target_name + "'");
      distinct.emplace(v, 0);
    }
    std::vector<std::string> names;
    for (auto& kv : distinct) names.push_back(kv.first);
    bool all_numeric = true;
    for (auto& n : names) {
      double d;
      all_numeric = all_numeric && parse_number(n, &d);
    }
    if (all_numeric)
      std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return std::strtod(a.c_str(), nullptr) < std::strtod(b.c_str(), nullptr);
      });
    if (names.size() < 2 && options.require_target)
      throw InputError(path + ": target column '" + table.target_name + "' has a single class '" + names[0] +
                       "'; need at least two");
    for (size_t k = 0; k < names.size(); ++k) distinct[names[k]] = static_cast<int64_t>(k);
    table.class_names = names;
    table.y.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) table.y[i] = distinct[rows[i][static_cast<size_t>(target)]];
  }

  // Features.
  for (size_t j = 0; j < header.size(); ++j) {
    if (static_cast<int64_t>(j) == target) continue;
    Column col;
    col.name = header[j];
    const bool forced_cat =
        std::find(options.categorical.begin(), options.categorical.end(), col.name) != options.categorical.end();
    const bool forced_num =
        std::find(options.numeric.begin(), options.numeric.end(), col.name) != options.numeric.end();
    col.values.resize(rows.size());
    bool numeric = !forced_cat;
    bool any_present = false;
    for (size_t i = 0; i < rows.size() && numeric; ++i) {
      const std::string& f = rows[i][j];
      if (is_missing_token(f)) continue;
      any_present = true;
      double v;
      if (!parse_number(f, &v)) {
        if (forced_num)
          throw InputError(path + ":" + std::to_string(line_of[i]) + ":" + std::to_string(j + 1) + ": '" + f +
                           "' in column '" + col.name + "' is not a number");
        numeric = false;
      }
    }
    if (numeric) {
      col.integer_valued = true;
      for (size_t i = 0; i < rows.size(); ++i) {
        const std::string& f = rows[i][j];
        double v = std::nan("");
        if (!is_missing_token(f)) parse_number(f, &v), any_present = true;
        col.values[i] = v;
        if (!std::isnan(v) && v != std::floor(v)) col.integer_valued = false;
      }
    } else {
      col.categorical = true;
      std::map<std::string, int64_t> cats;
      for (size_t i = 0; i < rows.size(); ++i)
        if (!is_missing_token(rows[i][j])) cats.emplace(rows[i][j], 0), any_present = true;
      int64_t k = 0;
      for (auto& kv : cats) {
        kv.second = k++;
        col.categories.push_back(kv.first);
      }
      for (size_t i = 0; i < rows.size(); ++i)
        col.values[i] = is_missing_token(rows[i][j]) ? std::nan("") : static_cast<double>(cats[rows[i][j]]);
    }
    if (!any_present)
      throw InputError(path + ": column '" + col.name + "' (column " + std::to_string(j + 1) + ") is entirely missing");
    table.columns.push_back(std::move(col));
  }
  if (table.columns.empty()) throw InputError(path + ": no feature columns");
  return table;
}

bool split_csv_line(const std::string& line, std::vector<std::string>* fields) { return split_line(line, fields); }

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t j = 0; j < fields.size(); ++j) {
    if (j) out += ',';
    out += quote_if_needed(fields[j]);
  }
  return out + "\n";
}

std::string quote_if_needed(const std::string& f) {
  if (f.find_first_of(",\"\n\r") == std::string::npos) return f;
  std::string q = "\"";
  for (char c : f) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

void write_csv(const std::string& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows) {
  OutputFile out(path);
  out.write(csv_line(header));
  for (const auto& r : rows) out.write(csv_line(r));
  out.commit();
}

}  // namespace autosmote
