// Spec strings: `name[:key=value,key=value,...]`, e.g. `mlp:hidden=64,epochs=200` or
// `synthetic:n=5000,weights=0.95/0.05`. One parser for every family (models, samplers, data,
// protocols). A ParamReader hands out typed values and, in finish(), rejects keys nobody read,
// listing the valid ones.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace autosmote {

struct Spec {
  std::string name;
  std::vector<std::pair<std::string, std::string>> args;  // in the order written

  // Throws SpecError on an empty name, a key without '=', an empty key or a repeated key.
  static Spec parse(const std::string& text);
  std::string str() const;  // name[:k=v,...] in the stored order
};

class ParamReader {
 public:
  // `what` names the family in messages ("model", "sampler", "synthetic data").
  ParamReader(Spec spec, std::string what);

  int64_t get_int(const std::string& key, int64_t def, int64_t min_value, int64_t max_value);
  double get_double(const std::string& key, double def, double min_value, double max_value);
  bool get_bool(const std::string& key, bool def);
  std::string get_choice(const std::string& key, const std::string& def, const std::vector<std::string>& allowed);
  std::string get_string(const std::string& key, const std::string& def);
  bool has(const std::string& key) const;

  // Throws SpecError when a key was given that no get_* asked for.
  void finish() const;

 private:
  const std::string* find(const std::string& key);
  [[noreturn]] void bad(const std::string& key, const std::string& value, const std::string& why) const;

  Spec spec_;
  std::string what_;
  std::set<std::string> asked_;
};

// The most seeds a seed list may name: enough for any experiment, and a list that ends at the
// largest uint64 or spans billions is a SpecError instead of a loop that never ends.
inline constexpr uint64_t kMaxSeeds = 100000;
// "0-9", "0,3,7", "0-2,5" -> seeds (at most kMaxSeeds). Throws SpecError on anything else.
std::vector<uint64_t> parse_seed_list(const std::string& text);
// One seed: a decimal integer in [0, 2^64 - 1]; SpecError otherwise (negative, overflowing, hex).
uint64_t parse_seed(const std::string& text);
// A whole string as a decimal int64 (optional '-'); false on anything else or on overflow.
bool parse_int64(const std::string& text, int64_t* out);
// "a/b/c" -> doubles. Throws SpecError naming `key`.
std::vector<double> parse_double_list(const std::string& text, const std::string& key, char sep = '/');
std::vector<std::string> split(const std::string& text, char sep);
std::string join(const std::vector<std::string>& parts, const std::string& sep);
// Shortest text that reads back as the same double ("0.01", "200", "1e-05"): an integer below
// 1e15 as "%.0f", else "%.{p}g" with the smallest such p; "inf", "-inf", "nan" as "%g" prints them.
// The one way numbers are printed as text (specs, reports, the CSV writer).
std::string format_number(double v);
// The same text appended to `out` (no allocation of its own).
void append_number_text(double v, std::string* out);
// printf's "%.{precision}g" (general) or "%.{precision}f" (fixed) of `v` appended to `out`.
inline constexpr size_t kLongestNumberText = 400;  // "%.0f" of -1.8e308: 310 characters
void append_number_text(double v, std::chars_format format, int precision, std::string* out);

}  // namespace autosmote
