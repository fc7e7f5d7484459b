#include "autosmote/registry/classifiers.h"

#include "autosmote/core/error.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/models/mlp_classifier.h"
#include "autosmote/models/xgboost_classifier.h"

namespace autosmote {
namespace {

template <class Model, class Options>
std::unique_ptr<Classifier> make_from_options(ParamReader& reader) {
  return std::make_unique<Model>(Options::read(reader));
}

#ifdef AUTOSMOTE_HAVE_XGBOOST
std::unique_ptr<Classifier> make_xgboost(ParamReader& reader) {
  return make_from_options<XgboostClassifier, XgboostOptions>(reader);
}
#else
// CMake found no XGBoost (xgboost/c_api.h and libxgboost): the name stays known, the model is not.
std::unique_ptr<Classifier> make_xgboost(ParamReader&) {
  throw SpecError("model 'xgboost': this build has no XGBoost (install libxgboost-dev and rebuild)");
}
#endif

}  // namespace

const std::vector<ClassifierRow>& classifier_rows() {
  static const std::vector<ClassifierRow> rows = {
      {"mlp", &make_from_options<MlpClassifier, MlpOptions>},
      {"auto-smote", &make_from_options<AutoSmote, AutoSmoteOptions>},
      {"xgboost", &make_xgboost},
  };
  return rows;
}

std::vector<std::string> classifier_names() {
  std::vector<std::string> names;
  for (const auto& r : classifier_rows()) names.push_back(r.name);
  return names;
}

std::unique_ptr<Classifier> make_classifier(const std::string& text) {
  const Spec spec = Spec::parse(text);
  for (const auto& r : classifier_rows()) {
    if (r.name != spec.name) continue;
    ParamReader reader(spec, "model");
    auto model = r.make(reader);
    reader.finish();
    return model;
  }
  throw SpecError("unknown model '" + spec.name + "' (valid: " + join(classifier_names(), ", ") + ")");
}

}  // namespace autosmote
