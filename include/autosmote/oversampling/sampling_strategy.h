// imbalanced-learn's `sampling_strategy` grammar for over-sampling, resolved into "how many new
// rows per class":
//   auto | not-majority : every class but the majority, up to the majority's count (default)
//   minority            : only the smallest class, up to the majority's count
//   not-minority        : every class but the minority
//   all                 : every class, up to the majority's count
//   0.5 (a float)       : binary only: the minority up to round(ratio * n_majority)
//   yes:500/no:900      : per-class target counts (class names or indices), never below the
//                         current count
// Targets are rounded, never truncated. Limits (SpecError): a class given twice, a per-class
// target above kMaxClassTarget rows, and (when the row width is known) new rows that would take
// more than kMaxNewRowBytes as floats, checked before anything is allocated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace autosmote {

inline constexpr int64_t kMaxClassTarget = 1000000000;        // rows per class
inline constexpr int64_t kMaxNewRowBytes = int64_t(4) << 30;  // 4 GiB of new rows

class SamplingStrategy {
 public:
  SamplingStrategy() = default;
  static SamplingStrategy parse(const std::string& text);  // throws SpecError
  std::string str() const { return text_; }

  // New rows to make per class. `class_names` (may be empty) resolves per-class targets given by
  // name. Throws SpecError on a target below a class's count, an unknown class, a class given
  // twice, or (row_width > 0: the columns of a row) new rows above kMaxNewRowBytes.
  std::vector<int64_t> resolve(const std::vector<int64_t>& counts, const std::vector<std::string>& class_names = {},
                               int64_t row_width = 0) const;

 private:
  std::vector<int64_t> targets(const std::vector<int64_t>& counts, const std::vector<std::string>& class_names) const;

  std::string text_ = "auto";
};

}  // namespace autosmote
