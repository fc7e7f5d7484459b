// The record of an `auto` selection (select/auto_select.h): every candidate tried, its inner
// cross-validation scores, its cost and where it was cut. A model file of an `auto` model holds it
// ("selection", serialize/model_file.h) and `explain` prints it as the leaderboard (an evaluate
// run records only its winner: RunResult::model and sampler). Plain data: no torch, no JSON here (to_json is in selection_record.cpp,
// the validating reader in serialize/).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace autosmote {

struct CandidateRecord {
  std::string model, sampler;  // canonical specs
  // Macro-F1 of the candidate's whole fitting sequence (its own operating point tuned on its own
  // held-out rows) on each inner fold it ran, in fold order; its offsets on each of those folds.
  std::vector<double> fold_scores;
  std::vector<std::vector<double>> fold_offsets;
  // Macro-F1 of its decisions on the rows of those folds pooled (the ranking score); 0 when no fold ran.
  double score = 0;
  double seconds = 0;  // wall time of its inner fits
  // "winner", "cut after rung R (halving)", "cut after rung R (budget)", "not run (budget)" or
  // "failed: <the error>".
  std::string outcome;
};

struct SelectionRecord {
  std::string spec;           // the canonical auto spec
  int64_t folds = 0;          // inner folds (fewer than the spec's when a class has fewer rows)
  int64_t rungs = 0;          // rungs run
  double budget_seconds = 0;  // the spec's budget
  double seconds = 0;         // the selection's wall time, the winner's final fit included
  double final_seconds = 0;   // the winner's final fit on every training row
  bool budget_cut = false;    // the budget stopped something the schedule planned
  int64_t winner = 0;         // index into candidates
  std::vector<CandidateRecord> candidates;
  std::vector<std::string> warnings;

  nlohmann::json to_json() const;
};

}  // namespace autosmote
