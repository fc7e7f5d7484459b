// Method-specific properties of the SMOTE family and the cleaning methods, and edge cases.
#include <gtest/gtest.h>

#include <cmath>

#include "autosmote/core/error.h"
#include "autosmote/neighbors/knn.h"
#include "autosmote/registry/samplers.h"
#include "test_util.h"

using namespace autosmote;

namespace {

// True when s = a + u (b - a) for some u in [lo, hi] (within tolerance).
bool on_segment(const float* s, const float* a, const float* b, int64_t d, double lo = 0.0, double hi = 1.0) {
  double num = 0, den = 0;
  for (int64_t j = 0; j < d; ++j) num += (s[j] - a[j]) * (b[j] - a[j]), den += (b[j] - a[j]) * (b[j] - a[j]);
  const double u = den > 0 ? num / den : 0.0;
  if (u < lo - 1e-5 || u > hi + 1e-5) return false;
  for (int64_t j = 0; j < d; ++j)
    if (std::fabs(s[j] - (a[j] + u * (b[j] - a[j]))) > 1e-4) return false;
  return true;
}

// Does some anchor in `anchors` (row indices of the class) and one of its k nearest same-class
// neighbours explain synthetic row s?
bool explained(const float* s, const Matrix& x, const Labels& y, int64_t c, const std::vector<int64_t>& anchors,
               int64_t k) {
  std::vector<int64_t> rows;
  for (size_t i = 0; i < y.size(); ++i)
    if (y[i] == c) rows.push_back(static_cast<int64_t>(i));
  const Matrix xc = take_rows(x, rows);
  const KnnResult nn = knn_self(xc, k);
  for (size_t p = 0; p < rows.size(); ++p) {
    if (std::find(anchors.begin(), anchors.end(), rows[p]) == anchors.end()) continue;
    for (int64_t j = 0; j < k; ++j)
      if (on_segment(s, xc.row(static_cast<int64_t>(p)), xc.row(nn.index(static_cast<int64_t>(p), j)), x.cols))
        return true;
  }
  return false;
}

TEST(SmoteProperty, EveryPointOnASegmentToAKNearestNeighbour) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(80, 15, 3, 1.0, 21, &x, &y);
  Rng rng(1);
  const Resampled r = make_oversampler("smote:k_neighbors=3")->fit_resample(x, y, 2, rng);
  std::vector<int64_t> all_minority;
  for (int64_t i = 0; i < x.rows; ++i)
    if (y[i] == 1) all_minority.push_back(i);
  ASSERT_EQ(r.x.rows, 160);
  for (int64_t i = x.rows; i < r.x.rows; ++i) {
    EXPECT_EQ(r.y[i], 1);
    EXPECT_TRUE(explained(r.x.row(i), x, y, 1, all_minority, 3)) << "synthetic row " << i;
  }
}

TEST(BorderlineSmoteProperty, OnlyDangerRowsAreAnchors) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(120, 25, 2, 1.5, 22, &x, &y);
  const int64_t m = 10;
  // Danger rows by brute force: at least half, but not all, of the m nearest (whole data) are class 0.
  const KnnResult nn = knn_self(x, m);
  std::vector<int64_t> danger;
  for (int64_t i = 0; i < x.rows; ++i) {
    if (y[i] != 1) continue;
    int64_t other = 0;
    for (int64_t j = 0; j < m; ++j) other += y[nn.index(i, j)] != 1;
    if (2 * other >= m && other < m) danger.push_back(i);
  }
  ASSERT_FALSE(danger.empty());
  ASSERT_LT(danger.size(), 25u);
  Rng rng(2);
  const Resampled r = make_oversampler("borderline-smote")->fit_resample(x, y, 2, rng);
  EXPECT_TRUE(r.warnings.empty());
  for (int64_t i = x.rows; i < r.x.rows; ++i)
    EXPECT_TRUE(explained(r.x.row(i), x, y, 1, danger, 5)) << "synthetic row " << i << " has a safe or noisy anchor";
}

TEST(AdasynProperty, HarderRowsGetMoreRows) {
  // Minority group A (near x=0) sits among majority rows; group B (near x=100) is alone.
  Matrix x(32, 2);
  Labels y(32, 0);
  Rng rng(3);
  for (int64_t i = 0; i < 32; ++i) {
    const bool minority = i >= 20;
    const bool group_b = i >= 26;
    y[i] = minority ? 1 : 0;
    const double base = group_b ? 100.0 : 0.0;
    x.at(i, 0) = static_cast<float>(base + rng.uniform());
    x.at(i, 1) = static_cast<float>(base + rng.uniform());
  }
  Rng r2(4);
  const Resampled r = make_oversampler("adasyn")->fit_resample(x, y, 2, r2);
  ASSERT_EQ(r.x.rows, 40);
  for (int64_t i = 32; i < 40; ++i) EXPECT_LT(r.x.at(i, 0), 50.0f) << "row made from the easy group";
}

TEST(SmoteNcProperty, CategoryIsTheMostFrequentAmongNeighbours) {
  // Two far-apart minority clusters of 5: the first mostly category 0, the second mostly 1.
  const int64_t n_major = 30, n_minor = 10;
  Matrix x(n_major + n_minor, 3);  // numeric, then a 2-category one-hot block
  Labels y(static_cast<size_t>(n_major + n_minor), 0);
  Rng rng(5);
  for (int64_t i = 0; i < n_major; ++i) {
    x.at(i, 0) = static_cast<float>(5 + rng.uniform());
    x.at(i, 1 + rng.uniform_int(2)) = 1.0f;
  }
  for (int64_t i = 0; i < n_minor; ++i) {
    const int64_t r = n_major + i;
    const bool second = i >= 5;
    y[r] = 1;
    x.at(r, 0) = static_cast<float>((second ? 20 : 0) + 0.1 * rng.uniform());
    const bool odd_one = (i % 5) == 0;
    x.at(r, 1 + (second != odd_one ? 1 : 0)) = 1.0f;
  }
  SampleContext ctx;
  ctx.layout = {{0, 1, false}, {1, 2, true}};
  Rng r2(6);
  const Resampled r = make_oversampler("smote-nc:k_neighbors=4")->fit_resample(x, y, 2, r2, ctx);
  ASSERT_EQ(r.x.rows, 60);
  for (int64_t i = 40; i < 60; ++i) {
    const bool second = r.x.at(i, 0) > 10.0f;
    EXPECT_EQ(r.x.at(i, 1), second ? 0.0f : 1.0f);
    EXPECT_EQ(r.x.at(i, 2), second ? 1.0f : 0.0f);
  }
}

TEST(SmotenProperty, OutputsValidOneHotRows) {
  Matrix x(40, 3);
  Labels y(40, 0);
  Rng rng(7);
  for (int64_t i = 0; i < 40; ++i) {
    y[i] = i < 30 ? 0 : 1;
    x.at(i, rng.uniform_int(3)) = 1.0f;
  }
  SampleContext ctx;
  ctx.layout = {{0, 3, true}};
  Rng r2(8);
  const Resampled r = make_oversampler("smoten")->fit_resample(x, y, 2, r2, ctx);
  ASSERT_EQ(r.x.rows, 60);
  for (int64_t i = 40; i < 60; ++i) EXPECT_FLOAT_EQ(r.x.at(i, 0) + r.x.at(i, 1) + r.x.at(i, 2), 1.0f);
  EXPECT_THROW(make_oversampler("smoten")->fit_resample(x, y, 2, r2), InputError);  // no layout = numeric
}

TEST(TomekProperty, RemovedRowsAreMutualNearestNeighboursOfDifferentClasses) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(100, 40, 2, 1.0, 23, &x, &y);
  const KnnResult nn = knn_self(x, 1);
  std::vector<bool> in_link(static_cast<size_t>(x.rows), false);
  for (int64_t i = 0; i < x.rows; ++i) {
    const int64_t j = nn.index(i, 0);
    in_link[i] = y[i] != y[j] && nn.index(j, 0) == i;
  }
  Rng rng(0);
  const Resampled r = make_oversampler("tomek:sampling_strategy=all")->fit_resample(x, y, 2, rng);
  std::vector<bool> kept(static_cast<size_t>(x.rows), false);
  for (auto k : r.original_rows) kept[k] = true;
  int64_t removed = 0;
  for (int64_t i = 0; i < x.rows; ++i) {
    EXPECT_EQ(!kept[i], in_link[i]) << "row " << i;
    removed += !kept[i];
  }
  EXPECT_GT(removed, 0);
  // auto: only the majority member of each link goes.
  const Resampled a = make_oversampler("tomek")->fit_resample(x, y, 2, rng);
  EXPECT_EQ(class_counts(a.y, 2)[1], 40);
  EXPECT_EQ(class_counts(a.y, 2)[0], 100 - removed / 2);
}

TEST(EnnProperty, RemovesRowsWhoseNeighboursDisagree) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(100, 40, 2, 1.0, 24, &x, &y);
  const KnnResult nn = knn_self(x, 3);
  Rng rng(0);
  const Resampled r = make_oversampler("enn")->fit_resample(x, y, 2, rng);
  std::vector<bool> kept(static_cast<size_t>(x.rows), false);
  for (auto k : r.original_rows) kept[k] = true;
  for (int64_t i = 0; i < x.rows; ++i) {
    bool agree = true;
    for (int64_t j = 0; j < 3; ++j) agree = agree && y[nn.index(i, j)] == y[i];
    EXPECT_EQ(kept[i], y[i] == 1 || agree) << "row " << i;  // auto leaves the minority alone
  }
}

// 62 rows (50 / 12) with a 3-category and a 2-category feature (one-hot), after 2 numeric columns
// when `numeric` is set.
struct LayoutData {
  Matrix x;
  Labels y;
  SampleContext ctx;
};
LayoutData categorical_data(bool numeric) {
  LayoutData d;
  Rng rng(21);
  const int64_t n = 62, num = numeric ? 2 : 0;
  d.x = Matrix(n, num + 5);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = i < 50 ? 0 : 1;
    d.y.push_back(c);
    for (int64_t j = 0; j < num; ++j) d.x.at(i, j) = static_cast<float>(rng.uniform() + 0.4 * c);
    d.x.at(i, num + rng.uniform_int(3)) = 1.0f;
    d.x.at(i, num + 3 + rng.uniform_int(2)) = 1.0f;
  }
  for (int64_t j = 0; j < num; ++j) d.ctx.layout.push_back({j, 1, false});
  d.ctx.layout.push_back({num, 3, true});
  d.ctx.layout.push_back({num + 3, 2, true});
  return d;
}

TEST(EveryRegisteredSampler, KeepsCategoriesWhenItSaysSo) {
  std::vector<std::string> checked;
  for (const auto& row : sampler_rows()) {
    const auto sampler = make_oversampler(row.name);
    if (!sampler->keeps_categories()) continue;
    const LayoutData d = categorical_data(row.needs != FeatureNeeds::kCategoricalOnly);
    Rng rng(3);
    const Resampled r = sampler->fit_resample(d.x, d.y, 2, rng, d.ctx);
    for (int64_t i = 0; i < r.x.rows; ++i)
      for (const auto& g : d.ctx.layout) {
        if (!g.categorical) continue;
        float sum = 0;
        for (int64_t j = g.start; j < g.start + g.size; ++j) {
          ASSERT_TRUE(r.x.at(i, j) == 0.0f || r.x.at(i, j) == 1.0f) << row.name << " row " << i;
          sum += r.x.at(i, j);
        }
        ASSERT_EQ(sum, 1.0f) << row.name << " row " << i;
      }
    checked.push_back(row.name);
  }
  EXPECT_EQ(checked, (std::vector<std::string>{"none", "random", "smote-nc", "smoten", "tomek", "enn", "deep-smote", "cwgan", "tvae"}));
}

TEST(EdgeCases, KClampedWithWarningAndSingleRowDuplicated) {
  Matrix x(13, 2);
  Labels y(13, 0);
  Rng rng(9);
  for (auto& v : x.data) v = static_cast<float>(rng.normal());
  y[10] = y[11] = 1;  // two rows of class 1
  y[12] = 2;          // one row of class 2
  Rng r2(1);
  const Resampled r = make_oversampler("smote")->fit_resample(x, y, 3, r2);
  EXPECT_EQ(class_counts(r.y, 3), (std::vector<int64_t>{10, 10, 10}));
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_NE(r.warnings[0].find("k_neighbors=5 but class '1' has only 2 rows; using k_neighbors=1"), std::string::npos)
      << r.warnings[0];
  EXPECT_NE(r.warnings[1].find("single row"), std::string::npos);
  for (int64_t i = 13; i < r.x.rows; ++i)
    if (r.y[i] == 2) {
      EXPECT_TRUE(std::equal(x.row(12), x.row(12) + 2, r.x.row(i)));
    }
}

TEST(EdgeCases, DuplicatesConstantColumnsAndZeroRowsToMake) {
  Matrix x(20, 3);
  Labels y(20, 0);
  for (int64_t i = 0; i < 20; ++i) {
    x.at(i, 0) = 1.0f;                                // constant column
    x.at(i, 1) = static_cast<float>(i < 14 ? 0 : 1);  // duplicate rows in each class
    x.at(i, 2) = static_cast<float>(i % 2);
    y[i] = i < 14 ? 0 : 1;
  }
  for (const std::string s :
       {"smote", "borderline-smote", "adasyn", "svm-smote", "kmeans-smote", "random:shrinkage=1"}) {
    Rng rng(3);
    const Resampled r = make_oversampler(s)->fit_resample(x, y, 2, rng);
    EXPECT_EQ(class_counts(r.y, 2), (std::vector<int64_t>{14, 14})) << s;
    for (int64_t i = 20; i < r.x.rows; ++i) EXPECT_FLOAT_EQ(r.x.at(i, 0), 1.0f) << s;
  }
  Rng rng(4);
  const Resampled none = make_oversampler("smote:sampling_strategy=1:6")->fit_resample(x, y, 2, rng);
  EXPECT_EQ(none.x.rows, 20);  // class 1 already has its 6 rows
}

TEST(EdgeCases, MulticlassWithSeveralMinorities) {
  Matrix x(100, 2);
  Labels y(100, 0);
  Rng rng(5);
  for (int64_t i = 0; i < 100; ++i) {
    y[i] = i < 60 ? 0 : i < 85 ? 1 : i < 95 ? 2 : 3;
    x.at(i, 0) = static_cast<float>(rng.normal() + y[i]);
    x.at(i, 1) = static_cast<float>(rng.normal());
  }
  Rng r2(6);
  const Resampled r = make_oversampler("smote:sampling_strategy=minority")->fit_resample(x, y, 4, r2);
  EXPECT_EQ(class_counts(r.y, 4), (std::vector<int64_t>{60, 25, 10, 60}));
  const Resampled all = make_oversampler("borderline-smote")->fit_resample(x, y, 4, r2);
  EXPECT_EQ(class_counts(all.y, 4), (std::vector<int64_t>{60, 60, 60, 60}));
}

}  // namespace
