#include "autosmote/core/params.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <fast_float/fast_float.h>
#include <system_error>

#include "autosmote/core/error.h"

namespace autosmote {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

namespace {

// "%.{p}g" with the smallest p that reads back as `value` (finite, not an integer below 1e15).
// The shortest digits that read back (to_chars) have p digits, and they are the p-digit rounding
// to nearest that "%.{p}g" prints whenever the values that read back as `value` lie symmetrically
// around it: always but at a power of two, where the gap below is half the gap above and the
// rounding to nearest may fall outside; there the precisions are tried from p up. Elsewhere the
// digits are laid out as %g does: fixed for exponents -4 <= e < p, else scientific (to_chars's).
void append_shortest_general(double value, std::string* out) {
  char text[32];
  const auto shortest = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific);
  const std::string_view sci(text, static_cast<size_t>(shortest.ptr - text));
  const size_t e = sci.find('e');
  char digit_text[20];  // the significant digits, without sign and point (at most 17)
  size_t count = 0;
  for (size_t k = 0; k < e; ++k)
    if (sci[k] >= '0' && sci[k] <= '9') digit_text[count++] = sci[k];
  const std::string_view digits(digit_text, count);
  const int precision = static_cast<int>(count);
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & ((uint64_t{1} << 52) - 1)) == 0) {  // a power of two
    const size_t size = out->size();
    for (int p = precision;; ++p) {
      out->resize(size);
      append_number_text(value, std::chars_format::general, p, out);
      double back = 0;
      fast_float::from_chars(out->data() + size, out->data() + out->size(), back);
      if (back == value || p >= 17) return;
    }
  }
  int exponent = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+'), sci.data() + sci.size(), exponent);
  if (exponent < -4 || exponent >= precision) {
    out->append(sci);
    return;
  }
  if (value < 0) out->push_back('-');
  if (exponent < 0) {
    out->append("0.");
    out->append(static_cast<size_t>(-exponent - 1), '0');
    out->append(digits);
    return;
  }
  out->append(digits.substr(0, static_cast<size_t>(exponent) + 1));
  if (precision > exponent + 1) {
    out->push_back('.');
    out->append(digits.substr(static_cast<size_t>(exponent) + 1));
  }
}

}  // namespace

void append_number_text(double v, std::chars_format format, int precision, std::string* out) {
  const size_t size = out->size();
  out->resize(size + kLongestNumberText);
  char* const begin = out->data() + size;
  const auto result = std::to_chars(begin, begin + kLongestNumberText, v, format, precision);
  out->resize(size + static_cast<size_t>(result.ptr - begin));
}

void append_number_text(double v, std::string* out) {
  if (!std::isfinite(v)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%g", v);
    out->append(buf);
    return;
  }
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    if (v == 0 && std::signbit(v)) out->push_back('-');  // "%.0f" keeps the sign of -0
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, static_cast<int64_t>(v)).ptr;
    out->append(digits, end);
    return;
  }
  append_shortest_general(v, out);
}

std::string format_number(double v) {
  std::string out;
  append_number_text(v, &out);
  return out;
}

static std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

Spec Spec::parse(const std::string& text) {
  Spec spec;
  const auto colon = text.find(':');
  spec.name = trim(text.substr(0, colon));
  if (spec.name.empty()) throw SpecError("empty spec '" + text + "': expected name[:key=value,...]");
  if (colon == std::string::npos) return spec;
  const std::string rest = text.substr(colon + 1);
  if (trim(rest).empty()) return spec;
  for (const auto& part : split(rest, ',')) {
    const auto eq = part.find('=');
    if (eq == std::string::npos) throw SpecError("spec '" + text + "': '" + part + "' is not key=value");
    std::string key = trim(part.substr(0, eq));
    std::string value = trim(part.substr(eq + 1));
    if (key.empty()) throw SpecError("spec '" + text + "': empty key in '" + part + "'");
    for (const auto& kv : spec.args)
      if (kv.first == key) throw SpecError("spec '" + text + "': key '" + key + "' given twice");
    spec.args.emplace_back(std::move(key), std::move(value));
  }
  return spec;
}

std::string Spec::str() const {
  std::string s = name;
  for (size_t i = 0; i < args.size(); ++i) s += (i ? "," : ":") + args[i].first + "=" + args[i].second;
  return s;
}

ParamReader::ParamReader(Spec spec, std::string what) : spec_(std::move(spec)), what_(std::move(what)) {}

const std::string* ParamReader::find(const std::string& key) {
  asked_.insert(key);
  for (const auto& kv : spec_.args)
    if (kv.first == key) return &kv.second;
  return nullptr;
}

bool ParamReader::has(const std::string& key) const {
  for (const auto& kv : spec_.args)
    if (kv.first == key) return true;
  return false;
}

void ParamReader::bad(const std::string& key, const std::string& value, const std::string& why) const {
  throw SpecError(what_ + " '" + spec_.name + "': " + key + "=" + value + " " + why);
}

int64_t ParamReader::get_int(const std::string& key, int64_t def, int64_t lo, int64_t hi) {
  const std::string* v = find(key);
  if (!v) return def;
  errno = 0;
  char* end = nullptr;
  const long long x = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || errno == ERANGE) bad(key, *v, "is not an integer");
  if (x < lo || x > hi) bad(key, *v, "is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return x;
}

double ParamReader::get_double(const std::string& key, double def, double lo, double hi) {
  const std::string* v = find(key);
  if (!v) return def;
  char* end = nullptr;
  const double x = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0' || !std::isfinite(x)) bad(key, *v, "is not a finite number");
  if (x < lo || x > hi) bad(key, *v, "is out of range [" + format_number(lo) + ", " + format_number(hi) + "]");
  return x;
}

bool ParamReader::get_bool(const std::string& key, bool def) {
  const std::string* v = find(key);
  if (!v) return def;
  if (*v == "true" || *v == "1" || *v == "yes") return true;
  if (*v == "false" || *v == "0" || *v == "no") return false;
  bad(key, *v, "is not a boolean (true/false)");
}

std::string ParamReader::get_choice(const std::string& key, const std::string& def,
                                    const std::vector<std::string>& allowed) {
  const std::string* v = find(key);
  if (!v) return def;
  for (const auto& a : allowed)
    if (a == *v) return *v;
  bad(key, *v, "is not one of: " + join(allowed, ", "));
}

std::string ParamReader::get_string(const std::string& key, const std::string& def) {
  const std::string* v = find(key);
  return v ? *v : def;
}

void ParamReader::finish() const {
  for (const auto& kv : spec_.args) {
    if (asked_.count(kv.first)) continue;
    std::vector<std::string> valid(asked_.begin(), asked_.end());
    throw SpecError(what_ + " '" + spec_.name + "': unknown key '" + kv.first +
                    "' (valid keys: " + (valid.empty() ? std::string("none") : join(valid, ", ")) + ")");
  }
}

bool parse_int64(const std::string& text, int64_t* out) {
  const char* first = text.data();
  const char* last = first + text.size();
  const auto result = std::from_chars(first, last, *out, 10);
  return !text.empty() && result.ec == std::errc() && result.ptr == last;
}

static bool parse_u64(const std::string& text, uint64_t* out) {
  const char* last = text.data() + text.size();
  const auto result = std::from_chars(text.data(), last, *out, 10);
  return !text.empty() && result.ec == std::errc() && result.ptr == last;
}

uint64_t parse_seed(const std::string& text) {
  uint64_t seed = 0;
  if (!parse_u64(trim(text), &seed))
    throw SpecError("seed '" + text + "' is not an integer in [0, " + std::to_string(UINT64_MAX) + "]");
  return seed;
}

std::vector<uint64_t> parse_seed_list(const std::string& text) {
  std::vector<uint64_t> seeds;
  auto too_many = [&](uint64_t more) {
    return more > kMaxSeeds || seeds.size() + more > kMaxSeeds;  // first test: no overflow below
  };
  auto limit_error = [&]() {
    return SpecError("seeds '" + text + "': more than " + std::to_string(kMaxSeeds) + " seeds");
  };
  for (const auto& raw : split(text, ',')) {
    const std::string part = trim(raw);
    const auto dash = part.find('-');
    uint64_t a = 0, b = 0;
    if (dash == std::string::npos) {
      if (!parse_u64(part, &a)) throw SpecError("seeds '" + text + "': '" + part + "' is not a seed");
      if (too_many(1)) throw limit_error();
      seeds.push_back(a);
    } else {
      if (!parse_u64(part.substr(0, dash), &a) || !parse_u64(part.substr(dash + 1), &b) || b < a)
        throw SpecError("seeds '" + text + "': '" + part + "' is not a range like 0-9");
      if (b - a >= kMaxSeeds || too_many(b - a + 1)) throw limit_error();
      for (uint64_t k = 0; k <= b - a; ++k) seeds.push_back(a + k);  // b may be UINT64_MAX
    }
  }
  return seeds;
}

std::vector<double> parse_double_list(const std::string& text, const std::string& key, char sep) {
  std::vector<double> out;
  for (const auto& part : split(text, sep)) {
    char* end = nullptr;
    const double x = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0' || !std::isfinite(x))
      throw SpecError(key + "=" + text + ": '" + part + "' is not a number");
    out.push_back(x);
  }
  return out;
}

}  // namespace autosmote
