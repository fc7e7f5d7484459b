#include "autosmote/oversampling/smoten.h"

#include <algorithm>
#include <cmath>

#include "autosmote/core/error.h"
#include "oversampling/smote_core.h"

namespace autosmote {

namespace {

// Each row's category code per feature (argmax of the one-hot block; -1 when all zero) and the
// value difference metric between rows: per feature, the L1 distance between P(class | value).
class ValueDifference {
 public:
  ValueDifference(const Matrix& x, const Labels& y, int64_t n_classes, const FeatureLayout& layout)
      : layout_(layout), F_(static_cast<int64_t>(layout.size())), C_(n_classes) {
    const int64_t n_all = x.rows;
    code_.resize(static_cast<size_t>(n_all * F_));
    for (int64_t i = 0; i < n_all; ++i)
      for (int64_t f = 0; f < F_; ++f) {
        const auto& g = layout_[f];
        int64_t best = -1;
        for (int64_t j = 0; j < g.size; ++j)
          if (x.at(i, g.start + j) > 0.5f) best = j;
        code_[i * F_ + f] = best;
      }
    prob_.resize(static_cast<size_t>(F_));
    for (int64_t f = 0; f < F_; ++f) {
      const int64_t V = layout_[f].size + 1;  // last slot: unknown
      std::vector<double> cnt(static_cast<size_t>(V * C_), 0.0), tot(static_cast<size_t>(V), 0.0);
      for (int64_t i = 0; i < n_all; ++i) {
        const int64_t v = slot(i, f);
        cnt[v * C_ + y[i]] += 1;
        tot[v] += 1;
      }
      for (int64_t v = 0; v < V; ++v)
        for (int64_t c = 0; c < C_; ++c) cnt[v * C_ + c] = tot[v] > 0 ? cnt[v * C_ + c] / tot[v] : 0.0;
      prob_[f] = std::move(cnt);
    }
  }

  int64_t code(int64_t row, int64_t f) const { return code_[row * F_ + f]; }

  double distance(int64_t a, int64_t b) const {
    double s = 0;
    for (int64_t f = 0; f < F_; ++f) {
      const int64_t va = slot(a, f), vb = slot(b, f);
      if (va == vb) continue;
      for (int64_t c = 0; c < C_; ++c) s += std::fabs(prob_[f][va * C_ + c] - prob_[f][vb * C_ + c]);
    }
    return s;
  }

 private:
  // The code, or the feature's "unknown" slot (its size) when the block is all zero.
  int64_t slot(int64_t row, int64_t f) const { return code(row, f) < 0 ? layout_[f].size : code(row, f); }

  const FeatureLayout& layout_;
  int64_t F_, C_;
  std::vector<int64_t> code_;
  std::vector<std::vector<double>> prob_;  // per feature: P(class | value) at [value * C + class]
};

}  // namespace

Resampled Smoten::make_rows(const Job& job, Rng& rng) const {
  const FeatureLayout& layout = job.context.layout;
  bool all_cat = !layout.empty();
  for (const auto& g : layout) all_cat = all_cat && g.categorical;
  if (!all_cat) throw InputError("smoten needs categorical-only data (use smote-nc for mixed data, smote for numeric)");
  const int64_t F = static_cast<int64_t>(layout.size());
  const ValueDifference vdm(job.x, job.y, job.n_classes, layout);
  Resampled out = no_rows(job);
  std::vector<float> row(static_cast<size_t>(job.x.cols));
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    const auto& rows = cls.rows;
    const int64_t n = cls.n_new, c = cls.index;
    const std::string& label = cls.label;
    if (rows.size() < 2) {
      smote_class(job.x, rows, options_.k_neighbors, n, c, job.who, label, rng, &out);
      return;
    }
    const int64_t k =
        clamp_k(options_.k_neighbors, static_cast<int64_t>(rows.size()), job.who, "k_neighbors", label, &out.warnings);
    const int64_t nc = static_cast<int64_t>(rows.size());
    std::vector<int64_t> nbr(static_cast<size_t>(nc * k));
    std::vector<std::pair<double, int64_t>> cand;
    for (int64_t i = 0; i < nc; ++i) {
      cand.clear();
      for (int64_t j = 0; j < nc; ++j)
        if (j != i) cand.emplace_back(vdm.distance(rows[i], rows[j]), j);
      std::partial_sort(cand.begin(), cand.begin() + k, cand.end());
      for (int64_t q = 0; q < k; ++q) nbr[i * k + q] = cand[q].second;
    }
    for (int64_t s = 0; s < n; ++s) {
      const int64_t a = rng.uniform_int(nc);
      std::fill(row.begin(), row.end(), 0.0f);
      for (int64_t f = 0; f < F; ++f) {
        const auto& g = layout[f];
        std::vector<int64_t> votes(static_cast<size_t>(g.size), 0);
        for (int64_t q = 0; q < k; ++q) {
          const int64_t v = vdm.code(rows[nbr[a * k + q]], f);
          if (v >= 0) ++votes[v];
        }
        const int64_t pick = std::max_element(votes.begin(), votes.end()) - votes.begin();
        row[g.start + pick] = 1.0f;
      }
      push_row(&out, row.data(), c);
    }
  });
  return out;
}

}  // namespace autosmote
