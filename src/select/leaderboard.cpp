// selection_text: the leaderboard `autosmote explain` prints for an `auto` model.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "autosmote/select/auto_select.h"

namespace autosmote {
namespace {

// Sample standard deviation (n - 1; 0 for fewer than two values).
double spread(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

std::string selection_text(const SelectionRecord& record, const std::vector<std::string>& class_names) {
  char buf[512];
  std::string out;
  std::snprintf(buf, sizeof buf,
                "%s: %lld inner folds, %lld rungs, %.1f s of a %.0f s budget (final fit %.1f s)%s\n",
                record.spec.c_str(), static_cast<long long>(record.folds), static_cast<long long>(record.rungs),
                record.seconds, record.budget_seconds, record.final_seconds,
                record.budget_cut ? "; the budget cut the schedule" : "");
  out += buf;
  // Best first: candidates with more folds, then a higher score, then list order.
  std::vector<size_t> order(record.candidates.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto &ca = record.candidates[a], &cb = record.candidates[b];
    if (ca.fold_scores.size() != cb.fold_scores.size()) return ca.fold_scores.size() > cb.fold_scores.size();
    return ca.score > cb.score;
  });
  std::snprintf(buf, sizeof buf, "%-4s %-60s %-9s %-8s %-5s %-8s %s\n", "rank", "candidate (model + sampler)",
                "macro-F1", "spread", "folds", "seconds", "outcome");
  out += buf;
  for (size_t rank = 0; rank < order.size(); ++rank) {
    const CandidateRecord& c = record.candidates[order[rank]];
    const std::string name = c.model + " + " + c.sampler;
    if (c.fold_scores.empty()) {
      std::snprintf(buf, sizeof buf, "%-4zu %-60s %-9s %-8s %-5d %-8.1f %s\n", rank + 1, name.c_str(), "-", "-", 0,
                    c.seconds, c.outcome.c_str());
    } else {
      std::snprintf(buf, sizeof buf, "%-4zu %-60s %-9.4f %-8.4f %-5zu %-8.1f %s\n", rank + 1, name.c_str(), c.score,
                    spread(c.fold_scores), c.fold_scores.size(), c.seconds, c.outcome.c_str());
    }
    out += buf;
  }
  if (record.winner >= 0 && static_cast<size_t>(record.winner) < record.candidates.size()) {
    const CandidateRecord& w = record.candidates[static_cast<size_t>(record.winner)];
    const bool tuned = !w.fold_offsets.empty() && !w.fold_offsets.front().empty();
    if (tuned) {
      out += "the winner's offsets on its inner folds (mean, spread):\n";
      for (size_t k = 0; k < class_names.size(); ++k) {
        std::vector<double> values;
        for (const auto& fold : w.fold_offsets)
          if (k < fold.size()) values.push_back(fold[k]);
        if (values.empty()) continue;
        const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
        std::snprintf(buf, sizeof buf, "  %-20s %+.4f  %.4f\n", class_names[k].c_str(), mean, spread(values));
        out += buf;
      }
    }
  }
  for (const auto& w : record.warnings) out += "warning: " + w + "\n";
  return out;
}

}  // namespace autosmote
