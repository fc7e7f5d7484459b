// Model files: one JSON document holding
//   {"format": "autosmote-model", "version": 1, "kind": "mlp", "spec": ..., "sampler": ...,
//    "target": ..., "classes": [...], "preprocessor": {...}, "state": {...}, "checksum": "..."}
// Weights are stored as JSON numbers, which round-trip float32 exactly, so a loaded model predicts
// exactly what the saved one did, on any platform and LibTorch version. `checksum` (FNV-1a 64 of
// the rest) detects damaged files. Loading checks format, version and kind first.
#pragma once

#include <string>

#include "autosmote/api/pipeline.h"

namespace autosmote {

constexpr int kModelFormatVersion = 1;

void save_model(const std::string& path, const TrainedModel& model);
// Throws ModelFileError (not ours, other version, damaged) or InputError (cannot open).
TrainedModel load_model(const std::string& path);

}  // namespace autosmote
