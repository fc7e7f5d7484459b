// Tests of report/stats.h (Demšar 2006 statistics, Student t, detectable differences) and report/svg.h (report
// figures). Reference values are independent of the code under test: hand calculation, closed forms of the
// distributions, Demšar's published numbers, brute-force enumeration, or mpmath at 30 digits
// (noted where used).
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "autosmote/core/error.h"
#include "autosmote/report/stats.h"
#include "autosmote/report/svg.h"

using namespace autosmote;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
const double kPi = 3.14159265358979323846;

void expect_vec_near(const std::vector<double>& got, const std::vector<double>& want, double tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "at " << i;
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':' || c == '-' || c == '.';
}

// "" when `s` is an entity reference at `i` (&amp; &lt; &gt; &quot; &apos; &#...;), else an error.
std::string check_entity(const std::string& s, size_t i) {
  const size_t semi = s.find(';', i);
  if (semi == std::string::npos || semi - i > 8) return "bare '&' at " + std::to_string(i);
  const std::string ent = s.substr(i + 1, semi - i - 1);
  if (ent == "amp" || ent == "lt" || ent == "gt" || ent == "quot" || ent == "apos") return "";
  if (ent.size() > 1 && ent[0] == '#') return "";
  return "unknown entity '" + ent + "'";
}

// Minimal XML well-formedness check (stack-based scan): one root element, every tag closed in
// order, attribute values quoted and free of '<' and bare '&', no bare '<' or '&' in text, no
// text outside the root. Returns "" when well-formed, else what is wrong.
std::string xml_problem(const std::string& s) {
  std::vector<std::string> stack;
  bool root_done = false, root_seen = false;
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '<') {
      if (s.compare(i, 2, "<?") == 0) {
        if (root_seen) return "processing instruction inside the document";
        const size_t e = s.find("?>", i);
        if (e == std::string::npos) return "unterminated <?";
        i = e + 2;
        continue;
      }
      if (s.compare(i, 4, "<!--") == 0) {
        const size_t e = s.find("-->", i);
        if (e == std::string::npos) return "unterminated comment";
        i = e + 3;
        continue;
      }
      const bool closing = i + 1 < s.size() && s[i + 1] == '/';
      i += closing ? 2 : 1;
      const size_t n0 = i;
      while (i < s.size() && name_char(s[i])) ++i;
      const std::string name = s.substr(n0, i - n0);
      if (name.empty()) return "tag without a name at " + std::to_string(n0);
      if (closing) {
        skip_ws();
        if (i >= s.size() || s[i] != '>') return "bad closing tag </" + name;
        ++i;
        if (stack.empty() || stack.back() != name)
          return "</" + name + "> closes <" + (stack.empty() ? std::string("nothing") : stack.back()) + ">";
        stack.pop_back();
        if (stack.empty()) root_done = true;
        continue;
      }
      if (root_done) return "second root element <" + name + ">";
      root_seen = true;
      for (;;) {
        skip_ws();
        if (i >= s.size()) return "unterminated tag <" + name;
        if (s[i] == '/') {
          if (i + 1 >= s.size() || s[i + 1] != '>') return "bad '/' in <" + name;
          i += 2;
          if (stack.empty()) root_done = true;
          break;
        }
        if (s[i] == '>') {
          ++i;
          stack.push_back(name);
          break;
        }
        const size_t a0 = i;
        while (i < s.size() && name_char(s[i])) ++i;
        if (i == a0) return "bad attribute in <" + name + "> at " + std::to_string(i);
        const std::string attr = s.substr(a0, i - a0);
        skip_ws();
        if (i >= s.size() || s[i] != '=') return "attribute " + attr + " of <" + name + "> without '='";
        ++i;
        skip_ws();
        if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) return "unquoted attribute " + attr + " of <" + name + ">";
        const char q = s[i++];
        const size_t e = s.find(q, i);
        if (e == std::string::npos) return "unterminated attribute " + attr;
        for (size_t t = i; t < e; ++t) {
          if (s[t] == '<') return "'<' in attribute " + attr;
          if (s[t] == '&') {
            const std::string p = check_entity(s, t);
            if (!p.empty()) return p;
          }
        }
        i = e + 1;
        if (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '>' && s[i] != '/')
          return "no space after attribute " + attr;
      }
      continue;
    }
    if (stack.empty() && !std::isspace(static_cast<unsigned char>(c))) return "text outside the root element";
    if (c == '&') {
      const std::string p = check_entity(s, i);
      if (!p.empty()) return p;
    }
    ++i;
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  if (!root_seen) return "no root element";
  return "";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Ranks

TEST(Stats, RankRowHighestIsBestTiesShareMeanRank) {
  expect_vec_near(rank_row({0.5, 0.9, 0.5, 0.1}), {2.5, 1.0, 2.5, 4.0}, 0);
  expect_vec_near(rank_row({3, 3, 3}), {2, 2, 2}, 0);
  expect_vec_near(rank_row({1, 2, 2, 2, 5}), {5, 3, 3, 3, 1}, 0);
  EXPECT_TRUE(rank_row({}).empty());
  EXPECT_THROW(rank_row({1, kNaN}), InputError);
}

TEST(Stats, AverageRanksWithTies) {
  // Row ranks {1, 2.5, 2.5} and {2, 1, 3}.
  expect_vec_near(average_ranks({{0.9, 0.8, 0.8}, {0.7, 0.9, 0.6}}), {1.5, 1.75, 2.75}, 1e-15);
}

TEST(Stats, AverageRanksRejectsBadMatrices) {
  EXPECT_THROW(average_ranks({}), InputError);
  EXPECT_THROW(average_ranks({{}, {}}), InputError);
  EXPECT_THROW(average_ranks({{1, 2}, {1}}), InputError);
  EXPECT_THROW(average_ranks({{1, 2}, {1, kNaN}}), InputError);
  EXPECT_THROW(average_ranks({{1, kInf}}), InputError);
}

// ---------------------------------------------------------------------------------------------
// Friedman

TEST(Stats, FriedmanHandComputed) {
  // Ranks {1,2,3}, {1,2,3}, {2,1,3}: rank sums 4, 5, 9, N = 3, k = 3.
  // chi2 = 12/(N k (k+1)) * sum (S_j - N(k+1)/2)^2 = 12/36 * (4 + 1 + 9) = 14/3.
  // F = (N-1) chi2 / (N(k-1) - chi2) = 2 (14/3) / (6 - 14/3) = 7.
  // Closed forms: chi2 with 2 df: P = exp(-x/2); F(2, 4): P = (1 + 2x/4)^-2 = 4.5^-2.
  const FriedmanResult r = friedman_test({{0.9, 0.8, 0.7}, {0.85, 0.8, 0.75}, {0.7, 0.9, 0.6}});
  EXPECT_EQ(r.n_datasets, 3);
  EXPECT_EQ(r.n_methods, 3);
  EXPECT_NEAR(r.chi2, 14.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.p_chi2, std::exp(-7.0 / 3.0), 1e-12);
  EXPECT_NEAR(r.f, 7.0, 1e-12);
  EXPECT_NEAR(r.p_f, 1.0 / (4.5 * 4.5), 1e-12);
}

TEST(Stats, FriedmanDemsarTable6) {
  // Demšar 2006, Table 6 (AUC of C4.5, C4.5+m, C4.5+cf, C4.5+m+cf on 14 data sets), given here as
  // per-dataset ranks (score = -rank). The rows are a reconstruction, not a copy of the table (the
  // 4th row is set to a tie so that the column sums give exactly the published average ranks
  // 3.143, 2.000, 2.893, 1.964); the statistics depend on the rank sums only. The paper reports
  // chi2_F = 9.28 and F_F = 3.69 with (3, 39) df, and a Nemenyi CD of 1.25 at alpha = 0.05.
  const std::vector<std::vector<double>> ranks = {
      {4, 3, 2, 1},     {1, 2, 3, 4}, {4, 1, 2, 3},     {4, 1, 2.5, 2.5}, {4, 2, 3, 1},
      {1, 2.5, 4, 2.5}, {3, 2, 4, 1}, {2.5, 2.5, 4, 1}, {4, 3, 2, 1},     {2.5, 2.5, 2.5, 2.5},
      {4, 2.5, 1, 2.5}, {3, 2, 4, 1}, {4, 1, 2.5, 2.5}, {3, 1, 4, 2}};
  std::vector<std::vector<double>> scores = ranks;
  for (auto& row : scores)
    for (double& v : row) v = -v;
  expect_vec_near(average_ranks(scores), {3.143, 2.000, 2.893, 1.964}, 5e-4);
  const FriedmanResult r = friedman_test(scores);
  EXPECT_EQ(r.n_datasets, 14);
  EXPECT_EQ(r.n_methods, 4);
  EXPECT_NEAR(r.chi2, 9.28, 5e-3);
  EXPECT_NEAR(r.chi2, 12.0 * 216.5 / 280.0, 1e-12);  // exact: rank-sum deviations 9, -7, 5.5, -7.5
  EXPECT_NEAR(r.f, 3.69, 5e-3);
  EXPECT_NEAR(r.p_chi2, chi2_sf(r.chi2, 3), 1e-15);
  EXPECT_NEAR(r.p_f, f_sf(r.f, 3, 39), 1e-15);
  // mpmath: chi2 sf(9.278571..., 3) = 0.0258074967, F sf(3.6863130..., 3, 39) = 0.0198230062.
  EXPECT_NEAR(r.p_chi2, 0.0258074967070633, 1e-10);
  EXPECT_NEAR(r.p_f, 0.0198230061922491, 1e-10);
  // The paper's critical value of F(3, 39) at alpha = 0.05 is 2.85 (mpmath: sf = 0.0497254).
  EXPECT_NEAR(f_sf(2.85, 3, 39), 0.0497254042106943, 1e-10);
  EXPECT_NEAR(nemenyi_critical_difference(4, 14), 1.25, 5e-3);
}

TEST(Stats, FriedmanIdenticalRanksGiveChi2ZeroPOne) {
  for (const auto& scores : std::vector<std::vector<std::vector<double>>>{{{1, 1, 1}, {2, 2, 2}},  // all tied
                                                                          {{1, 2}, {2, 1}},  // rankings cancel out
                                                                          {{0.3, 0.2, 0.1}, {0.1, 0.2, 0.3}}}) {
    const FriedmanResult r = friedman_test(scores);
    EXPECT_EQ(r.chi2, 0.0);
    EXPECT_EQ(r.p_chi2, 1.0);
    EXPECT_EQ(r.f, 0.0);
    EXPECT_EQ(r.p_f, 1.0);
  }
}

TEST(Stats, FriedmanPerfectAgreementGivesInfiniteF) {
  // Every dataset ranks the methods the same: chi2 = N (k - 1) = 6, F = inf.
  const FriedmanResult r = friedman_test({{3, 2, 1}, {30, 20, 10}, {0.3, 0.2, 0.1}});
  EXPECT_NEAR(r.chi2, 6.0, 1e-12);
  EXPECT_NEAR(r.p_chi2, std::exp(-3.0), 1e-12);
  EXPECT_TRUE(std::isinf(r.f));
  EXPECT_EQ(r.p_f, 0.0);
}

TEST(Stats, FriedmanNeedsTwoDatasetsAndTwoMethods) {
  EXPECT_THROW(friedman_test({{1, 2, 3}}), InputError);
  EXPECT_THROW(friedman_test({{1}, {2}, {3}}), InputError);
  EXPECT_THROW(friedman_test({}), InputError);
  EXPECT_THROW(friedman_test({{1, 2}, {1, 2, 3}}), InputError);
}

// ---------------------------------------------------------------------------------------------
// Survival functions

TEST(Stats, Chi2SurvivalFunction) {
  // Textbook critical values (mpmath for the exact tail at these rounded quantiles).
  EXPECT_NEAR(chi2_sf(3.841459, 1), 0.05, 1e-7);
  EXPECT_NEAR(chi2_sf(5.991465, 2), 0.05, 1e-7);
  EXPECT_NEAR(chi2_sf(10.0, 3), 0.0185661354630432, 1e-12);
  EXPECT_NEAR(chi2_sf(30.0, 10), 0.000856641210775300, 1e-14);
  EXPECT_NEAR(chi2_sf(100.0, 80), 0.0645703689211330, 1e-12);
  EXPECT_NEAR(chi2_sf(200.0, 150), 0.00397318597082161, 1e-13);
  EXPECT_NEAR(chi2_sf(0.5, 7), 0.999446481390425, 1e-12);
  EXPECT_NEAR(chi2_sf(1e-3, 0.5), 0.835040249231587, 1e-12);
  // Closed forms: 1 df: erfc(sqrt(x/2)); 2 df: exp(-x/2); 4 df: exp(-x/2) (1 + x/2).
  for (double x : {0.01, 0.3, 1.0, 2.5, 7.0, 20.0, 60.0}) {
    EXPECT_NEAR(chi2_sf(x, 1), std::erfc(std::sqrt(x / 2)), 1e-13 + 1e-11 * std::erfc(std::sqrt(x / 2))) << x;
    EXPECT_NEAR(chi2_sf(x, 2), std::exp(-x / 2), 1e-14) << x;
    EXPECT_NEAR(chi2_sf(x, 4), std::exp(-x / 2) * (1 + x / 2), 1e-13) << x;
  }
  EXPECT_EQ(chi2_sf(0, 3), 1.0);
  EXPECT_EQ(chi2_sf(-1, 3), 1.0);
  EXPECT_EQ(chi2_sf(kInf, 3), 0.0);
  EXPECT_TRUE(std::isnan(chi2_sf(kNaN, 3)));
  EXPECT_THROW(chi2_sf(1, 0), InputError);
  EXPECT_THROW(chi2_sf(1, -2), InputError);
  EXPECT_THROW(chi2_sf(1, kNaN), InputError);
}

TEST(Stats, FSurvivalFunction) {
  // F(2, d2) has P(F > x) = (1 + 2x/d2)^(-d2/2): f_sf(4, 2, 10) = 1.8^-5 = 0.0529221.
  EXPECT_NEAR(f_sf(4.0, 2, 10), std::pow(1.8, -5.0), 1e-14);
  EXPECT_NEAR(f_sf(4.0, 2, 10), 0.0529221494013446, 1e-12);
  for (double x : {0.01, 0.5, 1.0, 3.0, 12.0, 100.0})
    for (double d2 : {1.0, 3.0, 10.0, 57.0}) {
      const double want = std::pow(1 + 2 * x / d2, -d2 / 2);
      EXPECT_NEAR(f_sf(x, 2, d2), want, 1e-13 + 1e-11 * want) << x << ' ' << d2;
      // F(d1, 2): P = 1 - (d1 x / (2 + d1 x))^(d1/2).
      const double want2 = 1 - std::pow(d2 * x / (2 + d2 * x), d2 / 2);
      EXPECT_NEAR(f_sf(x, d2, 2), want2, 1e-12) << x << ' ' << d2;
      // F(1, 1) is the square of a Cauchy variable: P = 1 - 2 atan(sqrt x) / pi.
      EXPECT_NEAR(f_sf(x, 1, 1), 1 - 2 * std::atan(std::sqrt(x)) / kPi, 1e-13) << x;
    }
  // F(d, d) has median 1.
  for (double d : {1.0, 2.0, 7.0, 30.0, 400.0}) EXPECT_NEAR(f_sf(1.0, d, d), 0.5, 1e-12) << d;
  // mpmath.
  EXPECT_NEAR(f_sf(0.3, 5, 7), 0.898155764327885, 1e-12);
  EXPECT_NEAR(f_sf(10.0, 20, 30), 2.18156031856256e-08, 1e-17);
  EXPECT_NEAR(f_sf(1.5, 1, 1), 0.435905783151025, 1e-12);
  EXPECT_NEAR(f_sf(0.01, 50, 3), 1.0, 1e-15);
  EXPECT_EQ(f_sf(0, 3, 4), 1.0);
  EXPECT_EQ(f_sf(kInf, 3, 4), 0.0);
  EXPECT_TRUE(std::isnan(f_sf(kNaN, 3, 4)));
  EXPECT_THROW(f_sf(1, 0, 4), InputError);
  EXPECT_THROW(f_sf(1, 3, -1), InputError);
}

TEST(Stats, NormalSurvivalFunction) {
  EXPECT_NEAR(normal_sf(1.959964), 0.025, 1e-8);
  EXPECT_NEAR(normal_sf(0), 0.5, 1e-16);
  EXPECT_NEAR(normal_sf(-1), 0.841344746068543, 1e-14);
  EXPECT_NEAR(normal_sf(8), 6.22096057427178e-16, 1e-28);
}

// ---------------------------------------------------------------------------------------------
// Wilcoxon signed-rank

TEST(Stats, WilcoxonExactAllPositive) {
  // Differences 1..8, all positive: W+ = 36, W- = 0; P(W <= 0) = 1/256, two-sided p = 2/256.
  const std::vector<double> a = {1, 2, 3, 4, 5, 6, 7, 8}, b(8, 0.0);
  const WilcoxonResult r = wilcoxon_signed_rank(a, b);
  EXPECT_EQ(r.n, 8);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.w_plus, 36);
  EXPECT_EQ(r.w_minus, 0);
  EXPECT_EQ(r.statistic, 0);
  EXPECT_NEAR(r.p, 2.0 / 256.0, 1e-15);
  // Swapping the samples swaps W+ and W-, and keeps p.
  const WilcoxonResult s = wilcoxon_signed_rank(b, a);
  EXPECT_EQ(s.w_plus, 0);
  EXPECT_EQ(s.w_minus, 36);
  EXPECT_NEAR(s.p, r.p, 1e-15);
}

TEST(Stats, WilcoxonExactMixedSigns) {
  // d = -1, 2, 3, -4, 5..10: W- = 5; subsets of {1..10} with sum <= 5: 1+1+1+2+2+3 = 10, p = 20/1024.
  const WilcoxonResult r = wilcoxon_signed_rank({-1, 2, 3, -4, 5, 6, 7, 8, 9, 10}, std::vector<double>(10, 0.0));
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.w_minus, 5);
  EXPECT_EQ(r.w_plus, 50);
  EXPECT_NEAR(r.p, 20.0 / 1024.0, 1e-15);
  // n = 12, W- = 1 + 3 + 7 + 12 = 23: brute-force enumeration of the 4096 sign patterns gives 478
  // with a rank sum <= 23, p = 956 / 4096 (the differences are scaled and shifted: only ranks count).
  std::vector<double> a, b;
  for (int i = 1; i <= 12; ++i) {
    const bool neg = i == 1 || i == 3 || i == 7 || i == 12;
    a.push_back(10.0 + (neg ? -0.5 : 0.5) * i);
    b.push_back(10.0);
  }
  const WilcoxonResult q = wilcoxon_signed_rank(a, b);
  EXPECT_TRUE(q.exact);
  EXPECT_EQ(q.statistic, 23);
  EXPECT_NEAR(q.p, 956.0 / 4096.0, 1e-15);
  // n = 1: the only outcome is as extreme as it gets, p = min(1, 2 * 1/2) = 1.
  EXPECT_EQ(wilcoxon_signed_rank({3}, {1}).p, 1.0);
}

TEST(Stats, WilcoxonTiesUseNormalApproximation) {
  // d = 1, -1, 2, 2, 3, -4, 5, 0, 6, 7: the zero is dropped, n = 9; |d| ranks 1.5, 1.5, 3.5, 3.5,
  // 5, 6, 7, 8, 9; W- = 1.5 + 6 = 7.5, W+ = 37.5. Mean 22.5, variance 9*10*19/24 - (6 + 6)/48 = 71,
  // z = (15 - 0.5) / sqrt(71), p = 2 P(Z > z) = 0.0852810589 (R's wilcox.test, correct = TRUE).
  const std::vector<double> d = {1, -1, 2, 2, 3, -4, 5, 0, 6, 7};
  const WilcoxonResult r = wilcoxon_signed_rank(d, std::vector<double>(d.size(), 0.0));
  EXPECT_EQ(r.n, 9);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.w_plus, 37.5);
  EXPECT_EQ(r.w_minus, 7.5);
  EXPECT_EQ(r.statistic, 7.5);
  EXPECT_NEAR(r.p, 2 * normal_sf(14.5 / std::sqrt(71.0)), 1e-15);
  EXPECT_NEAR(r.p, 0.0852810589132807, 1e-12);
}

TEST(Stats, WilcoxonLargeSampleUsesNormalApproximation) {
  // d = 1..30 (no ties, n > 25): W+ = 465, mean 232.5, variance 30*31*61/24; mpmath p = 1.82537e-6.
  std::vector<double> a, b(30, 0.0);
  for (int i = 1; i <= 30; ++i) a.push_back(i);
  const WilcoxonResult r = wilcoxon_signed_rank(a, b);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.w_plus, 465);
  EXPECT_NEAR(r.p, 1.82537145636121e-06, 1e-15);
  // n = 25 is still exact: p = 2 / 2^25.
  const WilcoxonResult e =
      wilcoxon_signed_rank(std::vector<double>(a.begin(), a.begin() + 25), std::vector<double>(25, 0.0));
  EXPECT_TRUE(e.exact);
  EXPECT_NEAR(e.p, 2.0 / 33554432.0, 1e-22);
}

TEST(Stats, WilcoxonDropsZeroDifferences) {
  const WilcoxonResult with_zeros = wilcoxon_signed_rank({5, 1, 2, 7, 3, 9, 4}, {5, 0, 4, 7, 0, 5, 4});
  const WilcoxonResult without = wilcoxon_signed_rank({1, 2, 3, 9}, {0, 4, 0, 5});
  EXPECT_EQ(with_zeros.n, 4);
  EXPECT_EQ(with_zeros.w_plus, without.w_plus);
  EXPECT_EQ(with_zeros.w_minus, without.w_minus);
  EXPECT_EQ(with_zeros.p, without.p);
  EXPECT_EQ(with_zeros.exact, without.exact);
  // d = 1, -2, 3, 4: W- = 2, subsets of {1..4} with sum <= 2: 3 of 16, p = 6/16.
  EXPECT_NEAR(without.p, 6.0 / 16.0, 1e-15);
  // All differences zero: n = 0, p = 1.
  const WilcoxonResult none = wilcoxon_signed_rank({1, 2, 3}, {1, 2, 3});
  EXPECT_EQ(none.n, 0);
  EXPECT_EQ(none.p, 1.0);
  EXPECT_EQ(wilcoxon_signed_rank({}, {}).p, 1.0);
}

TEST(Stats, WilcoxonRejectsBadInput) {
  EXPECT_THROW(wilcoxon_signed_rank({1, 2}, {1}), InputError);
  EXPECT_THROW(wilcoxon_signed_rank({1, kNaN}, {1, 2}), InputError);
}

// ---------------------------------------------------------------------------------------------
// Holm, Nemenyi

TEST(Stats, HolmAdjustment) {
  // Sorted 0.01, 0.03, 0.04 -> 3*0.01, 2*0.03, max(0.06, 1*0.04): back in the given order.
  expect_vec_near(holm_adjust({0.01, 0.04, 0.03}), {0.03, 0.06, 0.06}, 1e-15);
  expect_vec_near(holm_adjust({0.5, 0.6}), {1.0, 1.0}, 0);  // capped at 1
  expect_vec_near(holm_adjust({0.2}), {0.2}, 0);
  // R: p.adjust(c(0.001, 0.02, 0.02, 0.5), "holm") = 0.004 0.06 0.06 0.5
  expect_vec_near(holm_adjust({0.02, 0.5, 0.001, 0.02}), {0.06, 0.5, 0.004, 0.06}, 1e-15);
  EXPECT_TRUE(holm_adjust({}).empty());
  EXPECT_THROW(holm_adjust({0.1, kNaN}), InputError);
  EXPECT_THROW(holm_adjust({1.5}), InputError);
  EXPECT_THROW(holm_adjust({-0.1}), InputError);
}

TEST(Stats, NemenyiCriticalDifference) {
  EXPECT_NEAR(nemenyi_critical_difference(4, 14), 2.569 * std::sqrt(20.0 / 84.0), 1e-12);
  EXPECT_NEAR(nemenyi_critical_difference(4, 14), 1.2536, 1e-4);
  EXPECT_NEAR(nemenyi_critical_difference(2, 1, 0.10), 1.645, 1e-12);
  EXPECT_NEAR(nemenyi_critical_difference(10, 30, 0.05), 3.164 * std::sqrt(110.0 / 180.0), 1e-12);
  EXPECT_NEAR(nemenyi_critical_difference(5, 10, 0.1), 2.459 * std::sqrt(30.0 / 60.0), 1e-12);
  EXPECT_THROW(nemenyi_critical_difference(1, 10), InputError);
  EXPECT_THROW(nemenyi_critical_difference(11, 10), InputError);
  EXPECT_THROW(nemenyi_critical_difference(4, 0), InputError);
  EXPECT_THROW(nemenyi_critical_difference(4, 10, 0.01), InputError);
}

// ---------------------------------------------------------------------------------------------
// Student t, the smallest detectable difference

TEST(Stats, StudentTQuantileKnownValues) {
  // Textbook tables (3 decimals), then mpmath at 40 digits (bisection on the regularized incomplete beta).
  EXPECT_NEAR(student_t_quantile(0.975, 8), 2.306, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.8, 8), 0.889, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 22), 2.074, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.8, 22), 0.858, 5e-4);
  const struct {
    double prob, df, want;
  } cases[] = {{0.975, 8, 2.3060041352041661}, {0.8, 8, 0.88888951776701997},   {0.975, 22, 2.0738730679040257},
               {0.8, 22, 0.85826605165820445}, {0.975, 5, 2.5705818356363148},  {0.8, 5, 0.91954378024082621},
               {0.975, 1, 12.706204736174693}, {0.99, 3, 4.5407028585681321},   {0.95, 30, 1.6972608865939574},
               {0.999, 5, 5.893429531356009},  {0.6, 2.5, 0.28145951274854759}, {0.975, 1000, 1.9623390808264081},
               {0.9, 7, 1.4149239276505086},   {0.75, 0.5, 1.5537739740300373}, {0.999999, 30, 5.8711171204188826}};
  for (const auto& c : cases) {
    EXPECT_NEAR(student_t_quantile(c.prob, c.df), c.want, 1e-9 * c.want) << c.prob << ' ' << c.df;
    EXPECT_NEAR(student_t_quantile(1 - c.prob, c.df), -c.want, 1e-9 * c.want) << c.prob << ' ' << c.df;
  }
  EXPECT_NEAR(student_t_quantile(1e-10, 4), -416.17514032960413, 1e-9 * 416);  // far tail
  for (double df : {0.3, 1.0, 4.0, 100.0}) EXPECT_EQ(student_t_quantile(0.5, df), 0.0);
}

TEST(Stats, StudentTQuantileClosedFormsAndRoundTrip) {
  // 1 df (Cauchy): tan(pi (p - 1/2)); 2 df: (2p - 1) / sqrt(2 p (1 - p)).
  for (double p : {1e-6, 0.01, 0.2, 0.45, 0.55, 0.8, 0.99, 0.999999}) {
    const double cauchy = std::tan(kPi * (p - 0.5));
    EXPECT_NEAR(student_t_quantile(p, 1), cauchy, 1e-10 * std::fabs(cauchy)) << p;
    const double two_df = (2 * p - 1) / std::sqrt(2 * p * (1 - p));
    EXPECT_NEAR(student_t_quantile(p, 2), two_df, 1e-10 * std::fabs(two_df)) << p;
    for (double df : {0.7, 3.0, 9.0, 50.0}) EXPECT_NEAR(student_t_sf(student_t_quantile(p, df), df), 1 - p, 1e-12) << p;
  }
  EXPECT_THROW(student_t_quantile(0, 5), InputError);
  EXPECT_THROW(student_t_quantile(1, 5), InputError);
  EXPECT_THROW(student_t_quantile(kNaN, 5), InputError);
  EXPECT_THROW(student_t_quantile(0.9, 0), InputError);
  EXPECT_THROW(student_t_quantile(0.9, kInf), InputError);
}

TEST(Stats, StudentTSurvivalFunction) {
  // mpmath.
  EXPECT_NEAR(student_t_sf(2, 5), 0.050969739414929178, 1e-13);
  EXPECT_NEAR(student_t_sf(-2, 5), 1 - 0.050969739414929178, 1e-13);
  EXPECT_NEAR(student_t_sf(0.5, 13), 0.31271567054060787, 1e-13);
  EXPECT_NEAR(student_t_sf(10, 3), 0.001064199529207075, 1e-15);
  // 1 df (Cauchy): 1/2 - atan(t) / pi; large df: the normal.
  for (double t : {-30.0, -1.0, 0.0, 0.25, 3.0, 1e3})
    EXPECT_NEAR(student_t_sf(t, 1), 0.5 - std::atan(t) / kPi, 1e-13) << t;
  EXPECT_NEAR(student_t_sf(1.959964, 1e7), 0.025, 1e-7);
  EXPECT_EQ(student_t_sf(0, 4), 0.5);
  EXPECT_EQ(student_t_sf(kInf, 4), 0.0);
  EXPECT_EQ(student_t_sf(-kInf, 4), 1.0);
  EXPECT_NEAR(student_t_sf(1e200, 4), 0.0, 1e-300);  // t^2 overflows
  EXPECT_TRUE(std::isnan(student_t_sf(kNaN, 4)));
  EXPECT_THROW(student_t_sf(1, -1), InputError);
}

TEST(Stats, MinDetectableDifference) {
  // 1..9: sd = sqrt(7.5), n = 9, t(8 df) quantiles 2.3060041352 and 0.8888895178 (mpmath).
  const std::vector<double> one_to_nine = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const double want = (2.3060041352041661 + 0.88888951776701997) * std::sqrt(7.5) / 3;
  EXPECT_NEAR(want, 2.9165255376040017, 1e-14);  // mpmath, directly
  EXPECT_NEAR(min_detectable_difference(one_to_nine), want, 1e-12);
  // It depends on the spread only: a shift leaves it, a scale (of either sign) scales it.
  std::vector<double> shifted = one_to_nine, scaled = one_to_nine;
  for (double& d : shifted) d += 100;
  for (double& d : scaled) d *= -0.01;
  EXPECT_NEAR(min_detectable_difference(shifted), want, 1e-11);
  EXPECT_NEAR(min_detectable_difference(scaled), 0.01 * want, 1e-14);
  // 23 values, sd computed here: t(22 df) 2.0738730679 + 0.8582660517.
  std::vector<double> d23;
  for (int i = 0; i < 23; ++i) d23.push_back(((i * 7) % 23) / 100.0 - 0.05);
  double mean = 0, ss = 0;
  for (double d : d23) mean += d / 23;
  for (double d : d23) ss += (d - mean) * (d - mean);
  EXPECT_NEAR(min_detectable_difference(d23), (2.0738730679040257 + 0.85826605165820445) * std::sqrt(ss / 22 / 23),
              1e-12);
  // Six differences (mpmath): alpha 0.05 and Holm's first step over 9 comparisons, 0.05 / 9.
  const std::vector<double> d6 = {0.01, -0.02, 0.03, 0.0, 0.015, 0.02};
  EXPECT_NEAR(min_detectable_difference(d6), 0.024849705278069128, 1e-13);
  EXPECT_NEAR(min_detectable_difference(d6, 0.05 / 9), 0.039692887380119352, 1e-13);
  // Power 1/2 (t quantile 0): the half-width of the 95% confidence interval of the mean difference.
  EXPECT_NEAR(min_detectable_difference(one_to_nine, 0.05, 0.5), 2.3060041352041661 * std::sqrt(7.5) / 3, 1e-12);
  EXPECT_TRUE(std::isnan(min_detectable_difference({})));
  EXPECT_TRUE(std::isnan(min_detectable_difference({0.3})));
  EXPECT_EQ(min_detectable_difference({0.02, 0.02, 0.02}), 0.0);
  EXPECT_THROW(min_detectable_difference({0.1, kNaN}), InputError);
  EXPECT_THROW(min_detectable_difference({0.1, 0.2}, 0), InputError);
  EXPECT_THROW(min_detectable_difference({0.1, 0.2}, 1), InputError);
  EXPECT_THROW(min_detectable_difference({0.1, 0.2}, 0.05, 1), InputError);
}

TEST(Stats, SignedRankSmallestP) {
  EXPECT_EQ(signed_rank_smallest_p(0), 1.0);
  EXPECT_EQ(signed_rank_smallest_p(1), 1.0);
  EXPECT_EQ(signed_rank_smallest_p(5), 0.0625);
  EXPECT_EQ(signed_rank_smallest_p(6), 0.03125);
  EXPECT_GE(signed_rank_smallest_p(5000), 0.0);
  // The exact test with every difference of one sign gives exactly this p.
  for (int n = 2; n <= 12; ++n) {
    std::vector<double> a, b(static_cast<size_t>(n), 0.0);
    for (int i = 1; i <= n; ++i) a.push_back(i);
    EXPECT_EQ(wilcoxon_signed_rank(a, b).p, signed_rank_smallest_p(n)) << n;
  }
}

// ---------------------------------------------------------------------------------------------
// SVG

TEST(Svg, XmlEscape) {
  EXPECT_EQ(xml_escape("a<b&c>\"d'e"), "a&lt;b&amp;c&gt;&quot;d&apos;e");
  EXPECT_EQ(xml_escape("plain ± text"), "plain ± text");
  EXPECT_EQ(xml_escape(""), "");
}

TEST(Svg, WellFormednessCheckerCatchesErrors) {
  EXPECT_EQ(xml_problem("<svg a=\"1\"><g><rect/></g></svg>"), "");
  EXPECT_NE(xml_problem("<svg><g></svg>"), "");
  EXPECT_NE(xml_problem("<svg a=1></svg>"), "");
  EXPECT_NE(xml_problem("<svg><text>a<b</text></svg>"), "");
  EXPECT_NE(xml_problem("<svg><text>a&b</text></svg>"), "");
  EXPECT_NE(xml_problem("<svg></svg><svg></svg>"), "");
}

TEST(Svg, GroupedBarChartTwoSeriesThreeCategories) {
  const std::vector<BarSeries> series = {{"mlp", {0.81, 0.72, kNaN}, {0.02, 0.03, kNaN}},
                                         {"mlp + smote", {0.84, 0.70, 0.65}, {0.01, 0.05, 0.04}}};
  const std::string svg = grouped_bar_chart_svg("Macro F1", {"diabetes", "yeast4", "glass"}, series, "macro F1", 0, 1);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 "), std::string::npos);
  EXPECT_NE(svg.find("width=\""), std::string::npos);
  EXPECT_NE(svg.find("sans-serif"), std::string::npos);
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_EQ(count(svg, "<rect class=\"bar\""), 5u);  // 6 cells, one NaN
  EXPECT_EQ(count(svg, "<rect class=\"legend-swatch\""), 2u);
  for (const char* s : {"Macro F1", "macro F1", "diabetes", "yeast4", "glass", "mlp + smote"})
    EXPECT_NE(svg.find(s), std::string::npos) << s;
  // Ticks 0.00 .. 1.00 every 0.20, tooltips with three decimals.
  for (const char* s : {">0.00<", ">0.20<", ">1.00<", "0.840 \xC2\xB1 0.010"})
    EXPECT_NE(svg.find(s), std::string::npos) << s;
  // Short labels stay horizontal.
  EXPECT_EQ(svg.find("rotate(-30"), std::string::npos);
}

TEST(Svg, GroupedBarChartEscapesAndRotatesLongLabels) {
  const std::vector<BarSeries> series = {{"a<b&c", {0.5, 0.6}, {}}, {"it's \"x\"", {0.4, kNaN}, {0.1, 0.1}}};
  const std::string svg = grouped_bar_chart_svg(
      "A & B", {"a rather long data set name", "another-long-dataset-name.csv"}, series, "y", 0, 1);
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_NE(svg.find("a&lt;b&amp;c"), std::string::npos);
  EXPECT_EQ(svg.find("a<b&c"), std::string::npos);
  EXPECT_NE(svg.find("it&apos;s &quot;x&quot;"), std::string::npos);
  EXPECT_NE(svg.find("A &amp; B"), std::string::npos);
  EXPECT_EQ(count(svg, "<rect class=\"bar\""), 3u);
  EXPECT_NE(svg.find("rotate(-30"), std::string::npos);
}

TEST(Svg, GroupedBarChartManySeriesAndNegativeRange) {
  std::vector<BarSeries> series;
  for (int s = 0; s < 12; ++s) series.push_back({"method " + std::to_string(s), {-0.5 + 0.1 * s, 2.0}, {0.05, 0.0}});
  const std::string svg = grouped_bar_chart_svg("", {"a", "b"}, series, "", -1, 1.5);
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_EQ(count(svg, "<rect class=\"bar\""), 24u);
  EXPECT_NE(svg.find("#4e79a7"), std::string::npos);  // palette wraps around after 10
  EXPECT_NE(svg.find("#bab0ac"), std::string::npos);
}

TEST(Svg, GroupedBarChartRejectsBadInput) {
  const std::vector<BarSeries> ok = {{"m", {0.5, 0.6}, {0.1, 0.1}}};
  EXPECT_THROW(grouped_bar_chart_svg("t", {}, ok, "y", 0, 1), InputError);
  EXPECT_THROW(grouped_bar_chart_svg("t", {"a", "b"}, {}, "y", 0, 1), InputError);
  EXPECT_THROW(grouped_bar_chart_svg("t", {"a", "b", "c"}, ok, "y", 0, 1), InputError);
  EXPECT_THROW(grouped_bar_chart_svg("t", {"a", "b"}, {{"m", {0.5, 0.6}, {0.1}}}, "y", 0, 1), InputError);
  EXPECT_THROW(grouped_bar_chart_svg("t", {"a", "b"}, ok, "y", 1, 1), InputError);
  EXPECT_THROW(grouped_bar_chart_svg("t", {"a", "b"}, ok, "y", 0, kNaN), InputError);
}

TEST(Svg, RankDiagramDemsarExample) {
  // Demšar 2006, Fig. 1 data: all four average ranks lie within CD = 1.25 of each other
  // (3.143 - 1.964 = 1.179), so a single clique joins them.
  const std::vector<std::string> methods = {"C4.5", "C4.5+m", "C4.5+cf", "C4.5+m+cf"};
  const std::string svg = rank_diagram_svg("Average ranks", methods, {3.143, 2.000, 2.893, 1.964}, 1.2536);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 "), std::string::npos);
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_NE(svg.find("CD = 1.25"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"clique\""), 1u);
  for (const char* s : {"C4.5 (3.14)", "C4.5+m (2.00)", "C4.5+cf (2.89)", "C4.5+m+cf (1.96)"})
    EXPECT_NE(svg.find(s), std::string::npos) << s;
  for (const char* s : {">1<", ">2<", ">3<", ">4<"}) EXPECT_NE(svg.find(s), std::string::npos) << s;
}

TEST(Svg, RankDiagramMaximalCliquesOnly) {
  const std::vector<std::string> m = {"d", "b", "a", "c"};
  const std::vector<double> r = {4, 2, 1, 3};
  // Differences below 1.5: {1,2}, {2,3}, {3,4} -> three cliques.
  EXPECT_EQ(count(rank_diagram_svg("t", m, r, 1.5), "class=\"clique\""), 3u);
  // Below 2.5: {1,2,3}, {2,3,4}; {2,3} is inside both and not drawn.
  EXPECT_EQ(count(rank_diagram_svg("t", m, r, 2.5), "class=\"clique\""), 2u);
  // Strictly less than cd: ranks 1 apart with cd = 1 are not joined.
  EXPECT_EQ(count(rank_diagram_svg("t", m, r, 1.0), "class=\"clique\""), 0u);
  // Everything within cd: one clique.
  EXPECT_EQ(count(rank_diagram_svg("t", m, r, 10.0), "class=\"clique\""), 1u);
  // No CD: no bar, no cliques.
  for (double cd : {0.0, -1.0, kNaN}) {
    const std::string svg = rank_diagram_svg("t", m, r, cd);
    EXPECT_EQ(xml_problem(svg), "");
    EXPECT_EQ(count(svg, "class=\"clique\""), 0u);
    EXPECT_EQ(svg.find("CD ="), std::string::npos);
  }
}

TEST(Svg, RankDiagramEscapesTiesAndOddSizes) {
  const std::string svg = rank_diagram_svg("x < y", {"a<b&c", "same", "same too"}, {1.5, 1.5, 3.0}, 0.5);
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_NE(svg.find("a&lt;b&amp;c (1.50)"), std::string::npos);
  EXPECT_EQ(svg.find("a<b&c"), std::string::npos);
  EXPECT_NE(svg.find("x &lt; y"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"clique\""), 1u);  // the two tied methods
  EXPECT_EQ(xml_problem(rank_diagram_svg("", {"only"}, {1.0}, 1.0)), "");
}

TEST(Svg, RankDiagramRejectsBadInput) {
  EXPECT_THROW(rank_diagram_svg("t", {}, {}, 1), InputError);
  EXPECT_THROW(rank_diagram_svg("t", {"a", "b"}, {1}, 1), InputError);
  EXPECT_THROW(rank_diagram_svg("t", {"a", "b"}, {1, kNaN}, 1), InputError);
}
