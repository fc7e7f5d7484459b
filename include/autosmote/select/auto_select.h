// `auto`: the best model for this data, chosen honestly. A fixed list of candidates (a model at its
// tuned operating point and a sampler; auto_candidates()) is compared by stratified inner
// cross-validation of the training rows with successive halving, inside a time budget; the winner
// is then fitted on every training row by the fitting sequence (eval/fitting.h), exactly as a run
// of that candidate alone would be. docs/auto.md has the measurements behind the defaults.
//
// Spec: auto[:budget=600,folds=3,eta=2,candidates=all]
//   budget      seconds for the whole selection, the final fit included (held to about 10%: the
//               schedule is cut where the fits measured so far say the rest would not fit)
//   folds       inner stratified folds (fewer when a class has fewer training rows; with a class of
//               one row there is no selection: the fallback candidate is fitted, with a warning)
//   eta         the halving rate: rung 0 fits every candidate on fold 0; the best ceil(n / eta) of
//               them (at least 2) are fitted on the other folds (rung 1); eta=1 fits every
//               candidate on every fold
//   candidates  all (the list below) or fast (xgboost and the paper's mlp only)
//
// Honesty by construction: the selection sees only the rows it is given (the training part of an
// evaluate run; the test part is never among them: tests/auto_select_test.cpp); each candidate's
// inner score is the macro-F1 of its whole fitting sequence on each fold (its offsets tuned on its
// own held-out rows inside that fold's training rows, never on the fold it is scored on); every
// candidate is fitted with the same seeds on the same folds (paired), ranked by the macro-F1 of its
// pooled out-of-fold decisions; ties go to the cheaper candidate (the earlier in the list, which is
// ordered by measured cost). Every operating point is taken from the middle of the near-optimal
// plateau (OffsetRule::kPlateauMiddle), inner and final fits alike.
//
// Reproducible: fold seeds derive from the run's seed; each fit is one unit of the thread pool
// (core/parallel.h), so the same seed gives the same choice and the same model bytes for any thread
// count, as long as the budget cuts nothing (record.budget_cut says when it did: a cut depends on
// measured time).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "autosmote/core/options.h"
#include "autosmote/core/params.h"
#include "autosmote/core/table.h"
#include "autosmote/eval/fitting.h"
#include "autosmote/eval/selection_record.h"

namespace autosmote {

enum class CandidateList { kAll, kFast };

struct AutoOptions {
  double budget = 600;
  int64_t folds = 3;
  int64_t eta = 2;
  CandidateList candidates = CandidateList::kAll;

  // The spec keys in canonical order (core/options.h).
  template <class V>
  static void visit(V& v) {
    v.number("budget", &AutoOptions::budget, 1, 1e8);
    v.integer("folds", &AutoOptions::folds, 2, 20);
    v.integer("eta", &AutoOptions::eta, 1, 1000);
    v.choice("candidates", &AutoOptions::candidates,
             ChoiceNames<CandidateList>{{"all", CandidateList::kAll}, {"fast", CandidateList::kFast}});
  }
  static AutoOptions read(ParamReader& reader);
  static AutoOptions parse(const std::string& spec);  // "auto[:...]"; throws SpecError
  std::string spec() const;                           // canonical: the keys that differ from the defaults
};

struct AutoCandidate {
  std::string model, sampler;
};
// The candidates of a list, cheapest first (the tie-break order). The fallback (no selection
// possible) is the modern mlp without a sampler, in `fast` the paper's.
std::vector<AutoCandidate> auto_candidates(CandidateList list);

struct AutoProgress {
  int64_t fits_done = 0, fits_planned = 0;  // inner fits plus the final one
  double elapsed = 0;                       // seconds since the selection started
  double eta_seconds = 0;                   // an estimate of the seconds left
  std::string last;                         // the fit that just finished: "model + sampler, fold F: macro-F1 0.81"
};

// Monotone seconds: the budget's clock (the steady clock when empty; tests pass a fake one).
using SelectionClock = std::function<double()>;

struct AutoFit {
  FittedPipeline fitted;  // the winner's fit on every row of `rows`
  SelectionRecord record;
};

// Selects on `rows` of `table` (empty: every row) and fits the winner on them. `seed`: the run's
// model seed. `context`: device and per-epoch log, passed to every fit. `progress` is called after
// every fit (from one thread at a time). Throws InputError when every candidate fails on the rows,
// or when the budget ran out before the first fit started (only a clock that jumps does that).
AutoFit fit_auto(const Table& table, const std::vector<int64_t>& rows, const AutoOptions& options, Scaling scaling,
                 uint64_t seed, const FitContext& context, const std::function<void(const AutoProgress&)>& progress = {},
                 const SelectionClock& clock = {});

// The leaderboard `explain` prints: one line per candidate, best first (score, spread over folds,
// folds run, seconds, outcome), then the winner's offsets on the inner folds (mean and spread).
std::string selection_text(const SelectionRecord& record, const std::vector<std::string>& class_names);

}  // namespace autosmote
