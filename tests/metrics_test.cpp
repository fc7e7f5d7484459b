#include <gtest/gtest.h>

#include <cmath>

#include "autosmote/core/error.h"
#include "autosmote/eval/metrics.h"

using namespace autosmote;

static Matrix one_hot(const Labels& pred, int64_t C) {
  Matrix m(static_cast<int64_t>(pred.size()), C);
  for (size_t i = 0; i < pred.size(); ++i) m.at(static_cast<int64_t>(i), pred[i]) = 1.0f;
  return m;
}

TEST(Metrics, HandComputedMulticlass) {
  const Labels y = {0, 0, 0, 1, 1, 2};
  const Metrics m = compute_metrics(y, one_hot({0, 0, 1, 1, 2, 2}, 3), 2);
  // class 0: P=1, R=2/3, F1=0.8; class 1: P=R=F1=0.5; class 2: P=0.5, R=1, F1=2/3.
  EXPECT_NEAR(m.macro_precision, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.macro_recall, (2.0 / 3.0 + 0.5 + 1.0) / 3.0, 1e-12);
  EXPECT_NEAR(m.macro_f1, (0.8 + 0.5 + 2.0 / 3.0) / 3.0, 1e-12);
  EXPECT_NEAR(m.balanced_accuracy, m.macro_recall, 1e-12);
  EXPECT_NEAR(m.g_mean, std::cbrt(1.0 / 3.0), 1e-12);
  EXPECT_NEAR(m.minority_f1, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(m.confusion[0][1], 1);
  EXPECT_EQ(m.confusion[1][2], 1);
}

TEST(Metrics, ZeroDivisionGivesZero) {
  // Class 1 is never predicted: precision 0 (not NaN), F1 0, G-mean 0.
  const Metrics m = compute_metrics({0, 0, 1}, one_hot({0, 0, 0}, 2), 1);
  EXPECT_DOUBLE_EQ(m.minority_f1, 0.0);
  EXPECT_DOUBLE_EQ(m.g_mean, 0.0);
  EXPECT_NEAR(m.macro_precision, (2.0 / 3.0) / 2.0, 1e-12);
  EXPECT_NEAR(m.macro_f1, 0.8 / 2.0, 1e-12);
}

TEST(Metrics, MacroOverPresentLabelsOnly) {
  // Class 2 absent from y_true and y_pred: sklearn's labels=None ignores it.
  const Metrics m = compute_metrics({0, 1}, one_hot({0, 1}, 3), 1);
  EXPECT_DOUBLE_EQ(m.macro_f1, 1.0);
  EXPECT_DOUBLE_EQ(m.g_mean, 1.0);
}

TEST(Metrics, BinaryAuc) {
  // scikit-learn's documented example: roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) == 0.75.
  EXPECT_DOUBLE_EQ(roc_auc_binary({0, 0, 1, 1}, {0.1f, 0.4f, 0.35f, 0.8f}), 0.75);
  EXPECT_DOUBLE_EQ(roc_auc_binary({0, 1}, {0.5f, 0.5f}), 0.5);  // a tie counts one half
  EXPECT_TRUE(std::isnan(roc_auc_binary({1, 1}, {0.1f, 0.2f})));
  Matrix p(4, 2);
  const float s[] = {0.1f, 0.4f, 0.35f, 0.8f};
  for (int i = 0; i < 4; ++i) p.at(i, 1) = s[i], p.at(i, 0) = 1 - s[i];
  EXPECT_DOUBLE_EQ(compute_metrics({0, 0, 1, 1}, p, 1).roc_auc, 0.75);
}

TEST(Metrics, AucWithNanScoresEndsAndRanksThemLowest) {
  // Before issue 10 a NaN score stopped the tie scan from advancing: roc_auc never returned.
  const float nan = std::nanf("");
  // NaN ranks below every number: {nan(neg), 0.2(pos), 0.1(neg), 0.9(pos)} -> positives beat all.
  EXPECT_DOUBLE_EQ(roc_auc_binary({0, 1, 0, 1}, {nan, 0.2f, 0.1f, 0.9f}), 1.0);
  // NaNs tie with each other: one positive and one negative NaN count one half.
  EXPECT_DOUBLE_EQ(roc_auc_binary({1, 0}, {nan, nan}), 0.5);
  EXPECT_DOUBLE_EQ(roc_auc_binary({1, 0, 1}, {nan, nan, 0.5f}), 0.75);
  std::vector<int> pos(1000);
  std::vector<float> score(1000, nan);
  for (size_t i = 0; i < pos.size(); ++i) pos[i] = i % 3 == 0, score[i] = i % 7 == 0 ? 0.5f : nan;
  const double auc = roc_auc_binary(pos, score);
  EXPECT_TRUE(auc >= 0.0 && auc <= 1.0) << auc;
  Matrix p(2, 2);
  p.at(0, 0) = p.at(0, 1) = p.at(1, 0) = p.at(1, 1) = nan;
  EXPECT_DOUBLE_EQ(compute_metrics({0, 1}, p, 1).roc_auc, 0.5);
  EXPECT_THROW(roc_auc_binary({0, 1}, {0.5f}), InputError);
}

TEST(Metrics, MulticlassOvrAuc) {
  Matrix p(4, 3);
  const float v[4][3] = {{0.7f, 0.2f, 0.1f}, {0.2f, 0.4f, 0.4f}, {0.1f, 0.3f, 0.6f}, {0.25f, 0.45f, 0.3f}};
  for (int i = 0; i < 4; ++i)
    for (int c = 0; c < 3; ++c) p.at(i, c) = v[i][c];
  // class 0: 1; class 1: positive 0.4 vs negatives {0.2, 0.3, 0.45} -> 2/3; class 2: 1.
  EXPECT_NEAR(compute_metrics({0, 1, 2, 0}, p, 1).roc_auc, (1 + 2.0 / 3.0 + 1) / 3.0, 1e-12);
}

TEST(Metrics, NamesAndLookup) {
  Metrics m;
  m.g_mean = 0.25;
  EXPECT_EQ(metric_names().front(), "macro_f1");
  EXPECT_DOUBLE_EQ(metric_value(m, "g_mean"), 0.25);
  try {
    metric_value(m, "foo");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown metric 'foo' (valid: macro_f1, "), std::string::npos) << e.what();
  }
}
