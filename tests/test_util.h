// Helpers shared by the unit tests: temporary files and tiny in-memory datasets.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "autosmote/core/dataset.h"
#include "autosmote/core/random.h"

namespace autosmote::testing {

inline std::string temp_path(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(AUTOSMOTE_TEST_TMP);
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

inline std::string write_file(const std::string& name, const std::string& content) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// Two Gaussian blobs in d dimensions, n0 rows of class 0 around 0 and n1 of class 1 around `shift`.
inline void two_blobs(int64_t n0, int64_t n1, int64_t d, double shift, uint64_t seed, Matrix* x, Labels* y) {
  Rng rng(seed);
  *x = Matrix(n0 + n1, d);
  y->assign(static_cast<size_t>(n0 + n1), 0);
  for (int64_t i = 0; i < n0 + n1; ++i) {
    const bool one = i >= n0;
    (*y)[i] = one ? 1 : 0;
    for (int64_t j = 0; j < d; ++j) x->at(i, j) = static_cast<float>(rng.normal() + (one ? shift : 0.0));
  }
}

}  // namespace autosmote::testing
