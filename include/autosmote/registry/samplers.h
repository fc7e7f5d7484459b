// The sampler registry: one row per sampler, in the order names are listed. Everything that
// enumerates samplers (make_oversampler, oversampler_names, the conformance tests, the benchmark,
// the docs check) iterates this table, so a new sampler is its header, its source and one row in
// src/registry/samplers.cpp. It sits above oversampling/ and models/ (auto-smote is a model too).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "autosmote/core/params.h"
#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

// The features a sampler needs (SampleContext::layout); others are an InputError in fit_resample.
enum class FeatureNeeds { kAny, kNumericAndCategorical, kCategoricalOnly };

struct SamplerRow {
  std::string name;
  // Builds the sampler from the spec's keys (the caller rejects unread keys).
  std::unique_ptr<Oversampler> (*make)(ParamReader& reader);
  FeatureNeeds needs = FeatureNeeds::kAny;
};

const std::vector<SamplerRow>& sampler_rows();

// `name[:key=value,...]` -> sampler. Throws SpecError for an unknown name (listing the valid ones)
// or a bad/unknown key.
std::unique_ptr<Oversampler> make_oversampler(const std::string& spec);
std::vector<std::string> oversampler_names();

// A sampler grid: a sampler spec whose keys may list alternatives separated by '|', tuned by inner
// stratified cross-validation on the training part (eval/fitting.h), e.g.
//   smote:sampling_strategy=0.25|0.5|0.75|1,k_neighbors=3|5|10
//   random:sampling_strategy=0.25|0.5|0.75|1,cv=5
// `cv=K` (2-10, default 3) sets the inner folds and is allowed only next to alternatives. A spec
// without '|' is a grid of one candidate, used as is.
inline constexpr int64_t kDefaultInnerFolds = 3;
inline constexpr size_t kMaxGridCandidates = 1000;
struct SamplerGrid {
  std::string spec;                     // the grid as written (canonical when it has one candidate)
  std::vector<std::string> candidates;  // canonical specs of every combination, the first key slowest
  int64_t folds = kDefaultInnerFolds;
  bool tuned() const { return candidates.size() > 1; }
};
// Throws SpecError for a bad candidate (naming it), an empty alternative, a repeated alternative,
// more than kMaxGridCandidates combinations, or cv without alternatives.
SamplerGrid parse_sampler_grid(const std::string& spec);

}  // namespace autosmote
