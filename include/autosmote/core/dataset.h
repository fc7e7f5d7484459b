// THE data convention of the library, written once.
//
//   x : Matrix, float32, row-major [rows, cols], contiguous (`values()[r * cols + c]`)
//   y : Labels, int64 [rows], values in [0, n_classes)
//
// Plain std::vector storage keeps LibTorch out of the headers that everything includes (a file
// that includes <torch/torch.h> costs ~20 s to compile); code that needs tensors wraps this
// memory with torch::from_blob in its .cpp file. Every public entry taking (x, y) calls
// check_xy first.
//
// A Matrix owns its rows (`data`), or borrows them: Matrix::borrowed views memory the caller keeps
// alive and unchanged while the matrix is used (the Python binding passes a float32 C-contiguous
// numpy array this way, without a copy). Read a Matrix you did not build through values(), row(),
// at() and size(), which serve both; `data` is the owned storage only (empty while borrowing). A
// copy always owns (so a model that keeps `train_x = x` never holds a borrowed pointer); non-const
// row() / at() / mutable_values() first copy borrowed rows into `data`, so no write reaches them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace autosmote {

struct Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> data;  // the owned rows; empty while borrowing

  Matrix() = default;
  Matrix(int64_t r, int64_t c) : rows(r), cols(c), data(static_cast<size_t>(r * c), 0.0f) {}
  // A read-only view of `values` [r, c], row-major; they must outlive the matrix (and its moves).
  static Matrix borrowed(const float* values, int64_t r, int64_t c) {
    Matrix m;
    m.rows = r;
    m.cols = c;
    m.borrowed_ = values;
    return m;
  }
  Matrix(const Matrix& other)
      : rows(other.rows), cols(other.cols), data(other.values(), other.values() + other.size()) {}
  Matrix& operator=(const Matrix& other) {
    if (this != &other) {
      rows = other.rows;
      cols = other.cols;
      data.assign(other.values(), other.values() + other.size());
      borrowed_ = nullptr;
    }
    return *this;
  }
  Matrix(Matrix&&) noexcept = default;  // a moved borrowed matrix still borrows
  Matrix& operator=(Matrix&&) noexcept = default;

  bool is_borrowed() const { return borrowed_ != nullptr; }
  const float* values() const { return borrowed_ != nullptr ? borrowed_ : data.data(); }
  size_t size() const { return borrowed_ != nullptr ? static_cast<size_t>(rows * cols) : data.size(); }
  const float* row(int64_t r) const { return values() + r * cols; }
  float at(int64_t r, int64_t c) const { return values()[r * cols + c]; }

  float* mutable_values() {
    if (borrowed_ != nullptr) own();
    return data.data();
  }
  float* row(int64_t r) { return mutable_values() + r * cols; }
  float& at(int64_t r, int64_t c) { return mutable_values()[r * cols + c]; }

 private:
  void own() {
    data.assign(borrowed_, borrowed_ + rows * cols);
    borrowed_ = nullptr;
  }
  const float* borrowed_ = nullptr;
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
