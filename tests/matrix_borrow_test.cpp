// A borrowed Matrix (Matrix::borrowed, the Python binding's zero-copy input) reads like an owned
// one, every sampler gives the same output from it, and copies of it own their rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <ostream>
#include <vector>

#include "autosmote/registry/samplers.h"
#include "test_util.h"

using namespace autosmote;

namespace autosmote {
void PrintTo(const SamplerRow& row, std::ostream* os) { *os << row.name; }  // gtest's name for a parameter
}  // namespace autosmote

namespace {

// Binary data with the features `needs` asks for: 3 numeric columns, or 2 numeric columns and a
// one-hot block of 3 (kNumericAndCategorical), or two one-hot blocks of 3 and 2 (kCategoricalOnly).
Matrix data_for(FeatureNeeds needs, Labels* y, SampleContext* context) {
  Rng rng(21);
  const int64_t n = 64, numeric = needs == FeatureNeeds::kAny ? 3 : needs == FeatureNeeds::kCategoricalOnly ? 0 : 2;
  const bool categorical = needs != FeatureNeeds::kAny;
  Matrix x(n, numeric + (categorical ? 5 : 0));
  y->assign(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t label = i < 48 ? 0 : 1;
    (*y)[static_cast<size_t>(i)] = label;
    for (int64_t j = 0; j < numeric; ++j) x.at(i, j) = static_cast<float>(rng.normal() + 0.9 * label);
    if (!categorical) continue;
    x.at(i, numeric + rng.uniform_int(3)) = 1.0f;
    x.at(i, numeric + 3 + rng.uniform_int(2)) = 1.0f;
  }
  context->layout.clear();
  if (categorical) {
    for (int64_t j = 0; j < numeric; ++j) context->layout.push_back({j, 1, false});
    context->layout.push_back({numeric, 3, true});
    context->layout.push_back({numeric + 3, 2, true});
  }
  return x;
}

class BorrowedInput : public ::testing::TestWithParam<SamplerRow> {};

TEST_P(BorrowedInput, SameOutputAsAnOwnedCopy) {
  const SamplerRow& row = GetParam();
  Labels y;
  SampleContext context;
  const Matrix owned = data_for(row.needs, &y, &context);
  const Matrix borrowed = Matrix::borrowed(owned.values(), owned.rows, owned.cols);
  ASSERT_TRUE(borrowed.is_borrowed());
  const auto sampler = make_oversampler(row.name);
  Rng rng_owned(5), rng_borrowed(5);
  const Resampled a = sampler->fit_resample(owned, y, 2, rng_owned, context);
  const Resampled b = sampler->fit_resample(borrowed, y, 2, rng_borrowed, context);
  EXPECT_EQ(a.x.rows, b.x.rows);
  EXPECT_EQ(a.x.data, b.x.data);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.original_rows, b.original_rows);
  EXPECT_FALSE(b.x.is_borrowed());
}

INSTANTIATE_TEST_SUITE_P(EverySampler, BorrowedInput, ::testing::ValuesIn(sampler_rows()),
                         [](const ::testing::TestParamInfo<SamplerRow>& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(BorrowedMatrix, ReadsTheCallersMemory) {
  const std::vector<float> values = {1, 2, 3, 4, 5, 6};
  const Matrix m = Matrix::borrowed(values.data(), 2, 3);
  EXPECT_EQ(m.values(), values.data());
  EXPECT_EQ(m.size(), 6u);
  EXPECT_TRUE(m.data.empty());
  EXPECT_EQ(m.row(1), values.data() + 3);
  EXPECT_EQ(m.at(1, 2), 6.0f);
}

TEST(BorrowedMatrix, CopiesOwnTheirRows) {
  auto values = std::make_unique<std::vector<float>>(std::vector<float>{1, 2, 3, 4, 5, 6});
  const Matrix borrowed = Matrix::borrowed(values->data(), 3, 2);
  const Matrix constructed(borrowed);
  Matrix assigned(1, 1);  // an owned matrix, then assigned a borrowed one
  assigned = borrowed;
  (*values)[0] = 100.0f;  // the source changes, then goes away: the copies keep the old rows
  values.reset();
  for (const Matrix* copy : {&constructed, static_cast<const Matrix*>(&assigned)}) {
    EXPECT_FALSE(copy->is_borrowed());
    EXPECT_EQ(copy->rows, 3);
    EXPECT_EQ(copy->cols, 2);
    EXPECT_EQ(copy->data, (std::vector<float>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(copy->values(), copy->data.data());
  }
}

TEST(BorrowedMatrix, WritesGoToAnOwnedCopy) {
  const std::vector<float> values = {1, 2, 3, 4};
  Matrix m = Matrix::borrowed(values.data(), 2, 2);
  Matrix moved = std::move(m);  // a move keeps borrowing (no copy)
  EXPECT_EQ(moved.values(), values.data());
  moved.at(0, 1) = 9.0f;
  EXPECT_FALSE(moved.is_borrowed());
  EXPECT_EQ(moved.data, (std::vector<float>{1, 9, 3, 4}));
  EXPECT_EQ(values, (std::vector<float>{1, 2, 3, 4}));
  Matrix other = Matrix::borrowed(values.data(), 2, 2);
  other.row(1)[0] = 7.0f;
  EXPECT_EQ(other.data, (std::vector<float>{1, 2, 7, 4}));
  EXPECT_EQ(values[2], 3.0f);
}

}  // namespace
