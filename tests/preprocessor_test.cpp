#include <gtest/gtest.h>

#include <cmath>

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

// One numeric column "a" holding `values` (NaN = missing).
static Table numeric_column(const std::vector<double>& values) {
  Table t;
  t.source = "edges";
  t.n_rows = static_cast<int64_t>(values.size());
  Column c;
  c.name = "a";
  c.values = values;
  t.columns.push_back(c);
  return t;
}

static bool all_finite(const Matrix& x) {
  for (float v : x.data)
    if (!std::isfinite(v)) return false;
  return true;
}

TEST(Preprocessor, RangeBeyondTheLargestDoubleIsAnErrorNamingTheColumn) {
  // Before issue 10: max - min = inf, every value scaled to NaN, and roc_auc then hung.
  Preprocessor p;
  try {
    p.fit(numeric_column({-1e308, 1e308, 0.0}));
    FAIL();
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("edges: column 'a' has values from -1e+308 to 1e+308, whose range is beyond the largest double"),
              std::string::npos)
        << m;
  }
  // Standard scaling of the same values has a finite deviation: a finite result.
  Preprocessor s(Scaling::kStandard);
  const Table t = numeric_column({-1e308, 1e308, 1e308, -1e308});
  s.fit(t);
  EXPECT_DOUBLE_EQ(s.columns()[0].offset, 0.0);
  EXPECT_DOUBLE_EQ(s.columns()[0].scale, 1e308);
  const Matrix x = s.transform(t);
  EXPECT_EQ(x.data, (std::vector<float>{-1.0f, 1.0f, 1.0f, -1.0f}));
  Preprocessor widest(Scaling::kStandard);  // the standard deviation is at most half the range
  widest.fit(numeric_column({-1.7e308, 1.7e308}));
  EXPECT_DOUBLE_EQ(widest.columns()[0].scale, 1.7e308);
}

TEST(Preprocessor, HugeValuesWithAFiniteRangeStayFinite) {
  for (Scaling scaling : {Scaling::kMinMax, Scaling::kStandard}) {
    Preprocessor p(scaling);
    // Median of 1e308 and 1.2e308 (the sum overflows), imputed for the missing value.
    const Table t = numeric_column({1e308, 1.2e308, std::nan(""), 1.1e308, 1.7e308});
    p.fit(t);
    EXPECT_DOUBLE_EQ(p.columns()[0].fill, 1.15e308);
    EXPECT_TRUE(all_finite(p.transform(t))) << scaling_name(scaling);
  }
}

TEST(Preprocessor, TransformClampsValuesFarOutsideTheTrainingRange) {
  Preprocessor p;
  p.fit(numeric_column({0.0, 100.0}));
  const Matrix x = p.transform(numeric_column({1e308, -1e308, 50.0, 1e300, -1.7e308}));
  EXPECT_EQ(x.data, (std::vector<float>{1e6f, -1e6f, 0.5f, 1e6f, -1e6f}));
  Preprocessor s(Scaling::kStandard);
  s.fit(numeric_column({1e308, 1e308, -1e308}));  // offset 3.3e307: -1.7e308 - offset overflows
  const Matrix y = s.transform(numeric_column({-1.7e308, 1.7e308}));
  EXPECT_EQ(y.at(0, 0), -1e6f);
  EXPECT_TRUE(all_finite(y));
}

TEST(Preprocessor, DenormalsNegativeZeroConstantAndAllMissing) {
  Preprocessor p;
  const Table denormal = numeric_column({0.0, 4.9e-324, 1e-310});
  p.fit(denormal);
  const Matrix d = p.transform(denormal);
  EXPECT_EQ(d.at(0, 0), 0.0f);
  EXPECT_EQ(d.at(2, 0), 1.0f);
  EXPECT_GT(d.at(1, 0), 0.0f);
  Preprocessor s(Scaling::kStandard);
  s.fit(denormal);
  EXPECT_TRUE(all_finite(s.transform(denormal)));
  EXPECT_GT(s.columns()[0].scale, 0.0);
  // -0 equals 0: a column of 0 and -0 is constant and maps to 0.
  Preprocessor z;
  const Table zeros = numeric_column({-0.0, 0.0, -0.0});
  z.fit(zeros);
  EXPECT_EQ(z.columns()[0].scale, 1.0);
  for (float v : z.transform(zeros).data) EXPECT_EQ(v, 0.0f);
  // A column missing in every training row imputes 0, offset 0, scale 1.
  Preprocessor m;
  m.fit(numeric_column({std::nan(""), std::nan("")}));
  EXPECT_EQ(m.columns()[0].fill, 0.0);
  EXPECT_EQ(m.transform(numeric_column({std::nan(""), 3.0})).data, (std::vector<float>{0.0f, 3.0f}));
}

TEST(Preprocessor, StandardScalingMatchesADirectComputation) {
  // The power-of-two rescaling inside fit() must not change ordinary results.
  const std::vector<double> v = {3.25, -1.5, 1e-3, 12345.678, 7.0, 0.1};
  Preprocessor s(Scaling::kStandard);
  s.fit(numeric_column(v));
  double mean = 0, var = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (double x : v) var += (x - mean) * (x - mean);
  var /= static_cast<double>(v.size());
  EXPECT_EQ(s.columns()[0].offset, mean);
  EXPECT_EQ(s.columns()[0].scale, std::sqrt(var));
}
