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

}  // namespace autosmote
