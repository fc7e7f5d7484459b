#include "autosmote/oversampling/sampling_strategy.h"

#include <gtest/gtest.h>

#include "autosmote/core/error.h"
#include "autosmote/registry/samplers.h"

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

TEST(SamplingStrategy, OneClassTwiceIsAnError) {
  try {
    SamplingStrategy::parse("1:30/1:40");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("class '1' is given twice"), std::string::npos) << e.what();
  }
  // The same class by name and by index.
  EXPECT_THROW(resolve("yes:50/1:60", {100, 10}, {"no", "yes"}), SpecError);
}

TEST(SamplingStrategy, SizeLimitsBeforeAllocating) {
  try {
    SamplingStrategy::parse("1:1000000000000");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("above the limit of 1000000000 rows"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(SamplingStrategy::parse("1:1000000000"));
  // 1e9 new rows of 2 floats (8 GB) is above 4 GiB; of 1 float (4 GB < 4 GiB) it is not.
  const SamplingStrategy s = SamplingStrategy::parse("1:1000000000");
  try {
    s.resolve({100, 10}, {}, 2);
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("would make 999999990 new rows of 2 columns (8 GB)"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(s.resolve({100, 10}, {}, 1), (std::vector<int64_t>{0, 999999990}));
  EXPECT_EQ(s.resolve({100, 10}), (std::vector<int64_t>{0, 999999990}));  // width unknown: counts only
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
