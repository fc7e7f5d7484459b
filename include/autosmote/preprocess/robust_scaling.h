// RealMLP's input transform (Holzmueller et al., NeurIPS 2024, "robust_scale" + "smooth_clip"),
// fitted per column on the training rows of an already preprocessed matrix:
//   z = factor * (x - median),   factor = 1 / (q75 - q25), or 1 / ((max - min) / 2) where the
//                                interquartile range is 0, or 0 for a constant column;
//   out = z / sqrt(1 + (z / 3)^2)   (smooth clipping to (-3, 3)).
// Quantiles are linear interpolations of the sorted column (numpy's default). The transform is
// affine before the clipping, so the preprocessor's min-max or standard scaling in front of it
// does not change its result (up to float rounding).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "autosmote/core/dataset.h"

namespace autosmote {

struct RobustScaling {
  std::vector<float> median;
  std::vector<float> factor;

  static RobustScaling fit(const Matrix& x);
  Matrix transform(const Matrix& x) const;  // InputError on a column-count mismatch
  // Reads to_json()'s output from a model file (untrusted): `columns` values each, finite.
  nlohmann::json to_json() const;
  static RobustScaling from_json(const nlohmann::json& j, int64_t columns, const std::string& where);
};

}  // namespace autosmote
