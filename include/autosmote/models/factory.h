// Classifiers from spec strings. One explicit table: `mlp` (models/mlp_classifier.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "autosmote/models/classifier.h"

namespace autosmote {

// Throws SpecError for an unknown name (listing the valid ones) or a bad/unknown key.
std::unique_ptr<Classifier> make_classifier(const std::string& spec);
std::vector<std::string> classifier_names();

}  // namespace autosmote
