#include "autosmote/oversampling/class_rows.h"

#include "autosmote/neighbors/knn.h"

namespace autosmote {

std::vector<int64_t> rows_of_class(const Labels& y, int64_t c) {
  std::vector<int64_t> rows;
  for (size_t i = 0; i < y.size(); ++i)
    if (y[i] == c) rows.push_back(static_cast<int64_t>(i));
  return rows;
}

std::vector<int64_t> other_class_neighbours(const Matrix& x, const Labels& y, const std::vector<int64_t>& rows,
                                            int64_t m) {
  const Matrix q = take_rows(x, rows);
  const KnnResult nn = knn(q, x, m, rows);
  std::vector<int64_t> out(rows.size(), 0);
  for (size_t i = 0; i < rows.size(); ++i)
    for (int64_t j = 0; j < m; ++j) out[i] += y[nn.index(static_cast<int64_t>(i), j)] != y[rows[i]];
  return out;
}

}  // namespace autosmote
