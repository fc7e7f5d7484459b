#include "autosmote/io/csv.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
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

CsvRows read_csv_rows(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open '" + path + "': " + std::strerror(errno));
  CsvRows out;
  std::string line;
  int64_t line_no = 0;
  bool have_header = false;
  std::vector<std::string> fields;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (trim_field(line).empty()) continue;  // blank lines are skipped
    if (!split_line(line, &fields))
      throw InputError(path + ":" + std::to_string(line_no) + ": unterminated quote");
    for (auto& f : fields) f = trim_field(f);
    if (!have_header) {
      out.header = fields;
      have_header = true;
      continue;
    }
    if (fields.size() != out.header.size())
      throw InputError(path + ":" + std::to_string(line_no) + ": row has " + std::to_string(fields.size()) +
                       " fields, the header has " + std::to_string(out.header.size()));
    out.rows.push_back(fields);
    out.line_of.push_back(line_no);
  }
  if (!have_header) throw InputError(path + ": file is empty");
  if (out.rows.empty()) throw InputError(path + ": header only, no data rows");
  std::map<std::string, int> seen;
  for (size_t j = 0; j < out.header.size(); ++j) {
    if (out.header[j].empty()) throw InputError(path + ":1:" + std::to_string(j + 1) + ": empty column name");
    if (seen.count(out.header[j]))
      throw InputError(path + ":1:" + std::to_string(j + 1) + ": duplicate column name '" + out.header[j] + "'");
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
      throw InputError(path + ": target column '" + options.target + "' not found (columns: " + join(header, ", ") + ")");
  } else {
    target = column_index("class");
    if (target < 0) target = static_cast<int64_t>(header.size()) - 1;
  }
  if (target >= 0 && header.size() < 2 && options.require_target)
    throw InputError(path + ": need at least one feature column besides the target '" + header[target] + "'");

  for (const auto& name : options.categorical)
    if (options.strict_column_lists && column_index(name) < 0)
      throw InputError(path + ": --categorical names column '" + name + "', which is not in the file (columns: " +
                       join(header, ", ") + ")");

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
      std::stable_sort(names.begin(), names.end(),
                       [](const std::string& a, const std::string& b) { return std::strtod(a.c_str(), nullptr) < std::strtod(b.c_str(), nullptr); });
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
    const bool forced_cat = std::find(options.categorical.begin(), options.categorical.end(), col.name) != options.categorical.end();
    const bool forced_num = std::find(options.numeric.begin(), options.numeric.end(), col.name) != options.numeric.end();
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
