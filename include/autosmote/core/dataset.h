// THE data convention of the library, written once.
//
//   x : Matrix, float32, row-major [rows, cols], contiguous (`data[r * cols + c]`)
//   y : Labels, int64 [rows], values in [0, n_classes)
//
// Plain std::vector storage keeps LibTorch out of the headers that everything includes (a file
// that includes <torch/torch.h> costs ~20 s to compile); code that needs tensors wraps this
// memory with torch::from_blob in its .cpp file. Every public entry taking (x, y) calls
// check_xy first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace autosmote {

struct Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> data;

  Matrix() = default;
  Matrix(int64_t r, int64_t c) : rows(r), cols(c), data(static_cast<size_t>(r * c), 0.0f) {}
  float* row(int64_t r) { return data.data() + r * cols; }
  const float* row(int64_t r) const { return data.data() + r * cols; }
  float& at(int64_t r, int64_t c) { return data[static_cast<size_t>(r * cols + c)]; }
  float at(int64_t r, int64_t c) const { return data[static_cast<size_t>(r * cols + c)]; }
};

using Labels = std::vector<int64_t>;

// Which columns of x form one original feature: a numeric column, or the one-hot block of a
// categorical one. Empty layout = every column numeric. See Preprocessor::layout().
struct FeatureGroup {
  int64_t start = 0;
  int64_t size = 1;
  bool categorical = false;
};
using FeatureLayout = std::vector<FeatureGroup>;

// Throws InputError when shapes disagree, a label is outside [0, n_classes) or a value is not finite.
void check_xy(const Matrix& x, const Labels& y, int64_t n_classes, const std::string& where);
// Rows per class (length n_classes).
std::vector<int64_t> class_counts(const Labels& y, int64_t n_classes);
// Rows `idx` of x / y.
Matrix take_rows(const Matrix& x, const std::vector<int64_t>& idx);
Labels take(const Labels& y, const std::vector<int64_t>& idx);

}  // namespace autosmote
