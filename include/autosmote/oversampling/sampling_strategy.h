// imbalanced-learn's `sampling_strategy` grammar for over-sampling, resolved into "how many new
// rows per class":
//   auto | not-majority : every class but the majority, up to the majority's count (default)
//   minority            : only the smallest class, up to the majority's count
//   not-minority        : every class but the minority
//   all                 : every class, up to the majority's count
//   0.5 (a float)       : binary only: the minority up to round(ratio * n_majority)
//   yes:500/no:900      : per-class target counts (class names or indices), never below the
//                         current count
// Targets are rounded, never truncated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace autosmote {

class SamplingStrategy {
 public:
  SamplingStrategy() = default;
  static SamplingStrategy parse(const std::string& text);  // throws SpecError
  std::string str() const { return text_; }

  // New rows to make per class. `class_names` (may be empty) resolves per-class targets given by
  // name. Throws SpecError on a target below a class's count or an unknown class.
  std::vector<int64_t> resolve(const std::vector<int64_t>& counts, const std::vector<std::string>& class_names = {}) const;

 private:
  std::string text_ = "auto";
};

}  // namespace autosmote
