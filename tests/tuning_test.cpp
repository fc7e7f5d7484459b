// The fair playing field (issue 13): the operating point (threshold=tuned), sampler grids tuned by
// inner cross-validation, and the guarantees around them: tuning sees the training rows only,
// the same seed gives the same model bytes, runs files of the earlier format still read.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/error.h"
#include "autosmote/core/random.h"
#include "autosmote/data/synthetic.h"
#include "autosmote/eval/bench.h"
#include "autosmote/eval/fitting.h"
#include "autosmote/eval/operating_point.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"
#include "autosmote/serialize/model_file.h"
#include "test_util.h"

using namespace autosmote;

namespace {

// n rows of random 2-class probabilities, with labels that agree with them more often than not.
void noisy_binary(int64_t n, uint64_t seed, Labels* y, Matrix* proba) {
  Rng rng(seed);
  *proba = Matrix(n, 2);
  y->assign(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < n; ++i) {
    const bool positive = rng.uniform() < 0.2;
    (*y)[static_cast<size_t>(i)] = positive;
    const double p1 = std::clamp(rng.uniform() * 0.6 + (positive ? 0.25 : 0.0), 0.001, 0.999);
    proba->at(i, 0) = static_cast<float>(1 - p1);
    proba->at(i, 1) = static_cast<float>(p1);
  }
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Table small_table(uint64_t seed = 3) {
  SyntheticOptions o;
  o.n = 400;
  o.d = 5;
  o.weights = {0.8, 0.2};
  o.seed = seed;
  return make_synthetic(o);
}

std::vector<int64_t> first_rows(int64_t n) {
  std::vector<int64_t> rows(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) rows[static_cast<size_t>(i)] = i;
  return rows;
}

// The rows a run is scored on (every row from `from` on) made useless and misleading: labels
// flipped, features pushed far away. A tuning that looked at them would come out different.
Table with_rows_scrambled(Table table, int64_t from) {
  for (int64_t i = from; i < table.n_rows; ++i) {
    table.y[static_cast<size_t>(i)] = 1 - table.y[static_cast<size_t>(i)];
    for (auto& col : table.columns) col.values[static_cast<size_t>(i)] = 1e6 + static_cast<double>(i);
  }
  return table;
}

}  // namespace

TEST(OperatingPoint, BinaryFindsTheBestThresholdOfAnyCut) {
  Labels y;
  Matrix proba;
  noisy_binary(300, 7, &y, &proba);
  const OperatingPoint point = tune_operating_point(y, proba, 2);
  ASSERT_EQ(point.offsets.size(), 2u);
  EXPECT_EQ(point.offsets[0], 0.0);
  EXPECT_GT(point.macro_f1_tuned, point.macro_f1_argmax);  // the argmax predicts the minority too rarely
  // Brute force: every offset between two distinct scores, and beyond them.
  std::vector<double> scores;
  for (int64_t i = 0; i < proba.rows; ++i) scores.push_back(std::log(proba.at(i, 1)) - std::log(proba.at(i, 0)));
  std::sort(scores.begin(), scores.end());
  double best = 0;
  for (size_t i = 0; i + 1 < scores.size(); ++i) {
    const double offset = -(scores[i] + scores[i + 1]) / 2;
    best = std::max(best, macro_f1(y, argmax_rows_with_offsets(proba, {0.0, offset}), 2));
  }
  EXPECT_NEAR(point.macro_f1_tuned, best, 1e-12);
  EXPECT_DOUBLE_EQ(point.macro_f1_tuned, macro_f1(y, argmax_rows_with_offsets(proba, point.offsets), 2));
}

// Saturated scores (label smoothing): 90 majority rows pile up just above margin 2.94, 10 minority
// rows at -2.94, and one minority row sits at the majority pile's lower edge. The best cut is that
// edge (it catches the row); the plateau rule takes the middle of the cuts within one row of it.
TEST(OperatingPoint, PlateauMiddleStaysAwayFromThePilesEdge) {
  Matrix proba(101, 2);
  Labels y(101);
  for (int64_t i = 0; i < 101; ++i) {
    const bool minority = i >= 90;
    y[static_cast<size_t>(i)] = minority ? 1 : 0;
    const double margin = minority ? (i == 100 ? 2.94 : -2.94) : 2.94 + 1e-4 * static_cast<double>(1 + i % 7);
    const double p1 = 1.0 / (1.0 + std::exp(margin));
    proba.at(i, 0) = static_cast<float>(1 - p1);
    proba.at(i, 1) = static_cast<float>(p1);
  }
  const OperatingPoint nearest = tune_operating_point(y, proba, 2);
  const OperatingPoint middle = tune_operating_point(y, proba, 2, OffsetRule::kPlateauMiddle);
  EXPECT_GT(nearest.offsets[1], 2.9);         // inside the majority pile's edge
  EXPECT_LT(std::abs(middle.offsets[1]), 0.5);  // between the piles
  EXPECT_DOUBLE_EQ(nearest.macro_f1_tuned, 1.0);
  EXPECT_GE(middle.macro_f1_tuned, nearest.macro_f1_tuned - 1.0 / (2 * 11) - 1e-12);
}

TEST(OperatingPoint, KeepsTheArgmaxWhenItIsAlreadyPerfect) {
  Matrix proba(4, 2);
  const Labels y = {0, 0, 1, 1};
  const float p1[] = {0.1f, 0.4f, 0.6f, 0.9f};
  for (int64_t i = 0; i < 4; ++i) proba.at(i, 0) = 1 - p1[i], proba.at(i, 1) = p1[i];
  const OperatingPoint point = tune_operating_point(y, proba, 2);
  EXPECT_EQ(point.offsets, (std::vector<double>{0.0, 0.0}));
  EXPECT_DOUBLE_EQ(point.macro_f1_tuned, 1.0);
}

TEST(OperatingPoint, MulticlassRaisesAClassTheArgmaxNeverPredicts) {
  // Class 2's rows have p2 = 0.3 (never the argmax); an offset on class 2 recovers them.
  Matrix proba(9, 3);
  Labels y;
  for (int64_t i = 0; i < 9; ++i) {
    const int64_t c = i % 3;
    y.push_back(c);
    const float p[3] = {c == 0 ? 0.6f : 0.35f, c == 1 ? 0.6f : 0.05f, c == 2 ? 0.3f : 0.05f};
    const float other = 1.0f - p[0] - p[1] - p[2];
    for (int64_t k = 0; k < 3; ++k) proba.at(i, k) = p[k] + (k == 0 ? other : 0.0f);
  }
  const OperatingPoint point = tune_operating_point(y, proba, 3);
  EXPECT_LT(point.macro_f1_argmax, 0.9);
  EXPECT_DOUBLE_EQ(point.macro_f1_tuned, 1.0);
  EXPECT_EQ(point.offsets[0], 0.0);
  EXPECT_GT(point.offsets[2], 0.0);
  // Deterministic.
  EXPECT_EQ(tune_operating_point(y, proba, 3).offsets, point.offsets);
}

TEST(OperatingPoint, ClassifierDecideAppliesTheOffsets) {
  auto clf = make_classifier("mlp:threshold=tuned");
  EXPECT_EQ(clf->threshold(), Threshold::kTuned);
  EXPECT_EQ(make_classifier("mlp")->threshold(), Threshold::kNone);
  Matrix proba(2, 2);
  proba.at(0, 0) = 0.7f, proba.at(0, 1) = 0.3f;
  proba.at(1, 0) = 0.9f, proba.at(1, 1) = 0.1f;
  EXPECT_EQ(clf->decide(proba), (Labels{0, 0}));
  clf->set_offsets({0.0, std::log(3.0)}, 2);  // 0.3 * 3 > 0.7, 0.1 * 3 < 0.9
  EXPECT_EQ(clf->decide(proba), (Labels{1, 0}));
  EXPECT_THROW(clf->set_offsets({0.0}, 2), InputError);
  EXPECT_THROW(clf->set_offsets({0.0, NAN}, 2), InputError);
}

TEST(SamplerGrid, ExpandsEveryCombinationFirstKeySlowest) {
  const SamplerGrid grid = parse_sampler_grid("smote:sampling_strategy=0.5|1,k_neighbors=3|5|10,cv=4");
  EXPECT_TRUE(grid.tuned());
  EXPECT_EQ(grid.folds, 4);
  ASSERT_EQ(grid.candidates.size(), 6u);
  EXPECT_EQ(grid.candidates[0], make_oversampler("smote:sampling_strategy=0.5,k_neighbors=3")->spec());
  EXPECT_EQ(grid.candidates[1], make_oversampler("smote:sampling_strategy=0.5,k_neighbors=5")->spec());
  EXPECT_EQ(grid.candidates[5], make_oversampler("smote:sampling_strategy=1,k_neighbors=10")->spec());
  const SamplerGrid one = parse_sampler_grid("smote:k_neighbors=5");
  EXPECT_FALSE(one.tuned());
  EXPECT_EQ(one.spec, "smote");  // canonical
  EXPECT_EQ(parse_sampler_grid("random:sampling_strategy=0.5|1").folds, kDefaultInnerFolds);
}

TEST(SamplerGrid, BadGridsAreOneLineSpecErrors) {
  for (const char* bad : {"smote:k_neighbors=3|3", "smote:k_neighbors=3|", "smote:k_neighbors=0|3", "smote:cv=3",
                          "smote:k_neighbors=3|5,cv=1", "smote:k_neighbors=3|5,cv=x", "nope:k=1|2"}) {
    try {
      parse_sampler_grid(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const SpecError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  }
}

// threshold=tuned: the offsets come from training rows held out of an inner fit, never from the
// rows the run is scored on (here every row from 300 on).
TEST(Fitting, ThresholdTuningNeverSeesTheTestRows) {
  const Table table = small_table();
  const auto model = make_classifier("mlp:epochs=30,hidden=8,threshold=tuned");
  const SamplerGrid sampler = parse_sampler_grid("smote");
  const FittedPipeline a = fit_pipeline(table, first_rows(300), sampler, *model, Scaling::kMinMax, 11, {});
  const FittedPipeline b =
      fit_pipeline(with_rows_scrambled(table, 300), first_rows(300), sampler, *model, Scaling::kMinMax, 11, {});
  ASSERT_EQ(a.classifier->offsets().size(), 2u);
  EXPECT_EQ(a.inner_fits, 1);
  EXPECT_EQ(a.classifier->offsets(), b.classifier->offsets());
  EXPECT_EQ(a.classifier->state().dump(), b.classifier->state().dump());
  // The control: scrambling training rows does change what is tuned.
  const FittedPipeline c =
      fit_pipeline(with_rows_scrambled(table, 250), first_rows(300), sampler, *model, Scaling::kMinMax, 11, {});
  EXPECT_NE(a.classifier->state().dump(), c.classifier->state().dump());
}

// A sampler grid's inner folds split the training rows only.
TEST(Fitting, SamplerGridInnerFoldsNeverSeeTheTestRows) {
  const Table table = small_table();
  const auto model = make_classifier("mlp:epochs=20,hidden=8,threshold=tuned");
  const SamplerGrid grid = parse_sampler_grid("smote:sampling_strategy=0.5|1,k_neighbors=3|5,cv=2");
  const FittedPipeline a = fit_pipeline(table, first_rows(300), grid, *model, Scaling::kMinMax, 5, {});
  const FittedPipeline b =
      fit_pipeline(with_rows_scrambled(table, 300), first_rows(300), grid, *model, Scaling::kMinMax, 5, {});
  EXPECT_EQ(a.inner_fits, 8);  // 4 candidates x 2 folds
  EXPECT_NE(std::find(grid.candidates.begin(), grid.candidates.end(), a.sampler), grid.candidates.end());
  EXPECT_EQ(a.sampler, b.sampler);
  EXPECT_EQ(a.classifier->offsets(), b.classifier->offsets());
  EXPECT_EQ(a.classifier->state().dump(), b.classifier->state().dump());
  // Without threshold tuning the grid sets no offsets.
  const auto plain = make_classifier("mlp:epochs=20,hidden=8");
  EXPECT_TRUE(
      fit_pipeline(table, first_rows(300), grid, *plain, Scaling::kMinMax, 5, {}).classifier->offsets().empty());
}

TEST(Fitting, AClassTooSmallToHoldOutKeepsOffsetsOffWithAWarning) {
  Table table = small_table();
  std::vector<int64_t> rows;  // every class-0 row of the first 300, and one class-1 row
  bool one_positive = false;
  for (int64_t i = 0; i < 300; ++i)
    if (table.y[static_cast<size_t>(i)] == 0 || !one_positive) {
      one_positive |= table.y[static_cast<size_t>(i)] == 1;
      rows.push_back(i);
    }
  const auto model = make_classifier("mlp:epochs=5,hidden=4,threshold=tuned");
  const FittedPipeline f = fit_pipeline(table, rows, parse_sampler_grid("none"), *model, Scaling::kMinMax, 1, {});
  EXPECT_TRUE(f.classifier->offsets().empty());
  EXPECT_EQ(f.inner_fits, 0);
  ASSERT_FALSE(f.warnings.empty());
  EXPECT_NE(f.warnings.back().find("threshold=tuned"), std::string::npos);
}

TEST(Fitting, SameSeedSameModelBytesAndTheOffsetsRoundTrip) {
  const Table table = small_table();
  TrainConfig config;
  config.model_spec = "mlp:epochs=20,hidden=8,threshold=tuned";
  config.sampler_spec = "smote:k_neighbors=3|5,cv=2";
  config.seed = 9;
  const std::string p1 = autosmote::testing::temp_path("tuned1.json"),
                    p2 = autosmote::testing::temp_path("tuned2.json");
  save_model(p1, train_model(table, config));
  save_model(p2, train_model(table, config));
  const std::string bytes = read_text(p1);
  EXPECT_EQ(bytes, read_text(p2));
  EXPECT_NE(bytes.find("\"class_offsets\""), std::string::npos);
  const TrainedModel loaded = load_model(p1);
  const TrainedModel fresh = train_model(table, config);
  EXPECT_EQ(loaded.classifier->offsets(), fresh.classifier->offsets());
  EXPECT_EQ(loaded.sampler_spec, fresh.sampler_spec);  // the grid's winner
  EXPECT_EQ(loaded.sampler_spec.find('|'), std::string::npos);
  const Matrix proba = predict_proba(loaded, table);
  EXPECT_EQ(loaded.classifier->decide(proba), fresh.classifier->decide(predict_proba(fresh, table)));
}

TEST(Bench, MethodLabelsNameGridsAndTunedThresholds) {
  EXPECT_EQ(method_label("mlp", "smote"), "smote");
  EXPECT_EQ(method_label("mlp:threshold=tuned", "smote"), "smote (t)");
  EXPECT_EQ(method_label("mlp", "smote:k_neighbors=3|5"), "tuned-smote");
  EXPECT_EQ(method_label("mlp:threshold=tuned", "random:sampling_strategy=0.5|1"), "tuned-random (t)");
  EXPECT_EQ(method_label("auto-smote:threshold=tuned", "none"), "auto-smote (t)");
  EXPECT_EQ(method_label("mlp:epochs=5,threshold=tuned", "none"), "mlp:epochs=5 + none (t)");
  EXPECT_EQ(method_label("xgboost:threshold=tuned", "none"), "xgboost (t)");
  EXPECT_EQ(method_label("xgboost", "smote"), "xgboost + smote");
}

// Both earlier formats (before the tuning columns; before the parameters column) read, and are
// rewritten once.
TEST(BenchRuns, FilesOfTheEarlierFormatsReadAndAreUpgradedOnce) {
  for (const size_t missing : {size_t(3), size_t(1)}) {
    std::vector<std::string> legacy = bench_columns();
    legacy.resize(legacy.size() - missing);
    std::string header;
    for (size_t i = 0; i < legacy.size(); ++i) header += (i ? "," : "") + legacy[i];
    std::string ok = "d,0011223344556677,mlp,smote,holdout:0.2,0,0,0,ok,";
    for (size_t i = 10; i < legacy.size(); ++i) ok += ",0.5";
    std::string tuned = "d,0011223344556677,mlp:epochs=5,none,holdout:0.2,0,0,0,ok,";
    for (size_t i = 10; i < legacy.size(); ++i) tuned += ",0.5";
    std::string failed =
        "d,0011223344556677,auto-smote,none,holdout:0.2,0,,,error,boom" + std::string(legacy.size() - 10, ',');
    const std::string path = autosmote::testing::write_file(
        "legacy_runs.csv", header + "\n" + ok + "\n" + tuned + "\n" + failed + "\n");
    const auto before = read_bench_runs(path);
    ASSERT_EQ(before.size(), 3u);
    EXPECT_EQ(before[0].model, "mlp");
    EXPECT_EQ(before[1].model, "mlp:epochs=5");
    EXPECT_EQ(before[2].model, "auto-smote");
    EXPECT_DOUBLE_EQ(before[0].values.at("macro_f1"), 0.5);
    EXPECT_DOUBLE_EQ(before[0].values.at("parameters"), 0.0);
    EXPECT_TRUE(upgrade_bench_runs(path));
    EXPECT_FALSE(upgrade_bench_runs(path));
    const auto after = read_bench_runs(path);
    ASSERT_EQ(after.size(), 3u);
    EXPECT_EQ(after[0].model, "mlp");
    EXPECT_EQ(after[1].model, "mlp:epochs=5");
    EXPECT_EQ(after[0].values, before[0].values);
    EXPECT_EQ(after[2].error, "boom");
    std::string today = "d,0011223344556677,mlp,smote,holdout:0.2,1,0,0,ok,";
    for (size_t i = 10; i < bench_columns().size(); ++i) today += ",0.5";
    append_bench_lines(path, today + "\n");  // a line of today's format now appends cleanly
    const auto appended = read_bench_runs(path);
    ASSERT_EQ(appended.size(), 4u);
    EXPECT_EQ(appended[3].values.at("macro_f1"), 0.5);
  }
}

// A candidate that cannot run on the data (a ratio below the one the rows already have) drops
// out of the choice with a warning; a grid where none can run is an InputError.
TEST(Fitting, AGridCandidateThatCannotRunIsLeftOut) {
  const Table table = small_table();  // minority ratio about 0.25
  const auto model = make_classifier("mlp:epochs=5,hidden=4");
  const SamplerGrid grid = parse_sampler_grid("smote:sampling_strategy=0.1|1,cv=2");
  const FittedPipeline f = fit_pipeline(table, first_rows(300), grid, *model, Scaling::kMinMax, 2, {});
  EXPECT_EQ(f.sampler, grid.candidates[1]);
  EXPECT_EQ(f.inner_fits, 2);
  ASSERT_FALSE(f.warnings.empty());
  EXPECT_NE(f.warnings.back().find("sampling_strategy=0.1 left out"), std::string::npos) << f.warnings.back();
  EXPECT_THROW(fit_pipeline(table, first_rows(300), parse_sampler_grid("smote:sampling_strategy=0.05|0.1,cv=2"), *model,
                            Scaling::kMinMax, 2, {}),
               InputError);
}
