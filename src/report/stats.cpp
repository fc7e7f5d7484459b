#include "autosmote/report/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "autosmote/core/error.h"
#include "autosmote/core/rank.h"

namespace autosmote {

namespace {

constexpr double kEps = 1e-15;
constexpr double kTiny = 1e-300;
constexpr int kMaxIter = 100000;

void check_df(double df, const char* what) {
  if (!(df > 0) || !std::isfinite(df))
    throw InputError(std::string(what) + ": degrees of freedom must be positive and finite, got " + std::to_string(df));
}

// Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a), a > 0 (Numerical Recipes
// 6.2: power series for P when x < a + 1, modified Lentz continued fraction for Q otherwise).
double gamma_q(double a, double x) {
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  const double log_front = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1.0) {
    double ap = a, term = 1.0 / a, sum = term;
    for (int n = 0; n < kMaxIter; ++n) {
      ap += 1.0;
      term *= x / ap;
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * kEps) break;
    }
    return std::max(0.0, 1.0 - sum * std::exp(log_front));
  }
  double b = x + 1.0 - a, c = 1.0 / kTiny, d = 1.0 / b, h = d;
  for (int i = 1; i < kMaxIter; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return std::min(1.0, std::exp(log_front) * h);
}

// Continued fraction of the incomplete beta function (Numerical Recipes 6.4, modified Lentz).
double beta_cf(double a, double b, double x) {
  const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m < kMaxIter; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return h;
}

// Regularized incomplete beta I_x(a, b); y = 1 - x is passed separately so that it keeps its
// precision when x is close to 1.
double beta_i(double a, double b, double x, double y) {
  if (x <= 0) return 0.0;
  if (y <= 0) return 1.0;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log(y);
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return std::clamp(front * beta_cf(a, b, x) / a, 0.0, 1.0);
  return std::clamp(1.0 - front * beta_cf(b, a, y) / b, 0.0, 1.0);
}

void check_matrix(const std::vector<std::vector<double>>& scores) {
  if (scores.empty()) throw InputError("score matrix is empty (no datasets)");
  if (scores[0].empty()) throw InputError("score matrix is empty (no methods)");
  for (size_t i = 0; i < scores.size(); ++i)
    if (scores[i].size() != scores[0].size())
      throw InputError("score matrix is ragged: row " + std::to_string(i) + " has " + std::to_string(scores[i].size()) +
                       " values, row 0 has " + std::to_string(scores[0].size()));
}

// Rank sums per method over the datasets (exact: every rank is a multiple of 1/2).
std::vector<double> rank_sums(const std::vector<std::vector<double>>& scores) {
  check_matrix(scores);
  std::vector<double> sums(scores[0].size(), 0.0);
  for (size_t i = 0; i < scores.size(); ++i) {
    std::vector<double> r;
    try {
      r = rank_row(scores[i]);
    } catch (const InputError& e) {
      throw InputError("dataset " + std::to_string(i) + ": " + e.what());
    }
    for (size_t j = 0; j < r.size(); ++j) sums[j] += r[j];
  }
  return sums;
}

}  // namespace

std::vector<double> average_ranks(const std::vector<std::vector<double>>& scores) {
  std::vector<double> avg = rank_sums(scores);
  for (double& s : avg) s /= static_cast<double>(scores.size());
  return avg;
}

FriedmanResult friedman_test(const std::vector<std::vector<double>>& scores) {
  check_matrix(scores);
  FriedmanResult res;
  res.n_datasets = static_cast<int64_t>(scores.size());
  res.n_methods = static_cast<int64_t>(scores[0].size());
  if (res.n_datasets < 2) throw InputError("Friedman test needs at least 2 datasets");
  if (res.n_methods < 2) throw InputError("Friedman test needs at least 2 methods");
  const double N = static_cast<double>(res.n_datasets), k = static_cast<double>(res.n_methods);
  // sum_j R_j^2 - k(k+1)^2/4 == sum_j (R_j - (k+1)/2)^2 since sum_j R_j = k(k+1)/2; with the rank
  // sums S_j = N R_j, chi2 = 12 / (N k (k+1)) sum_j (S_j - N(k+1)/2)^2. The deviations of the rank
  // sums are exact (multiples of 1/2), so equal average ranks give exactly chi2 = 0.
  double ss = 0;
  for (double s : rank_sums(scores)) {
    const double dev = s - N * (k + 1.0) / 2.0;
    ss += dev * dev;
  }
  res.chi2 = 12.0 / (N * k * (k + 1.0)) * ss;
  if (res.chi2 <= 0) {
    res.chi2 = 0;
    return res;
  }
  res.p_chi2 = chi2_sf(res.chi2, k - 1.0);
  const double denom = N * (k - 1.0) - res.chi2;
  if (denom <= 1e-9 * N * (k - 1.0)) {
    res.f = std::numeric_limits<double>::infinity();
    res.p_f = 0;
  } else {
    res.f = (N - 1.0) * res.chi2 / denom;
    res.p_f = f_sf(res.f, k - 1.0, (k - 1.0) * (N - 1.0));
  }
  return res;
}

WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size())
    throw InputError("Wilcoxon test: samples differ in length (" + std::to_string(a.size()) + " and " +
                     std::to_string(b.size()) + ")");
  std::vector<double> d;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i]))
      throw InputError("Wilcoxon test: non-finite value at position " + std::to_string(i));
    const double diff = a[i] - b[i];
    if (diff != 0) d.push_back(diff);
  }
  WilcoxonResult res;
  res.n = static_cast<int64_t>(d.size());
  if (d.empty()) return res;

  // Ranks of |d| (1 = smallest), ties share the mean rank; tie sizes kept for the variance.
  std::vector<size_t> order(d.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return std::fabs(d[x]) < std::fabs(d[y]); });
  double tie_term = 0;  // sum over tie groups of t^3 - t
  bool ties = false;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && std::fabs(d[order[j + 1]]) == std::fabs(d[order[i]])) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
    for (size_t t = i; t <= j; ++t) (d[order[t]] > 0 ? res.w_plus : res.w_minus) += rank;
    const double t = static_cast<double>(j - i + 1);
    if (j > i) ties = true;
    tie_term += t * t * t - t;
    i = j + 1;
  }
  res.statistic = std::min(res.w_plus, res.w_minus);
  const double n = static_cast<double>(res.n);

  if (res.n <= 25 && !ties) {
    // counts[s] = number of subsets of {1..n} with sum s (the null distribution of W+ times 2^n).
    res.exact = true;
    const int64_t max_sum = res.n * (res.n + 1) / 2;
    std::vector<double> counts(static_cast<size_t>(max_sum + 1), 0.0);
    counts[0] = 1;
    for (int64_t r = 1; r <= res.n; ++r)
      for (int64_t s = max_sum; s >= r; --s) counts[static_cast<size_t>(s)] += counts[static_cast<size_t>(s - r)];
    const int64_t t_stat = static_cast<int64_t>(std::llround(res.statistic));
    double below = 0;
    for (int64_t s = 0; s <= t_stat; ++s) below += counts[static_cast<size_t>(s)];
    res.p = std::min(1.0, 2.0 * below / std::ldexp(1.0, static_cast<int>(res.n)));
    return res;
  }

  const double mean = n * (n + 1.0) / 4.0;
  const double var = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tie_term / 48.0;
  const double dev = std::fabs(res.w_plus - mean);
  const double z = dev == 0 ? 0.0 : std::fabs(dev - 0.5) / std::sqrt(var);
  res.p = std::min(1.0, 2.0 * normal_sf(z));
  return res;
}

std::vector<double> holm_adjust(const std::vector<double>& p) {
  for (size_t i = 0; i < p.size(); ++i)
    if (!(p[i] >= 0 && p[i] <= 1))
      throw InputError("Holm adjustment: p-value " + std::to_string(i) + " is not in [0, 1]");
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<double> out(p.size());
  const double m = static_cast<double>(p.size());
  double running = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(i)) * p[order[i]]));
    out[order[i]] = running;
  }
  return out;
}

double nemenyi_critical_difference(int64_t k, int64_t n_datasets, double alpha) {
  // Demšar 2006, Table 5a: Studentized range statistic divided by sqrt(2), k = 2..10.
  static const double q05[] = {1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164};
  static const double q10[] = {1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920};
  if (k < 2 || k > 10) throw InputError("Nemenyi critical difference: k must be in 2..10, got " + std::to_string(k));
  if (n_datasets < 1) throw InputError("Nemenyi critical difference: needs at least 1 dataset");
  const double* table = nullptr;
  if (std::fabs(alpha - 0.05) < 1e-9)
    table = q05;
  else if (std::fabs(alpha - 0.10) < 1e-9)
    table = q10;
  else
    throw InputError("Nemenyi critical difference: alpha must be 0.05 or 0.10, got " + std::to_string(alpha));
  const double kk = static_cast<double>(k);
  return table[k - 2] * std::sqrt(kk * (kk + 1.0) / (6.0 * static_cast<double>(n_datasets)));
}

double chi2_sf(double x, double df) {
  check_df(df, "chi2_sf");
  if (std::isnan(x)) return x;
  return gamma_q(df / 2.0, x / 2.0);
}

double f_sf(double x, double df1, double df2) {
  check_df(df1, "f_sf");
  check_df(df2, "f_sf");
  if (std::isnan(x)) return x;
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  // P(F > x) = I_y(df2/2, df1/2) with y = df2 / (df2 + df1 x) and 1 - y = df1 x / (df2 + df1 x).
  const double denom = df2 + df1 * x;
  return beta_i(df2 / 2.0, df1 / 2.0, df2 / denom, df1 * x / denom);
}

double normal_sf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

double student_t_sf(double t, double df) {
  check_df(df, "student_t_sf");
  if (std::isnan(t)) return t;
  if (std::isinf(t)) return t > 0 ? 0.0 : 1.0;
  // P(|T| > |t|) = I_x(df/2, 1/2) with x = df / (df + t^2); 1 - x = 1 / (1 + df / t^2) keeps its
  // precision for small t and stays finite when t^2 overflows.
  const double t2 = t * t;
  const double upper_half = 0.5 * beta_i(df / 2.0, 0.5, df / (df + t2), 1.0 / (1.0 + df / t2));
  return t >= 0 ? upper_half : 1.0 - upper_half;
}

double student_t_quantile(double prob, double df) {
  check_df(df, "student_t_quantile");
  if (!(prob > 0 && prob < 1))
    throw InputError("student_t_quantile: probability must be in (0, 1), got " + std::to_string(prob));
  if (prob == 0.5) return 0.0;
  // |quantile| is the x >= 0 with P(T > x) = tail; bracket it by doubling, then bisect.
  const double tail = std::min(prob, 1.0 - prob);
  double lo = 0, hi = 1;
  while (student_t_sf(hi, df) > tail) {
    lo = hi;
    hi *= 2;
    if (std::isinf(hi)) return prob > 0.5 ? hi : -hi;
  }
  for (int i = 0; i < 2000 && hi - lo > 1e-16 * hi; ++i) {
    const double mid = lo + (hi - lo) / 2;
    (student_t_sf(mid, df) > tail ? lo : hi) = mid;
  }
  const double x = lo + (hi - lo) / 2;
  return prob > 0.5 ? x : -x;
}

double min_detectable_difference(const std::vector<double>& differences, double alpha, double power) {
  if (!(alpha > 0 && alpha < 1))
    throw InputError("min_detectable_difference: alpha must be in (0, 1), got " + std::to_string(alpha));
  if (!(power > 0 && power < 1))
    throw InputError("min_detectable_difference: power must be in (0, 1), got " + std::to_string(power));
  for (size_t i = 0; i < differences.size(); ++i)
    if (!std::isfinite(differences[i]))
      throw InputError("min_detectable_difference: non-finite difference at position " + std::to_string(i));
  if (differences.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(differences.size());
  const double mean = std::accumulate(differences.begin(), differences.end(), 0.0) / n;
  double sum_sq = 0;
  for (double d : differences) sum_sq += (d - mean) * (d - mean);
  const double sd = std::sqrt(sum_sq / (n - 1.0));
  return (student_t_quantile(1.0 - alpha / 2.0, n - 1.0) + student_t_quantile(power, n - 1.0)) * sd / std::sqrt(n);
}

double signed_rank_smallest_p(int64_t n) {
  return n <= 1 ? 1.0 : std::ldexp(1.0, static_cast<int>(1 - std::min<int64_t>(n, 2000)));
}

}  // namespace autosmote
