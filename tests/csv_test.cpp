#include <gtest/gtest.h>

#include <cmath>

#include "autosmote/core/error.h"
#include "autosmote/io/csv.h"
#include "test_util.h"

using namespace autosmote;
using autosmote::testing::write_file;

static std::string error_of(const std::string& path, const CsvOptions& o = {}) {
  try {
    read_csv(path, o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Csv, ReadsTypesMissingAndLabels) {
  const auto p = write_file("basic.csv", "a,color,class\n1,red,yes\n2.5,,no\nNA,blue,yes\n?,red,no\n");
  const Table t = read_csv(p);
  EXPECT_EQ(t.n_rows, 4);
  EXPECT_EQ(t.target_name, "class");
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_FALSE(t.columns[0].categorical);
  EXPECT_TRUE(t.columns[1].categorical);
  EXPECT_EQ(t.columns[1].categories, (std::vector<std::string>{"blue", "red"}));
  EXPECT_DOUBLE_EQ(t.columns[0].values[1], 2.5);
  EXPECT_TRUE(std::isnan(t.columns[0].values[2]));
  EXPECT_TRUE(std::isnan(t.columns[0].values[3]));
  EXPECT_TRUE(std::isnan(t.columns[1].values[1]));
  EXPECT_EQ(t.class_names, (std::vector<std::string>{"no", "yes"}));
  EXPECT_EQ(t.y, (std::vector<int64_t>{1, 0, 1, 0}));
}

TEST(Csv, NumericLabelsSortNumerically) {
  const auto p = write_file("numlabels.csv", "a,class\n1,10\n2,2\n3,10\n");
  EXPECT_EQ(read_csv(p).class_names, (std::vector<std::string>{"2", "10"}));
}

TEST(Csv, TargetDefaultsToLastColumnWithoutClass) {
  const auto p = write_file("last.csv", "x,y,label\n1,2,a\n3,4,b\n");
  const Table t = read_csv(p);
  EXPECT_EQ(t.target_name, "label");
  EXPECT_EQ(t.columns.size(), 2u);
}

TEST(Csv, ExplicitTargetAndForcedCategorical) {
  const auto p = write_file("explicit.csv", "lab,x,z\na,1,5\nb,2,6\n");
  CsvOptions o;
  o.target = "lab";
  o.categorical = {"x"};
  const Table t = read_csv(p, o);
  EXPECT_EQ(t.target_name, "lab");
  EXPECT_TRUE(t.columns[0].categorical);
  EXPECT_FALSE(t.columns[1].categorical);
}

TEST(Csv, QuotesCrlfAndBlankLines) {
  const auto p = write_file("quotes.csv", "name,v,class\r\n\"a,b\",1,x\r\n\r\n\"say \"\"hi\"\"\",2,y\r\n");
  const Table t = read_csv(p);
  EXPECT_EQ(t.n_rows, 2);
  EXPECT_EQ(t.columns[0].categories, (std::vector<std::string>{"a,b", "say \"hi\""}));
}

TEST(Csv, IntegerValuedDetection) {
  const auto p = write_file("ints.csv", "a,b,class\n1,1.5,x\n2,2,y\n");
  const Table t = read_csv(p);
  EXPECT_TRUE(t.columns[0].integer_valued);
  EXPECT_FALSE(t.columns[1].integer_valued);
}

TEST(Csv, Errors) {
  EXPECT_NE(error_of("/nonexistent/x.csv").find("cannot open '/nonexistent/x.csv'"), std::string::npos);
  EXPECT_NE(error_of(write_file("empty.csv", "")).find("file is empty"), std::string::npos);
  EXPECT_NE(error_of(write_file("header.csv", "a,class\n")).find("header only"), std::string::npos);
  const std::string ragged = error_of(write_file("ragged.csv", "a,b,class\n1,2,x\n1,x\n"));
  EXPECT_NE(ragged.find("ragged.csv:3: row has 2 fields, the header has 3"), std::string::npos) << ragged;
  CsvOptions o;
  o.target = "nope";
  EXPECT_NE(error_of(write_file("t.csv", "a,class\n1,x\n2,y\n"), o).find("target column 'nope' not found"), std::string::npos);
  EXPECT_NE(error_of(write_file("single.csv", "a,class\n1,x\n2,x\n")).find("single class 'x'"), std::string::npos);
  const std::string allmiss = error_of(write_file("allmiss.csv", "a,b,class\n1,,x\n2,NA,y\n"));
  EXPECT_NE(allmiss.find("column 'b' (column 2) is entirely missing"), std::string::npos) << allmiss;
  const std::string nolabel = error_of(write_file("nolabel.csv", "a,class\n1,x\n2,\n"));
  EXPECT_NE(nolabel.find("nolabel.csv:3:2: missing label"), std::string::npos) << nolabel;
  EXPECT_NE(error_of(write_file("dup.csv", "a,a,class\n1,2,x\n")).find("duplicate column name 'a'"), std::string::npos);
  CsvOptions cat;
  cat.categorical = {"zz"};
  EXPECT_NE(error_of(write_file("cat.csv", "a,class\n1,x\n2,y\n"), cat).find("'zz'"), std::string::npos);
  CsvOptions num;
  num.numeric = {"a"};
  const std::string notnum = error_of(write_file("notnum.csv", "a,class\n1,x\nfoo,y\n"), num);
  EXPECT_NE(notnum.find("notnum.csv:3:1: 'foo' in column 'a' is not a number"), std::string::npos) << notnum;
}

TEST(Csv, PredictionFileWithoutTarget) {
  CsvOptions o;
  o.target = "class";
  o.require_target = false;
  const Table t = read_csv(write_file("nolab.csv", "a,b\n1,2\n3,4\n"), o);
  EXPECT_FALSE(t.has_target);
  EXPECT_EQ(t.columns.size(), 2u);
}

TEST(Csv, WriteThenReadRoundTrip) {
  const auto p = autosmote::testing::temp_path("written.csv");
  write_csv(p, {"a", "class"}, {{"x,y", "1"}, {"z", "2"}});
  const Table t = read_csv(p);
  EXPECT_EQ(t.columns[0].categories, (std::vector<std::string>{"x,y", "z"}));
}
