// random, smote, borderline-smote, adasyn.
#include <algorithm>
#include <cmath>

#include "autosmote/core/params.h"
#include "autosmote/oversampling/adasyn.h"
#include "autosmote/oversampling/borderline_smote.h"
#include "autosmote/oversampling/random_oversampler.h"
#include "autosmote/oversampling/smote.h"
#include "oversampling/smote_core.h"

namespace autosmote {

// ---- random ----
std::string RandomOverSampler::spec() const {
  return SpecText("random")
      .add_if(shrinkage_ != 0, "shrinkage", format_number(shrinkage_))
      .strategy(sampling_strategy())
      .str();
}

Resampled RandomOverSampler::make_rows(const Job& job, Rng& rng) const {
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  const int64_t n = job.x.rows, d = job.x.cols;
  const double h = std::pow(4.0 / (static_cast<double>(d + 2) * static_cast<double>(n)), 1.0 / static_cast<double>(d + 4));
  std::vector<float> row(static_cast<size_t>(d));
  for (int64_t c = 0; c < job.n_classes; ++c) {
    if (job.n_new[c] <= 0) continue;
    const auto rows = rows_of_class(job.y, c);
    std::vector<double> scale(static_cast<size_t>(d), 0.0);
    if (shrinkage_ > 0) {
      for (int64_t j = 0; j < d; ++j) {
        double mean = 0, var = 0;
        for (auto r : rows) mean += job.x.at(r, j);
        mean /= static_cast<double>(rows.size());
        for (auto r : rows) var += (job.x.at(r, j) - mean) * (job.x.at(r, j) - mean);
        scale[j] = shrinkage_ * h * std::sqrt(var / static_cast<double>(rows.size()));
      }
    }
    for (int64_t s = 0; s < job.n_new[c]; ++s) {
      const float* src = job.x.row(rows[rng.uniform_int(static_cast<int64_t>(rows.size()))]);
      for (int64_t j = 0; j < d; ++j)
        row[j] = shrinkage_ > 0 ? static_cast<float>(src[j] + scale[j] * rng.normal()) : src[j];
      push_row(&out, row.data(), c);
    }
  }
  return out;
}

// ---- smote ----
std::string Smote::spec() const {
  return SpecText("smote")
      .add_if(k_ != 5, "k_neighbors", std::to_string(k_))
      .strategy(sampling_strategy())
      .str();
}

Resampled Smote::make_rows(const Job& job, Rng& rng) const {
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  for (int64_t c = 0; c < job.n_classes; ++c)
    smote_class(job.x, rows_of_class(job.y, c), k_, job.n_new[c], c, name(), class_label(job.context, c), rng, &out);
  return out;
}

// ---- borderline-smote ----
std::string BorderlineSmote::spec() const {
  return SpecText("borderline-smote")
      .add_if(k_ != 5, "k_neighbors", std::to_string(k_))
      .add_if(m_ != 10, "m_neighbors", std::to_string(m_))
      .add_if(kind_ != 1, "kind", std::to_string(kind_))
      .strategy(sampling_strategy())
      .str();
}

Resampled BorderlineSmote::make_rows(const Job& job, Rng& rng) const {
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  const int64_t m = std::min<int64_t>(m_, job.x.rows - 1);
  for (int64_t c = 0; c < job.n_classes; ++c) {
    const int64_t n = job.n_new[c];
    if (n <= 0) continue;
    const auto rows = rows_of_class(job.y, c);
    const std::string label = class_label(job.context, c);
    const auto other = other_class_neighbours(job.x, job.y, rows, m);
    std::vector<int64_t> danger_pos;  // positions within the class
    for (size_t i = 0; i < rows.size(); ++i)
      if (2 * other[i] >= m && other[i] < m) danger_pos.push_back(static_cast<int64_t>(i));
    if (danger_pos.empty() || rows.size() < 2) {
      out.warnings.push_back(name() + ": class '" + label + "' has no danger rows; plain SMOTE made its rows");
      smote_class(job.x, rows, k_, n, c, name(), label, rng, &out);
      continue;
    }
    const int64_t k = clamp_k(k_, static_cast<int64_t>(rows.size()), name(), "k_neighbors", label, &out.warnings);
    const Matrix xc = take_rows(job.x, rows);
    std::vector<int64_t> danger_rows;
    for (auto p : danger_pos) danger_rows.push_back(rows[p]);
    const Matrix anchors = take_rows(job.x, danger_rows);
    const KnnResult same = knn(anchors, xc, k, danger_pos);
    if (kind_ == 1) {
      append_smote_rows(anchors, xc, same, n, 1.0, c, rng, &out);
      continue;
    }
    const int64_t n1 = std::llround(rng.beta(10, 10) * static_cast<double>(n));
    append_smote_rows(anchors, xc, same, n1, 1.0, c, rng, &out);
    std::vector<int64_t> others;
    for (size_t i = 0; i < job.y.size(); ++i)
      if (job.y[i] != c) others.push_back(static_cast<int64_t>(i));
    const Matrix xo = take_rows(job.x, others);
    const KnnResult diff = knn(anchors, xo, std::min<int64_t>(k, xo.rows));
    append_smote_rows(anchors, xo, diff, n - n1, 0.5, c, rng, &out);
  }
  return out;
}

// ---- adasyn ----
std::string Adasyn::spec() const {
  return SpecText("adasyn")
      .add_if(k_ != 5, "n_neighbors", std::to_string(k_))
      .strategy(sampling_strategy())
      .str();
}

Resampled Adasyn::make_rows(const Job& job, Rng& rng) const {
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  for (int64_t c = 0; c < job.n_classes; ++c) {
    const int64_t n = job.n_new[c];
    if (n <= 0) continue;
    const auto rows = rows_of_class(job.y, c);
    const std::string label = class_label(job.context, c);
    if (rows.size() < 2) {
      smote_class(job.x, rows, k_, n, c, name(), label, rng, &out);
      continue;
    }
    const int64_t m = std::min<int64_t>(k_, job.x.rows - 1);
    const auto other = other_class_neighbours(job.x, job.y, rows, m);
    std::vector<double> w(other.begin(), other.end());
    double sum = 0;
    for (double v : w) sum += v;
    if (sum == 0) {
      out.warnings.push_back(name() + ": no neighbour of class '" + label +
                             "' belongs to another class; rows are allocated uniformly");
      std::fill(w.begin(), w.end(), 1.0);
    }
    const auto per_row = apportion(w, n);
    const int64_t k = clamp_k(k_, static_cast<int64_t>(rows.size()), name(), "n_neighbors", label, &out.warnings);
    const Matrix xc = take_rows(job.x, rows);
    const KnnResult nn = knn_self(xc, k);
    std::vector<float> row(static_cast<size_t>(job.x.cols));
    for (int64_t i = 0; i < xc.rows; ++i) {
      for (int64_t s = 0; s < per_row[i]; ++s) {
        const float* a = xc.row(i);
        const float* b = xc.row(nn.index(i, rng.uniform_int(k)));
        const float u = static_cast<float>(rng.uniform());
        for (int64_t j = 0; j < xc.cols; ++j) row[j] = a[j] + u * (b[j] - a[j]);
        push_row(&out, row.data(), c);
      }
    }
  }
  return out;
}

}  // namespace autosmote
