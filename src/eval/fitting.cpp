#include "autosmote/eval/fitting.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <numeric>

#include "autosmote/core/error.h"
#include "autosmote/core/parallel.h"
#include "autosmote/core/random.h"
#include "autosmote/eval/operating_point.h"
#include "autosmote/eval/splits.h"

namespace autosmote {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Steps 1 to 3, no tuning. A classifier that selects its epochs scores `holdout_rows` (preprocessed
// by this fit's preprocessor) after every epoch; `stop_share` > 0 ends its fit at that share of its
// planned epochs.
FittedPipeline fit_once(const Table& table, const std::vector<int64_t>& rows, const Oversampler& sampler,
                        const Classifier& prototype, Scaling scaling, uint64_t seed, const FitContext& context,
                        const std::vector<int64_t>* holdout_rows = nullptr, double stop_share = 0) {
  FittedPipeline fitted = resample_training(table, rows, sampler, scaling, seed, context);
  fitted.classifier = prototype.clone_unfitted();
  FitContext ctx = context;
  ctx.seed = derive_seed(seed, 2);
  ctx.stop_share = stop_share;
  Matrix holdout_x;
  Labels holdout_y;
  if (holdout_rows && prototype.selects_epochs()) {
    holdout_x = fitted.preprocessor.transform(table, *holdout_rows);
    holdout_y = take(table.y, *holdout_rows);
    ctx.holdout_x = &holdout_x;
    ctx.holdout_y = &holdout_y;
  }
  const auto t0 = std::chrono::steady_clock::now();
  fitted.classifier->fit(fitted.resampled.x, fitted.resampled.y, table.n_classes(), ctx);
  fitted.fit_seconds = seconds_since(t0);
  fitted.sampler = sampler.spec();
  return fitted;
}

Matrix predict_rows(const FittedPipeline& fitted, const Table& table, const std::vector<int64_t>& rows) {
  return fitted.classifier->predict_proba(fitted.preprocessor.transform(table, rows));
}

std::vector<int64_t> all_rows_if_empty(const Table& table, const std::vector<int64_t>& rows) {
  if (!rows.empty()) return rows;
  std::vector<int64_t> all(static_cast<size_t>(table.n_rows));
  std::iota(all.begin(), all.end(), 0);
  return all;
}

struct Tuning {
  std::string sampler;          // the chosen candidate
  std::vector<double> offsets;  // empty: threshold none (or not tunable)
  double stop_share = 0;        // selects_epochs(): the held-out best epoch's share (0: every epoch)
  int64_t fits = 0;
  std::vector<std::string> warnings;
  // !Classifier::refits(): the held-out fit, which is then the final model (null: refit).
  std::unique_ptr<FittedPipeline> kept;
};

// threshold=tuned or epoch selection with one sampler: a stratified hold-out of the training rows.
Tuning tune_on_holdout(const Table& table, const std::vector<int64_t>& rows, const Oversampler& sampler,
                       const Classifier& prototype, Scaling scaling, uint64_t seed, const FitContext& context) {
  Tuning tuning;
  tuning.sampler = sampler.spec();
  const Labels y = take(table.y, rows);
  Split holdout;
  try {
    holdout = stratified_holdout(y, table.n_classes(), kThresholdHoldout, derive_seed(seed, 4), table.class_names);
  } catch (const InputError& e) {
    const std::string what = prototype.threshold() == Threshold::kTuned ? "threshold=tuned: offsets not tuned: "
                                                                          : "select_epoch=best: every epoch trained: ";
    tuning.warnings.push_back(what + e.what());
    return tuning;
  }
  const std::vector<int64_t> held_out = take(rows, holdout.test);
  FittedPipeline inner = fit_once(table, take(rows, holdout.train), sampler, prototype, scaling,
                                  derive_seed(seed, 6), context, &held_out);
  tuning.fits = 1;
  tuning.stop_share = inner.classifier->best_share();
  if (prototype.threshold() == Threshold::kTuned)
    tuning.offsets =
        tune_operating_point(take(table.y, held_out), predict_rows(inner, table, held_out), table.n_classes(),
                             context.offset_rule.value_or(prototype.offset_rule()))
            .offsets;
  if (!prototype.refits()) tuning.kept = std::make_unique<FittedPipeline>(std::move(inner));
  return tuning;
}

// A sampler grid: out-of-fold predictions of every candidate over `folds` stratified folds.
Tuning tune_sampler(const Table& table, const std::vector<int64_t>& rows, const SamplerGrid& grid,
                    const Classifier& prototype, Scaling scaling, uint64_t seed, const FitContext& context) {
  const Labels y = take(table.y, rows);
  const int64_t C = table.n_classes();
  Protocol protocol;
  protocol.kind = Protocol::Kind::kKfold;
  protocol.folds = grid.folds;
  protocol.repeats = 1;
  const auto folds = make_splits(y, C, protocol, {derive_seed(seed, 3)}, table.class_names);
  std::vector<std::unique_ptr<Oversampler>> samplers;
  for (const auto& spec : grid.candidates) samplers.push_back(make_oversampler(spec));

  // out_of_fold[candidate]: [rows, C]; each (candidate, fold) fit writes its fold's rows. A
  // candidate that cannot run on these rows (sampling_strategy=0.25 where the minority is already
  // above it) throws an InputError or SpecError in some fold: it drops out of the choice, with a warning.
  std::vector<Matrix> out_of_fold(samplers.size(), Matrix(static_cast<int64_t>(rows.size()), C));
  std::vector<std::string> failure(samplers.size() * folds.size());
  std::vector<double> best_shares(samplers.size() * folds.size(), 0.0);
  const auto n_folds = static_cast<int64_t>(folds.size());
  parallel_for_each(static_cast<int64_t>(samplers.size()) * n_folds, [&](int64_t index) {
    const auto candidate = static_cast<size_t>(index / n_folds);
    const Split& fold = folds[static_cast<size_t>(index % n_folds)];
    try {
      const std::vector<int64_t> fold_rows = take(rows, fold.test);
      const FittedPipeline inner = fit_once(table, take(rows, fold.train), *samplers[candidate], prototype, scaling,
                                            derive_seed(seed, 5, static_cast<uint64_t>(fold.fold)), context, &fold_rows);
      best_shares[static_cast<size_t>(index)] = inner.classifier->best_share();
      const Matrix proba = predict_rows(inner, table, fold_rows);
      Matrix& oof = out_of_fold[candidate];
      for (size_t i = 0; i < fold.test.size(); ++i)
        std::copy(proba.row(static_cast<int64_t>(i)), proba.row(static_cast<int64_t>(i)) + C, oof.row(fold.test[i]));
    } catch (const InputError& e) {
      failure[static_cast<size_t>(index)] = e.what();
    } catch (const SpecError& e) {  // a sampling_strategy these rows do not allow
      failure[static_cast<size_t>(index)] = e.what();
    }
  });

  Tuning best;
  double best_score = -1;
  for (size_t candidate = 0; candidate < samplers.size(); ++candidate) {
    std::string failed;
    for (int64_t f = 0; f < n_folds; ++f) {
      const std::string& why = failure[candidate * folds.size() + static_cast<size_t>(f)];
      if (why.empty()) {
        ++best.fits;
      } else if (failed.empty()) {
        failed = why;
      }
    }
    if (!failed.empty()) {
      best.warnings.push_back("sampler grid: " + grid.candidates[candidate] + " left out: " + failed);
      continue;
    }
    const Matrix& oof = out_of_fold[candidate];
    std::vector<double> offsets;
    double score = 0;
    if (prototype.threshold() == Threshold::kTuned) {
      OperatingPoint point = tune_operating_point(y, oof, C, context.offset_rule.value_or(prototype.offset_rule()));
      score = point.macro_f1_tuned;
      offsets = std::move(point.offsets);
    } else {
      score = macro_f1(y, argmax_rows(oof), C);
    }
    if (score > best_score) {
      best_score = score, best.sampler = grid.candidates[candidate], best.offsets = offsets;
      // The folds' best epoch shares: their median (the lower middle one for an even count).
      std::vector<double> shares(best_shares.begin() + static_cast<int64_t>(candidate) * n_folds,
                                 best_shares.begin() + static_cast<int64_t>(candidate + 1) * n_folds);
      std::sort(shares.begin(), shares.end());
      best.stop_share = shares[static_cast<size_t>((n_folds - 1) / 2)];
    }
  }
  if (best.sampler.empty())
    throw InputError("sampler grid '" + grid.spec + "': no candidate can run on these training rows (" +
                     failure.front() + ")");
  return best;
}

}  // namespace

FittedPipeline resample_training(const Table& table, const std::vector<int64_t>& rows, const Oversampler& sampler,
                                 Scaling scaling, uint64_t seed, const FitContext& context) {
  FittedPipeline fitted;
  fitted.preprocessor = Preprocessor(scaling);
  fitted.preprocessor.fit(table, rows);
  const Matrix x = fitted.preprocessor.transform(table, rows);
  const Labels y = rows.empty() ? table.y : take(table.y, rows);
  const auto t0 = std::chrono::steady_clock::now();
  Rng rng(derive_seed(seed, 1));
  fitted.resampled = sampler.fit_resample(x, y, table.n_classes(), rng,
                                          SampleContext{table.class_names, fitted.preprocessor.layout(), context.device, context.log});
  fitted.resample_seconds = seconds_since(t0);
  fitted.sampler = sampler.spec();
  fitted.warnings = fitted.resampled.warnings;
  return fitted;
}

FittedPipeline fit_pipeline(const Table& table, const std::vector<int64_t>& rows, const SamplerGrid& grid,
                            const Classifier& prototype, Scaling scaling, uint64_t seed, const FitContext& context) {
  if (grid.candidates.empty()) throw SpecError("sampler grid '" + grid.spec + "' has no candidate");
  const auto t0 = std::chrono::steady_clock::now();
  Tuning tuning;
  if (grid.tuned()) {
    tuning = tune_sampler(table, all_rows_if_empty(table, rows), grid, prototype, scaling, seed, context);
    if (!prototype.refits()) {  // the winner's own held-out fit is the model
      Tuning held = tune_on_holdout(table, all_rows_if_empty(table, rows), *make_oversampler(tuning.sampler),
                                    prototype, scaling, seed, context);
      held.fits += tuning.fits;
      held.sampler = tuning.sampler;
      held.warnings.insert(held.warnings.begin(), std::make_move_iterator(tuning.warnings.begin()),
                           std::make_move_iterator(tuning.warnings.end()));
      tuning = std::move(held);
    }
  } else if (prototype.threshold() == Threshold::kTuned || prototype.selects_epochs()) {
    tuning = tune_on_holdout(table, all_rows_if_empty(table, rows), *make_oversampler(grid.candidates.front()),
                             prototype, scaling, seed, context);
  } else {
    tuning.sampler = grid.candidates.front();
  }
  const double tuning_seconds = seconds_since(t0);
  if (tuning.kept) {  // refit=off: the held-out fit is the model; its fit is not a tuning cost
    FittedPipeline fitted = std::move(*tuning.kept);
    fitted.classifier->set_offsets(std::move(tuning.offsets), table.n_classes());
    fitted.inner_fits = tuning.fits - 1;
    fitted.tuning_seconds = std::max(0.0, tuning_seconds - fitted.fit_seconds - fitted.resample_seconds);
    for (auto& w : tuning.warnings) fitted.warnings.push_back(std::move(w));
    return fitted;
  }
  FittedPipeline fitted = fit_once(table, rows, *make_oversampler(tuning.sampler), prototype, scaling, seed, context,
                                   nullptr, tuning.stop_share);
  fitted.classifier->set_offsets(std::move(tuning.offsets), table.n_classes());
  fitted.inner_fits = tuning.fits;
  fitted.tuning_seconds = tuning_seconds;
  for (auto& w : tuning.warnings) fitted.warnings.push_back(std::move(w));
  return fitted;
}

}  // namespace autosmote
