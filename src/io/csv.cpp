#include "autosmote/io/csv.h"

#include <fast_float/fast_float.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
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

std::string_view trim_field(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

// Length of the valid UTF-8 sequence at text[i] (1-4), or 0 when it is not valid (a stray
// continuation byte, a truncated sequence, an overlong form, a surrogate, above U+10FFFF).
size_t utf8_sequence_length(std::string_view text, size_t i) {
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

size_t first_invalid_utf8_in(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t len = utf8_sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string::npos;
}

std::string at_line(const std::string& path, int64_t line) { return path + ":" + std::to_string(line); }

// Opens `path` for reading: InputError for a directory or a file that cannot be opened.
int open_csv(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError("'" + path + "' is a directory, expected a CSV file");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError("cannot open '" + path + "': " + std::strerror(errno));
  return fd;
}

// Where a CSV comes from: a regular file is read in blocks (and again, when a column needs its
// early rows re-read); anything else (a pipe, /dev/stdin, a process substitution) can be read only
// once, so it is held in memory whole.
struct CsvInput {
  std::string path;
  bool in_memory = false;
  std::string contents;

  explicit CsvInput(const std::string& file) : path(file) {
    const int fd = open_csv(path);
    struct stat st {};
    in_memory = ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
    char block[1 << 16];
    for (ssize_t got = 1; in_memory && got != 0;) {
      got = ::read(fd, block, sizeof block);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        const int error = errno;
        ::close(fd);
        throw InputError("cannot read '" + path + "': " + std::strerror(error));
      }
      contents.append(block, static_cast<size_t>(got));
    }
    ::close(fd);
  }
};

// One record of the file: its fields (unquoted, trimmed, valid UTF-8) and the line it starts on.
// The views point into the reader's buffers: valid until the next call to next().
struct Record {
  std::vector<std::string_view> fields;
  int64_t line = 1;
};

// Reads a CSV file record by record in large blocks: the memory it holds is one block plus the
// longest record. Skips a UTF-8 byte-order mark and blank lines; throws the structural errors
// (unreadable file, invalid UTF-8, unterminated quote) with file and line.
class RecordReader {
 public:
  explicit RecordReader(const CsvInput& input) : path_(input.path) {
    if (input.in_memory) {
      data_ = input.contents.data();
      end_ = input.contents.size();
      file_size_ = static_cast<int64_t>(end_);
      eof_ = true;
    } else {
      fd_ = open_csv(path_);
      struct stat st {};
      file_size_ = ::fstat(fd_, &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
      buffer_.resize(kBlockSize);
      data_ = buffer_.data();
      while (end_ < 3 && !eof_) fill();
    }
    if (std::string_view(data_, end_).substr(0, 3) == "\xEF\xBB\xBF") begin_ = 3;
  }
  ~RecordReader() {
    if (fd_ >= 0) ::close(fd_);
  }
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  // The next non-blank record; false at the end of the file.
  bool next(Record* record) {
    for (;;) {
      bool record_quoted = false;
      if (!parse_record(&record_quoted)) return false;
      const bool blank = !record_quoted && spans_.size() == 1 && trim_field(view(spans_[0])).empty();
      if (blank) continue;
      finish_record(record);
      return true;
    }
  }

  // Bytes read so far and the file's size: the reader of typed columns sizes its columns from them.
  int64_t bytes_consumed() const { return consumed_ + static_cast<int64_t>(begin_); }
  int64_t file_size() const { return file_size_; }

 private:
  static constexpr size_t kBlockSize = size_t{1} << 20;
  // A field: bytes [begin, begin + size) of the block, or of unquoted_ when `unquoted`.
  struct Span {
    size_t begin, size;
    bool unquoted;
  };
  enum class Scan { kRecord, kNeedMore, kEnd };

  std::string_view view(const Span& s) const { return {(s.unquoted ? unquoted_.data() : data_) + s.begin, s.size}; }

  // Reads more bytes after end_, moving the unread part to the front (and growing the buffer
  // when one record fills it).
  void fill() {
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      consumed_ += static_cast<int64_t>(begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    data_ = buffer_.data();
    for (;;) {
      const ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw InputError("cannot read '" + path_ + "': " + std::strerror(errno));
      if (got == 0) eof_ = true;
      end_ += static_cast<size_t>(got);
      return;
    }
  }

  // Parses the record at begin_ into spans_, reading more of the file as needed.
  bool parse_record(bool* record_quoted) {
    for (;;) {
      const Scan scan = scan_record(record_quoted);
      if (scan == Scan::kRecord) return true;
      if (scan == Scan::kEnd) return false;
      fill();
    }
  }

  // One record from begin_: kNeedMore when the block ends inside it (before the end of the file).
  Scan scan_record(bool* record_quoted) {
    const char* const base = data_;
    size_t p = begin_;
    if (p == end_) return eof_ ? Scan::kEnd : Scan::kNeedMore;
    spans_.clear();
    unquoted_.clear();
    *record_quoted = false;
    unsigned char high_bits = 0;
    int64_t lines = 0;
    for (;;) {
      if (p < end_ && base[p] == '"') {
        *record_quoted = true;
        const Scan s = scan_quoted(&p, &lines, &high_bits);
        if (s != Scan::kRecord) return s;
      } else {
        const size_t start = p;
        while (p < end_ && base[p] != ',' && base[p] != '\n' && base[p] != '\r') high_bits |= base[p++];
        if (p == end_ && !eof_) return Scan::kNeedMore;
        spans_.push_back({start, p - start, false});
      }
      if (p == end_) break;  // the last record, without a line break
      const char c = base[p];
      if (c == ',') {
        ++p;
        continue;
      }
      if (c == '\r' && p + 1 == end_ && !eof_) return Scan::kNeedMore;  // CR LF split by the block
      p += (c == '\r' && p + 1 < end_ && base[p + 1] == '\n') ? 2 : 1;
      ++lines;
      break;
    }
    record_line_ = line_;
    line_ += lines;
    begin_ = p;
    has_high_bytes_ = (high_bits & 0x80) != 0;
    return Scan::kRecord;
  }

  // A field that starts with a quote, at *p: unquoted into unquoted_ (a "" is a quote, a line
  // break inside the quotes is '\n'); text after the closing quote is kept up to the next comma
  // or line break. Leaves *p on that comma or line break (or the end of the file).
  Scan scan_quoted(size_t* pos, int64_t* lines, unsigned char* high_bits) {
    const char* const base = data_;
    size_t p = *pos + 1;
    const size_t start = unquoted_.size();
    bool quoted = true;
    for (;; ++p) {
      if (p == end_) {
        if (!eof_) return Scan::kNeedMore;
        if (quoted)
          throw InputError(at_line(path_, line_) + ": unterminated quote (a quoted field runs to the end of the file)");
        break;
      }
      const char c = base[p];
      *high_bits |= static_cast<unsigned char>(c);
      if (!quoted) {
        if (c == ',' || c == '\n' || c == '\r') break;
        unquoted_.push_back(c);
      } else if (c == '"') {
        if (p + 1 == end_ && !eof_) return Scan::kNeedMore;
        if (p + 1 < end_ && base[p + 1] == '"') {
          unquoted_.push_back('"');
          ++p;
        } else {
          quoted = false;
        }
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && p + 1 == end_ && !eof_) return Scan::kNeedMore;
        if (c == '\r' && p + 1 < end_ && base[p + 1] == '\n') ++p;
        unquoted_.push_back('\n');
        ++*lines;
      } else {
        unquoted_.push_back(c);
      }
    }
    spans_.push_back({start, unquoted_.size() - start, true});
    *pos = p;
    return Scan::kRecord;
  }

  // Checks UTF-8 (only when the record has a byte above 0x7F) and trims the fields into `record`.
  void finish_record(Record* record) {
    record->line = record_line_;
    record->fields.resize(spans_.size());
    for (size_t j = 0; j < spans_.size(); ++j) {
      const std::string_view field = view(spans_[j]);
      if (has_high_bytes_) check_utf8(field, j);
      record->fields[j] = trim_field(field);
    }
  }

  void check_utf8(std::string_view field, size_t column) const {
    const size_t bad = first_invalid_utf8_in(field);
    if (bad == std::string::npos) return;
    char byte_text[8];
    std::snprintf(byte_text, sizeof byte_text, "0x%02X", static_cast<unsigned char>(field[bad]));
    throw InputError(at_line(path_, record_line_) + ":" + std::to_string(column + 1) + ": not valid UTF-8 (byte " +
                     byte_text + " at byte " + std::to_string(bad + 1) +
                     " of the field; Latin-1? convert with iconv -f latin1 -t utf-8)");
  }

  std::string path_;
  int fd_ = -1;
  int64_t file_size_ = 0;
  std::vector<char> buffer_;    // the current block (a file read in blocks)
  const char* data_ = nullptr;  // buffer_, or the whole input held in memory
  size_t begin_ = 0, end_ = 0;  // unread bytes of data_
  int64_t consumed_ = 0;        // bytes of the file before buffer_[0]
  bool eof_ = false;
  std::string unquoted_;  // the current record's quoted fields, unquoted
  std::vector<Span> spans_;
  bool has_high_bytes_ = false;
  int64_t line_ = 1;         // line where the next record starts
  int64_t record_line_ = 1;  // line where the current record starts
};

// The header's names: InputError for an empty or a repeated one.
void check_header_names(const std::string& path, int64_t header_line, const std::vector<std::string>& header) {
  std::set<std::string> seen;
  const std::string header_at = at_line(path, header_line) + ":";
  for (size_t j = 0; j < header.size(); ++j) {
    if (header[j].empty()) throw InputError(header_at + std::to_string(j + 1) + ": empty column name");
    if (!seen.insert(header[j]).second)
      throw InputError(header_at + std::to_string(j + 1) + ": duplicate column name '" + header[j] + "'");
  }
}

// Reads the header record: InputError for an empty file.
std::vector<std::string> read_header(RecordReader& reader, const std::string& path, Record* record) {
  if (!reader.next(record)) throw InputError(path + ": file is empty");
  return {record->fields.begin(), record->fields.end()};
}

void check_width(const std::string& path, const Record& record, size_t width) {
  if (record.fields.size() != width)
    throw InputError(at_line(path, record.line) + ": row has " + std::to_string(record.fields.size()) +
                     " fields, the header has " + std::to_string(width));
}

}  // namespace

bool is_missing_token(std::string_view f) {
  return f.empty() || f == "NA" || f == "N/A" || f == "NaN" || f == "nan" || f == "?";
}

bool parse_csv_number(std::string_view field, double* value) {
  const char* begin = field.data();
  const char* const end = begin + field.size();
  if (begin != end && *begin == '+') {
    ++begin;
    if (begin != end && (*begin == '+' || *begin == '-')) return false;
  }
  double v = 0;
  const auto result = fast_float::from_chars(begin, end, v);
  if (result.ec != std::errc() || result.ptr != end || !std::isfinite(v)) return false;
  *value = v;
  return true;
}

size_t first_invalid_utf8(const std::string& text) { return first_invalid_utf8_in(text); }

CsvRows read_csv_rows(const std::string& path) {
  const CsvInput input(path);
  RecordReader reader(input);
  Record record;
  CsvRows out;
  out.header = read_header(reader, path, &record);
  const int64_t header_line = record.line;
  while (reader.next(&record)) {
    check_width(path, record, out.header.size());
    out.rows.emplace_back(record.fields.begin(), record.fields.end());
    out.line_of.push_back(record.line);
  }
  if (out.rows.empty()) throw InputError(path + ": header only, no data rows");
  check_header_names(path, header_line, out.header);
  return out;
}

namespace {

// Interns texts: id in order of first appearance.
class TextIds {
 public:
  int64_t id(std::string_view text) {
    key_.assign(text.data(), text.size());
    const auto [it, added] = ids_.try_emplace(key_, static_cast<int64_t>(texts_.size()));
    if (added) texts_.push_back(key_);
    return it->second;
  }
  const std::vector<std::string>& texts() const { return texts_; }
  // Renumbers ids so that `order[k]` (an old id) becomes k.
  static std::vector<int64_t> renumbering(const std::vector<size_t>& order) {
    std::vector<int64_t> new_id(order.size());
    for (size_t k = 0; k < order.size(); ++k) new_id[order[k]] = static_cast<int64_t>(k);
    return new_id;
  }

 private:
  std::unordered_map<std::string, int64_t> ids_;
  std::vector<std::string> texts_;
  std::string key_;
};

std::vector<size_t> byte_order(const std::vector<std::string>& texts) {
  std::vector<size_t> order(texts.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return texts[a] < texts[b]; });
  return order;
}

// A first bad value met while reading, reported once the whole file has been read.
struct PendingError {
  int64_t line = -1;  // -1: none
  std::string text;
};

// One feature column as it is read: numbers while every present value is one, then category ids.
struct ColumnBuilder {
  std::string name;
  size_t file_column = 0;
  bool forced_numeric = false;
  bool categorical = false;
  int64_t turned_categorical_at = -1;  // row of the first non-number (rows before it are re-read)
  bool any_present = false;
  bool integer_valued = true;
  std::vector<double> values;  // numbers, or category ids in order of first appearance; NaN = missing
  TextIds categories;
  PendingError not_a_number;  // forced numeric

  void add(std::string_view field, int64_t row, int64_t line) {
    if (is_missing_token(field)) {
      values.push_back(std::nan(""));
      return;
    }
    any_present = true;
    double v;
    if (!categorical) {
      if (parse_csv_number(field, &v)) {
        integer_valued = integer_valued && v == std::floor(v);
        values.push_back(v);
        return;
      }
      if (forced_numeric) {
        if (not_a_number.line < 0) not_a_number = {line, std::string(field)};
        values.push_back(std::nan(""));
        return;
      }
      categorical = true;
      turned_categorical_at = row;
    }
    values.push_back(static_cast<double>(categories.id(field)));
  }

  // Moves the finished column into `out`: categories sorted in byte order.
  void finish(Column* out) {
    out->name = name;
    out->categorical = categorical;
    if (categorical) {
      const std::vector<size_t> order = byte_order(categories.texts());
      const std::vector<int64_t> new_id = TextIds::renumbering(order);
      for (double& v : values)
        if (!std::isnan(v)) v = static_cast<double>(new_id[static_cast<size_t>(v)]);
      for (size_t k : order) out->categories.push_back(categories.texts()[k]);
    } else {
      out->integer_valued = integer_valued;
    }
    if (values.capacity() > values.size() + values.size() / 4) values.shrink_to_fit();
    out->values = std::move(values);
  }
};

// What read_csv decides from the header before reading the rows; its errors wait for the rows.
struct CsvLayout {
  std::vector<std::string> header;
  int64_t header_line = 1;
  int64_t target = -1;
  std::vector<ColumnBuilder> columns;
};

CsvLayout plan_columns(std::vector<std::string> header, const CsvOptions& options) {
  CsvLayout layout;
  layout.header = std::move(header);
  auto column_index = [&](const std::string& name) -> int64_t {
    const auto it = std::find(layout.header.begin(), layout.header.end(), name);
    return it == layout.header.end() ? -1 : static_cast<int64_t>(it - layout.header.begin());
  };
  if (!options.target.empty()) {
    layout.target = column_index(options.target);
  } else {
    layout.target = column_index("class");
    if (layout.target < 0) layout.target = static_cast<int64_t>(layout.header.size()) - 1;
  }
  auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (size_t j = 0; j < layout.header.size(); ++j) {
    if (static_cast<int64_t>(j) == layout.target) continue;
    ColumnBuilder col;
    col.name = layout.header[j];
    col.file_column = j;
    col.categorical = listed(options.categorical, col.name);
    col.forced_numeric = !col.categorical && listed(options.numeric, col.name);
    layout.columns.push_back(std::move(col));
  }
  return layout;
}

// The errors that depend only on the header and the options (after the rows were read, as before).
void check_layout(const std::string& path, const CsvLayout& layout, const CsvOptions& options) {
  const auto& header = layout.header;
  check_header_names(path, layout.header_line, header);
  if (!options.target.empty() && layout.target < 0 && options.require_target)
    throw InputError(path + ": target column '" + options.target + "' not found (columns: " + join(header, ", ") + ")");
  if (layout.target >= 0 && header.size() < 2 && options.require_target)
    throw InputError(path + ": need at least one feature column besides the target '" + header[layout.target] + "'");
  for (const auto& name : options.categorical)
    if (options.strict_column_lists && std::find(header.begin(), header.end(), name) == header.end())
      throw InputError(path + ": --categorical names column '" + name +
                       "', which is not in the file (columns: " + join(header, ", ") + ")");
}

// The label column as it is read: text ids per row.
struct LabelBuilder {
  std::vector<int64_t> ids;
  TextIds names;
  PendingError missing;

  void add(std::string_view field, int64_t line) {
    if (is_missing_token(field)) {
      if (missing.line < 0) missing.line = line;
      ids.push_back(-1);
      return;
    }
    ids.push_back(names.id(field));
  }
};

// Class names sorted numerically when every label is a number, else in byte order; y renumbered.
void finish_labels(const std::string& path, const CsvLayout& layout, const CsvOptions& options, LabelBuilder& labels,
                   Table* table) {
  table->target_name = layout.header[static_cast<size_t>(layout.target)];
  table->has_target = true;
  if (labels.missing.line >= 0)
    throw InputError(at_line(path, labels.missing.line) + ":" + std::to_string(layout.target + 1) +
                     ": missing label in target column '" + table->target_name + "'");
  const std::vector<std::string>& texts = labels.names.texts();
  std::vector<size_t> order = byte_order(texts);
  std::vector<double> numbers(texts.size());
  bool all_numeric = true;
  for (size_t k = 0; k < texts.size(); ++k) all_numeric = all_numeric && parse_csv_number(texts[k], &numbers[k]);
  if (all_numeric)
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return numbers[a] < numbers[b]; });
  if (order.size() < 2 && options.require_target)
    throw InputError(path + ": target column '" + table->target_name + "' has a single class '" + texts[order[0]] +
                     "'; need at least two");
  for (size_t k : order) table->class_names.push_back(texts[k]);
  const std::vector<int64_t> new_id = TextIds::renumbering(order);
  table->y.resize(labels.ids.size());
  for (size_t i = 0; i < labels.ids.size(); ++i) table->y[i] = new_id[static_cast<size_t>(labels.ids[i])];
}

// Reads the rows after the header into the column builders (and the label): the one pass over the file.
int64_t read_rows(const std::string& path, RecordReader& reader, CsvLayout& layout, LabelBuilder* labels) {
  Record record;
  const size_t width = layout.header.size();
  int64_t rows = 0;
  constexpr int64_t kRowsBeforeSizing = 256;
  while (reader.next(&record)) {
    check_width(path, record, width);
    if (rows == kRowsBeforeSizing) {
      // Size the columns from the bytes per row so far (+5%): no doubling overshoot on big files.
      const double per_row = static_cast<double>(reader.bytes_consumed()) / static_cast<double>(rows + 1);
      const auto expected = static_cast<size_t>(1.05 * static_cast<double>(reader.file_size()) / per_row) + 16;
      for (auto& col : layout.columns) col.values.reserve(expected);
      if (labels) labels->ids.reserve(expected);
    }
    for (auto& col : layout.columns) col.add(record.fields[col.file_column], rows, record.line);
    if (labels) labels->add(record.fields[static_cast<size_t>(layout.target)], record.line);
    ++rows;
  }
  if (rows == 0) throw InputError(path + ": header only, no data rows");
  return rows;
}

// Rows [0, k) of a column whose first non-number came at row k held numbers: reads them again as text.
void reread_early_rows(const CsvInput& input, CsvLayout& layout) {
  int64_t last = 0;
  for (const auto& col : layout.columns) last = std::max(last, col.turned_categorical_at);
  if (last == 0) return;
  RecordReader reader(input);
  Record record;
  read_header(reader, input.path, &record);
  for (int64_t row = 0; row < last && reader.next(&record); ++row)
    for (auto& col : layout.columns) {
      if (row >= col.turned_categorical_at) continue;
      const std::string_view field = record.fields[col.file_column];
      if (!is_missing_token(field))
        col.values[static_cast<size_t>(row)] = static_cast<double>(col.categories.id(field));
    }
}

}  // namespace

Table read_csv(const std::string& path, const CsvOptions& options) {
  const CsvInput input(path);
  RecordReader reader(input);
  Record header;
  CsvLayout layout = plan_columns(read_header(reader, path, &header), options);
  layout.header_line = header.line;
  LabelBuilder labels;
  const bool with_target = layout.target >= 0;
  const int64_t rows = read_rows(path, reader, layout, with_target ? &labels : nullptr);
  check_layout(path, layout, options);
  reread_early_rows(input, layout);

  Table table;
  table.source = path;
  table.n_rows = rows;
  table.header = layout.header;
  if (with_target) finish_labels(path, layout, options, labels, &table);
  for (auto& builder : layout.columns) {
    if (builder.not_a_number.line >= 0)
      throw InputError(at_line(path, builder.not_a_number.line) + ":" + std::to_string(builder.file_column + 1) +
                       ": '" + builder.not_a_number.text + "' in column '" + builder.name + "' is not a number");
    if (!builder.any_present)
      throw InputError(path + ": column '" + builder.name + "' (column " + std::to_string(builder.file_column + 1) +
                       ") is entirely missing");
    table.columns.emplace_back();
    builder.finish(&table.columns.back());
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
  CsvWriter out(path);
  for (const auto& field : header) out.text(field);
  out.end_row();
  for (const auto& row : rows) {
    for (const auto& field : row) out.text(field);
    out.end_row();
  }
  out.commit();
}

namespace {

constexpr size_t kWriterBlock = size_t{1} << 20;
}  // namespace

CsvWriter::CsvWriter(const std::string& path) : file_(path) { buffer_.reserve(kWriterBlock + kLongestNumberText); }

void CsvWriter::start_field() {
  if (row_started_) buffer_.push_back(',');
  row_started_ = true;
}

void CsvWriter::text(std::string_view field) {
  start_field();
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) {
    buffer_.append(field);
    return;
  }
  buffer_.push_back('"');
  for (char c : field) {
    if (c == '"') buffer_.push_back('"');
    buffer_.push_back(c);
  }
  buffer_.push_back('"');
}

void CsvWriter::shortest(double value) {
  start_field();
  append_number_text(value, &buffer_);
}

void CsvWriter::general(double value, int precision) {
  start_field();
  append_number_text(value, std::chars_format::general, precision, &buffer_);
}

void CsvWriter::fixed(double value) {
  start_field();
  append_number_text(value, std::chars_format::fixed, 0, &buffer_);
}

void CsvWriter::end_row() {
  buffer_.push_back('\n');
  row_started_ = false;
  flush_if_full();
}

void CsvWriter::flush_if_full() {
  if (buffer_.size() < kWriterBlock) return;
  file_.write(buffer_);
  buffer_.clear();
}

void CsvWriter::commit() {
  file_.write(buffer_);
  buffer_.clear();
  file_.commit();
}

Column column_from_fields(const std::string& name, const std::vector<std::string>& fields,
                          const std::vector<bool>& missing, ColumnKind kind, const std::string& where) {
  ColumnBuilder builder;
  builder.name = name;
  builder.forced_numeric = kind == ColumnKind::kNumeric;
  builder.categorical = kind == ColumnKind::kCategorical;
  const auto present = [&](size_t i) { return !(i < missing.size() && missing[i]); };
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!present(i)) continue;
    if (first_invalid_utf8(fields[i]) != std::string::npos)
      throw InputError(where + ": a value of column '" + name + "' is not valid UTF-8");
    double v;
    const std::string_view field = trim_field(fields[i]);
    // As the reader does once a column turns categorical: every field read as text.
    if (kind == ColumnKind::kInfer && !is_missing_token(field) && !parse_csv_number(field, &v)) builder.categorical = true;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    const auto row = static_cast<int64_t>(i);
    builder.add(present(i) ? trim_field(fields[i]) : std::string_view(), row, row + 1);
  }
  if (builder.not_a_number.line >= 0)
    throw InputError(where + ": '" + builder.not_a_number.text + "' in column '" + name +
                     "' is not a number (the model's column is numeric)");
  if (!builder.any_present) throw InputError(where + ": column '" + name + "' is entirely missing");
  Column column;
  builder.finish(&column);
  return column;
}

}  // namespace autosmote
