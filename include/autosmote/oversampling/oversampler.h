// The over-sampler interface (imbalanced-learn's fit_resample).
//
// fit_resample(x, y, n_classes, rng) is non-virtual: it validates the data convention
// (core/dataset.h), resolves the sampling strategy into "how many new rows per class", calls the
// method's private hook, and returns the original rows first and the synthetic rows after them.
// Every random draw comes from `rng`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "autosmote/core/dataset.h"
#include "autosmote/core/random.h"
#include "autosmote/oversampling/sampling_strategy.h"

namespace autosmote {

struct Resampled {
  Matrix x;
  Labels y;
};

class Oversampler {
 public:
  virtual ~Oversampler() = default;
  virtual std::string name() const = 0;
  virtual std::string spec() const = 0;  // canonical: make_oversampler(spec())->spec() == spec()

  Resampled fit_resample(const Matrix& x, const Labels& y, int64_t n_classes, Rng& rng,
                         const std::vector<std::string>& class_names = {}) const;

  const SamplingStrategy& sampling_strategy() const { return strategy_; }
  void set_sampling_strategy(SamplingStrategy s) { strategy_ = std::move(s); }

 private:
  // Returns only the new rows (n_new[c] of class c).
  virtual Resampled make_rows(const Matrix& x, const Labels& y, int64_t n_classes, const std::vector<int64_t>& n_new,
                              Rng& rng) const = 0;
  SamplingStrategy strategy_;
};

// `none`: returns the data unchanged.
class NoOversampling : public Oversampler {
 public:
  std::string name() const override { return "none"; }
  std::string spec() const override { return "none"; }

 private:
  Resampled make_rows(const Matrix& x, const Labels& y, int64_t n_classes, const std::vector<int64_t>& n_new,
                      Rng& rng) const override;
};

}  // namespace autosmote
