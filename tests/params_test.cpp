#include <gtest/gtest.h>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"

using namespace autosmote;

TEST(Spec, ParsesNameAndArgsInOrder) {
  const Spec s = Spec::parse("mlp:hidden=32, lr=0.1");
  EXPECT_EQ(s.name, "mlp");
  ASSERT_EQ(s.args.size(), 2u);
  EXPECT_EQ(s.args[0].first, "hidden");
  EXPECT_EQ(s.args[1].second, "0.1");
  EXPECT_EQ(s.str(), "mlp:hidden=32,lr=0.1");
  EXPECT_EQ(Spec::parse("none").str(), "none");
}

TEST(Spec, RejectsMalformed) {
  EXPECT_THROW(Spec::parse(""), SpecError);
  EXPECT_THROW(Spec::parse("mlp:hidden"), SpecError);
  EXPECT_THROW(Spec::parse("mlp:=3"), SpecError);
  EXPECT_THROW(Spec::parse("mlp:a=1,a=2"), SpecError);
}

TEST(ParamReader, TypedValuesAndRanges) {
  ParamReader r(Spec::parse("x:a=3,b=0.5,c=true,d=max"), "test");
  EXPECT_EQ(r.get_int("a", 0, 0, 10), 3);
  EXPECT_DOUBLE_EQ(r.get_double("b", 0, 0, 1), 0.5);
  EXPECT_TRUE(r.get_bool("c", false));
  EXPECT_EQ(r.get_choice("d", "min", {"min", "max"}), "max");
  EXPECT_EQ(r.get_int("missing", 7, 0, 10), 7);
  EXPECT_NO_THROW(r.finish());
}

TEST(ParamReader, ErrorsNameKeyAndValue) {
  ParamReader r(Spec::parse("mlp:hidden=abc"), "model");
  try {
    r.get_int("hidden", 64, 1, 100);
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("hidden=abc"), std::string::npos);
  }
  ParamReader r2(Spec::parse("mlp:hidden=0"), "model");
  EXPECT_THROW(r2.get_int("hidden", 64, 1, 100), SpecError);
}

TEST(ParamReader, UnknownKeyListsValidOnes) {
  ParamReader r(Spec::parse("mlp:hiden=3"), "model");
  r.get_int("hidden", 64, 1, 100);
  r.get_double("lr", 0.01, 0, 1);
  try {
    r.finish();
    FAIL();
  } catch (const SpecError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("unknown key 'hiden'"), std::string::npos) << m;
    EXPECT_NE(m.find("hidden, lr"), std::string::npos) << m;
  }
}

TEST(SeedList, RangesAndLists) {
  EXPECT_EQ(parse_seed_list("0-3"), (std::vector<uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(parse_seed_list("5"), (std::vector<uint64_t>{5}));
  EXPECT_EQ(parse_seed_list("0-1,7"), (std::vector<uint64_t>{0, 1, 7}));
  EXPECT_THROW(parse_seed_list("3-1"), SpecError);
  EXPECT_THROW(parse_seed_list("a"), SpecError);
  EXPECT_THROW(parse_seed_list(""), SpecError);
}

TEST(SeedList, CappedAndEndingAtTheLargestSeed) {
  const std::vector<uint64_t> top = parse_seed_list("18446744073709551614-18446744073709551615");
  EXPECT_EQ(top, (std::vector<uint64_t>{UINT64_MAX - 1, UINT64_MAX}));  // the loop ends at UINT64_MAX
  EXPECT_EQ(parse_seed_list("0-99999").size(), kMaxSeeds);
  try {
    parse_seed_list("0-18446744073709551615");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("more than 100000 seeds"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_seed_list("0-99999,100000"), SpecError);  // the cap counts every part
  EXPECT_THROW(parse_seed_list("0-50000,0-50000"), SpecError);
  EXPECT_THROW(parse_seed_list("18446744073709551616"), SpecError);  // overflows uint64
  EXPECT_THROW(parse_seed_list("-1"), SpecError);
}

TEST(Seed, OneSeedIsADecimalUint64) {
  EXPECT_EQ(parse_seed("0"), 0u);
  EXPECT_EQ(parse_seed("18446744073709551615"), UINT64_MAX);
  for (const char* bad : {"-1", "18446744073709551616", "0x10", "", "1.5", "+3", "1e3"}) {
    try {
      parse_seed(bad);
      FAIL() << bad;
    } catch (const SpecError& e) {
      EXPECT_NE(std::string(e.what()).find("is not an integer in [0, 18446744073709551615]"), std::string::npos);
    }
  }
}

TEST(ParseInt64, WholeStringOnly) {
  int64_t v = 0;
  EXPECT_TRUE(parse_int64("-42", &v));
  EXPECT_EQ(v, -42);
  EXPECT_TRUE(parse_int64("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  for (const char* bad : {"", "5x", "x5", " 5", "9223372036854775808", "1e3"})
    EXPECT_FALSE(parse_int64(bad, &v)) << bad;
}

TEST(FormatNumber, ShortestRoundTrip) {
  EXPECT_EQ(format_number(0.01), "0.01");
  EXPECT_EQ(format_number(200), "200");
  EXPECT_EQ(std::stod(format_number(0.1 + 0.2)), 0.1 + 0.2);
}
