// The classifier registry: one row per classifier (mlp, auto-smote, xgboost), in the order names are
// listed. make_classifier, classifier_names and the tests iterate it, so a new classifier is its
// header, its source and one row in src/registry/classifiers.cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "autosmote/core/params.h"
#include "autosmote/models/classifier.h"

namespace autosmote {

struct ClassifierRow {
  std::string name;
  // Builds the classifier from the spec's keys (the caller rejects unread keys).
  std::unique_ptr<Classifier> (*make)(ParamReader& reader);
};

const std::vector<ClassifierRow>& classifier_rows();

// `name[:key=value,...]` -> classifier. Throws SpecError for an unknown name (listing the valid
// ones) or a bad/unknown key.
std::unique_ptr<Classifier> make_classifier(const std::string& spec);
std::vector<std::string> classifier_names();

}  // namespace autosmote
