#include "oversampling/generative/mode_normalizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace autosmote {
namespace {

constexpr int64_t kMaxModes = 10;
constexpr double kWeightThreshold = 0.005;
constexpr int kEmIterations = 100;
constexpr double kVarianceFloor = 1e-6;
constexpr double kTolerance = 1e-3;
constexpr size_t kMaxFitValues = 20000;  // a column's mixture is fitted on at most this many (sorted, evenly spaced)
constexpr double kPi = 3.14159265358979323846;

struct Mixture {
  std::vector<double> weights, means, stds;
};

// log of each component's weighted density at v.
void log_joint(const Mixture& m, double v, std::vector<double>* out) {
  out->resize(m.means.size());
  for (size_t k = 0; k < m.means.size(); ++k) {
    const double z = (v - m.means[k]) / m.stds[k];
    (*out)[k] = std::log(m.weights[k]) - std::log(m.stds[k]) - 0.5 * std::log(2 * kPi) - 0.5 * z * z;
  }
}

// Posterior over the components (softmax of log_joint), in place.
void to_posterior(std::vector<double>* logp) {
  const double top = *std::max_element(logp->begin(), logp->end());
  double sum = 0;
  for (double& v : *logp) sum += (v = std::exp(v - top));
  for (double& v : *logp) v /= sum;
}

Mixture fit_mixture(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  if (values.size() > kMaxFitValues) {
    std::vector<double> spaced(kMaxFitValues);
    for (size_t i = 0; i < kMaxFitValues; ++i) spaced[i] = values[i * values.size() / kMaxFitValues];
    values = std::move(spaced);
  }
  const auto n = static_cast<int64_t>(values.size());
  std::vector<double> unique = values;
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  const int64_t K = std::min<int64_t>(kMaxModes, static_cast<int64_t>(unique.size()));
  double mean = 0, var = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(n);
  for (double v : values) var += (v - mean) * (v - mean);
  var = var / static_cast<double>(n) + kVarianceFloor;
  Mixture m;
  for (int64_t k = 0; k < K; ++k) {
    m.weights.push_back(1.0 / static_cast<double>(K));
    m.means.push_back(values[static_cast<size_t>((static_cast<double>(k) + 0.5) / static_cast<double>(K) * static_cast<double>(n))]);
    m.stds.push_back(std::sqrt(var / static_cast<double>(K) + kVarianceFloor));
  }
  std::vector<double> resp;
  std::vector<double> nk(static_cast<size_t>(K)), sum(static_cast<size_t>(K)), sq(static_cast<size_t>(K));
  double previous = -std::numeric_limits<double>::infinity();
  for (int it = 0; it < kEmIterations; ++it) {
    std::fill(nk.begin(), nk.end(), 0.0);
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(sq.begin(), sq.end(), 0.0);
    double loglik = 0;
    for (double v : values) {
      log_joint(m, v, &resp);
      const double top = *std::max_element(resp.begin(), resp.end());
      double total = 0;
      for (double& r : resp) total += (r = std::exp(r - top));
      loglik += top + std::log(total);
      for (int64_t k = 0; k < K; ++k) {
        const double r = resp[k] / total;
        nk[k] += r, sum[k] += r * v, sq[k] += r * v * v;
      }
    }
    for (int64_t k = 0; k < K; ++k) {
      m.weights[k] = std::max(nk[k] / static_cast<double>(n), 1e-300);
      if (nk[k] > 1e-12) {
        m.means[k] = sum[k] / nk[k];
        m.stds[k] = std::sqrt(std::max(sq[k] / nk[k] - m.means[k] * m.means[k], 0.0) + kVarianceFloor);
      }
    }
    loglik /= static_cast<double>(n);
    if (std::abs(loglik - previous) < kTolerance) break;  // scikit-learn's tol, per row
    previous = loglik;
  }
  // Keep the components above the weight threshold (at least the heaviest), weights renormalised.
  Mixture kept;
  const size_t heaviest = static_cast<size_t>(std::max_element(m.weights.begin(), m.weights.end()) - m.weights.begin());
  double total = 0;
  for (size_t k = 0; k < m.weights.size(); ++k)
    if (m.weights[k] > kWeightThreshold || k == heaviest) {
      kept.weights.push_back(m.weights[k]);
      kept.means.push_back(m.means[k]);
      kept.stds.push_back(m.stds[k]);
      total += m.weights[k];
    }
  for (double& w : kept.weights) w /= total;
  return kept;
}

}  // namespace

void ModeNormalizer::fit(const Matrix& x, const ColumnBlocks& blocks) {
  blocks_ = blocks;
  means_.clear(), stds_.clear(), weights_.clear(), spans_.clear();
  int64_t at = 0;
  for (int64_t c : blocks.numeric) {
    std::vector<double> values(static_cast<size_t>(x.rows));
    for (int64_t i = 0; i < x.rows; ++i) values[static_cast<size_t>(i)] = x.at(i, c);
    const Mixture m = fit_mixture(std::move(values));
    means_.push_back(m.means), stds_.push_back(m.stds), weights_.push_back(m.weights);
    spans_.push_back({at, 1, false});
    spans_.push_back({at + 1, static_cast<int64_t>(m.means.size()), true});
    at += 1 + static_cast<int64_t>(m.means.size());
  }
  for (const FeatureGroup& g : blocks.categorical) {
    spans_.push_back({at, g.size, true});
    at += g.size;
  }
  output_dim_ = at;
}

Matrix ModeNormalizer::transform(const Matrix& x, Rng& rng) const {
  Matrix t(x.rows, output_dim_);
  std::vector<double> post;
  for (int64_t i = 0; i < x.rows; ++i) {
    size_t span = 0;
    for (size_t j = 0; j < blocks_.numeric.size(); ++j, span += 2) {
      const double v = x.at(i, blocks_.numeric[j]);
      const Mixture m{weights_[j], means_[j], stds_[j]};
      log_joint(m, v, &post);
      to_posterior(&post);
      // The component drawn from the posterior (the reference's np.random.choice).
      double u = rng.uniform(), acc = 0;
      size_t k = 0;
      for (; k + 1 < post.size(); ++k) {
        acc += post[k];
        if (u < acc) break;
      }
      const double alpha = std::clamp((v - m.means[k]) / (4 * m.stds[k]), -0.99, 0.99);
      t.at(i, spans_[span].start) = static_cast<float>(alpha);
      t.at(i, spans_[span + 1].start + static_cast<int64_t>(k)) = 1.0f;
    }
    for (const FeatureGroup& g : blocks_.categorical) {
      const ModeSpan& s = spans_[span++];
      for (int64_t c = 0; c < g.size; ++c) t.at(i, s.start + c) = x.at(i, g.start + c);
    }
  }
  return t;
}

Matrix ModeNormalizer::inverse(const Matrix& t, const std::vector<float>* sigma, bool draw_categories, Rng& rng) const {
  Matrix x(t.rows, blocks_.cols);
  const auto largest = [&](int64_t i, const ModeSpan& s) {
    int64_t best = 0;
    for (int64_t c = 1; c < s.size; ++c)
      if (t.at(i, s.start + c) > t.at(i, s.start + best)) best = c;
    return best;
  };
  // A category drawn with the softmax of the block's values as its probabilities.
  const auto drawn = [&](int64_t i, const ModeSpan& s) {
    const int64_t top = largest(i, s);
    std::vector<double> p(static_cast<size_t>(s.size));
    double sum = 0;
    for (int64_t c = 0; c < s.size; ++c)
      sum += (p[static_cast<size_t>(c)] = std::exp(static_cast<double>(t.at(i, s.start + c) - t.at(i, s.start + top))));
    double u = rng.uniform() * sum;
    for (int64_t c = 0; c < s.size; ++c)
      if ((u -= p[static_cast<size_t>(c)]) < 0) return c;
    return top;
  };
  for (int64_t i = 0; i < t.rows; ++i) {
    size_t span = 0;
    for (size_t j = 0; j < blocks_.numeric.size(); ++j, span += 2) {
      const ModeSpan& a = spans_[span];
      double alpha = t.at(i, a.start);
      if (sigma) alpha += static_cast<double>((*sigma)[static_cast<size_t>(a.start)]) * rng.normal();
      alpha = std::clamp(alpha, -1.0, 1.0);
      const int64_t k = largest(i, spans_[span + 1]);
      x.at(i, blocks_.numeric[j]) = static_cast<float>(alpha * 4 * stds_[j][static_cast<size_t>(k)] + means_[j][static_cast<size_t>(k)]);
    }
    for (const FeatureGroup& g : blocks_.categorical) {
      const ModeSpan& s = spans_[span++];
      x.at(i, g.start + (draw_categories ? drawn(i, s) : largest(i, s))) = 1.0f;
    }
  }
  return x;
}

}  // namespace autosmote
