#include "autosmote/oversampling/cleaning.h"

#include <algorithm>

#include "autosmote/neighbors/knn.h"

namespace autosmote {

static int64_t minority_class(const Labels& y, int64_t n_classes) {
  const auto counts = class_counts(y, n_classes);
  int64_t m = -1;
  for (int64_t c = 0; c < n_classes; ++c)
    if (counts[c] > 0 && (m < 0 || counts[c] < counts[m])) m = c;
  return m;
}

std::vector<int64_t> tomek_keep(const Matrix& x, const Labels& y, int64_t n_classes, const TomekOptions& options) {
  const bool clean_all = options.sampling_strategy == CleanedClasses::kAll;
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

std::vector<int64_t> enn_keep(const Matrix& x, const Labels& y, int64_t n_classes, const EnnOptions& options) {
  const bool clean_all = options.sampling_strategy == CleanedClasses::kAll;
  const bool mode = options.kind_sel == EnnKindSel::kMode;
  const int64_t n = x.rows;
  const int64_t k = std::min<int64_t>(options.n_neighbors, n - 1);
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

}  // namespace autosmote
