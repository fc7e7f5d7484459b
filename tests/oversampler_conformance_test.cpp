// Conformance suite: every registered sampler, on numeric, mixed and categorical data.
#include <gtest/gtest.h>

#include <cmath>

#include "autosmote/core/error.h"
#include "autosmote/registry/samplers.h"
#include "test_util.h"

using namespace autosmote;

namespace {

struct Data {
  Matrix x;
  Labels y;
  int64_t n_classes;
  SampleContext ctx;
};

// Three overlapping classes (60 / 20 / 8 rows) in 4 numeric columns.
Data numeric_data() {
  Data d;
  Rng rng(11);
  const int64_t sizes[] = {60, 20, 8};
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t i = 0; i < sizes[c]; ++i) {
      for (int j = 0; j < 4; ++j) d.x.data.push_back(static_cast<float>(rng.normal() + 0.8 * c));
      d.y.push_back(c);
    }
  d.x.rows = static_cast<int64_t>(d.y.size());
  d.x.cols = 4;
  d.n_classes = 3;
  return d;
}

// 2 numeric columns + one categorical (3 categories, one-hot) + one categorical (2); binary.
Data mixed_data(bool numeric_too) {
  Data d;
  Rng rng(12);
  const int64_t n = 70;
  const int64_t num = numeric_too ? 2 : 0;
  d.x = Matrix(n, num + 5);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = i < 55 ? 0 : 1;
    d.y.push_back(c);
    for (int64_t j = 0; j < num; ++j) d.x.at(i, j) = static_cast<float>(rng.uniform() + 0.5 * c);
    d.x.at(i, num + (c == 1 ? rng.uniform_int(2) : rng.uniform_int(3))) = 1.0f;
    d.x.at(i, num + 3 + rng.uniform_int(2)) = 1.0f;
  }
  d.n_classes = 2;
  for (int64_t j = 0; j < num; ++j) d.ctx.layout.push_back({j, 1, false});
  d.ctx.layout.push_back({num, 3, true});
  d.ctx.layout.push_back({num + 3, 2, true});
  return d;
}

// Data with the features the sampler needs (its registry row says which).
Data data_for(const std::string& name) {
  for (const auto& row : sampler_rows()) {
    if (row.name != name) continue;
    switch (row.needs) {
      case FeatureNeeds::kAny:
        return numeric_data();
      case FeatureNeeds::kNumericAndCategorical:
        return mixed_data(true);
      case FeatureNeeds::kCategoricalOnly:
        return mixed_data(false);
    }
  }
  throw std::logic_error("no registry row for " + name);
}

class Conformance : public ::testing::TestWithParam<std::string> {};

TEST_P(Conformance, CountsOrderReproducibilityAndSpec) {
  const std::string name = GetParam();
  const auto sampler = make_oversampler(name);
  EXPECT_EQ(make_oversampler(sampler->spec())->spec(), sampler->spec());
  const Data d = data_for(name);
  Rng r1(7), r2(7), r3(8);
  const Resampled a = sampler->fit_resample(d.x, d.y, d.n_classes, r1, d.ctx);
  const Resampled b = sampler->fit_resample(d.x, d.y, d.n_classes, r2, d.ctx);
  const Resampled c = sampler->fit_resample(d.x, d.y, d.n_classes, r3, d.ctx);
  EXPECT_EQ(a.x.data, b.x.data);  // same seed, same output
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.x.cols, d.x.cols);
  EXPECT_EQ(static_cast<int64_t>(a.x.data.size()), a.x.rows * a.x.cols);
  EXPECT_EQ(static_cast<int64_t>(a.y.size()), a.x.rows);
  for (float v : a.x.data) ASSERT_TRUE(std::isfinite(v));
  const auto before = class_counts(d.y, d.n_classes);
  const auto after = class_counts(a.y, d.n_classes);
  const bool makes_rows = name != "none" && name != "tomek" && name != "enn";
  if (!sampler->removes_rows()) {
    // Original rows first and unchanged; counts match the resolved strategy (auto: all to the majority).
    ASSERT_GE(a.x.rows, d.x.rows);
    EXPECT_TRUE(std::equal(d.x.data.begin(), d.x.data.end(), a.x.data.begin()));
    EXPECT_TRUE(std::equal(d.y.begin(), d.y.end(), a.y.begin()));
    const int64_t target = name == "none" ? -1 : before[0];
    for (int64_t k = 0; k < d.n_classes; ++k) EXPECT_EQ(after[k], target < 0 ? before[k] : target) << "class " << k;
    EXPECT_EQ(static_cast<int64_t>(a.original_rows.size()), d.x.rows);
  } else {
    // Cleaning: kept originals are a subset, in order, at the front.
    for (size_t i = 0; i < a.original_rows.size(); ++i) {
      const int64_t r = a.original_rows[i];
      EXPECT_TRUE(std::equal(d.x.row(r), d.x.row(r) + d.x.cols, a.x.row(static_cast<int64_t>(i))));
      if (i) {
        EXPECT_LT(a.original_rows[i - 1], r);
      }
    }
    if (!makes_rows) {
      EXPECT_LE(a.x.rows, d.x.rows);
    }
  }
  if (makes_rows) {
    EXPECT_GT(a.x.rows, d.x.rows - 30);
    EXPECT_NE(a.x.data, c.x.data) << "a different seed should give different rows";
  }
}

TEST_P(Conformance, SingleClassIsAnError) {
  const std::string name = GetParam();
  const Data d = data_for(name);
  Labels one(d.y.size(), 0);
  Rng rng(0);
  EXPECT_THROW(make_oversampler(name)->fit_resample(d.x, one, d.n_classes, rng, d.ctx), InputError);
}

TEST_P(Conformance, BadKeyIsAnError) { EXPECT_THROW(make_oversampler(GetParam() + ":nonsense=1"), SpecError); }

INSTANTIATE_TEST_SUITE_P(AllSamplers, Conformance, ::testing::ValuesIn(oversampler_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string s = info.param;
                           for (auto& ch : s)
                             if (ch == '-') ch = '_';
                           return s;
                         });

TEST(Factory, UnknownNameListsValidOnes) {
  try {
    make_oversampler("smtoe");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("valid: none, random, smote"), std::string::npos) << e.what();
  }
}

TEST(Factory, SpecsRoundTripWithNonDefaults) {
  for (const std::string s :
       {"smote:k_neighbors=3", "borderline-smote:m_neighbors=7,kind=2", "svm-smote:out_step=0.25,C=10",
        "adasyn:n_neighbors=4", "kmeans-smote:n_clusters=3,cluster_balance_threshold=0.1", "random:shrinkage=0.5",
        "smote:sampling_strategy=0.5", "enn:n_neighbors=5,kind_sel=mode", "tomek:sampling_strategy=all",
        "smote-enn:k_neighbors=3,n_neighbors=4"})
    EXPECT_EQ(make_oversampler(s)->spec(), s);
  EXPECT_EQ(make_oversampler("smote:k_neighbors=5")->spec(), "smote");
}

}  // namespace
