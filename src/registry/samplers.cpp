#include "autosmote/registry/samplers.h"

#include "autosmote/core/error.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/oversampling/adasyn.h"
#include "autosmote/oversampling/borderline_smote.h"
#include "autosmote/oversampling/cleaning.h"
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

}  // namespace autosmote
