#include <gtest/gtest.h>

#include "autosmote/core/dataset.h"
#include "autosmote/core/error.h"
#include "autosmote/data/load.h"
#include "autosmote/data/synthetic.h"

using namespace autosmote;

TEST(Synthetic, ShapeWeightsAndSeed) {
  const Table a = load_table("synthetic:n=2000,d=7,weights=0.9/0.1,seed=3,flip=0");
  EXPECT_EQ(a.n_rows, 2000);
  EXPECT_EQ(a.columns.size(), 7u);
  const auto counts = class_counts(a.y, a.n_classes());
  EXPECT_EQ(counts[0], 1800);
  EXPECT_EQ(counts[1], 200);
  const Table b = load_table("synthetic:n=2000,d=7,weights=0.9/0.1,seed=3,flip=0");
  const Table c = load_table("synthetic:n=2000,d=7,weights=0.9/0.1,seed=4,flip=0");
  EXPECT_EQ(a.columns[3].values, b.columns[3].values);
  EXPECT_NE(a.columns[3].values, c.columns[3].values);
}

TEST(Synthetic, Multiclass) {
  const Table t = load_table("synthetic:n=300,d=4,weights=0.5/0.3/0.2,seed=0");
  EXPECT_EQ(t.n_classes(), 3);
}

TEST(Synthetic, BadSpec) {
  EXPECT_THROW(load_table("synthetic:n=abc"), SpecError);
  EXPECT_THROW(load_table("synthetic:bogus=1"), SpecError);
  EXPECT_THROW(load_table("synthetic:weights=1"), SpecError);
  EXPECT_THROW(load_table("synthetic:weights=0.5/-1"), SpecError);
}
