#include "autosmote/oversampling/svm_smote.h"

#include <libsvm/svm.h>

#include <algorithm>
#include <cmath>

#include "autosmote/core/error.h"
#include "oversampling/smote_core.h"

namespace autosmote {

// Indices of the support vectors of an RBF C-SVC trained on (x, y) (libsvm, one-vs-one).
namespace {

std::vector<int64_t> support_vectors(const Matrix& x, const Labels& y, double c) {
  const int64_t n = x.rows, d = x.cols;
  double mean = 0, var = 0;
  const float* values = x.values();
  const size_t count = x.size();
  for (size_t i = 0; i < count; ++i) mean += values[i];
  mean /= static_cast<double>(count);
  for (size_t i = 0; i < count; ++i) var += (values[i] - mean) * (values[i] - mean);
  var /= static_cast<double>(count);
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
}  // namespace

Resampled SvmSmote::make_rows(const Job& job, Rng& rng) const {
  Resampled out = no_rows(job);
  bool any = false;
  for (auto v : job.n_new) any = any || v > 0;
  if (!any) return out;
  const std::vector<int64_t> sv = support_vectors(job.x, job.y, options_.c);
  const int64_t m = std::min<int64_t>(options_.m_neighbors, job.x.rows - 1);
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    const auto& rows = cls.rows;
    const int64_t n = cls.n_new, c = cls.index;
    const std::string& label = cls.label;
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
      out.warnings.push_back(job.who + ": class '" + label +
                             "' has no usable support vector; plain SMOTE made its rows");
      smote_class(job.x, rows, options_.k_neighbors, n, c, job.who, label, rng, &out);
      return;
    }
    const int64_t k =
        clamp_k(options_.k_neighbors, static_cast<int64_t>(rows.size()), job.who, "k_neighbors", label, &out.warnings);
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
    generate(safe, n - n_danger, -options_.out_step);
  });
  return out;
}

}  // namespace autosmote
