#include "autosmote/select/auto_select.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numeric>

#include "autosmote/core/error.h"
#include "autosmote/core/options.h"
#include "autosmote/core/parallel.h"
#include "autosmote/core/random.h"
#include "autosmote/eval/operating_point.h"
#include "autosmote/eval/splits.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"

namespace autosmote {
namespace {

// The share of the budget rung 0 may start fits in: the rest is for rung 1 and the final fit.
constexpr double kRungZeroShare = 0.5;
// The fallback when no selection can run (a class with one training row).
const char* const kFallbackModel = "mlp:preset=modern,threshold=tuned";

std::vector<int64_t> pick(const std::vector<int64_t>& rows, const std::vector<int64_t>& positions) {
  std::vector<int64_t> out;
  out.reserve(positions.size());
  for (int64_t p : positions) out.push_back(rows[static_cast<size_t>(p)]);
  return out;
}

// One candidate's inner fits: its decisions on the rows of the folds it ran (position in `rows`).
struct CandidateState {
  std::unique_ptr<Classifier> prototype;
  SamplerGrid sampler;
  std::vector<int64_t> decisions;  // -1 where no fold ran
  // Per fold (written by the fold's fit, whichever thread ran it): done, macro-F1, seconds, offsets.
  std::vector<bool> fold_done;
  std::vector<double> fold_scores, fold_seconds;
  std::vector<std::vector<double>> fold_offsets;
  bool ran() const { return std::find(fold_done.begin(), fold_done.end(), true) != fold_done.end(); }
  double mean_seconds() const {
    double total = 0;
    int64_t k = 0;
    for (size_t f = 0; f < fold_done.size(); ++f)
      if (fold_done[f]) total += fold_seconds[f], ++k;
    return k ? total / static_cast<double>(k) : 0.0;
  }
  int64_t inner_fits = 0;
  std::string failure;
  bool skipped = false;  // a planned fit did not start: the budget was spent
};

double pooled_score(const CandidateState& c, const Labels& y, int64_t n_classes) {
  Labels truth, decided;
  for (size_t i = 0; i < y.size(); ++i)
    if (c.decisions[i] >= 0) truth.push_back(y[i]), decided.push_back(c.decisions[i]);
  return truth.empty() ? 0.0 : macro_f1(truth, decided, n_classes);
}

}  // namespace

AutoOptions AutoOptions::read(ParamReader& reader) {
  AutoOptions options;
  read_options(reader, "model 'auto'", options);
  return options;
}

AutoOptions AutoOptions::parse(const std::string& text) {
  const Spec spec = Spec::parse(text);
  if (spec.name != "auto") throw SpecError("model '" + spec.name + "' is not auto");
  ParamReader reader(spec, "model");
  AutoOptions options = read(reader);
  reader.finish();
  return options;
}

std::string AutoOptions::spec() const {
  const std::vector<std::string> parts = option_parts(*this);
  return parts.empty() ? "auto" : "auto:" + join(parts, ",");
}

std::vector<AutoCandidate> auto_candidates(CandidateList list) {
  // Cheapest first, by the fit seconds the development datasets measured (docs/auto.md).
  const std::vector<AutoCandidate> all = {
      {"xgboost:threshold=tuned", "none"},
      {"xgboost:threshold=tuned", "random:sampling_strategy=0.5"},
      {"xgboost:threshold=tuned", "random"},
      {"xgboost:threshold=tuned", "smote"},
      {"mlp:threshold=tuned", "none"},
      {"mlp:threshold=tuned", "random:sampling_strategy=0.5"},
      {"mlp:threshold=tuned", "smote"},
      {"mlp:preset=modern,threshold=tuned", "none"},
      {"auto-smote:threshold=tuned", "none"},
  };
  if (list == CandidateList::kAll) return all;
  return {all[0], all[2], all[4]};
}

AutoFit fit_auto(const Table& table, const std::vector<int64_t>& rows_in, const AutoOptions& options,
                 Scaling scaling, uint64_t seed, const FitContext& context,
                 const std::function<void(const AutoProgress&)>& progress, const SelectionClock& clock) {
  const auto t_zero = std::chrono::steady_clock::now();
  const SelectionClock now = clock ? clock : SelectionClock([t_zero] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t_zero).count();
  });
  const double start = now();
  std::vector<int64_t> rows = rows_in;
  if (rows.empty()) {
    rows.resize(static_cast<size_t>(table.n_rows));
    std::iota(rows.begin(), rows.end(), 0);
  }
  const Labels y = take(table.y, rows);
  const int64_t C = table.n_classes();
  FitContext ctx = context;
  ctx.offset_rule = OffsetRule::kPlateauMiddle;

  SelectionRecord record;
  record.spec = options.spec();
  record.budget_seconds = options.budget;
  const std::vector<AutoCandidate> list = auto_candidates(options.candidates);
  std::vector<CandidateState> states(list.size());
  for (size_t c = 0; c < list.size(); ++c) {
    CandidateRecord r;
    r.model = list[c].model;
    states[c].sampler = parse_sampler_grid(list[c].sampler);
    r.sampler = states[c].sampler.spec;
    try {
      states[c].prototype = make_classifier(list[c].model);
      r.model = states[c].prototype->spec();
    } catch (const SpecError& e) {  // a model this build lacks (xgboost without XGBoost)
      states[c].failure = e.what();
    }
    record.candidates.push_back(std::move(r));
  }

  // Inner folds: as many as the smallest class allows, up to the spec's.
  const std::vector<int64_t> counts = class_counts(y, C);
  int64_t smallest = -1;
  for (int64_t n : counts)
    if (n > 0 && (smallest < 0 || n < smallest)) smallest = n;
  const int64_t K = std::min(options.folds, smallest);

  auto finish = [&](int64_t winner) {
    record.winner = winner;
    const CandidateState& w = states[static_cast<size_t>(winner)];
    const double t0 = now();
    AutoFit out{fit_pipeline(table, rows_in, w.sampler, *w.prototype, scaling, seed, ctx), {}};
    record.final_seconds = now() - t0;
    record.seconds = now() - start;
    for (const auto& s : states) out.fitted.inner_fits += s.inner_fits;
    out.fitted.tuning_seconds += record.seconds - record.final_seconds;
    for (const auto& warning : record.warnings) out.fitted.warnings.push_back(warning);
    out.record = std::move(record);
    return out;
  };
  if (K < 2) {
    // The modern mlp, else the list's first mlp, else its first buildable candidate.
    int64_t fallback = -1;
    for (int pass = 0; pass < 3 && fallback < 0; ++pass)
      for (size_t c = 0; c < list.size() && fallback < 0; ++c)
        if (states[c].prototype && list[c].sampler == "none" &&
            (pass == 2 || (pass == 0 ? list[c].model == kFallbackModel : list[c].model.rfind("mlp", 0) == 0)))
          fallback = static_cast<int64_t>(c);
    if (fallback < 0) throw InputError("auto: no candidate can be built: " + one_line(states.front().failure));
    for (auto& r : record.candidates) r.outcome = "not run (a class has one training row)";
    record.candidates[static_cast<size_t>(fallback)].outcome = "winner";
    record.warnings.push_back("auto: a class has one training row, too few for inner folds: " +
                              record.candidates[static_cast<size_t>(fallback)].model + " + " +
                              record.candidates[static_cast<size_t>(fallback)].sampler + " fitted without a selection");
    return finish(fallback);
  }
  record.folds = K;
  Protocol protocol;
  protocol.kind = Protocol::Kind::kKfold;
  protocol.folds = K;
  protocol.repeats = 1;
  const std::vector<Split> folds = make_splits(y, C, protocol, {derive_seed(seed, 7)}, table.class_names);
  for (auto& s : states) {
    s.decisions.assign(rows.size(), -1);
    s.fold_done.assign(static_cast<size_t>(K), false);
    s.fold_scores.assign(static_cast<size_t>(K), 0.0);
    s.fold_seconds.assign(static_cast<size_t>(K), 0.0);
    s.fold_offsets.assign(static_cast<size_t>(K), {});
  }

  const auto n = static_cast<int64_t>(list.size());
  // At least two go on (when two ran): a choice needs every fold of more than one candidate.
  const int64_t survivors_planned = options.eta <= 1 ? n : std::max<int64_t>(2, (n + options.eta - 1) / options.eta);
  std::mutex mutex;
  AutoProgress status;
  status.fits_planned = n + (survivors_planned > 1 ? survivors_planned * (K - 1) : 0) + 1;
  double fit_seconds_sum = 0;

  // Runs the (candidate, fold) fits; a fit that would start after `deadline` (seconds since the
  // start) does not, and marks its candidate skipped.
  auto run_fits = [&](const std::vector<std::pair<int64_t, int64_t>>& fits, double deadline) {
    parallel_for_each(static_cast<int64_t>(fits.size()), [&](int64_t i) {
      const auto [c, f] = fits[static_cast<size_t>(i)];
      CandidateState& s = states[static_cast<size_t>(c)];
      if (!s.prototype) return;  // failed to build: its outcome says why
      const double t0 = now();
      if (t0 - start > deadline) {
        std::lock_guard<std::mutex> lock(mutex);
        s.skipped = true;
        return;
      }
      const Split& fold = folds[static_cast<size_t>(f)];
      std::string line;
      try {
        const std::vector<int64_t> fold_rows = pick(rows, fold.test);
        const FittedPipeline fitted = fit_pipeline(table, pick(rows, fold.train), s.sampler, *s.prototype, scaling,
                                                   derive_seed(seed, 8, static_cast<uint64_t>(f)), ctx);
        const Labels decided =
            fitted.classifier->decide(fitted.classifier->predict_proba(fitted.preprocessor.transform(table, fold_rows)));
        const double score = macro_f1(take(y, fold.test), decided, C);
        const double seconds = now() - t0;
        std::lock_guard<std::mutex> lock(mutex);
        for (size_t j = 0; j < fold.test.size(); ++j) s.decisions[static_cast<size_t>(fold.test[j])] = decided[j];
        s.fold_done[static_cast<size_t>(f)] = true;
        s.fold_scores[static_cast<size_t>(f)] = score;
        s.fold_seconds[static_cast<size_t>(f)] = seconds;
        s.fold_offsets[static_cast<size_t>(f)] = fitted.classifier->offsets();
        s.inner_fits += fitted.inner_fits + 1;
        fit_seconds_sum += seconds;
        char buf[64];
        std::snprintf(buf, sizeof buf, ", fold %lld: macro-F1 %.4f (%.1f s)", static_cast<long long>(f), score, seconds);
        line = record.candidates[static_cast<size_t>(c)].model + " + " + record.candidates[static_cast<size_t>(c)].sampler + buf;
      } catch (const Error& e) {  // a candidate that cannot run on these rows (float sampling_strategy, multi-class)
        std::lock_guard<std::mutex> lock(mutex);
        if (s.failure.empty()) s.failure = e.what();
        line = record.candidates[static_cast<size_t>(c)].model + " + " + record.candidates[static_cast<size_t>(c)].sampler +
               ": failed";
      }
      std::lock_guard<std::mutex> lock(mutex);
      ++status.fits_done;
      status.elapsed = now() - start;
      const double per_fit = fit_seconds_sum / static_cast<double>(std::max<int64_t>(1, status.fits_done));
      status.eta_seconds = per_fit * static_cast<double>(status.fits_planned - status.fits_done) /
                           static_cast<double>(std::max(1, worker_threads()));
      status.last = line;
      if (progress) progress(status);
    });
  };
  // Candidates still in, best first: a higher pooled score, then the earlier (cheaper) candidate.
  auto ranked = [&](const std::vector<int64_t>& among) {
    std::vector<std::pair<double, int64_t>> order;
    for (int64_t c : among) {
      const CandidateState& s = states[static_cast<size_t>(c)];
      if (!s.failure.empty() || s.skipped || !s.ran()) continue;
      order.emplace_back(pooled_score(s, y, C), c);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<int64_t> out;
    for (const auto& [score, c] : order) out.push_back(c);
    return out;
  };

  // Rung 0: every candidate on fold 0.
  std::vector<std::pair<int64_t, int64_t>> rung0;
  std::vector<int64_t> everyone;
  for (int64_t c = 0; c < n; ++c) rung0.emplace_back(c, 0), everyone.push_back(c);
  run_fits(rung0, kRungZeroShare * options.budget);
  record.rungs = 1;
  std::vector<int64_t> order = ranked(everyone);
  if (order.empty()) {
    std::string why;
    for (const auto& s : states)
      if (!s.failure.empty()) {
        why = s.failure;
        break;
      }
    throw InputError("auto: no candidate can run on these training rows" + (why.empty() ? "" : " (" + why + ")"));
  }
  for (int64_t c = 0; c < n; ++c) {
    const CandidateState& s = states[static_cast<size_t>(c)];
    auto& outcome = record.candidates[static_cast<size_t>(c)].outcome;
    if (!s.failure.empty()) outcome = "failed: " + one_line(s.failure);
    if (s.skipped) outcome = "not run (budget)", record.budget_cut = true;
  }

  // Rung 1: the best ceil(n / eta) on the other folds, as many as the budget allows: each costs
  // its fold-0 seconds per fold, and the final fit (on K / (K - 1) times the rows) must fit after.
  std::vector<int64_t> survivors(order.begin(), order.begin() + std::min<int64_t>(survivors_planned, order.size()));
  auto final_estimate = [&](const std::vector<int64_t>& among) {
    double worst = 0;
    for (int64_t c : among) worst = std::max(worst, states[static_cast<size_t>(c)].mean_seconds());
    return worst * static_cast<double>(K) / static_cast<double>(K - 1);
  };
  auto rung1_estimate = [&](const std::vector<int64_t>& among) {
    double total = 0;
    for (int64_t c : among) total += states[static_cast<size_t>(c)].mean_seconds() * static_cast<double>(K - 1);
    const double threads = std::min<double>(worker_threads(), static_cast<double>(among.size() * (K - 1)));
    return total / std::max(1.0, threads);
  };
  while (survivors.size() > 1 &&
         now() - start + rung1_estimate(survivors) + final_estimate(survivors) > options.budget) {
    record.candidates[static_cast<size_t>(survivors.back())].outcome = "cut after rung 0 (budget)";
    record.budget_cut = true;
    survivors.pop_back();
  }
  for (size_t i = survivors.size(); i < order.size(); ++i)
    if (record.candidates[static_cast<size_t>(order[i])].outcome.empty())
      record.candidates[static_cast<size_t>(order[i])].outcome = "cut after rung 0 (halving)";
  int64_t winner = survivors.front();
  if (survivors.size() > 1) {
    std::vector<std::pair<int64_t, int64_t>> rung1;
    for (int64_t c : survivors)
      for (int64_t f = 1; f < K; ++f) rung1.emplace_back(c, f);
    run_fits(rung1, options.budget - final_estimate(survivors));
    record.rungs = 2;
    std::vector<int64_t> complete;
    for (int64_t c : survivors) {
      const CandidateState& s = states[static_cast<size_t>(c)];
      auto& outcome = record.candidates[static_cast<size_t>(c)].outcome;
      if (!s.failure.empty()) {
        outcome = "failed: " + one_line(s.failure);
      } else if (s.skipped) {
        outcome = "cut in rung 1 (budget)", record.budget_cut = true;
      } else {
        complete.push_back(c);
      }
    }
    const std::vector<int64_t> best = ranked(complete);
    if (!best.empty()) {
      winner = best.front();
      for (size_t i = 1; i < best.size(); ++i) record.candidates[static_cast<size_t>(best[i])].outcome = "cut after rung 1";
    }
  }
  record.candidates[static_cast<size_t>(winner)].outcome = "winner";
  for (size_t c = 0; c < states.size(); ++c) {
    CandidateRecord& r = record.candidates[c];
    const CandidateState& s = states[c];
    r.score = s.ran() ? pooled_score(s, y, C) : 0.0;
    for (size_t f = 0; f < s.fold_done.size(); ++f) {
      if (!s.fold_done[f]) continue;
      r.fold_scores.push_back(s.fold_scores[f]);
      r.fold_offsets.push_back(s.fold_offsets[f]);
      r.seconds += s.fold_seconds[f];
    }
    if (r.outcome.empty()) r.outcome = "not run";
  }
  return finish(winner);
}

}  // namespace autosmote
