#include "oversampling/smote_core.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace autosmote {

std::string class_label(const SampleContext& ctx, int64_t c) {
  return c < static_cast<int64_t>(ctx.class_names.size()) ? ctx.class_names[c] : std::to_string(c);
}

Resampled no_rows(const SampleJob& job) {
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  return out;
}

int64_t clamp_k(int64_t k, int64_t n_rows, const std::string& who, const std::string& key, const std::string& label,
                std::vector<std::string>* warnings) {
  if (k < n_rows) return k;
  warnings->push_back(who + ": " + key + "=" + std::to_string(k) + " but class '" + label + "' has only " +
                      std::to_string(n_rows) + " rows; using " + key + "=" + std::to_string(n_rows - 1));
  return n_rows - 1;
}

void push_row(Resampled* out, const float* row, int64_t label) {
  out->x.data.insert(out->x.data.end(), row, row + out->x.cols);
  ++out->x.rows;
  out->y.push_back(label);
}

void append_smote_rows(const Matrix& anchors, const Matrix& nb_data, const KnnResult& nns, int64_t n, double step,
                       int64_t label, Rng& rng, Resampled* out) {
  const int64_t d = anchors.cols;
  std::vector<float> row(static_cast<size_t>(d));
  out->x.data.reserve(out->x.data.size() + static_cast<size_t>(std::max<int64_t>(n, 0) * d));
  out->y.reserve(out->y.size() + static_cast<size_t>(std::max<int64_t>(n, 0)));
  for (int64_t s = 0; s < n; ++s) {
    const int64_t pair = rng.uniform_int(nns.rows * nns.k);
    const int64_t r = pair / nns.k, j = pair % nns.k;
    const float* a = anchors.row(r);
    const float* b = nb_data.row(nns.index(r, j));
    const float u = static_cast<float>(step * rng.uniform());
    for (int64_t c = 0; c < d; ++c) row[c] = a[c] + u * (b[c] - a[c]);
    push_row(out, row.data(), label);
  }
}

void append_duplicates(const Matrix& x, const std::vector<int64_t>& rows, int64_t n, int64_t label, Rng& rng,
                       Resampled* out) {
  for (int64_t s = 0; s < n; ++s) push_row(out, x.row(rows[rng.uniform_int(static_cast<int64_t>(rows.size()))]), label);
}

void smote_class(const Matrix& x, const std::vector<int64_t>& rows, int64_t k, int64_t n, int64_t label,
                 const std::string& who, const std::string& class_name, Rng& rng, Resampled* out) {
  if (n <= 0) return;
  const int64_t n_rows = static_cast<int64_t>(rows.size());
  if (n_rows == 1) {
    out->warnings.push_back(who + ": class '" + class_name + "' has a single row; its " + std::to_string(n) +
                            " new rows are copies of it");
    append_duplicates(x, rows, n, label, rng, out);
    return;
  }
  k = clamp_k(k, n_rows, who, "k_neighbors", class_name, &out->warnings);
  const Matrix xc = take_rows(x, rows);
  append_smote_rows(xc, xc, knn_self(xc, k), n, 1.0, label, rng, out);
}

std::vector<int64_t> apportion(const std::vector<double>& weights, int64_t total) {
  const size_t n = weights.size();
  std::vector<int64_t> out(n, 0);
  double sum = 0;
  for (double w : weights) sum += w;
  if (n == 0 || total <= 0 || !(sum > 0)) return out;
  std::vector<double> rem(n);
  int64_t given = 0;
  for (size_t i = 0; i < n; ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    out[i] = static_cast<int64_t>(std::floor(exact));
    rem[i] = exact - static_cast<double>(out[i]);
    given += out[i];
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rem[a] > rem[b]; });
  for (size_t i = 0; given < total; i = (i + 1) % n, ++given) ++out[order[i]];
  return out;
}

}  // namespace autosmote
