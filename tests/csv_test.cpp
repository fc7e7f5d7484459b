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
  EXPECT_NE(error_of(write_file("t.csv", "a,class\n1,x\n2,y\n"), o).find("target column 'nope' not found"),
            std::string::npos);
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

TEST(Csv, QuotedFieldSpansLines) {
  // RFC 4180: a quoted field may hold line breaks; the row keeps the line it starts on.
  const auto p = write_file("multiline.csv", "note,v,class\n\"two\nlines\",1,x\n\"one\",2,y\n3,3,\n");
  const std::string err = error_of(p);
  EXPECT_NE(err.find("multiline.csv:5:3: missing label"), std::string::npos) << err;
  const Table t = read_csv(write_file("multiline_ok.csv", "note,v,class\n\"two\r\nlines\",1,x\n\"one\",2,y\n"));
  EXPECT_EQ(t.n_rows, 2);
  EXPECT_EQ(t.columns[0].categories, (std::vector<std::string>{"one", "two\nlines"}));
  const CsvRows rows = read_csv_rows(write_file("multiline_lines.csv", "a,b\n\"x\ny\nz\",1\n2,3\n"));
  EXPECT_EQ(rows.line_of, (std::vector<int64_t>{2, 5}));
}

TEST(Csv, CarriageReturnLineEnds) {
  const Table cr = read_csv(write_file("cr.csv", "a,class\r1,x\r2,y\r"));
  EXPECT_EQ(cr.n_rows, 2);
  EXPECT_EQ(cr.class_names, (std::vector<std::string>{"x", "y"}));
  const Table mixed = read_csv(write_file("mixed.csv", "a,class\r\n1,x\r2,y\n3,x"));
  EXPECT_EQ(mixed.n_rows, 3);
  const std::string ragged = error_of(write_file("cr_ragged.csv", "a,class\r1,x\r2\r"));
  EXPECT_NE(ragged.find("cr_ragged.csv:3: row has 1 fields"), std::string::npos) << ragged;
}

TEST(Csv, UnterminatedQuoteNamesTheLineItStarts) {
  const std::string err = error_of(write_file("unterminated.csv", "a,b,class\n1,2,x\n\"1,2,x\n3,4,y\n"));
  EXPECT_NE(err.find("unterminated.csv:3: unterminated quote"), std::string::npos) << err;
}

TEST(Csv, InvalidUtf8NamesLineAndColumn) {
  const std::string label = error_of(write_file("latin1_label.csv", "a,class\n1,caf\xE9\n2,tea\n"));
  EXPECT_NE(label.find("latin1_label.csv:2:2: not valid UTF-8 (byte 0xE9"), std::string::npos) << label;
  EXPECT_NE(label.find("iconv"), std::string::npos) << label;
  const std::string header = error_of(write_file("latin1_header.csv", "a,\xE9t\xE9,class\n1,2,x\n3,4,y\n"));
  EXPECT_NE(header.find("latin1_header.csv:1:2: not valid UTF-8"), std::string::npos) << header;
  const std::string category = error_of(write_file("latin1_cat.csv", "a,c,class\n1,ok,x\n2,ok,y\n3,\xFC,x\n"));
  EXPECT_NE(category.find("latin1_cat.csv:4:2: not valid UTF-8 (byte 0xFC"), std::string::npos) << category;
  // Overlong forms, surrogates and cut sequences are not UTF-8 either.
  for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xE2\x82", "\xF4\x90\x80\x80", "\x80"})
    EXPECT_NE(error_of(write_file("bad_utf8.csv", "a,class\n1,x\n2," + bad + "\n")).find("not valid UTF-8"),
              std::string::npos)
        << bad;
  const Table t = read_csv(write_file("utf8.csv", "a,class\n1,caf\xC3\xA9\n2,\xE2\x82\xAC\n3,\xF0\x9F\x98\x80\n"));
  EXPECT_EQ(t.class_names.size(), 3u);
}

TEST(Csv, DirectoryIsNotAFile) {
  const std::string dir = autosmote::testing::temp_path("a_folder.csv");
  std::filesystem::create_directories(dir);
  const std::string err = error_of(dir);
  EXPECT_NE(err.find("is a directory"), std::string::npos) << err;
}
