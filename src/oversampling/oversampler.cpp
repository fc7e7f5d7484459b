#include "autosmote/oversampling/oversampler.h"

#include "autosmote/core/error.h"

namespace autosmote {

Resampled Oversampler::fit_resample(const Matrix& x, const Labels& y, int64_t n_classes, Rng& rng,
                                    const std::vector<std::string>& class_names) const {
  check_xy(x, y, n_classes, name());
  const auto counts = class_counts(y, n_classes);
  int64_t present = 0;
  for (auto c : counts) present += c > 0 ? 1 : 0;
  if (present < 2) throw InputError(name() + ": the data has a single class; over-sampling needs at least two");
  std::vector<int64_t> n_new = strategy_.resolve(counts, class_names);
  Resampled add = make_rows(x, y, n_classes, n_new, rng);
  Resampled out;
  out.x = Matrix(x.rows + add.x.rows, x.cols);
  std::copy(x.data.begin(), x.data.end(), out.x.data.begin());
  std::copy(add.x.data.begin(), add.x.data.end(), out.x.data.begin() + static_cast<std::ptrdiff_t>(x.data.size()));
  out.y = y;
  out.y.insert(out.y.end(), add.y.begin(), add.y.end());
  return out;
}

Resampled NoOversampling::make_rows(const Matrix& x, const Labels&, int64_t, const std::vector<int64_t>&, Rng&) const {
  Resampled r;
  r.x = Matrix(0, x.cols);
  return r;
}

}  // namespace autosmote
