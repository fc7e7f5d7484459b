#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/io/csv.h"
#include "autosmote/preprocess/preprocessor.h"
#include "test_util.h"

using namespace autosmote;
using autosmote::testing::write_file;

static Table tiny() {
  return read_csv(write_file("pre.csv", "a,c,class\n0,red,x\n10,blue,y\n,red,x\n4,,y\n6,green,x\n"));
}

TEST(Preprocessor, MedianImputeMinMaxOneHot) {
  const Table t = tiny();
  Preprocessor p;
  p.fit(t);
  EXPECT_EQ(p.output_dim(), 4);  // a + c=blue, c=green, c=red
  EXPECT_EQ(p.output_names(), (std::vector<std::string>{"a", "c=blue", "c=green", "c=red"}));
  const Matrix x = p.transform(t);
  EXPECT_FLOAT_EQ(x.at(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(x.at(1, 0), 1.0f);
  EXPECT_FLOAT_EQ(x.at(2, 0), 0.5f);  // median of {0, 10, 4, 6} = 5 -> 0.5
  EXPECT_FLOAT_EQ(x.at(3, 3), 1.0f);  // missing colour -> most frequent (red)
  EXPECT_FLOAT_EQ(x.at(1, 1), 1.0f);
}

TEST(Preprocessor, FitsOnTrainingRowsOnly) {
  const Table t = tiny();
  Preprocessor p;
  p.fit(t, {0, 3});  // a in {0, 4}, colours {red}
  const Matrix x = p.transform(t);
  EXPECT_FLOAT_EQ(x.at(1, 0), 2.5f);  // 10 scaled by the training range [0, 4]
  EXPECT_EQ(p.output_dim(), 2);       // only red was seen
  EXPECT_FLOAT_EQ(x.at(1, 1), 0.0f);  // blue unknown -> all zeros
}

TEST(Preprocessor, StandardScaling) {
  const Table t = read_csv(write_file("std.csv", "a,class\n1,x\n3,y\n"));
  Preprocessor p(Scaling::kStandard);
  p.fit(t);
  const Matrix x = p.transform(t);
  EXPECT_FLOAT_EQ(x.at(0, 0), -1.0f);
  EXPECT_FLOAT_EQ(x.at(1, 0), 1.0f);
}

TEST(Preprocessor, ConstantColumnMapsToZero) {
  const Table t = read_csv(write_file("const.csv", "a,b,class\n5,1,x\n5,2,y\n"));
  Preprocessor p;
  p.fit(t);
  const Matrix x = p.transform(t);
  EXPECT_FLOAT_EQ(x.at(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(x.at(1, 0), 0.0f);
}

TEST(Preprocessor, JsonRoundTripAndMissingColumn) {
  const Table t = tiny();
  Preprocessor p;
  p.fit(t);
  const Preprocessor q = Preprocessor::from_json(p.to_json());
  EXPECT_EQ(p.transform(t).data, q.transform(t).data);
  const Table other = read_csv(write_file("other.csv", "a,class\n1,x\n2,y\n"));
  EXPECT_THROW(p.transform(other), InputError);
  EXPECT_THROW(Preprocessor::from_json(nlohmann::json::object()), ModelFileError);
}
