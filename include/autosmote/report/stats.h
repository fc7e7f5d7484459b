// Statistical comparison of methods over several data sets, after Demšar (2006), "Statistical
// comparisons of classifiers over multiple data sets", JMLR 7:1-30: average ranks, the Friedman
// test (chi-square and Iman-Davenport F), the Wilcoxon signed-rank test, Holm's adjustment, the
// Nemenyi critical difference, and the smallest difference a paired comparison can detect.
// Torch-free; the special functions are implemented here (no external library). Bad input throws
// InputError.
#pragma once

#include <cstdint>
#include <vector>

#include "autosmote/core/rank.h"  // rank_row

namespace autosmote {

// scores[dataset][method], higher is better. Average rank per method over the datasets
// (1 = best; ties share the mean of their ranks). Throws InputError on an empty or ragged matrix
// or a non-finite value.
std::vector<double> average_ranks(const std::vector<std::vector<double>>& scores);

struct FriedmanResult {
  int64_t n_datasets = 0, n_methods = 0;
  double chi2 = 0, p_chi2 = 1, f = 0, p_f = 1;
};

// Friedman test over the ranks of `scores` (as average_ranks), Demšar 2006 eq. 1-2, without a tie
// correction: chi2 = 12N/(k(k+1)) [sum_j R_j^2 - k(k+1)^2/4] with k-1 degrees of freedom, and the
// Iman-Davenport F = (N-1) chi2 / (N(k-1) - chi2) with (k-1, (k-1)(N-1)) degrees of freedom.
// Needs >= 2 datasets and >= 2 methods (InputError otherwise). All average ranks equal: chi2 = 0,
// f = 0, p = 1. Every dataset ranks the methods the same way (chi2 = N(k-1)): f = +inf, p_f = 0.
FriedmanResult friedman_test(const std::vector<std::vector<double>>& scores);

struct WilcoxonResult {
  int64_t n = 0;  // pairs with a non-zero difference
  double w_plus = 0, w_minus = 0, statistic = 0, p = 1;
  bool exact = false;
};

// Two-sided Wilcoxon signed-rank test of the paired samples a, b (same length and finite;
// InputError otherwise) on the differences a - b. Zero differences are dropped (as R's wilcox.test
// and scipy's zero_method="wilcox"); tied |differences| get mean ranks. statistic = min(w_plus,
// w_minus). The p-value is exact (null distribution of the rank sum enumerated by dynamic
// programming) when n <= 25 and there are no ties, otherwise the normal approximation with tie
// and continuity correction (as R's wilcox.test(correct = TRUE)). n == 0: p = 1.
WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& a, const std::vector<double>& b);

// Holm's step-down adjustment of p-values, returned in the order given: monotone in the p-values
// and capped at 1. Throws InputError on a value outside [0, 1] or NaN.
std::vector<double> holm_adjust(const std::vector<double>& p);

// Nemenyi critical difference CD = q_alpha * sqrt(k (k + 1) / (6 N)) with Demšar's table of
// q_alpha (Table 5a) for k = 2..10 and alpha = 0.05 or 0.10; InputError outside that range, for
// another alpha or for n_datasets < 1.
double nemenyi_critical_difference(int64_t k, int64_t n_datasets, double alpha = 0.05);

// The smallest mean paired difference that a two-sided paired test at level `alpha` detects with
// probability `power`, from the spread of the paired differences (one per dataset):
// (t_{n-1, 1-alpha/2} + t_{n-1, power}) * sd / sqrt(n), with sd the sample standard deviation
// (n - 1) of the differences and t_{df, q} the Student t quantile (the paired t test's power
// approximation; the signed-rank test needs about 5% more pairs for the same power when the
// differences are normal). NaN for fewer than 2 differences, 0 when they are all equal. InputError
// on a non-finite difference or an alpha or power outside (0, 1).
double min_detectable_difference(const std::vector<double>& differences, double alpha = 0.05, double power = 0.8);

// The smallest two-sided p-value the exact Wilcoxon signed-rank test gives with n non-zero paired
// differences (all of one sign): min(1, 2^(1-n)); 1 for n <= 1. Below n = 6 it is above 0.05, so
// no difference, however large, is significant at 0.05.
double signed_rank_smallest_p(int64_t n);

// Quantile of Student's t distribution: the x with P(T <= x) = prob, by bisection on student_t_sf
// (to its precision; tested to 1e-9 relative against mpmath). InputError for prob outside (0, 1) or
// degrees of freedom that are not positive and finite.
double student_t_quantile(double prob, double df);

// Survival functions P(X > x). Degrees of freedom must be positive and finite (InputError
// otherwise); a NaN x gives NaN.
double chi2_sf(double x, double df);            // chi-square: Q(df/2, x/2)
double f_sf(double x, double df1, double df2);  // F: I_{df2/(df2+df1 x)}(df2/2, df1/2)
double normal_sf(double z);                     // standard normal: erfc(z/sqrt 2)/2
double student_t_sf(double t, double df);       // Student t: I_{df/(df+t^2)}(df/2, 1/2)/2 for t >= 0

}  // namespace autosmote
