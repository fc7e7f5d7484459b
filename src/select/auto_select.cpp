#include "autosmote/select/auto_select.h"

#include <algorithm>
#include <chrono>
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

// One candidate's inner fits: its decisions on the rows of the folds it ran (position in `rows`).
struct CandidateState {
  std::unique_ptr<Classifier> prototype;
  SamplerGrid sampler;
  std::vector<int64_t> decisions;  // -1 where no fold ran
  // Per fold (written by the fold's fit, whichever thread ran it): done, macro-F1, seconds, offsets.
  std::vector<bool> fold_done;
  std::vector<double> fold_scores, fold_seconds;
  std::vector<std::vector<double>> fold_offsets;
  void start(size_t rows, int64_t folds) {
    decisions.assign(rows, -1);
    fold_done.assign(static_cast<size_t>(folds), false);
    fold_scores.assign(static_cast<size_t>(folds), 0.0);
    fold_seconds.assign(static_cast<size_t>(folds), 0.0);
    fold_offsets.assign(static_cast<size_t>(folds), {});
  }
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
  // Cheapest first (the tie-break order), by the run times these methods had in the runs files
  // before auto existed (docs/auto.md).
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

namespace {

// One selection: the candidates' states, the folds, the record, the clock. run() is the schedule.
class Selection {
 public:
  Selection(const Table& table, const std::vector<int64_t>& rows, const AutoOptions& options, Scaling scaling,
            uint64_t seed, const FitContext& context, const std::function<void(const AutoProgress&)>& progress,
            const SelectionClock& clock)
      : table_(table), rows_given_(rows), options_(options), scaling_(scaling), seed_(seed), progress_(progress) {
    const auto t_zero = std::chrono::steady_clock::now();
    now_ = clock ? clock : SelectionClock([t_zero] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - t_zero).count();
    });
    start_ = now_();
    rows_ = rows;
    if (rows_.empty()) {
      rows_.resize(static_cast<size_t>(table.n_rows));
      std::iota(rows_.begin(), rows_.end(), 0);
    }
    y_ = take(table.y, rows_);
    classes_ = table.n_classes();
    context_ = context;
    context_.offset_rule = OffsetRule::kPlateauMiddle;
    record_.spec = options.spec();
    record_.budget_seconds = options.budget;
    build_candidates();
  }

  AutoFit run() {
    // Inner folds: as many as the smallest class allows, up to the spec's.
    int64_t smallest = -1;
    for (int64_t n : class_counts(y_, classes_))
      if (n > 0 && (smallest < 0 || n < smallest)) smallest = n;
    folds_count_ = std::min(options_.folds, smallest);
    if (folds_count_ < 2) return without_selection();
    record_.folds = folds_count_;
    Protocol protocol;
    protocol.kind = Protocol::Kind::kKfold;
    protocol.folds = folds_count_;
    protocol.repeats = 1;
    folds_ = make_splits(y_, classes_, protocol, {derive_seed(seed_, 7)}, table_.class_names);
    for (auto& s : states_) s.start(rows_.size(), folds_count_);
    const auto n = static_cast<int64_t>(states_.size());
    // At least two go on (when two ran): a choice needs every fold of more than one candidate.
    survivors_planned_ = options_.eta <= 1 ? n : std::max<int64_t>(2, (n + options_.eta - 1) / options_.eta);
    status_.fits_planned = n + (survivors_planned_ > 1 ? survivors_planned_ * (folds_count_ - 1) : 0) + 1;
    const int64_t winner = rung_one(rung_zero());
    record_.candidates[static_cast<size_t>(winner)].outcome = "winner";
    for (size_t c = 0; c < states_.size(); ++c) {
      CandidateRecord& r = record_.candidates[c];
      const CandidateState& s = states_[c];
      r.score = s.ran() ? pooled_score(s, y_, classes_) : 0.0;
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

 private:
  void build_candidates() {
    const std::vector<AutoCandidate> list = auto_candidates(options_.candidates);
    states_.resize(list.size());
    for (size_t c = 0; c < list.size(); ++c) {
      CandidateRecord r;
      r.model = list[c].model;
      states_[c].sampler = parse_sampler_grid(list[c].sampler);
      r.sampler = states_[c].sampler.spec;
      try {
        states_[c].prototype = make_classifier(list[c].model);
        r.model = states_[c].prototype->spec();
      } catch (const SpecError& e) {  // a model this build lacks (xgboost without XGBoost)
        states_[c].failure = e.what();
      }
      record_.candidates.push_back(std::move(r));
    }
  }

  std::string name(int64_t c) const {
    const CandidateRecord& r = record_.candidates[static_cast<size_t>(c)];
    return r.model + " + " + r.sampler;
  }

  // A class with one training row: the modern mlp, else (candidates=fast) the list's first mlp,
  // fitted without a selection. Both lists hold an mlp without a sampler, and mlp is always built.
  AutoFit without_selection() {
    int64_t fallback = -1;
    for (int pass = 0; pass < 2 && fallback < 0; ++pass)
      for (size_t c = 0; c < states_.size() && fallback < 0; ++c) {
        const CandidateRecord& r = record_.candidates[c];
        if (r.sampler == "none" && (pass == 0 ? r.model == kFallbackModel : r.model.rfind("mlp", 0) == 0))
          fallback = static_cast<int64_t>(c);
      }
    for (auto& r : record_.candidates) r.outcome = "not run (a class has one training row)";
    record_.candidates[static_cast<size_t>(fallback)].outcome = "winner";
    record_.warnings.push_back("auto: a class has one training row, too few for inner folds: " + name(fallback) +
                               " fitted without a selection");
    return finish(fallback);
  }

  // Runs the (candidate, fold) fits; a fit that would start after `deadline` (seconds since the
  // start) does not, and marks its candidate skipped.
  void run_fits(const std::vector<std::pair<int64_t, int64_t>>& fits, double deadline) {
    parallel_for_each(static_cast<int64_t>(fits.size()), [&](int64_t i) {
      const auto [c, f] = fits[static_cast<size_t>(i)];
      CandidateState& s = states_[static_cast<size_t>(c)];
      if (!s.prototype) return;  // failed to build: its outcome says why
      const double t0 = now_();
      if (t0 - start_ > deadline) {
        std::lock_guard<std::mutex> lock(mutex_);
        s.skipped = true;
        return;
      }
      const Split& fold = folds_[static_cast<size_t>(f)];
      std::string line;
      try {
        const std::vector<int64_t> fold_rows = take(rows_, fold.test);
        const FittedPipeline fitted = fit_pipeline(table_, take(rows_, fold.train), s.sampler, *s.prototype, scaling_,
                                                   derive_seed(seed_, 8, static_cast<uint64_t>(f)), context_);
        const Labels decided = fitted.classifier->decide(
            fitted.classifier->predict_proba(fitted.preprocessor.transform(table_, fold_rows)));
        const double score = macro_f1(take(y_, fold.test), decided, classes_);
        const double seconds = now_() - t0;
        std::lock_guard<std::mutex> lock(mutex_);
        for (size_t j = 0; j < fold.test.size(); ++j) s.decisions[static_cast<size_t>(fold.test[j])] = decided[j];
        s.fold_done[static_cast<size_t>(f)] = true;
        s.fold_scores[static_cast<size_t>(f)] = score;
        s.fold_seconds[static_cast<size_t>(f)] = seconds;
        s.fold_offsets[static_cast<size_t>(f)] = fitted.classifier->offsets();
        s.inner_fits += fitted.inner_fits + 1;
        fit_seconds_sum_ += seconds;
        char buf[64];
        std::snprintf(buf, sizeof buf, ", fold %lld: macro-F1 %.4f (%.1f s)", static_cast<long long>(f), score, seconds);
        line = name(c) + buf;
      } catch (const Error& e) {  // a candidate that cannot run on these rows (float sampling_strategy, multi-class)
        std::lock_guard<std::mutex> lock(mutex_);
        if (s.failure.empty()) s.failure = e.what();
        line = name(c) + ": failed";
      }
      std::lock_guard<std::mutex> lock(mutex_);
      report(line);
    });
  }

  void report(const std::string& line) {
    ++status_.fits_done;
    status_.elapsed = now_() - start_;
    const double per_fit = fit_seconds_sum_ / static_cast<double>(std::max<int64_t>(1, status_.fits_done));
    status_.eta_seconds = per_fit * static_cast<double>(status_.fits_planned - status_.fits_done) /
                          static_cast<double>(std::max(1, worker_threads()));
    status_.last = line;
    if (progress_) progress_(status_);
  }

  // Candidates still in, best first: a higher pooled score, then the earlier (cheaper) candidate.
  std::vector<int64_t> ranked(const std::vector<int64_t>& among) const {
    std::vector<std::pair<double, int64_t>> order;
    for (int64_t c : among) {
      const CandidateState& s = states_[static_cast<size_t>(c)];
      if (!s.failure.empty() || s.skipped || !s.ran()) continue;
      order.emplace_back(pooled_score(s, y_, classes_), c);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<int64_t> out;
    for (const auto& [score, c] : order) out.push_back(c);
    return out;
  }

  // Rung 0: every candidate on fold 0, starting no fit after kRungZeroShare of the budget. Returns
  // the candidates that ran, best first.
  std::vector<int64_t> rung_zero() {
    std::vector<std::pair<int64_t, int64_t>> fits;
    std::vector<int64_t> everyone;
    for (int64_t c = 0; c < static_cast<int64_t>(states_.size()); ++c) fits.emplace_back(c, 0), everyone.push_back(c);
    run_fits(fits, kRungZeroShare * options_.budget);
    record_.rungs = 1;
    const std::vector<int64_t> order = ranked(everyone);
    if (order.empty()) {
      // Every candidate failed, or the ones that did not were never started.
      std::string failure;
      bool skipped = false;
      for (const auto& s : states_) {
        skipped |= s.skipped;
        if (failure.empty()) failure = s.failure;
      }
      if (skipped)
        throw InputError("auto: the budget (" + format_number(options_.budget) +
                         " s) ran out before a candidate was fitted; give a larger budget");
      throw InputError("auto: no candidate can run on these training rows (" + one_line(failure) + ")");
    }
    for (size_t c = 0; c < states_.size(); ++c) {
      auto& outcome = record_.candidates[c].outcome;
      if (!states_[c].failure.empty()) outcome = "failed: " + one_line(states_[c].failure);
      if (states_[c].skipped) outcome = "not run (budget)", record_.budget_cut = true;
    }
    return order;
  }

  // The winner's final fit, on K / (K - 1) times its fold fits' rows: the slowest one's estimate.
  double final_estimate(const std::vector<int64_t>& among) const {
    double slowest = 0;
    for (int64_t c : among) slowest = std::max(slowest, states_[static_cast<size_t>(c)].mean_seconds());
    return slowest * static_cast<double>(folds_count_) / static_cast<double>(folds_count_ - 1);
  }
  // Rung 1's wall time: each candidate's fold-0 seconds per fold, over the threads.
  double rung_one_estimate(const std::vector<int64_t>& among) const {
    double total = 0;
    for (int64_t c : among) total += states_[static_cast<size_t>(c)].mean_seconds() * static_cast<double>(folds_count_ - 1);
    const double threads = std::min<double>(worker_threads(), static_cast<double>(among.size()) * (folds_count_ - 1));
    return total / std::max(1.0, threads);
  }

  // Rung 1: the best survivors_planned_ of rung 0 on the other folds, as many as the budget allows
  // with the final fit after them. Returns the winner.
  int64_t rung_one(const std::vector<int64_t>& order) {
    std::vector<int64_t> survivors(order.begin(),
                                   order.begin() + std::min<int64_t>(survivors_planned_, static_cast<int64_t>(order.size())));
    while (survivors.size() > 1 &&
           now_() - start_ + rung_one_estimate(survivors) + final_estimate(survivors) > options_.budget) {
      record_.candidates[static_cast<size_t>(survivors.back())].outcome = "cut after rung 0 (budget)";
      record_.budget_cut = true;
      survivors.pop_back();
    }
    for (size_t i = survivors.size(); i < order.size(); ++i)
      if (record_.candidates[static_cast<size_t>(order[i])].outcome.empty())
        record_.candidates[static_cast<size_t>(order[i])].outcome = "cut after rung 0 (halving)";
    if (survivors.size() < 2) return survivors.front();
    std::vector<std::pair<int64_t, int64_t>> fits;
    for (int64_t c : survivors)
      for (int64_t f = 1; f < folds_count_; ++f) fits.emplace_back(c, f);
    run_fits(fits, options_.budget - final_estimate(survivors));
    record_.rungs = 2;
    std::vector<int64_t> complete;
    for (int64_t c : survivors) {
      const CandidateState& s = states_[static_cast<size_t>(c)];
      auto& outcome = record_.candidates[static_cast<size_t>(c)].outcome;
      if (!s.failure.empty()) {
        outcome = "failed: " + one_line(s.failure);
      } else if (s.skipped) {
        outcome = "cut in rung 1 (budget)", record_.budget_cut = true;
      } else {
        complete.push_back(c);
      }
    }
    const std::vector<int64_t> best = ranked(complete);
    if (best.empty()) return survivors.front();  // the budget cut every one: rung 0's best
    for (size_t i = 1; i < best.size(); ++i) record_.candidates[static_cast<size_t>(best[i])].outcome = "cut after rung 1";
    return best.front();
  }

  // The winner's fit on every given row, with the run's seed; the record completed.
  AutoFit finish(int64_t winner) {
    record_.winner = winner;
    const CandidateState& w = states_[static_cast<size_t>(winner)];
    const double t0 = now_();
    AutoFit out{fit_pipeline(table_, rows_given_, w.sampler, *w.prototype, scaling_, seed_, context_), {}};
    record_.final_seconds = now_() - t0;
    record_.seconds = now_() - start_;
    for (const auto& s : states_) out.fitted.inner_fits += s.inner_fits;
    out.fitted.tuning_seconds += record_.seconds - record_.final_seconds;
    for (const auto& warning : record_.warnings) out.fitted.warnings.push_back(warning);
    out.record = std::move(record_);
    return out;
  }

  const Table& table_;
  const std::vector<int64_t>& rows_given_;  // as given (empty: every row), for the final fit
  const AutoOptions& options_;
  const Scaling scaling_;
  const uint64_t seed_;
  const std::function<void(const AutoProgress&)>& progress_;
  SelectionClock now_;
  double start_ = 0;
  std::vector<int64_t> rows_;
  Labels y_;
  int64_t classes_ = 0;
  FitContext context_;
  SelectionRecord record_;
  std::vector<CandidateState> states_;
  int64_t folds_count_ = 0, survivors_planned_ = 0;
  std::vector<Split> folds_;
  std::mutex mutex_;  // the states and the progress, from the fits' threads
  AutoProgress status_;
  double fit_seconds_sum_ = 0;
};

}  // namespace

AutoFit fit_auto(const Table& table, const std::vector<int64_t>& rows, const AutoOptions& options, Scaling scaling,
                 uint64_t seed, const FitContext& context, const std::function<void(const AutoProgress&)>& progress,
                 const SelectionClock& clock) {
  return Selection(table, rows, options, scaling, seed, context, progress, clock).run();
}

}  // namespace autosmote
