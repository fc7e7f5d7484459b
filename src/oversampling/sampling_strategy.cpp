#include "autosmote/oversampling/sampling_strategy.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"

namespace autosmote {

static bool is_float(const std::string& s, double* v) {
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return !s.empty() && *end == '\0' && std::isfinite(*v);
}

SamplingStrategy SamplingStrategy::parse(const std::string& text) {
  SamplingStrategy s;
  s.text_ = text;
  static const std::vector<std::string> named = {"auto", "minority", "not-majority", "not-minority", "all"};
  if (std::find(named.begin(), named.end(), text) != named.end()) return s;
  double v;
  if (is_float(text, &v)) {
    if (!(v > 0.0 && v <= 1.0)) throw SpecError("sampling_strategy=" + text + ": a ratio must be in (0, 1]");
    return s;
  }
  std::vector<std::string> seen;
  for (const auto& part : split(text, '/')) {
    const auto colon = part.find(':');
    double n;
    if (colon == std::string::npos || colon == 0 || !is_float(part.substr(colon + 1), &n) || n < 0 ||
        n != std::floor(n))
      throw SpecError("sampling_strategy=" + text + " is not one of " + join(named, ", ") +
                      ", a ratio in (0, 1] or per-class targets like yes:500/no:900");
    const std::string name = part.substr(0, colon);
    if (n > static_cast<double>(kMaxClassTarget))
      throw SpecError("sampling_strategy=" + text + ": the target of class '" + name + "' is above the limit of " +
                      std::to_string(kMaxClassTarget) + " rows");
    if (std::find(seen.begin(), seen.end(), name) != seen.end())
      throw SpecError("sampling_strategy=" + text + ": class '" + name + "' is given twice");
    seen.push_back(name);
  }
  return s;
}

std::vector<int64_t> SamplingStrategy::resolve(const std::vector<int64_t>& counts,
                                               const std::vector<std::string>& class_names, int64_t row_width) const {
  std::vector<int64_t> add = targets(counts, class_names);
  if (row_width > 0) {
    double rows = 0;
    for (int64_t a : add) rows += static_cast<double>(a);
    const double bytes = rows * static_cast<double>(row_width) * sizeof(float);
    if (bytes > static_cast<double>(kMaxNewRowBytes))
      throw SpecError("sampling_strategy=" + text_ + " would make " + format_number(rows) + " new rows of " +
                      std::to_string(row_width) + " columns (" + format_number(std::ceil(bytes / 1e9)) +
                      " GB), above the limit of " + std::to_string(kMaxNewRowBytes >> 30) + " GiB");
  }
  return add;
}

std::vector<int64_t> SamplingStrategy::targets(const std::vector<int64_t>& counts,
                                               const std::vector<std::string>& class_names) const {
  const int64_t C = static_cast<int64_t>(counts.size());
  std::vector<int64_t> add(static_cast<size_t>(C), 0);
  if (C == 0) return add;
  const int64_t maj = std::max_element(counts.begin(), counts.end()) - counts.begin();
  const int64_t mino = std::min_element(counts.begin(), counts.end()) - counts.begin();
  const int64_t n_max = counts[maj];
  double ratio;
  if (text_ == "auto" || text_ == "not-majority") {
    for (int64_t c = 0; c < C; ++c)
      if (c != maj) add[c] = n_max - counts[c];
  } else if (text_ == "minority") {
    add[mino] = n_max - counts[mino];
  } else if (text_ == "not-minority") {
    for (int64_t c = 0; c < C; ++c)
      if (c != mino) add[c] = n_max - counts[c];
  } else if (text_ == "all") {
    for (int64_t c = 0; c < C; ++c) add[c] = n_max - counts[c];
  } else if (is_float(text_, &ratio)) {
    if (C != 2)
      throw SpecError("sampling_strategy=" + text_ + ": a ratio only applies to two classes, this data has " +
                      std::to_string(C));
    const int64_t target = std::llround(ratio * static_cast<double>(n_max));
    if (target < counts[mino])
      throw SpecError("sampling_strategy=" + text_ + ": the minority already has " + std::to_string(counts[mino]) +
                      " rows, more than the target " + std::to_string(target));
    add[mino] = target - counts[mino];
  } else {
    std::vector<bool> given(static_cast<size_t>(C), false);
    for (const auto& part : split(text_, '/')) {
      const auto colon = part.find(':');
      const std::string name = part.substr(0, colon);
      const int64_t target = std::llround(std::strtod(part.c_str() + colon + 1, nullptr));
      int64_t c = -1;
      for (int64_t k = 0; k < static_cast<int64_t>(class_names.size()); ++k)
        if (class_names[k] == name) c = k;
      if (c < 0) {
        char* end = nullptr;
        const long idx = std::strtol(name.c_str(), &end, 10);
        if (*end == '\0' && idx >= 0 && idx < C) c = idx;
      }
      if (c < 0) throw SpecError("sampling_strategy=" + text_ + ": unknown class '" + name + "'");
      if (given[c])
        throw SpecError("sampling_strategy=" + text_ + ": class '" + name + "' is given twice (by name and index)");
      given[c] = true;
      if (target < counts[c])
        throw SpecError("sampling_strategy=" + text_ + ": class '" + name + "' already has " +
                        std::to_string(counts[c]) + " rows, more than its target " + std::to_string(target) +
                        " (over-samplers only add rows)");
      add[c] = target - counts[c];
    }
  }
  return add;
}

}  // namespace autosmote
