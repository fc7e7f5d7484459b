#include <gtest/gtest.h>

#include "autosmote/core/error.h"
#include "autosmote/oversampling/factory.h"
#include "autosmote/oversampling/sampling_strategy.h"

using namespace autosmote;

static std::vector<int64_t> resolve(const std::string& s, std::vector<int64_t> counts,
                                    std::vector<std::string> names = {}) {
  return SamplingStrategy::parse(s).resolve(counts, names);
}

TEST(SamplingStrategy, NamedStrategies) {
  const std::vector<int64_t> c = {100, 10, 30};
  EXPECT_EQ(resolve("auto", c), (std::vector<int64_t>{0, 90, 70}));
  EXPECT_EQ(resolve("not-majority", c), (std::vector<int64_t>{0, 90, 70}));
  EXPECT_EQ(resolve("minority", c), (std::vector<int64_t>{0, 90, 0}));
  EXPECT_EQ(resolve("not-minority", c), (std::vector<int64_t>{0, 0, 70}));
  EXPECT_EQ(resolve("all", c), (std::vector<int64_t>{0, 90, 70}));
}

TEST(SamplingStrategy, RatioRoundsNotTruncates) {
  // 0.333 * 100 = 33.3 -> 33; 0.335 * 100 = 33.5 -> 34 (round half away from zero).
  EXPECT_EQ(resolve("0.333", {100, 10}), (std::vector<int64_t>{0, 23}));
  EXPECT_EQ(resolve("0.337", {100, 10}), (std::vector<int64_t>{0, 24}));
  EXPECT_THROW(resolve("0.05", {100, 10}), SpecError);
  EXPECT_THROW(resolve("0.5", {100, 10, 5}), SpecError);
  EXPECT_THROW(SamplingStrategy::parse("1.5"), SpecError);
}

TEST(SamplingStrategy, PerClassByNameOrIndex) {
  EXPECT_EQ(resolve("yes:50", {100, 10}, {"no", "yes"}), (std::vector<int64_t>{0, 40}));
  EXPECT_EQ(resolve("1:50/0:120", {100, 10}), (std::vector<int64_t>{20, 40}));
  EXPECT_THROW(resolve("maybe:50", {100, 10}, {"no", "yes"}), SpecError);
  EXPECT_THROW(resolve("yes:5", {100, 10}, {"no", "yes"}), SpecError);
  EXPECT_THROW(SamplingStrategy::parse("banana"), SpecError);
}

TEST(OversamplerFactory, NoneAndUnknown) {
  auto s = make_oversampler("none");
  EXPECT_EQ(s->spec(), "none");
  Matrix x(3, 1);
  Rng rng(0);
  const Resampled r = s->fit_resample(x, {0, 1, 0}, 2, rng);
  EXPECT_EQ(r.x.rows, 3);
  EXPECT_THROW(make_oversampler("magic"), SpecError);
  EXPECT_THROW(make_oversampler("none:k=1"), SpecError);
  EXPECT_THROW(s->fit_resample(x, {0, 0, 0}, 2, rng), InputError);
}
