// svm-smote, kmeans-smote, smote-nc, smoten.
#include <libsvm/svm.h>

#include <algorithm>
#include <cmath>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/neighbors/kmeans.h"
#include "autosmote/oversampling/kmeans_smote.h"
#include "autosmote/oversampling/smote_nc.h"
#include "autosmote/oversampling/smoten.h"
#include "autosmote/oversampling/svm_smote.h"
#include "oversampling/smote_core.h"

namespace autosmote {

// ---- svm-smote ----
std::string SvmSmote::spec() const {
  return SpecText("svm-smote")
      .add_if(k_ != 5, "k_neighbors", std::to_string(k_))
      .add_if(m_ != 10, "m_neighbors", std::to_string(m_))
      .add_if(out_step_ != 0.5, "out_step", format_number(out_step_))
      .add_if(c_ != 1.0, "C", format_number(c_))
      .strategy(sampling_strategy())
      .str();
}

// Indices of the support vectors of an RBF C-SVC trained on (x, y) (libsvm, one-vs-one).
static std::vector<int64_t> support_vectors(const Matrix& x, const Labels& y, double c) {
  const int64_t n = x.rows, d = x.cols;
  double mean = 0, var = 0;
  for (float v : x.data) mean += v;
  mean /= static_cast<double>(x.data.size());
  for (float v : x.data) var += (v - mean) * (v - mean);
  var /= static_cast<double>(x.data.size());
  std::vector<svm_node> nodes;
  nodes.reserve(static_cast<size_t>(n * (d + 1)));
  std::vector<size_t> starts(static_cast<size_t>(n));
  std::vector<double> labels(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    starts[i] = nodes.size();
    for (int64_t j = 0; j < d; ++j)
      if (x.at(i, j) != 0.0f) nodes.push_back({static_cast<int>(j + 1), x.at(i, j)});
    nodes.push_back({-1, 0.0});
    labels[i] = static_cast<double>(y[i]);
  }
  std::vector<svm_node*> rows(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) rows[i] = nodes.data() + starts[i];
  svm_problem prob{};
  prob.l = static_cast<int>(n);
  prob.y = labels.data();
  prob.x = rows.data();
  svm_parameter param{};
  param.svm_type = C_SVC;
  param.kernel_type = RBF;
  param.gamma = var > 0 ? 1.0 / (static_cast<double>(d) * var) : 1.0;
  param.C = c;
  param.cache_size = 200;
  param.eps = 1e-3;
  param.shrinking = 1;
  svm_set_print_string_function([](const char*) {});
  if (const char* err = svm_check_parameter(&prob, &param)) throw SpecError(std::string("svm-smote: ") + err);
  svm_model* model = svm_train(&prob, &param);
  std::vector<int> idx(static_cast<size_t>(svm_get_nr_sv(model)));
  svm_get_sv_indices(model, idx.data());
  svm_free_and_destroy_model(&model);
  std::vector<int64_t> out(idx.begin(), idx.end());
  for (auto& v : out) v -= 1;  // libsvm is 1-based
  std::sort(out.begin(), out.end());
  return out;
}

Resampled SvmSmote::make_rows(const Job& job, Rng& rng) const {
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  bool any = false;
  for (auto v : job.n_new) any = any || v > 0;
  if (!any) return out;
  const std::vector<int64_t> sv = support_vectors(job.x, job.y, c_);
  const int64_t m = std::min<int64_t>(m_, job.x.rows - 1);
  for (int64_t c = 0; c < job.n_classes; ++c) {
    const int64_t n = job.n_new[c];
    if (n <= 0) continue;
    const auto rows = rows_of_class(job.y, c);
    const std::string label = class_label(job.context, c);
    std::vector<int64_t> pos_of(job.y.size(), -1);
    for (size_t i = 0; i < rows.size(); ++i) pos_of[rows[i]] = static_cast<int64_t>(i);
    std::vector<int64_t> class_sv;
    for (auto r : sv)
      if (job.y[r] == c) class_sv.push_back(r);
    std::vector<int64_t> danger, safe;  // rows of x
    if (!class_sv.empty()) {
      const auto other = other_class_neighbours(job.x, job.y, class_sv, m);
      for (size_t i = 0; i < class_sv.size(); ++i) {
        if (other[i] == m) continue;  // noise
        (2 * other[i] >= m ? danger : safe).push_back(class_sv[i]);
      }
    }
    if ((danger.empty() && safe.empty()) || rows.size() < 2) {
      out.warnings.push_back(name() + ": class '" + label + "' has no usable support vector; plain SMOTE made its rows");
      smote_class(job.x, rows, k_, n, c, name(), label, rng, &out);
      continue;
    }
    const int64_t k = clamp_k(k_, static_cast<int64_t>(rows.size()), name(), "k_neighbors", label, &out.warnings);
    const Matrix xc = take_rows(job.x, rows);
    int64_t n_danger = danger.empty() ? 0 : safe.empty() ? n : std::llround(rng.beta(10, 10) * static_cast<double>(n));
    auto generate = [&](const std::vector<int64_t>& anchors_rows, int64_t count, double step) {
      if (count <= 0) return;
      std::vector<int64_t> self;
      for (auto r : anchors_rows) self.push_back(pos_of[r]);
      const Matrix anchors = take_rows(job.x, anchors_rows);
      append_smote_rows(anchors, xc, knn(anchors, xc, k, self), count, step, c, rng, &out);
    };
    generate(danger, n_danger, 1.0);
    generate(safe, n - n_danger, -out_step_);
  }
  return out;
}

// ---- kmeans-smote ----
std::string KMeansSmote::spec() const {
  return SpecText("kmeans-smote")
      .add_if(k_ != 2, "k_neighbors", std::to_string(k_))
      .add_if(clusters_ != 8, "n_clusters", std::to_string(clusters_))
      .add_if(threshold_ >= 0, "cluster_balance_threshold", format_number(threshold_))
      .strategy(sampling_strategy())
      .str();
}

Resampled KMeansSmote::make_rows(const Job& job, Rng& rng) const {
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  int64_t total_new = 0;
  for (auto v : job.n_new) total_new += v;
  if (total_new == 0) return out;
  for (int64_t c = 0; c < job.n_classes; ++c) {
    const int64_t n = job.n_new[c];
    if (n <= 0) continue;
    const std::string label = class_label(job.context, c);
    const auto rows = rows_of_class(job.y, c);
    const KMeansResult km = kmeans(job.x, std::min<int64_t>(clusters_, job.x.rows), rng);
    const double threshold = threshold_ >= 0 ? threshold_ : static_cast<double>(n) / static_cast<double>(total_new) / 2.0;
    std::vector<std::vector<int64_t>> members(static_cast<size_t>(km.centroids.rows));
    std::vector<int64_t> size(static_cast<size_t>(km.centroids.rows), 0);
    for (int64_t i = 0; i < job.x.rows; ++i) {
      ++size[km.labels[i]];
      if (job.y[i] == c) members[km.labels[i]].push_back(i);
    }
    std::vector<std::vector<int64_t>> valid;
    std::vector<double> sparsity;
    for (size_t g = 0; g < members.size(); ++g) {
      const auto& mem = members[g];
      if (size[g] == 0) continue;
      const double share = static_cast<double>(mem.size()) / static_cast<double>(size[g]);
      if (share < threshold || static_cast<int64_t>(mem.size()) < k_ + 1) continue;
      const Matrix xm = take_rows(job.x, mem);
      double dist = 0;
      for (int64_t a = 0; a < xm.rows; ++a)
        for (int64_t b = 0; b < xm.rows; ++b) {
          double s = 0;
          for (int64_t j = 0; j < xm.cols; ++j) s += (xm.at(a, j) - xm.at(b, j)) * (xm.at(a, j) - xm.at(b, j));
          dist += std::sqrt(s);
        }
      const double nm = static_cast<double>(xm.rows);
      const double mean_dist = dist / (nm * nm - nm);
      const double exponent = std::pow(std::log(nm) / std::log(1.6), 1.8) * 0.16;
      valid.push_back(mem);
      sparsity.push_back(std::pow(mean_dist, exponent) / nm);
    }
    double total = 0;
    for (double s : sparsity) total += s;
    if (valid.empty() || !(total > 0)) {
      out.warnings.push_back(name() + ": no cluster holds enough rows of class '" + label +
                             "'; plain SMOTE made its rows (lower cluster_balance_threshold or raise n_clusters)");
      smote_class(job.x, rows, k_, n, c, name(), label, rng, &out);
      continue;
    }
    const auto counts = apportion(sparsity, n);
    for (size_t g = 0; g < valid.size(); ++g) {
      if (counts[g] == 0) continue;
      const Matrix xm = take_rows(job.x, valid[g]);
      append_smote_rows(xm, xm, knn_self(xm, k_), counts[g], 1.0, c, rng, &out);
    }
  }
  return out;
}

// ---- smote-nc ----
std::string SmoteNc::spec() const {
  return SpecText("smote-nc")
      .add_if(k_ != 5, "k_neighbors", std::to_string(k_))
      .strategy(sampling_strategy())
      .str();
}

Resampled SmoteNc::make_rows(const Job& job, Rng& rng) const {
  const FeatureLayout& layout = job.context.layout;
  int64_t n_num = 0, n_cat = 0;
  for (const auto& g : layout) (g.categorical ? n_cat : n_num) += 1;
  if (n_cat == 0 || n_num == 0)
    throw InputError(std::string("smote-nc needs both numeric and categorical features; this data has ") +
                     (n_cat == 0 ? "no categorical feature (use smote)" : "no numeric feature (use smoten)"));
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  // Median of the numeric columns' standard deviations in the smallest class.
  const auto counts = class_counts(job.y, job.n_classes);
  int64_t smallest = -1;
  for (int64_t c = 0; c < job.n_classes; ++c)
    if (counts[c] > 0 && (smallest < 0 || counts[c] < counts[smallest])) smallest = c;
  const auto small_rows = rows_of_class(job.y, smallest);
  std::vector<double> stds;
  for (const auto& g : layout) {
    if (g.categorical) continue;
    double mean = 0, var = 0;
    for (auto r : small_rows) mean += job.x.at(r, g.start);
    mean /= static_cast<double>(small_rows.size());
    for (auto r : small_rows) var += (job.x.at(r, g.start) - mean) * (job.x.at(r, g.start) - mean);
    stds.push_back(std::sqrt(var / static_cast<double>(small_rows.size())));
  }
  std::sort(stds.begin(), stds.end());
  const size_t h = stds.size() / 2;
  const double med = stds.size() % 2 ? stds[h] : 0.5 * (stds[h - 1] + stds[h]);
  const float cat_value = med > 0 ? static_cast<float>(med / 2) : 1.0f;
  Matrix enc = job.x;  // one-hot columns scaled for the distance
  for (const auto& g : layout)
    if (g.categorical)
      for (int64_t i = 0; i < enc.rows; ++i)
        for (int64_t j = g.start; j < g.start + g.size; ++j) enc.at(i, j) *= cat_value;

  std::vector<float> row(static_cast<size_t>(job.x.cols));
  for (int64_t c = 0; c < job.n_classes; ++c) {
    const int64_t n = job.n_new[c];
    if (n <= 0) continue;
    const auto rows = rows_of_class(job.y, c);
    const std::string label = class_label(job.context, c);
    if (rows.size() < 2) {
      smote_class(job.x, rows, k_, n, c, name(), label, rng, &out);
      continue;
    }
    const int64_t k = clamp_k(k_, static_cast<int64_t>(rows.size()), name(), "k_neighbors", label, &out.warnings);
    const KnnResult nn = knn_self(take_rows(enc, rows), k);
    for (int64_t s = 0; s < n; ++s) {
      const int64_t pair = rng.uniform_int(nn.rows * k);
      const int64_t r = pair / k, jn = pair % k;
      const float* a = job.x.row(rows[r]);
      const float* b = job.x.row(rows[nn.index(r, jn)]);
      const float u = static_cast<float>(rng.uniform());
      for (const auto& g : layout) {
        if (!g.categorical) {
          row[g.start] = a[g.start] + u * (b[g.start] - a[g.start]);
          continue;
        }
        // Most frequent category among the k neighbours, ties at random.
        std::vector<float> votes(static_cast<size_t>(g.size), 0.0f);
        for (int64_t q = 0; q < k; ++q) {
          const float* nb = job.x.row(rows[nn.index(r, q)]);
          for (int64_t j = 0; j < g.size; ++j) votes[j] += nb[g.start + j];
        }
        const float best = *std::max_element(votes.begin(), votes.end());
        std::vector<int64_t> ties;
        for (int64_t j = 0; j < g.size; ++j)
          if (votes[j] == best) ties.push_back(j);
        const int64_t pick = ties[rng.uniform_int(static_cast<int64_t>(ties.size()))];
        for (int64_t j = 0; j < g.size; ++j) row[g.start + j] = j == pick ? 1.0f : 0.0f;
      }
      push_row(&out, row.data(), c);
    }
  }
  return out;
}

// ---- smoten ----
std::string Smoten::spec() const {
  return SpecText("smoten")
      .add_if(k_ != 5, "k_neighbors", std::to_string(k_))
      .strategy(sampling_strategy())
      .str();
}

Resampled Smoten::make_rows(const Job& job, Rng& rng) const {
  const FeatureLayout& layout = job.context.layout;
  bool all_cat = !layout.empty();
  for (const auto& g : layout) all_cat = all_cat && g.categorical;
  if (!all_cat) throw InputError("smoten needs categorical-only data (use smote-nc for mixed data, smote for numeric)");
  const int64_t F = static_cast<int64_t>(layout.size()), C = job.n_classes, n_all = job.x.rows;
  // Category code per row and feature (argmax of the one-hot block; -1 when all zero).
  std::vector<int64_t> code(static_cast<size_t>(n_all * F));
  for (int64_t i = 0; i < n_all; ++i)
    for (int64_t f = 0; f < F; ++f) {
      const auto& g = layout[f];
      int64_t best = -1;
      for (int64_t j = 0; j < g.size; ++j)
        if (job.x.at(i, g.start + j) > 0.5f) best = j;
      code[i * F + f] = best;
    }
  // Value difference metric tables: P(class | feature f = value v).
  std::vector<std::vector<double>> prob(static_cast<size_t>(F));
  for (int64_t f = 0; f < F; ++f) {
    const int64_t V = layout[f].size + 1;  // last slot: unknown
    std::vector<double> cnt(static_cast<size_t>(V * C), 0.0), tot(static_cast<size_t>(V), 0.0);
    for (int64_t i = 0; i < n_all; ++i) {
      const int64_t v = code[i * F + f] < 0 ? V - 1 : code[i * F + f];
      cnt[v * C + job.y[i]] += 1;
      tot[v] += 1;
    }
    for (int64_t v = 0; v < V; ++v)
      for (int64_t c = 0; c < C; ++c) cnt[v * C + c] = tot[v] > 0 ? cnt[v * C + c] / tot[v] : 0.0;
    prob[f] = std::move(cnt);
  }
  auto vdm = [&](int64_t a, int64_t b) {
    double s = 0;
    for (int64_t f = 0; f < F; ++f) {
      const int64_t V = layout[f].size + 1;
      const int64_t va = code[a * F + f] < 0 ? V - 1 : code[a * F + f];
      const int64_t vb = code[b * F + f] < 0 ? V - 1 : code[b * F + f];
      if (va == vb) continue;
      for (int64_t c = 0; c < C; ++c) s += std::fabs(prob[f][va * C + c] - prob[f][vb * C + c]);
    }
    return s;
  };
  Resampled out;
  out.x = Matrix(0, job.x.cols);
  std::vector<float> row(static_cast<size_t>(job.x.cols));
  for (int64_t c = 0; c < C; ++c) {
    const int64_t n = job.n_new[c];
    if (n <= 0) continue;
    const auto rows = rows_of_class(job.y, c);
    const std::string label = class_label(job.context, c);
    if (rows.size() < 2) {
      smote_class(job.x, rows, k_, n, c, name(), label, rng, &out);
      continue;
    }
    const int64_t k = clamp_k(k_, static_cast<int64_t>(rows.size()), name(), "k_neighbors", label, &out.warnings);
    const int64_t nc = static_cast<int64_t>(rows.size());
    std::vector<int64_t> nbr(static_cast<size_t>(nc * k));
    std::vector<std::pair<double, int64_t>> cand;
    for (int64_t i = 0; i < nc; ++i) {
      cand.clear();
      for (int64_t j = 0; j < nc; ++j)
        if (j != i) cand.emplace_back(vdm(rows[i], rows[j]), j);
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
          const int64_t v = code[rows[nbr[a * k + q]] * F + f];
          if (v >= 0) ++votes[v];
        }
        const int64_t pick = std::max_element(votes.begin(), votes.end()) - votes.begin();
        row[g.start + pick] = 1.0f;
      }
      push_row(&out, row.data(), c);
    }
  }
  return out;
}

}  // namespace autosmote
