#include "autosmote/models/factory.h"

#include <algorithm>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/models/mlp_classifier.h"

namespace autosmote {

std::vector<std::string> classifier_names() { return {"mlp", "auto-smote"}; }

std::unique_ptr<Classifier> make_classifier(const std::string& text) {
  const Spec spec = Spec::parse(text);
  ParamReader r(spec, "model");
  if (spec.name == "mlp") {
    const MlpOptions o = MlpOptions::read(r);
    r.finish();
    return std::make_unique<MlpClassifier>(o);
  }
  if (spec.name == "auto-smote") {
    const AutoSmoteOptions o = AutoSmoteOptions::read(r);
    r.finish();
    return std::make_unique<AutoSmote>(o);
  }
  throw SpecError("unknown model '" + spec.name + "' (valid: " + join(classifier_names(), ", ") + ")");
}

Labels argmax_rows(const Matrix& p) {
  Labels out(static_cast<size_t>(p.rows));
  for (int64_t r = 0; r < p.rows; ++r) {
    const float* row = p.row(r);
    out[r] = std::max_element(row, row + p.cols) - row;
  }
  return out;
}

Labels Classifier::predict(const Matrix& x) const { return argmax_rows(predict_proba(x)); }

}  // namespace autosmote
