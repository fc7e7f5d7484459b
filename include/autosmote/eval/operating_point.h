// Operating-point tuning (`threshold=tuned`, models/classifier.h): per-class offsets on
// log-probabilities that maximise macro-F1 (eval/metrics.h: over the classes present in the true
// or the predicted labels) of argmax(log p + offsets) on held-out rows.
//
// Binary: one threshold, the best cut between two distinct held-out scores log p1 - log p0.
// Multiclass: coordinate ascent over classes 1..C-1 (class 0 stays at 0), each step the best cut
// for that class given the others, rounds until one gains nothing (at most kMaxOffsetRounds).
// A step moves only for a strictly higher macro-F1; among equal cuts it takes the one nearest the
// current offset. Each step is a sort and one sweep: O(n log n + n C). Deterministic.
//
// OffsetRule::kPlateauMiddle (the modern mlp's, Classifier::offset_rule()) then moves each offset
// (class 1..C-1, once, given the others) to the middle of the run of cuts around it whose
// macro-F1 is within one row of the smallest class of the best (1 / (C n_min), n_min the smallest
// class's held-out rows: about what one of its rows moves macro-F1 by, the resolution of the
// held-out estimate): where the scores pile up (label smoothing saturates them at one margin), the
// best cut can be an edge of that pile on the held-out rows, and the refitted model's pile lands
// elsewhere (every row flips); the middle of the near-optimal plateau does not depend on it.
#pragma once

#include <cstdint>
#include <vector>

#include "autosmote/core/dataset.h"
#include "autosmote/models/classifier.h"

namespace autosmote {

inline constexpr int kMaxOffsetRounds = 10;

struct OperatingPoint {
  std::vector<double> offsets;  // one per class; all 0 when nothing beats the argmax
  double macro_f1_argmax = 0;   // on the held-out rows, before
  double macro_f1_tuned = 0;    // after (>= before)
};

// `y`: held-out labels in [0, n_classes); `proba`: [n, n_classes] predicted for those rows.
// Throws InputError on mismatched sizes or no rows.
OperatingPoint tune_operating_point(const Labels& y, const Matrix& proba, int64_t n_classes,
                                    OffsetRule rule = OffsetRule::kBestNearest);

// Macro-F1 of `predicted` against `y` as eval/metrics.h defines it.
double macro_f1(const Labels& y, const Labels& predicted, int64_t n_classes);

}  // namespace autosmote
