// The over-sampler interface (imbalanced-learn's fit_resample).
//
// fit_resample(x, y, n_classes, rng, context) is non-virtual: it validates the data convention
// (core/dataset.h), resolves the sampling strategy into "how many new rows per class", calls the
// method's private hook, and returns the original rows first and the synthetic rows after them.
// Cleaning methods (tomek, enn and the smote-tomek / smote-enn compositions) then drop rows; the
// rows they keep stay in that order. Every random draw comes from `rng`.
// A method's keys are one options struct (core/options.h); registry/samplers.h names them.
//
// Edge cases, the same for every method:
//   - k_neighbors >= n_c (rows of a class): k is clamped to n_c - 1 and a warning naming both
//     numbers is added to Resampled::warnings; a class of one row is duplicated (warning).
//   - a class with zero rows to make is left alone; single-class input is an InputError.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "autosmote/core/dataset.h"
#include "autosmote/core/options.h"
#include "autosmote/core/random.h"
#include "autosmote/oversampling/sampling_strategy.h"

namespace autosmote {

struct SampleContext {
  std::vector<std::string> class_names;  // resolves per-class targets given by name
  FeatureLayout layout;                  // needed by smote-nc and smoten
  std::string device = "cpu";            // for learned samplers (auto-smote)
  // Progress lines of the samplers that train (the generative ones); the library never prints.
  std::function<void(const std::string&)> log;
};

struct Resampled {
  Matrix x;
  Labels y;
  // The output's first original_rows.size() rows are these input rows (all of them, in order,
  // unless a cleaning method removed some); the rest are synthetic.
  std::vector<int64_t> original_rows;
  std::vector<std::string> warnings;  // e.g. k clamped; the CLI prints them
};

// Neighbour counts: k-NN keeps rows x k results, so a huge k is refused from the spec.
inline constexpr int64_t kMaxNeighbors = 1000;

// What a method's make_rows gets: the validated data and the rows to make per class.
struct SampleJob {
  const Matrix& x;
  const Labels& y;
  int64_t n_classes;
  const SampleContext& context;
  std::vector<int64_t> n_new;  // rows to make per class
  std::string who;             // the sampler named in warnings (a composition's own name)
};

class Oversampler {
 public:
  virtual ~Oversampler() = default;
  virtual std::string name() const = 0;
  virtual std::string spec() const = 0;                // canonical: make_oversampler(spec())->spec() == spec()
  virtual bool removes_rows() const { return false; }  // true for cleaning methods
  // True when every output row keeps one-hot blocks exactly one-hot (a valid category), so the
  // result can be written back in original units: none, random, smote-nc, smoten, tomek, enn and
  // the generative ones (deep-smote, cwgan, tvae).
  virtual bool keeps_categories() const { return false; }

  Resampled fit_resample(const Matrix& x, const Labels& y, int64_t n_classes, Rng& rng,
                         const SampleContext& context = {}) const;

  const SamplingStrategy& sampling_strategy() const { return strategy_; }
  void set_sampling_strategy(SamplingStrategy s) { strategy_ = std::move(s); }

 protected:
  using Job = SampleJob;
  // A composition runs its parts' steps through these.
  static Resampled make_rows_of(const Oversampler& part, const Job& job, Rng& rng) { return part.make_rows(job, rng); }
  static std::vector<int64_t> keep_rows_of(const Oversampler& part, const Matrix& x, const Labels& y,
                                           int64_t n_classes) {
    return part.keep_rows(x, y, n_classes);
  }

 private:
  // Returns only the new rows (n_new[c] of class c, in class order); may add warnings.
  virtual Resampled make_rows(const Job& job, Rng& rng) const = 0;
  // Cleaning step on the over-sampled data: indices of the rows to keep (sorted). Default: all.
  virtual std::vector<int64_t> keep_rows(const Matrix& x, const Labels& y, int64_t n_classes) const;

  SamplingStrategy strategy_;
};

// The canonical spec: `name`, then `parts` (non-default keys) joined as name:k=v,...
std::string spec_text(const std::string& name, const std::vector<std::string>& parts);

// An over-sampler whose keys are `Options` (with a static kName) plus sampling_strategy (the
// over-sampling grammar, read after the options and printed last).
template <class Options>
class OversamplerWith : public Oversampler {
 public:
  using OptionsType = Options;
  static constexpr bool kReadsSamplingStrategy = true;
  explicit OversamplerWith(Options options) : options_(std::move(options)) {}
  std::string name() const override { return Options::kName; }
  std::string spec() const override {
    std::vector<std::string> parts = option_parts(options_);
    if (sampling_strategy().str() != "auto") parts.push_back("sampling_strategy=" + sampling_strategy().str());
    return spec_text(Options::kName, parts);
  }
  const Options& options() const { return options_; }

 protected:
  Options options_;
};

// `none`: returns the data unchanged.
struct NoOversamplingOptions {
  static constexpr const char* kName = "none";
  template <class V>
  static void visit(V&) {}
};

class NoOversampling : public Oversampler {
 public:
  using OptionsType = NoOversamplingOptions;
  static constexpr bool kReadsSamplingStrategy = false;
  explicit NoOversampling(NoOversamplingOptions = {}) {}
  std::string name() const override { return "none"; }
  std::string spec() const override { return "none"; }
  bool keeps_categories() const override { return true; }

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
