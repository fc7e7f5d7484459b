// `auto` (issue 26): the selection sees only its rows (nested by construction), the budget is held
// (on a fake clock, so the outcome does not depend on the machine), the same seed gives the same
// choice and the same model bytes at 1 and 2 threads, and the record survives the model file,
// which refuses a damaged one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/error.h"
#include "autosmote/core/hash.h"
#include "autosmote/core/parallel.h"
#include "autosmote/data/synthetic.h"
#include "autosmote/select/auto_select.h"
#include "autosmote/serialize/model_file.h"
#include "test_util.h"

using namespace autosmote;

namespace {

Table small_table(uint64_t seed = 5) {
  SyntheticOptions o;
  o.n = 240;
  o.d = 4;
  o.weights = {0.8, 0.2};
  o.seed = seed;
  return make_synthetic(o);
}

// `fast` fits every candidate in well under a second on 240 rows; with XGBoost absent its
// xgboost candidates fail (SpecError) and the mlp one is left.
const AutoOptions& fast_options() {
  static const AutoOptions options = AutoOptions::parse("auto:candidates=fast");
  return options;
}

struct ThreadsGuard {
  int saved = worker_threads();
  ~ThreadsGuard() { set_worker_threads(saved); }
};

}  // namespace

TEST(AutoSpec, CanonicalAndErrors) {
  EXPECT_EQ(AutoOptions::parse("auto").spec(), "auto");
  EXPECT_EQ(AutoOptions::parse("auto:budget=60,folds=3,eta=3").spec(), "auto:budget=60,eta=3");
  EXPECT_EQ(canonical_model_spec("auto:candidates=all"), "auto");
  EXPECT_EQ(canonical_model_spec("mlp:epochs=200"), "mlp");
  try {
    AutoOptions::parse("auto:budgett=5");
    FAIL() << "an unknown key was accepted";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("budget, candidates, eta, folds"), std::string::npos) << e.what();
  }
  EXPECT_THROW(AutoOptions::parse("auto:folds=1"), SpecError);
  EXPECT_THROW(AutoOptions::parse("auto:budget=0"), SpecError);
  EXPECT_TRUE(is_auto_model_spec("auto:budget=5"));
  EXPECT_FALSE(is_auto_model_spec("auto-smote"));
}

TEST(AutoSelect, RowsOutsideTheSelectionDoNotMatter) {
  // The selection and the final fit on the first 180 rows; then the other 60 rows (an outer test
  // part) are replaced by noise with flipped labels: a selection that read them would change.
  const Table table = small_table();
  std::vector<int64_t> rows(180);
  for (int64_t i = 0; i < 180; ++i) rows[static_cast<size_t>(i)] = i;
  Table poisoned = table;
  Rng rng(9);
  for (int64_t i = 180; i < table.n_rows; ++i) {
    poisoned.y[static_cast<size_t>(i)] = 1 - poisoned.y[static_cast<size_t>(i)];
    for (auto& column : poisoned.columns) column.values[static_cast<size_t>(i)] = rng.normal() * 100;
  }
  const AutoFit a = fit_auto(table, rows, fast_options(), Scaling::kMinMax, 11, {});
  const AutoFit b = fit_auto(poisoned, rows, fast_options(), Scaling::kMinMax, 11, {});
  EXPECT_EQ(a.record.winner, b.record.winner);
  for (size_t c = 0; c < a.record.candidates.size(); ++c) {
    EXPECT_EQ(a.record.candidates[c].fold_scores, b.record.candidates[c].fold_scores) << c;
    EXPECT_EQ(a.record.candidates[c].outcome, b.record.candidates[c].outcome) << c;
  }
  EXPECT_EQ(a.fitted.classifier->state().dump(), b.fitted.classifier->state().dump());
  EXPECT_EQ(a.fitted.classifier->offsets(), b.fitted.classifier->offsets());
  // The inner folds cover exactly the given rows: every candidate that ran all folds scored 180 rows.
  EXPECT_EQ(a.record.folds, 3);
  const CandidateRecord& winner = a.record.candidates[static_cast<size_t>(a.record.winner)];
  EXPECT_EQ(winner.outcome, "winner");
  EXPECT_EQ(winner.fold_scores.size(), 3u);
}

TEST(AutoSelect, EvaluateSelectsOnEachTrainingPartOnly) {
  // evaluate --model auto: each run's selection is fit_auto on that run's training part, with the
  // run's model seed, so its test part is never among the selection's rows.
  const Table table = small_table(6);
  ExperimentConfig config;
  config.model_spec = "auto:candidates=fast";
  config.seeds = {2};
  const ExperimentResult result = evaluate_table(table, config);
  ASSERT_EQ(result.runs.size(), 1u);
  EXPECT_EQ(result.model, "auto:candidates=fast");
  const Split split = make_splits(table.y, 2, config.protocol, {2}).front();
  const AutoFit direct = fit_auto(table, split.train, fast_options(), Scaling::kMinMax, split.model_seed, {});
  EXPECT_EQ(result.runs[0].model, direct.fitted.classifier->spec());
  EXPECT_EQ(result.runs[0].sampler, direct.fitted.sampler);
  EXPECT_EQ(result.runs[0].offsets, direct.fitted.classifier->offsets());
  EXPECT_GT(result.runs[0].inner_fits, 0);
}

TEST(AutoSelect, SameSeedSameChoiceAndBytesAtOneAndTwoThreads) {
  ThreadsGuard guard;
  const Table table = small_table();
  TrainConfig config;
  config.model_spec = "auto:candidates=fast";
  config.seed = 4;
  std::vector<std::string> texts;
  for (int threads : {1, 2}) {
    set_worker_threads(threads);
    TrainedModel model = train_model(table, config);
    ASSERT_TRUE(model.selection.has_value());
    // The record's seconds are wall time: the rest must be equal.
    model.selection->seconds = model.selection->final_seconds = 0;
    for (auto& c : model.selection->candidates) c.seconds = 0;
    texts.push_back(model_file_text(model, "m.model"));
  }
  EXPECT_EQ(texts[0], texts[1]);
}

TEST(AutoSelect, BudgetHeldOnAFakeClock) {
  // The clock is the work done: every epoch (mlp) or boosting round (xgboost) a fit logs advances
  // it by 10 ms, so each fit "takes" a fixed time whatever the machine. With a 14 s budget rung 0
  // may start fits for 7 s: the cheap candidates at the head of the list run, the others do not.
  const Table table = small_table();
  double t = 0;
  FitContext context;
  context.log = [&t](const std::string&) { t += 0.01; };
  const SelectionClock clock = [&t] { return t; };
  const AutoOptions options = AutoOptions::parse("auto:budget=14");
  ThreadsGuard guard;
  set_worker_threads(1);
  const AutoFit fit = fit_auto(table, {}, options, Scaling::kMinMax, 0, context, {}, clock);
  EXPECT_TRUE(fit.record.budget_cut);
  int64_t not_run = 0, ran = 0;
  for (const auto& c : fit.record.candidates) {
    not_run += c.outcome == "not run (budget)";
    ran += !c.fold_scores.empty();
  }
  EXPECT_GT(not_run, 0);
  EXPECT_GT(ran, 0);
  EXPECT_GT(fit.record.seconds, 0);
  EXPECT_LE(fit.record.seconds, 1.1 * options.budget);
  EXPECT_EQ(fit.record.candidates[static_cast<size_t>(fit.record.winner)].outcome, "winner");
  // The same budget on a clock that never advances cuts nothing.
  const AutoFit unhurried =
      fit_auto(table, {}, AutoOptions::parse("auto:budget=14,candidates=fast"), Scaling::kMinMax, 0, {}, {},
               [] { return 0.0; });
  EXPECT_FALSE(unhurried.record.budget_cut);
}

TEST(AutoSelect, NothingFittedIsAOneLineError) {
  const Table table = small_table();
  // A clock that jumps past the budget after its first reading: no fit starts.
  int readings = 0;
  const SelectionClock jumping = [&readings] { return readings++ == 0 ? 0.0 : 1e9; };
  try {
    fit_auto(table, {}, fast_options(), Scaling::kMinMax, 0, {}, {}, jumping);
    FAIL() << "a selection that fitted nothing returned";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "auto: the budget (600 s) ran out before a candidate was fitted; give a larger budget");
  }
  // A table with no feature column: every candidate fails.
  Table empty = table;
  empty.columns.clear();
  try {
    fit_auto(empty, {}, fast_options(), Scaling::kMinMax, 0, {});
    FAIL() << "a selection where every candidate failed returned";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("auto: no candidate can run on these training rows (", 0), 0u) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
}

TEST(AutoSelect, OneRowClassFallsBackWithAWarning) {
  Table table = small_table();
  // Class 1 keeps a single row.
  bool kept = false;
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < table.n_rows; ++i) {
    if (table.y[static_cast<size_t>(i)] == 1) {
      if (kept) continue;
      kept = true;
    }
    rows.push_back(i);
  }
  const AutoFit fit = fit_auto(table, rows, fast_options(), Scaling::kMinMax, 0, {});
  ASSERT_FALSE(fit.record.warnings.empty());
  EXPECT_NE(fit.record.warnings[0].find("one training row"), std::string::npos);
  // `fast` has no modern mlp: its first mlp.
  EXPECT_EQ(fit.record.candidates[static_cast<size_t>(fit.record.winner)].model, "mlp:threshold=tuned");
}

TEST(AutoModelFile, RecordRoundTripsAndDamageIsRefused) {
  const Table table = small_table();
  TrainConfig config;
  config.model_spec = "auto:candidates=fast";
  const TrainedModel model = train_model(table, config);
  ASSERT_TRUE(model.selection.has_value());
  const std::string text = model_file_text(model, "m.model");
  const TrainedModel loaded = model_from_text(text, "m.model");
  ASSERT_TRUE(loaded.selection.has_value());
  EXPECT_EQ(loaded.selection->to_json().dump(), model.selection->to_json().dump());
  EXPECT_EQ(explain_model_json(loaded)["selection"]["winner"], model.selection->winner);

  // A model file written before auto existed loads as it did, without a selection.
  EXPECT_FALSE(load_model(std::string(AUTOSMOTE_SOURCE_DIR) + "/tests/data/paper_mlp_v1.model").selection);
  // A model trained without auto has no selection, before and after a round trip.
  TrainConfig plain;
  plain.model_spec = "mlp:epochs=5";
  EXPECT_FALSE(model_from_text(model_file_text(train_model(table, plain), "p.model"), "p.model").selection);

  // Damage: each edit, checksum recomputed, is refused with the field named.
  auto refused = [&](const std::function<void(nlohmann::json&)>& edit, const std::string& field) {
    nlohmann::json body = nlohmann::json::parse(text);
    body.erase("checksum");
    edit(body["selection"]);
    body["checksum"] = fnv1a_hex(body.dump());
    try {
      model_from_text(body.dump(), "m.model");
      ADD_FAILURE() << "accepted: " << field;
    } catch (const ModelFileError& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  refused([](nlohmann::json& s) { s["winner"] = 99; }, "selection.winner");
  refused([](nlohmann::json& s) { s["candidates"][0]["fold_scores"] = {0.5, 1.5}; }, "selection.candidates[0].fold_scores");
  refused([](nlohmann::json& s) { s["candidates"][0]["fold_scores"] = {0.1, 0.1, 0.1, 0.1}; }, "has 4 elements");
  refused([](nlohmann::json& s) { s["spec"] = "mlp"; }, "selection.spec");
  refused([](nlohmann::json& s) { s["candidates"] = nlohmann::json::array(); }, "selection.candidates");
  refused(
      [](nlohmann::json& s) {
        const int64_t w = s["winner"];
        s["candidates"][static_cast<size_t>(w)]["model"] = "mlp:epochs=3";
      },
      "but the file holds");
}
