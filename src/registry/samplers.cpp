#include "autosmote/registry/samplers.h"

#include "autosmote/core/error.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/oversampling/adasyn.h"
#include "autosmote/oversampling/borderline_smote.h"
#include "autosmote/oversampling/cleaning.h"
#include "autosmote/oversampling/generative/cwgan.h"
#include "autosmote/oversampling/generative/deep_smote.h"
#include "autosmote/oversampling/generative/tvae.h"
#include "autosmote/oversampling/kmeans_smote.h"
#include "autosmote/oversampling/oversample_then_clean.h"
#include "autosmote/oversampling/random_oversampler.h"
#include "autosmote/oversampling/smote.h"
#include "autosmote/oversampling/smote_nc.h"
#include "autosmote/oversampling/smoten.h"
#include "autosmote/oversampling/svm_smote.h"

namespace autosmote {
namespace {

// A sampler whose keys are its options struct, then (over-samplers) sampling_strategy.
template <class Sampler>
std::unique_ptr<Oversampler> make_from_options(ParamReader& reader) {
  using Options = typename Sampler::OptionsType;
  Options options;
  read_options(reader, std::string("sampler '") + Options::kName + "'", options);
  auto sampler = std::make_unique<Sampler>(options);
  if constexpr (Sampler::kReadsSamplingStrategy)
    sampler->set_sampling_strategy(SamplingStrategy::parse(reader.get_string("sampling_strategy", "auto")));
  return sampler;
}

template <class Sampler>
SamplerRow row(FeatureNeeds needs = FeatureNeeds::kAny) {
  return {Sampler::OptionsType::kName, &make_from_options<Sampler>, needs};
}

std::unique_ptr<Oversampler> make_auto_smote(ParamReader& reader) {
  const AutoSmoteOptions options = AutoSmoteOptions::read(reader);
  auto sampler = std::make_unique<AutoSmoteSampler>(options);
  sampler->set_sampling_strategy(SamplingStrategy::parse(options.sampling_strategy));
  return sampler;
}

}  // namespace

const std::vector<SamplerRow>& sampler_rows() {
  static const std::vector<SamplerRow> rows = {
      row<NoOversampling>(),
      row<RandomOverSampler>(),
      row<Smote>(),
      row<BorderlineSmote>(),
      row<SvmSmote>(),
      row<Adasyn>(),
      row<KMeansSmote>(),
      row<SmoteNc>(FeatureNeeds::kNumericAndCategorical),
      row<Smoten>(FeatureNeeds::kCategoricalOnly),
      row<TomekLinks>(),
      row<EditedNearestNeighbours>(),
      row<SmoteTomek>(),
      row<SmoteEnn>(),
      row<DeepSmote>(),
      row<Cwgan>(),
      row<Tvae>(),
      {"auto-smote", &make_auto_smote},
  };
  return rows;
}

std::vector<std::string> oversampler_names() {
  std::vector<std::string> names;
  for (const auto& r : sampler_rows()) names.push_back(r.name);
  return names;
}

std::unique_ptr<Oversampler> make_oversampler(const std::string& text) {
  const Spec spec = Spec::parse(text);
  for (const auto& r : sampler_rows()) {
    if (r.name != spec.name) continue;
    ParamReader reader(spec, "sampler");
    auto sampler = r.make(reader);
    reader.finish();
    return sampler;
  }
  throw SpecError("unknown sampler '" + spec.name + "' (valid: " + join(oversampler_names(), ", ") + ")");
}

SamplerGrid parse_sampler_grid(const std::string& text) {
  Spec spec = Spec::parse(text);
  SamplerGrid grid;
  bool has_cv = false;
  std::vector<std::pair<std::string, std::vector<std::string>>> keys;
  size_t combinations = 1;
  for (const auto& [key, value] : spec.args) {
    if (key == "cv") {
      ParamReader cv_reader(Spec::parse("grid:cv=" + value), "sampler grid");
      grid.folds = cv_reader.get_int("cv", kDefaultInnerFolds, 2, 10);
      has_cv = true;
      continue;
    }
    std::vector<std::string> values = split(value, '|');
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].empty()) throw SpecError("sampler grid '" + text + "': key " + key + " has an empty alternative");
      for (size_t j = 0; j < i; ++j)
        if (values[j] == values[i])
          throw SpecError("sampler grid '" + text + "': key " + key + " lists " + values[i] + " twice");
    }
    combinations *= values.size();
    if (combinations > kMaxGridCandidates)
      throw SpecError("sampler grid '" + text + "': more than " + std::to_string(kMaxGridCandidates) + " combinations");
    keys.emplace_back(key, std::move(values));
  }
  if (has_cv && combinations < 2)
    throw SpecError("sampler '" + text + "': cv= sets the inner folds of a grid; list alternatives with '|'");
  // Every combination, the first key slowest.
  for (size_t index = 0; index < combinations; ++index) {
    Spec candidate{spec.name, {}};
    size_t rest = index;
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
      candidate.args.insert(candidate.args.begin(), {it->first, it->second[rest % it->second.size()]});
      rest /= it->second.size();
    }
    try {
      grid.candidates.push_back(make_oversampler(candidate.str())->spec());
    } catch (const SpecError& e) {
      if (combinations == 1) throw;
      throw SpecError("sampler grid '" + text + "', candidate " + candidate.str() + ": " + e.what());
    }
  }
  grid.spec = combinations == 1 ? grid.candidates.front() : spec.str();
  return grid;
}

}  // namespace autosmote
