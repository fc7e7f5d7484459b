// Internal: the validating reader of a model file's "selection" (eval/selection_record.h), which
// is untrusted input like the rest of the file (serialize/model_file.h).
#pragma once

#include <cstdint>

#include "autosmote/eval/selection_record.h"
#include "serialize/json_field.h"

namespace autosmote {

// Every field's type and range; at most kMaxCandidates candidates, each with at most `folds`
// fold scores in [0, 1] and as many offset lists (each empty or one finite offset per class);
// `winner` indexes a candidate. Throws ModelFileError naming the field.
SelectionRecord selection_from_json(const JsonField& field, int64_t n_classes);

inline constexpr int64_t kMaxCandidates = 1000;

}  // namespace autosmote
