#include "autosmote/core/params.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

std::string format_number(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
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
