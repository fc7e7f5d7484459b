// Invariants of a Table (core/table.h) that every reader and generator must keep, checked by the
// harnesses on whatever they produced (fuzz_check aborts on a broken one).
#pragma once

#include <cmath>
#include <string>

#include "autosmote/core/table.h"
#include "fuzz_target.h"

namespace autosmote::fuzz {

inline void check_table(const Table& t) {
  fuzz_check(t.n_rows >= 0, "n_rows >= 0");
  for (const Column& c : t.columns) {
    fuzz_check(static_cast<int64_t>(c.values.size()) == t.n_rows, "column '" + c.name + "' has n_rows values");
    for (double v : c.values) {
      if (std::isnan(v)) continue;
      if (c.categorical)
        fuzz_check(v >= 0 && v < static_cast<double>(c.categories.size()) && v == std::floor(v),
                   "categorical value of '" + c.name + "' indexes its categories");
      else
        fuzz_check(std::isfinite(v), "numeric value of '" + c.name + "' is finite or missing");
    }
  }
  if (t.has_target) {
    fuzz_check(static_cast<int64_t>(t.y.size()) == t.n_rows, "one label per row");
    for (int64_t label : t.y) fuzz_check(label >= 0 && label < t.n_classes(), "label indexes class_names");
  }
}

}  // namespace autosmote::fuzz
