// The classifier interface. A classifier is made from a spec string by make_classifier
// (registry/classifiers.h), fitted on preprocessed data (x: Matrix [n, d], y: Labels in [0, C)), and
// saved inside a model file through state()/load_state().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "autosmote/core/dataset.h"

namespace autosmote {

struct FitContext {
  uint64_t seed = 0;           // every random draw of the fit derives from it
  std::string device = "cpu";  // "cpu" or "cuda[:N]"
  // Progress lines (per epoch at verbose level); the library never prints by itself.
  std::function<void(const std::string&)> log;
};

class Classifier {
 public:
  virtual ~Classifier() = default;

  virtual std::string kind() const = 0;  // "mlp", "auto-smote"
  virtual std::string spec() const = 0;  // canonical spec: make_classifier(spec())->spec() == spec()
  virtual std::unique_ptr<Classifier> clone_unfitted() const = 0;
  // True for a model that over-samples its training data itself (AutoSMOTE): bench runs it with
  // the sampler "none" only, and reports show it by its own spec.
  virtual bool resamples_internally() const { return false; }

  // Throws InputError on bad shapes or labels.
  virtual void fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) = 0;
  // [n, C] class probabilities. Throws InputError when unfitted or on a column-count mismatch.
  virtual Matrix predict_proba(const Matrix& x) const = 0;
  Labels predict(const Matrix& x) const;  // argmax of predict_proba (first on ties)

  virtual nlohmann::json state() const = 0;
  virtual void load_state(const nlohmann::json& state) = 0;  // throws ModelFileError
};

// argmax per row, first index on ties.
Labels argmax_rows(const Matrix& proba);

}  // namespace autosmote
