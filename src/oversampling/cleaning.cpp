#include "autosmote/oversampling/cleaning.h"

#include <algorithm>

#include "autosmote/neighbors/knn.h"
#include "oversampling/smote_core.h"

namespace autosmote {

static int64_t minority_class(const Labels& y, int64_t n_classes) {
  const auto counts = class_counts(y, n_classes);
  int64_t m = -1;
  for (int64_t c = 0; c < n_classes; ++c)
    if (counts[c] > 0 && (m < 0 || counts[c] < counts[m])) m = c;
  return m;
}

std::vector<int64_t> tomek_keep(const Matrix& x, const Labels& y, int64_t n_classes, bool clean_all) {
  const int64_t n = x.rows;
  std::vector<int64_t> keep;
  if (n < 2) {
    for (int64_t i = 0; i < n; ++i) keep.push_back(i);
    return keep;
  }
  const KnnResult nn = knn_self(x, 1);
  const int64_t minority = minority_class(y, n_classes);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t j = nn.index(i, 0);
    const bool link = y[i] != y[j] && nn.index(j, 0) == i;
    if (link && (clean_all || y[i] != minority)) continue;
    keep.push_back(i);
  }
  return keep;
}

std::vector<int64_t> enn_keep(const Matrix& x, const Labels& y, int64_t n_classes, int64_t n_neighbors, bool mode,
                              bool clean_all) {
  const int64_t n = x.rows;
  const int64_t k = std::min<int64_t>(n_neighbors, n - 1);
  std::vector<int64_t> keep;
  if (k < 1) {
    for (int64_t i = 0; i < n; ++i) keep.push_back(i);
    return keep;
  }
  const KnnResult nn = knn_self(x, k);
  const int64_t minority = minority_class(y, n_classes);
  std::vector<int64_t> votes(static_cast<size_t>(n_classes));
  for (int64_t i = 0; i < n; ++i) {
    if (!clean_all && y[i] == minority) {
      keep.push_back(i);
      continue;
    }
    std::fill(votes.begin(), votes.end(), 0);
    for (int64_t j = 0; j < k; ++j) ++votes[y[nn.index(i, j)]];
    const bool ok = mode ? (std::max_element(votes.begin(), votes.end()) - votes.begin()) == y[i] : votes[y[i]] == k;
    if (ok) keep.push_back(i);
  }
  return keep;
}

std::string CleaningSampler::name() const {
  const std::string base = method_ == Method::kTomek ? "tomek" : "enn";
  return smote_k_ > 0 ? "smote-" + base : base;
}

std::string CleaningSampler::spec() const {
  SpecText t(name());
  if (smote_k_ > 0 && smote_k_ != 5) t.add("k_neighbors", std::to_string(smote_k_));
  if (method_ == Method::kEnn && n_neighbors_ != 3) t.add("n_neighbors", std::to_string(n_neighbors_));
  if (method_ == Method::kEnn && smote_k_ == 0 && mode_) t.add("kind_sel", "mode");
  if (smote_k_ > 0) {
    if (sampling_strategy().str() != "auto") t.add("sampling_strategy", sampling_strategy().str());
  } else if (clean_all_) {
    t.add("sampling_strategy", "all");
  }
  return t.str();
}

Resampled CleaningSampler::make_rows(const Job& job, Rng& rng) const {
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  if (smote_k_ <= 0) return out;
  for (int64_t c = 0; c < job.n_classes; ++c)
    smote_class(job.x, rows_of_class(job.y, c), smote_k_, job.n_new[c], c, name(), class_label(job.context, c), rng, &out);
  return out;
}

std::vector<int64_t> CleaningSampler::keep_rows(const Matrix& x, const Labels& y, int64_t n_classes) const {
  return method_ == Method::kTomek ? tomek_keep(x, y, n_classes, clean_all_)
                                   : enn_keep(x, y, n_classes, n_neighbors_, mode_, clean_all_);
}

}  // namespace autosmote
