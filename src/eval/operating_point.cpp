#include "autosmote/eval/operating_point.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "autosmote/core/error.h"
#include "autosmote/models/classifier.h"

namespace autosmote {
namespace {

// Per-class counts from which macro-F1 follows: F1_c = 2 tp / (support + predicted), over the
// classes with support + predicted > 0.
struct F1Counts {
  std::vector<int64_t> tp, support, predicted;

  F1Counts(const Labels& y, const Labels& pred, int64_t n_classes)
      : tp(static_cast<size_t>(n_classes)), support(tp.size()), predicted(tp.size()) {
    for (size_t i = 0; i < y.size(); ++i) {
      ++support[static_cast<size_t>(y[i])];
      ++predicted[static_cast<size_t>(pred[i])];
      if (y[i] == pred[i]) ++tp[static_cast<size_t>(y[i])];
    }
  }
  // Row with label `truth` moves from predicted class `from` to `to`.
  void move(int64_t truth, int64_t from, int64_t to) {
    --predicted[static_cast<size_t>(from)];
    ++predicted[static_cast<size_t>(to)];
    if (truth == from) --tp[static_cast<size_t>(from)];
    if (truth == to) ++tp[static_cast<size_t>(to)];
  }
  double macro_f1() const {
    double sum = 0;
    int64_t present = 0;
    for (size_t c = 0; c < tp.size(); ++c) {
      const int64_t denom = support[c] + predicted[c];
      if (denom == 0) continue;
      ++present;
      sum += 2.0 * static_cast<double>(tp[c]) / static_cast<double>(denom);
    }
    return present ? sum / static_cast<double>(present) : 0.0;
  }
};

std::vector<double> log_proba(const Matrix& proba) {
  std::vector<double> out(static_cast<size_t>(proba.rows * proba.cols));
  for (size_t i = 0; i < out.size(); ++i) out[i] = std::log(static_cast<double>(proba.values()[i]));
  return out;
}

// The best offset of class `c` given the others: a sweep over the rows sorted by the margin
// m_i = max_{j != c}(l_ij + o_j) - l_ic (row i predicts c once o_c > m_i). Returns true when it
// found a strictly better macro-F1 and moved offsets[c].
// With `plateau_tolerance` >= 0 (kPlateauMiddle's pass), offsets[c] moves instead to the middle
// of the run of cuts around the best one whose macro-F1 is within the tolerance of the best.
bool improve_class_offset(const Labels& y, const std::vector<double>& logp, int64_t n_classes, int64_t c,
                          std::vector<double>& offsets, double* best_f1, double plateau_tolerance = -1) {
  const auto n = static_cast<int64_t>(y.size());
  const auto C = static_cast<size_t>(n_classes);
  std::vector<int64_t> other(static_cast<size_t>(n));
  std::vector<double> margin(static_cast<size_t>(n));
  Labels start(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const double* row = logp.data() + static_cast<size_t>(i) * C;
    int64_t b = -1;
    double v = -std::numeric_limits<double>::infinity();
    for (size_t j = 0; j < C; ++j) {
      if (static_cast<int64_t>(j) == c) continue;
      const double s = row[j] + offsets[j];
      if (b < 0 || s > v) b = static_cast<int64_t>(j), v = s;
    }
    other[static_cast<size_t>(i)] = b;
    double m = v - row[c];
    if (std::isnan(m)) m = std::numeric_limits<double>::infinity();  // both -inf (or a NaN score): never c
    margin[static_cast<size_t>(i)] = m;
    start[static_cast<size_t>(i)] = m == -std::numeric_limits<double>::infinity() ? c : b;
  }
  std::vector<int64_t> order;
  for (int64_t i = 0; i < n; ++i)
    if (std::isfinite(margin[static_cast<size_t>(i)])) order.push_back(i);
  if (order.empty()) return false;
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return margin[static_cast<size_t>(a)] < margin[static_cast<size_t>(b)] ||
           (margin[static_cast<size_t>(a)] == margin[static_cast<size_t>(b)] && a < b);
  });

  F1Counts counts(y, start, n_classes);
  const double current = offsets[static_cast<size_t>(c)];
  double found_f1 = *best_f1, found_offset = current;
  bool found = false;
  // Each cut: the interval of offsets (lo, hi) that give its predictions, its macro-F1.
  struct Cut {
    double lo, hi, f1;
  };
  std::vector<Cut> cuts;
  auto consider = [&](double offset, double lo, double hi) {
    const double f1 = counts.macro_f1();
    cuts.push_back({lo, hi, f1});
    const bool better = f1 > found_f1 + 1e-12;
    const bool as_good_nearer =
        found && std::abs(f1 - found_f1) <= 1e-12 && std::abs(offset - current) < std::abs(found_offset - current);
    if (better || as_good_nearer) found_f1 = f1, found_offset = offset, found = true;
  };
  const double lowest = margin[static_cast<size_t>(order.front())];
  consider(lowest - 1.0, lowest - 1.0, lowest);  // no row with a finite margin predicts c
  for (size_t k = 0; k < order.size();) {
    const double m = margin[static_cast<size_t>(order[k])];
    for (; k < order.size() && margin[static_cast<size_t>(order[k])] == m; ++k) {
      const int64_t i = order[k];
      counts.move(y[static_cast<size_t>(i)], other[static_cast<size_t>(i)], c);
    }
    const double next = k < order.size() ? margin[static_cast<size_t>(order[k])] : m + 2.0;
    consider(m + (next - m) / 2, m, next);
  }
  if (plateau_tolerance >= 0) {
    // The cut nearest the current offset, then the run of cuts around it within the tolerance.
    size_t at = 0;  // the cut whose interval holds the current offset (or the nearest)
    auto distance = [&](const Cut& cut) { return current < cut.lo ? cut.lo - current : current > cut.hi ? current - cut.hi : 0.0; };
    for (size_t k = 1; k < cuts.size(); ++k)
      if (distance(cuts[k]) < distance(cuts[at])) at = k;
    const double floor_f1 = std::max(cuts[at].f1, *best_f1) - plateau_tolerance;
    size_t lo = at, hi = at;
    while (lo > 0 && cuts[lo - 1].f1 >= floor_f1) --lo;
    while (hi + 1 < cuts.size() && cuts[hi + 1].f1 >= floor_f1) ++hi;
    offsets[static_cast<size_t>(c)] = (cuts[lo].lo + cuts[hi].hi) / 2;
    return false;
  }
  if (!found) return false;
  offsets[static_cast<size_t>(c)] = found_offset;
  *best_f1 = found_f1;
  return true;
}

}  // namespace

double macro_f1(const Labels& y, const Labels& predicted, int64_t n_classes) {
  return F1Counts(y, predicted, n_classes).macro_f1();
}

OperatingPoint tune_operating_point(const Labels& y, const Matrix& proba, int64_t n_classes, OffsetRule rule) {
  if (proba.rows != static_cast<int64_t>(y.size()) || proba.cols != n_classes)
    throw InputError("threshold tuning: " + std::to_string(y.size()) + " labels for a " + std::to_string(proba.rows) +
                     " x " + std::to_string(proba.cols) + " probability matrix");
  if (y.empty()) throw InputError("threshold tuning: no held-out rows");
  OperatingPoint point;
  point.offsets.assign(static_cast<size_t>(n_classes), 0.0);
  point.macro_f1_argmax = macro_f1(y, argmax_rows(proba), n_classes);
  // The score of the current offsets as decide() computes it (ties included); steps must beat it.
  double best = macro_f1(y, argmax_rows_with_offsets(proba, point.offsets), n_classes);
  const std::vector<double> logp = log_proba(proba);
  for (int round = 0; round < kMaxOffsetRounds; ++round) {
    bool moved = false;
    for (int64_t c = 1; c < n_classes; ++c) moved |= improve_class_offset(y, logp, n_classes, c, point.offsets, &best);
    if (!moved || n_classes == 2) break;
  }
  if (rule == OffsetRule::kPlateauMiddle) {
    int64_t n_min = 0;
    for (int64_t count : class_counts(y, n_classes))
      if (count > 0 && (n_min == 0 || count < n_min)) n_min = count;
    const double tolerance = 1.0 / (static_cast<double>(n_classes) * static_cast<double>(n_min));
    for (int64_t c = 1; c < n_classes; ++c) {
      best = macro_f1(y, argmax_rows_with_offsets(proba, point.offsets), n_classes);
      improve_class_offset(y, logp, n_classes, c, point.offsets, &best, tolerance);
    }
  }
  point.macro_f1_tuned = macro_f1(y, argmax_rows_with_offsets(proba, point.offsets), n_classes);
  if (point.macro_f1_tuned < point.macro_f1_argmax) {  // a cut landed on a rounding tie: keep the argmax
    point.offsets.assign(static_cast<size_t>(n_classes), 0.0);
    point.macro_f1_tuned = point.macro_f1_argmax;
  }
  return point;
}

}  // namespace autosmote
