#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "autosmote/core/random.h"

using namespace autosmote;

TEST(Rng, SameSeedSameStreamDifferentSeedDifferent) {
  Rng a(42), b(42), c(43);
  bool any_diff = false;
  for (int i = 0; i < 100; ++i) {
    const uint64_t va = a.next_u64();
    EXPECT_EQ(va, b.next_u64());
    any_diff = any_diff || va != c.next_u64();
  }
  EXPECT_TRUE(any_diff);
}

TEST(Rng, UniformIntInRangeAndCoversAll) {
  Rng r(1);
  std::set<int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const int64_t v = r.uniform_int(7);
    ASSERT_GE(v, 0);
    ASSERT_LT(v, 7);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
}

TEST(Rng, NormalMomentsRoughlyStandard) {
  Rng r(3);
  double s = 0, s2 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double v = r.normal();
    s += v;
    s2 += v * v;
  }
  EXPECT_NEAR(s / n, 0.0, 0.05);
  EXPECT_NEAR(s2 / n, 1.0, 0.05);
}

TEST(DeriveSeed, DependsOnEveryInput) {
  EXPECT_NE(derive_seed(0, 0, 0), derive_seed(1, 0, 0));
  EXPECT_NE(derive_seed(0, 0, 0), derive_seed(0, 1, 0));
  EXPECT_NE(derive_seed(0, 0, 0), derive_seed(0, 0, 1));
  EXPECT_EQ(derive_seed(5, 2, 3), derive_seed(5, 2, 3));
  EXPECT_LT(derive_seed(~0ULL, 9, 9), 1ULL << 63);
}
