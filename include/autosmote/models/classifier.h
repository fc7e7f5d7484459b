// The classifier interface. A classifier is made from a spec string by make_classifier
// (registry/classifiers.h), fitted on preprocessed data (x: Matrix [n, d], y: Labels in [0, C)), and
// saved inside a model file through state()/load_state().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "autosmote/core/dataset.h"
#include "autosmote/core/options.h"

namespace autosmote {

// The operating point, spec key `threshold` of every classifier: `none` predicts the most probable
// class; `tuned` asks the fitting sequence (eval/fitting.h) to choose per-class offsets on
// log-probabilities that maximise macro-F1 on training rows held out of the fit
// (eval/operating_point.h), then refit on every training row; predict adds them.
enum class Threshold { kNone, kTuned };
inline const ChoiceNames<Threshold>& threshold_names() {
  static const ChoiceNames<Threshold> names = {{"none", Threshold::kNone}, {"tuned", Threshold::kTuned}};
  return names;
}

// How threshold=tuned picks each offset among equally good cuts (eval/operating_point.h): the one
// nearest the current offset (every classifier's, as since threshold=tuned exists), or the middle
// of the near-optimal plateau (the modern mlp's).
enum class OffsetRule { kBestNearest, kPlateauMiddle };

struct FitContext {
  uint64_t seed = 0;           // every random draw of the fit derives from it
  std::string device = "cpu";  // "cpu" or "cuda[:N]"
  // Progress lines (per epoch at verbose level); the library never prints by itself.
  std::function<void(const std::string&)> log;
  // Best-epoch selection (selects_epochs()): rows held out of this fit, preprocessed like x, that
  // the classifier scores after every epoch (null: none; then it trains every epoch).
  const Matrix* holdout_x = nullptr;
  const Labels* holdout_y = nullptr;
  // Train only this share (0, 1] of the planned schedule's epochs, rounded up (0: all of them):
  // the final fit after a held-out fit chose its best epoch (Classifier::best_share()).
  double stop_share = 0;
  // threshold=tuned: how equally good offsets are chosen, in place of Classifier::offset_rule()
  // (empty: the classifier's own; `auto` sets the plateau's middle for every candidate).
  std::optional<OffsetRule> offset_rule;
};

class Classifier {
 public:
  virtual ~Classifier() = default;

  virtual std::string kind() const = 0;  // "mlp", "auto-smote", "xgboost"
  virtual std::string spec() const = 0;  // canonical spec: make_classifier(spec())->spec() == spec()
  virtual std::unique_ptr<Classifier> clone_unfitted() const = 0;
  // True for a model that over-samples its training data itself (AutoSMOTE): bench runs it with
  // the sampler "none" only, and reports show it by its own spec.
  virtual bool resamples_internally() const { return false; }

  // The `threshold` key of the spec. fit() itself never tunes: the fitting sequence does.
  virtual Threshold threshold() const = 0;
  // True for a classifier that picks its epoch count on held-out rows (mlp select_epoch=best):
  // the fitting sequence fits it once with FitContext::holdout_x / holdout_y, reads best_share(),
  // and fits the final model with FitContext::stop_share (eval/fitting.h).
  virtual bool selects_epochs() const { return false; }
  // False: when the fitting sequence holds rows out (threshold=tuned, selects_epochs()), the fit on
  // the other rows is the final model, with the offsets tuned on its own predictions (mlp refit=off);
  // true: a final fit on every training row follows.
  virtual bool refits() const { return true; }
  virtual OffsetRule offset_rule() const { return OffsetRule::kBestNearest; }
  // After a fit with held-out rows: the epoch whose held-out loss was lowest, as a share of the
  // planned epochs (the model then holds that epoch's weights); 0 otherwise. A share, not a count,
  // because the final fit's rows (every training row) may plan other epochs (mlp max_steps).
  virtual double best_share() const { return 0; }
  // Learnable parameters of the fitted model (0 where the notion does not apply, or unfitted).
  virtual int64_t parameter_count() const { return 0; }

  // Throws InputError on bad shapes or labels.
  virtual void fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) = 0;
  // [n, C] class probabilities. Throws InputError when unfitted or on a column-count mismatch.
  virtual Matrix predict_proba(const Matrix& x) const = 0;
  Labels predict(const Matrix& x) const;  // decide(predict_proba(x))
  // The predicted class of each row of `proba`: argmax of log(p) + offsets() (first on ties);
  // with no offsets, argmax of p.
  Labels decide(const Matrix& proba) const;

  // Per-class offsets on log-probabilities (one per class, finite), set by the fitting sequence
  // when threshold() is kTuned and saved in the model file; empty: none. set_offsets throws
  // InputError on a wrong count or a non-finite value.
  const std::vector<double>& offsets() const { return offsets_; }
  void set_offsets(std::vector<double> offsets, int64_t n_classes);

  virtual nlohmann::json state() const = 0;
  virtual void load_state(const nlohmann::json& state) = 0;  // throws ModelFileError

 private:
  std::vector<double> offsets_;
};

// argmax per row, first index on ties.
Labels argmax_rows(const Matrix& proba);
// argmax of log(p) + offsets per row, first index on ties (offsets.size() == proba.cols).
Labels argmax_rows_with_offsets(const Matrix& proba, const std::vector<double>& offsets);

}  // namespace autosmote
