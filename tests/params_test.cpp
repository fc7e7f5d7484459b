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

TEST(FormatNumber, ShortestRoundTrip) {
  EXPECT_EQ(format_number(0.01), "0.01");
  EXPECT_EQ(format_number(200), "200");
  EXPECT_EQ(std::stod(format_number(0.1 + 0.2)), 0.1 + 0.2);
}
