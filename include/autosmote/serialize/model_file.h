// Model files: one JSON document holding
//   {"format": "autosmote-model", "version": 1, "kind": "mlp", "spec": ..., "sampler": ...,
//    "target": ..., "classes": [...], "preprocessor": {...}, "state": {...}, "checksum": "..."}
// plus "class_offsets": [one per class] for a model whose operating point was tuned
// (threshold=tuned, models/classifier.h; "sampler" is then a grid's winner), and "selection" for
// a model that `auto` chose (eval/selection_record.h: the leaderboard; its winner is the file's
// spec and sampler).
// Weights are stored as JSON numbers, which round-trip float32 exactly, so a loaded model predicts
// exactly what the saved one did, on any platform and LibTorch version. `checksum` (FNV-1a 64 of
// the rest) detects damaged files. Loading checks format, version and kind first.
//
// A model file is untrusted input: the checksum only detects accidents, anyone can write a file
// whose checksum matches. load_model therefore checks, before building anything:
//   - the file: at most kMaxModelFileBytes, JSON nested at most kMaxModelFileDepth levels;
//   - every field's JSON type, every number finite (weights in float range), every size in range;
//   - the parts against each other: at least 2 class names, none repeated, as many as the state's
//     `classes`; the preprocessor's columns (names unique and not the target, categories unique,
//     scale > 0, a categorical fill index in [-1, categories)) and its output width (numeric columns
//     plus one per category) equal to the state's `in`; every stored weight shape equal to the one
//     the spec and these sizes imply, and its value count to that shape, so a file cannot make the
//     loader allocate more than its own size; auto-smote's K, groups and diagnostics against the
//     class count, K, the aggregations, the positions and the epochs of its spec.
//   - the selection: every field's type and range, at most 1000 candidates, fold scores in [0, 1]
//     and no more than the folds it ran, offsets one per class, the winner the file's own model;
//   - xgboost's booster (XGBoost's JSON model) before XGBoost reads it: XgboostClassifier::load_state.
// Every classifier state holds its input width `in` and class count `classes`.
#pragma once

#include <cstdint>
#include <string>

#include "autosmote/api/pipeline.h"

namespace autosmote {

constexpr int kModelFormatVersion = 1;
// Larger files are refused before they are read (a real model is a few MB).
constexpr uint64_t kMaxModelFileBytes = uint64_t(1) << 30;
// A model file nests at most 10 levels (xgboost: body, state, booster, learner, gradient_booster,
// model, trees, tree, tree_param, value; auto-smote 6).
constexpr int kMaxModelFileDepth = 32;
// A class offset is a difference of log-probabilities: far below this for any float probability.
constexpr double kMaxClassOffset = 1e6;

void save_model(const std::string& path, const TrainedModel& model);
// Throws InputError (cannot open or read the path) or ModelFileError: not ours, other version,
// damaged (checksum), or inconsistent. Every message is one line naming the file and, for an
// inconsistent file, the field: "m.model: invalid model file: state.classes is 3, but the file
// names 2 classes".
TrainedModel load_model(const std::string& path);

// The same two in memory (the Python package pickles a model as these bytes): model_file_text is
// exactly what save_model writes (its InputError naming `path`); model_from_text makes
// load_model's checks on `text`, its messages naming `path` ("<pickle>", say).
std::string model_file_text(const TrainedModel& model, const std::string& path);
TrainedModel model_from_text(const std::string& text, const std::string& path);

}  // namespace autosmote
