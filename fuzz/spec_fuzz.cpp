// Fuzz target `spec`: every parser of spec and option text, on the same input string: Spec::parse,
// the model and sampler factories (make_classifier / make_oversampler, nothing trained),
// Protocol::parse, SamplingStrategy::parse and resolve, SyntheticOptions::parse (and, for small
// sizes, make_synthetic), parse_seed_list, parse_double_list, split_spec_list and parse_scaling.
// Invariants: canonical forms read back as themselves (Spec::str, Classifier::spec,
// Oversampler::spec, Protocol::str), a resolved strategy has one non-negative count per class, a
// synthetic table is consistent (table_checks.h).
#include <string>
#include <vector>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/params.h"
#include "autosmote/data/synthetic.h"
#include "autosmote/eval/bench.h"
#include "autosmote/eval/splits.h"
#include "autosmote/oversampling/sampling_strategy.h"
#include "autosmote/preprocess/preprocessor.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"
#include "fuzz_target.h"
#include "table_checks.h"

namespace autosmote::fuzz {
namespace {

void check_spec(const std::string& text) {
  Spec spec;
  if (!accepts([&] { spec = Spec::parse(text); })) return;
  const Spec again = Spec::parse(spec.str());
  fuzz_check(again.name == spec.name && again.args == spec.args, "Spec::parse(str()) gives the same spec");
}

void check_factories(const std::string& text) {
  accepts([&] {
    const std::string canonical = make_classifier(text)->spec();
    fuzz_check(make_classifier(canonical)->spec() == canonical, "make_classifier(spec())->spec() == spec()");
  });
  accepts([&] {
    const std::string canonical = canonical_model_spec(text);
    fuzz_check(canonical_model_spec(canonical) == canonical, "canonical_model_spec is a fixed point (auto included)");
  });
  accepts([&] {
    const std::string canonical = make_oversampler(text)->spec();
    fuzz_check(make_oversampler(canonical)->spec() == canonical, "make_oversampler(spec())->spec() == spec()");
  });
}

void check_protocol(const std::string& text) {
  accepts([&] {
    const std::string canonical = Protocol::parse(text).str();
    fuzz_check(Protocol::parse(canonical).str() == canonical, "Protocol::parse(str()).str() == str()");
  });
}

void check_sampling_strategy(const std::string& text) {
  SamplingStrategy strategy;
  if (!accepts([&] { strategy = SamplingStrategy::parse(text); })) return;
  const std::vector<std::pair<std::vector<int64_t>, std::vector<std::string>>> problems = {
      {{90, 10}, {"no", "yes"}}, {{50, 30, 20}, {"a", "b", "c"}}, {{7, 7}, {}}};
  for (const auto& problem : problems)
    accepts([&] {
      const std::vector<int64_t> extra = strategy.resolve(problem.first, problem.second);
      fuzz_check(extra.size() == problem.first.size(), "resolve gives one count per class");
      for (int64_t e : extra) fuzz_check(e >= 0, "resolve never removes rows");
    });
}

void check_synthetic(const std::string& text) {
  SyntheticOptions options;
  if (!accepts([&] { options = SyntheticOptions::parse(text); })) return;
  // Generating is the point only for small sizes; large ones are the parser's to bound.
  if (options.n > 2000 || options.d > 50 || options.clusters > 8 || options.weights.size() > 8) return;
  accepts([&] { check_table(make_synthetic(options)); });
}

}  // namespace
}  // namespace autosmote::fuzz

int fuzz_one(const uint8_t* data, size_t size) {
  using namespace autosmote;
  using namespace autosmote::fuzz;
  const std::string text(reinterpret_cast<const char*>(data), size);
  check_spec(text);
  check_factories(text);
  check_protocol(text);
  check_sampling_strategy(text);
  check_synthetic(text);
  accepts([&] { parse_seed_list(text); });
  accepts([&] { parse_double_list(text, "weights"); });
  accepts([&] { split_spec_list(text); });
  accepts([&] { parse_scaling(text); });
  return 0;
}
