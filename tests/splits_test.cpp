#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "autosmote/core/error.h"
#include "autosmote/eval/splits.h"

using namespace autosmote;

static Labels labels(int64_t n0, int64_t n1, int64_t n2 = 0) {
  Labels y;
  y.insert(y.end(), n0, 0);
  y.insert(y.end(), n1, 1);
  y.insert(y.end(), n2, 2);
  return y;
}

TEST(Splits, HoldoutIsStratifiedAndDisjoint) {
  const Labels y = labels(900, 100);
  const Split s = stratified_holdout(y, 2, 0.2, 7);
  EXPECT_EQ(s.test.size(), 200u);
  EXPECT_EQ(s.train.size(), 800u);
  int64_t test_minority = 0;
  for (auto i : s.test) test_minority += y[i];
  EXPECT_EQ(test_minority, 20);
  std::set<int64_t> all(s.train.begin(), s.train.end());
  for (auto i : s.test) EXPECT_FALSE(all.count(i));
}

TEST(Splits, HoldoutSeedReproducible) {
  const Labels y = labels(50, 20, 10);
  EXPECT_EQ(stratified_holdout(y, 3, 0.3, 1).test, stratified_holdout(y, 3, 0.3, 1).test);
  EXPECT_NE(stratified_holdout(y, 3, 0.3, 1).test, stratified_holdout(y, 3, 0.3, 2).test);
}

TEST(Splits, SmallClassKeepsOneRowEachSide) {
  const Labels y = labels(20, 2);
  const Split s = stratified_holdout(y, 2, 0.2, 0);
  int64_t train_min = 0, test_min = 0;
  for (auto i : s.train) train_min += y[i];
  for (auto i : s.test) test_min += y[i];
  EXPECT_EQ(train_min, 1);
  EXPECT_EQ(test_min, 1);
  EXPECT_THROW(stratified_holdout(labels(5, 1), 2, 0.2, 0), InputError);
}

TEST(Splits, KfoldCoversEveryRowOncePerRepeat) {
  const Labels y = labels(47, 13);
  const auto splits = make_splits(y, 2, Protocol::parse("kfold:5x2"), {3});
  ASSERT_EQ(splits.size(), 10u);
  for (int rep = 0; rep < 2; ++rep) {
    std::vector<int> seen(y.size(), 0);
    for (int f = 0; f < 5; ++f) {
      const Split& s = splits[rep * 5 + f];
      EXPECT_EQ(s.repeat, rep);
      EXPECT_EQ(s.train.size() + s.test.size(), y.size());
      int64_t mino = 0;
      for (auto i : s.test) ++seen[i], mino += y[i];
      EXPECT_GE(mino, 2);
      EXPECT_LE(mino, 3);
    }
    for (int v : seen) EXPECT_EQ(v, 1);
  }
  EXPECT_NE(splits[0].test, splits[5].test);  // repeats differ
  EXPECT_NE(splits[0].model_seed, splits[1].model_seed);
}

TEST(Protocol, ParseAndErrors) {
  EXPECT_EQ(Protocol::parse("holdout:0.25").str(), "holdout:0.25");
  EXPECT_EQ(Protocol::parse("kfold:3x4").str(), "kfold:3x4");
  EXPECT_EQ(Protocol::parse("kfold").str(), "kfold:5x2");
  EXPECT_THROW(Protocol::parse("holdout:1.5"), SpecError);
  EXPECT_THROW(Protocol::parse("kfold:1x2"), SpecError);
  EXPECT_THROW(Protocol::parse("cv"), SpecError);
  EXPECT_THROW(make_splits(labels(10, 3), 2, Protocol::parse("kfold:5x1"), {0}), InputError);
}

TEST(Protocol, KfoldNumbersAreWholeIntegers) {
  // Parsed without pointers into temporaries (the ASan stack-use-after-scope of issue 10).
  EXPECT_EQ(Protocol::parse("kfold:10").str(), "kfold:10x1");
  EXPECT_EQ(Protocol::parse("kfold:1000x1000").str(), "kfold:1000x1000");
  for (const char* bad : {"kfold:5x", "kfold:x2", "kfold:5x2x", "kfold:5y2", "kfold: 5x2", "kfold:5x0", "kfold:1001x1",
                          "kfold:99999999999999999999x2", "kfold:5x-1", "kfold:-5x2"})
    EXPECT_THROW(Protocol::parse(bad), SpecError) << bad;
}
