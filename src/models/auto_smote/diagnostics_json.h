// Internal: auto-smote's per-epoch diagnostics as JSON (the model file's and explain --json's).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "autosmote/models/auto_smote.h"

namespace autosmote {

nlohmann::json diagnostics_json(const std::vector<EpochDiagnostics>& diagnostics);

}  // namespace autosmote
