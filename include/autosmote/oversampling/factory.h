// Over-samplers from spec strings (`name[:key=value,...]`). One explicit table.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

// Throws SpecError for an unknown name (listing the valid ones) or a bad/unknown key.
std::unique_ptr<Oversampler> make_oversampler(const std::string& spec);
std::vector<std::string> oversampler_names();

}  // namespace autosmote
