// The sampler and classifier registries against what they promise: every row builds from its bare
// name and round-trips its spec, unknown names list the rows, and the docs list exactly the rows
// with the defaults the code has.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "autosmote/core/error.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"

using namespace autosmote;

namespace {

std::string read_text(const std::string& relative) {
  std::ifstream in(std::string(AUTOSMOTE_SOURCE_DIR) + "/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string spec_name(const std::string& spec) { return spec.substr(0, spec.find(':')); }

// The `code spans` of the lines starting with `prefix`.
std::vector<std::string> code_spans(const std::string& text, const std::string& prefix) {
  std::vector<std::string> spans;
  std::istringstream lines(text);
  const std::regex span("`([^`]+)`");
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) != 0) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), span), end; it != end; ++it) spans.push_back((*it)[1]);
  }
  return spans;
}

TEST(SamplerRegistry, NamesAreTheRowsInOrderAndUnique) {
  const auto names = oversampler_names();
  ASSERT_EQ(names.size(), sampler_rows().size());
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(names[i], sampler_rows()[i].name);
    for (size_t j = 0; j < i; ++j) EXPECT_NE(names[i], names[j]);
  }
}

TEST(SamplerRegistry, EveryRowBuildsFromItsNameWithTheDefaults) {
  for (const auto& row : sampler_rows()) {
    const auto sampler = make_oversampler(row.name);
    EXPECT_EQ(sampler->name(), row.name);
    EXPECT_EQ(sampler->spec(), row.name) << "a bare name has only defaults, so the canonical spec is the name";
  }
}

TEST(SamplerRegistry, DocsTableGivesEveryRowWithTheCodesDefaults) {
  const auto spans = code_spans(read_text("docs/oversamplers.md"), "| `");
  for (const auto& row : sampler_rows()) {
    bool found = false;
    for (const auto& span : spans) {
      if (spec_name(span) != row.name) continue;
      found = true;
      if (span.find("...") == std::string::npos) {
        EXPECT_EQ(make_oversampler(span)->spec(), row.name)
            << "docs/oversamplers.md gives non-default values: " << span;
      }
    }
    EXPECT_TRUE(found) << "docs/oversamplers.md has no table row for " << row.name;
  }
}

TEST(SamplerRegistry, ReadmeListsExactlyTheRows) {
  auto spans = code_spans(read_text("README.md"), "| sampler |");
  ASSERT_FALSE(spans.empty());
  spans.pop_back();  // the docs path
  EXPECT_EQ(spans, oversampler_names());
}

TEST(ClassifierRegistry, EveryRowBuildsFromItsNameAndRoundTrips) {
  ASSERT_EQ(classifier_names().size(), classifier_rows().size());
  for (const auto& row : classifier_rows()) {
#ifndef AUTOSMOTE_HAVE_XGBOOST
    if (row.name == "xgboost") continue;  // a SpecError in this build (tests/xgboost_classifier_test.cpp)
#endif
    const auto model = make_classifier(row.name);
    EXPECT_EQ(model->kind(), row.name);
    EXPECT_EQ(model->spec(), row.name);
    // threshold: the one key every classifier has (models/classifier.h).
    EXPECT_EQ(make_classifier(row.name + ":threshold=tuned")->spec(), row.name + ":threshold=tuned");
    EXPECT_THROW(make_classifier(row.name + ":nonsense=1"), SpecError);
  }
}

TEST(ClassifierRegistry, UnknownNameListsTheRows) {
  try {
    make_classifier("svm");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_EQ(std::string(e.what()), "unknown model 'svm' (valid: mlp, auto-smote, xgboost)");
  }
}

TEST(ClassifierRegistry, ReadmeGivesTheMlpAndXgboostDefaults) {
  const auto spans = code_spans(read_text("README.md"), "| model |");
  for (const std::string name : {"mlp", "xgboost"}) {
    const auto found = std::find_if(spans.begin(), spans.end(), [&](const auto& s) { return spec_name(s) == name; });
    ASSERT_NE(found, spans.end()) << "README.md has no model row for " << name;
#ifndef AUTOSMOTE_HAVE_XGBOOST
    if (name == "xgboost") continue;
#endif
    EXPECT_EQ(make_classifier(*found)->spec(), name) << "README.md gives non-default values: " << *found;
  }
}

}  // namespace
