// One entry point for "where the data comes from": a CSV path or a `synthetic:...` spec.
#pragma once

#include <string>

#include "autosmote/core/table.h"
#include "autosmote/io/csv.h"

namespace autosmote {

// `source` is a path to a CSV file or a spec starting with `synthetic` (see data/synthetic.h).
Table load_table(const std::string& source, const CsvOptions& options = {});

}  // namespace autosmote
