#include "autosmote/oversampling/factory.h"

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"

namespace autosmote {

std::vector<std::string> oversampler_names() { return {"none"}; }

std::unique_ptr<Oversampler> make_oversampler(const std::string& text) {
  const Spec spec = Spec::parse(text);
  ParamReader r(spec, "sampler");
  std::unique_ptr<Oversampler> s;
  if (spec.name == "none") {
    s = std::make_unique<NoOversampling>();
  } else {
    throw SpecError("unknown sampler '" + spec.name + "' (valid: " + join(oversampler_names(), ", ") + ")");
  }
  r.finish();
  return s;
}

}  // namespace autosmote
