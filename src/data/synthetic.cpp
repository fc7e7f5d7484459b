#include "autosmote/data/synthetic.h"

#include <algorithm>
#include <cmath>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/core/random.h"

namespace autosmote {

SyntheticOptions SyntheticOptions::parse(const std::string& text) {
  ParamReader r(Spec::parse(text), "synthetic data");
  SyntheticOptions o;
  o.n = r.get_int("n", o.n, 2, kMaxSyntheticRows);
  o.d = r.get_int("d", o.d, 1, kMaxSyntheticColumns);
  o.informative = r.get_int("informative", -1, -1, o.d);
  o.redundant = r.get_int("redundant", -1, -1, o.d);
  if (r.has("weights")) o.weights = parse_double_list(r.get_string("weights", ""), "weights");
  const int64_t classes = r.get_int("classes", static_cast<int64_t>(o.weights.size()), 2, 1000);
  if (!r.has("weights")) {
    if (classes != 2) o.weights.assign(static_cast<size_t>(classes), 1.0 / static_cast<double>(classes));
  } else if (classes != static_cast<int64_t>(o.weights.size())) {
    throw SpecError("synthetic data: classes=" + std::to_string(classes) + " but weights has " +
                    std::to_string(o.weights.size()) + " entries");
  }
  o.clusters = r.get_int("clusters", o.clusters, 1, 64);
  o.class_sep = r.get_double("class_sep", o.class_sep, 0.0, 1e6);
  o.flip = r.get_double("flip", o.flip, 0.0, 1.0);
  o.seed = static_cast<uint64_t>(r.get_int("seed", 0, 0, INT64_MAX));
  r.finish();
  if (o.weights.size() < 2) throw SpecError("synthetic data: weights needs at least two classes, e.g. 0.9/0.1");
  double sum = 0;
  for (double w : o.weights) {
    if (w <= 0) throw SpecError("synthetic data: weights must be positive");
    sum += w;
  }
  for (double& w : o.weights) w /= sum;
  return o;
}

Table make_synthetic(const SyntheticOptions& o) {
  const int64_t d = o.d;
  const int64_t inf =
      o.informative >= 0 ? std::min(o.informative, d) : std::min<int64_t>(d, std::max<int64_t>(2, d / 2));
  const int64_t red = o.redundant >= 0 ? std::min(o.redundant, d - inf) : std::min<int64_t>(d / 4, d - inf);
  const int64_t n_classes = static_cast<int64_t>(o.weights.size());
  if (inf < 1) throw SpecError("synthetic data: need at least one informative feature");
  // Sizes before anything is allocated (the spec's documented limits).
  const double cells = static_cast<double>(o.n) * static_cast<double>(d);
  if (cells > static_cast<double>(kMaxSyntheticCells))
    throw SpecError("synthetic data: n=" + std::to_string(o.n) + " x d=" + std::to_string(d) + " is " +
                    format_number(cells) + " values, above the limit of " + format_number(kMaxSyntheticCells));
  const double maps = static_cast<double>(n_classes * o.clusters) * static_cast<double>(inf) * static_cast<double>(inf);
  if (maps > static_cast<double>(kMaxSyntheticCells))
    throw SpecError("synthetic data: " + std::to_string(n_classes * o.clusters) +
                    " clusters x informative=" + std::to_string(inf) + " squared is " + format_number(maps) +
                    " covariance values, above the limit of " + format_number(kMaxSyntheticCells));
  const double work = static_cast<double>(o.n) * static_cast<double>(inf) * static_cast<double>(inf + red);
  if (work > kMaxSyntheticWork)
    throw SpecError("synthetic data: n=" + std::to_string(o.n) + " x informative=" + std::to_string(inf) +
                    " x (informative + redundant=" + std::to_string(inf + red) + ") is " + format_number(work) +
                    " multiply-adds, above the limit of " + format_number(kMaxSyntheticWork));
  Rng rng(o.seed);

  // Rows per class: rounded shares, the remainder to the largest classes; every class gets >= 2.
  std::vector<int64_t> counts(static_cast<size_t>(n_classes));
  int64_t total = 0;
  for (int64_t c = 0; c < n_classes; ++c) {
    counts[c] = std::max<int64_t>(2, std::llround(o.weights[c] * static_cast<double>(o.n)));
    total += counts[c];
  }
  counts[0] += o.n - total;
  if (counts[0] < 2) throw SpecError("synthetic data: n=" + std::to_string(o.n) + " is too small for these weights");

  // Cluster centroids on distinct hypercube vertices (random when 2^inf is small).
  const int64_t n_clusters = n_classes * o.clusters;
  std::vector<std::vector<double>> centroids(static_cast<size_t>(n_clusters),
                                             std::vector<double>(static_cast<size_t>(inf)));
  for (auto& c : centroids)
    for (auto& v : c) v = (rng.uniform() < 0.5 ? -1.0 : 1.0) * o.class_sep + 0.3 * o.class_sep * rng.normal();
  // Random linear maps: per-cluster covariance, and informative -> redundant.
  std::vector<std::vector<double>> cov(static_cast<size_t>(n_clusters),
                                       std::vector<double>(static_cast<size_t>(inf * inf)));
  for (auto& a : cov)
    for (auto& v : a) v = 2.0 * rng.uniform() - 1.0;
  std::vector<double> b(static_cast<size_t>(inf * red));
  for (auto& v : b) v = 2.0 * rng.uniform() - 1.0;

  Table t;
  t.target_name = "class";
  t.has_target = true;
  for (int64_t c = 0; c < n_classes; ++c) t.class_names.push_back(std::to_string(c));
  t.n_rows = o.n;
  t.columns.resize(static_cast<size_t>(d));
  for (int64_t j = 0; j < d; ++j) {
    t.columns[j].name = "f" + std::to_string(j);
    t.columns[j].values.resize(static_cast<size_t>(o.n));
  }
  t.y.resize(static_cast<size_t>(o.n));
  for (const auto& c : t.columns) t.header.push_back(c.name);
  t.header.push_back("class");

  // Feature order is shuffled once so informative columns are not always first.
  std::vector<int64_t> perm(static_cast<size_t>(d));
  for (int64_t j = 0; j < d; ++j) perm[j] = j;
  rng.shuffle(perm);

  std::vector<double> z(static_cast<size_t>(inf)), row(static_cast<size_t>(d));
  int64_t r = 0;
  for (int64_t c = 0; c < n_classes; ++c) {
    for (int64_t i = 0; i < counts[c]; ++i, ++r) {
      const int64_t k = c * o.clusters + (i % o.clusters);
      for (auto& v : z) v = rng.normal();
      for (int64_t a = 0; a < inf; ++a) {
        double s = centroids[k][a];
        for (int64_t e = 0; e < inf; ++e) s += z[e] * cov[k][e * inf + a];
        row[a] = s;
      }
      for (int64_t a = 0; a < red; ++a) {
        double s = 0;
        for (int64_t e = 0; e < inf; ++e) s += row[e] * b[e * red + a];
        row[inf + a] = s;
      }
      for (int64_t a = inf + red; a < d; ++a) row[a] = rng.normal();
      for (int64_t j = 0; j < d; ++j) t.columns[perm[j]].values[r] = row[j];
      t.y[r] = c;
      if (rng.uniform() < o.flip) t.y[r] = rng.uniform_int(n_classes);
    }
  }
  // Shuffle rows.
  std::vector<int64_t> order(static_cast<size_t>(o.n));
  for (int64_t i = 0; i < o.n; ++i) order[i] = i;
  rng.shuffle(order);
  Table out = t;
  for (int64_t i = 0; i < o.n; ++i) {
    out.y[i] = t.y[order[i]];
    for (int64_t j = 0; j < d; ++j) out.columns[j].values[i] = t.columns[j].values[order[i]];
  }
  return out;
}

}  // namespace autosmote
