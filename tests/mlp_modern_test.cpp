// The modern host (mlp preset=modern, models/mlp_classifier.h): its building blocks, best-epoch
// selection, determinism, and that the paper default and earlier model files are today's bytes.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/error.h"
#include "autosmote/core/runtime.h"
#include "autosmote/data/load.h"
#include "autosmote/data/synthetic.h"
#include "autosmote/eval/fitting.h"
#include "autosmote/eval/metrics.h"
#include "autosmote/models/mlp_classifier.h"
#include "autosmote/preprocess/robust_scaling.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/serialize/model_file.h"
#include "models/mlp_tabular.h"
#include "test_util.h"

using namespace autosmote;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kFixtures = std::string(AUTOSMOTE_SOURCE_DIR) + "/tests/data/";

// 400 synthetic rows, the first 300 the training part; `scrambled` is the same table with the
// other 100 rows (the test part) given flipped labels and absurd values.
struct TestPartTables {
  Table table, scrambled;
  std::vector<int64_t> train;
};
TestPartTables test_part_tables() {
  SyntheticOptions o;
  o.n = 400, o.d = 5, o.weights = {0.8, 0.2}, o.seed = 3;
  TestPartTables t;
  t.table = make_synthetic(o);
  t.scrambled = t.table;
  for (int64_t i = 300; i < t.scrambled.n_rows; ++i) {
    t.scrambled.y[static_cast<size_t>(i)] = 1 - t.scrambled.y[static_cast<size_t>(i)];
    for (auto& col : t.scrambled.columns) col.values[static_cast<size_t>(i)] = 1e6 + static_cast<double>(i);
  }
  for (int64_t i = 0; i < 300; ++i) t.train.push_back(i);
  return t;
}

}  // namespace

TEST(RobustScaling, MedianInterquartileRangeAndSmoothClipping) {
  Matrix x(5, 3);
  for (int64_t i = 0; i < 5; ++i) {
    x.at(i, 0) = static_cast<float>(i);           // median 2, q25 1, q75 3: factor 1/2
    x.at(i, 1) = i == 4 ? 10.0f : 0.0f;           // IQR 0: half the range, 5
    x.at(i, 2) = 7.0f;                            // constant: factor 0
  }
  const RobustScaling s = RobustScaling::fit(x);
  EXPECT_FLOAT_EQ(s.median[0], 2.0f);
  EXPECT_FLOAT_EQ(s.factor[0], 0.5f);
  EXPECT_FLOAT_EQ(s.factor[1], 0.2f);
  EXPECT_FLOAT_EQ(s.factor[2], 0.0f);
  const Matrix t = s.transform(x);
  EXPECT_FLOAT_EQ(t.at(4, 0), 1.0f / std::sqrt(1.0f + 1.0f / 9.0f));
  EXPECT_FLOAT_EQ(t.at(4, 1), 2.0f / std::sqrt(1.0f + 4.0f / 9.0f));
  EXPECT_FLOAT_EQ(t.at(0, 2), 0.0f);
  Matrix far(1, 3);
  far.at(0, 0) = 1e30f;  // smooth clipping keeps every output inside (-3, 3)
  EXPECT_LT(std::fabs(s.transform(far).at(0, 0)), 3.0f + 1e-4f);
  EXPECT_THROW(s.transform(Matrix(1, 2)), InputError);
}

TEST(MlpModern, SchedulesAtTheirEnds) {
  EXPECT_DOUBLE_EQ(schedule_factor(LrSchedule::kConstant, 0.7), 1.0);
  EXPECT_NEAR(schedule_factor(LrSchedule::kCoslog4, 0.0), 0.0, 1e-12);
  EXPECT_NEAR(schedule_factor(LrSchedule::kCoslog4, 1.0), 0.0, 1e-12);
  // log2(1 + 15 t) = 0.5 at the first peak: t = (sqrt(2) - 1) / 15.
  EXPECT_NEAR(schedule_factor(LrSchedule::kCoslog4, (std::sqrt(2.0) - 1.0) / 15.0), 1.0, 1e-12);
  EXPECT_NEAR(schedule_factor(LrSchedule::kCosine, 0.5), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(flat_cos(0.3), 1.0);
  EXPECT_NEAR(flat_cos(0.75), 0.5, 1e-12);
  EXPECT_NEAR(flat_cos(1.0), 0.0, 1e-12);
}

TEST(MlpModern, SpecsRoundTripPerPreset) {
  EXPECT_EQ(make_classifier("mlp")->spec(), "mlp");
  EXPECT_EQ(make_classifier("mlp:preset=paper,hidden=64,epochs=200")->spec(), "mlp");
  EXPECT_EQ(make_classifier("mlp:preset=modern")->spec(), "mlp:preset=modern");
  EXPECT_EQ(make_classifier("mlp:preset=modern,hidden=128,layers=2")->spec(), "mlp:preset=modern");
  EXPECT_EQ(make_classifier("mlp:preset=modern,hidden=256,layers=3")->spec(), "mlp:preset=modern,hidden=256,layers=3");
  const std::string mixed = "mlp:embedding=plr,dropout=0.1,select_epoch=best";  // the paper's with modern keys
  EXPECT_EQ(make_classifier(mixed)->spec(), mixed);
  const std::string modern_off = "mlp:preset=modern,input=none,embedding=none,front_scale=off,ntk=off,schedule=constant";
  EXPECT_EQ(make_classifier(modern_off)->spec(), modern_off);
  EXPECT_THROW(make_classifier("mlp:preset=fancy"), SpecError);
  EXPECT_THROW(make_classifier("mlp:dropout=1"), SpecError);
  // auto-smote's classifier stays the paper's network: its spec is unchanged, the modern keys refused.
  EXPECT_EQ(make_classifier("auto-smote")->spec(), "auto-smote");
  EXPECT_EQ(make_classifier("auto-smote:hidden=32")->spec(), "auto-smote:hidden=32");
  for (const char* bad : {"auto-smote:embedding=pbld", "auto-smote:preset=modern", "auto-smote:select_epoch=best"}) {
    try {
      make_classifier(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const SpecError& e) {
      EXPECT_NE(std::string(e.what()).find("paper's network"), std::string::npos) << e.what();
    }
  }
}

// A model file written by the build before the modern preset loads and predicts the bytes it
// predicted then, and the paper's network (the default) trains the same weights today.
TEST(MlpModern, ThePaperDefaultAndEarlierModelFilesAreTodaysBytes) {
  const std::string old_file = kFixtures + "paper_mlp_v1.model";
  const Table data = load_table("synthetic:n=200,d=4,seed=1");
  const TrainedModel old_model = load_model(old_file);
  EXPECT_EQ(old_model.classifier->spec(), "mlp:hidden=4,epochs=5,threshold=tuned");
  const std::string predictions = autosmote::testing::temp_path("paper_v1_predictions.csv");
  write_predictions(predictions, old_model, predict_proba(old_model, data), /*with_proba=*/true);
  EXPECT_EQ(read_text(predictions), read_text(kFixtures + "paper_mlp_v1_predictions.csv"));

  TrainConfig config;
  config.model_spec = "mlp:hidden=4,epochs=5,threshold=tuned";
  config.seed = 0;
  const TrainedModel retrained = train_model(data, config);
  EXPECT_EQ(retrained.classifier->state().dump(), old_model.classifier->state().dump());
  EXPECT_EQ(retrained.classifier->offsets(), old_model.classifier->offsets());
}

// The held-out fit keeps its best epoch's weights; a fit of the same rows and seed stopped at that
// epoch's share of the same schedule ends with the same weights (the held-out scoring draws nothing).
TEST(MlpModern, StoppingAtTheBestEpochReproducesTheHeldOutFit) {
  Matrix x, xh;
  Labels y, yh;
  autosmote::testing::two_blobs(150, 40, 4, 1.0, 4, &x, &y);
  autosmote::testing::two_blobs(60, 20, 4, 1.0, 5, &xh, &yh);
  const std::string spec = "mlp:preset=modern,hidden=16,layers=2,epochs=12,batch=32,lr=0.2";
  auto held = make_classifier(spec);
  FitContext with_holdout;
  with_holdout.seed = 3;
  with_holdout.holdout_x = &xh;
  with_holdout.holdout_y = &yh;
  held->fit(x, y, 2, with_holdout);
  const double share = held->best_share();
  ASSERT_GT(share, 0.0);
  ASSERT_LE(share, 1.0);
  const auto best = static_cast<int64_t>(std::lround(share * 12));
  EXPECT_EQ(held->state()["epochs_trained"].get<int64_t>(), best);
  auto stopped = make_classifier(spec);
  FitContext stop;
  stop.seed = 3;
  stop.stop_share = share;
  stopped->fit(x, y, 2, stop);
  EXPECT_EQ(stopped->state()["params"].dump(), held->state()["params"].dump());
  EXPECT_EQ(stopped->best_share(), 0.0);  // no held-out rows: nothing selected
  EXPECT_EQ(stopped->state()["epochs_trained"].get<int64_t>(), best);
  // Without held-out rows select_epoch=best trains every epoch: not the same weights as stopping early.
  if (best < 12) {
    auto full = make_classifier(spec);
    FitContext all;
    all.seed = 3;
    full->fit(x, y, 2, all);
    EXPECT_NE(full->state()["params"].dump(), held->state()["params"].dump());
  }
}

// The epoch count comes from training rows only: the rows a run is scored on never reach it.
TEST(MlpModern, BestEpochSelectionNeverSeesTheTestRows) {
  const TestPartTables t = test_part_tables();
  const Table& table = t.table;
  const Table& scrambled = t.scrambled;
  const std::vector<int64_t>& train = t.train;
  for (const char* spec : {"mlp:preset=modern,hidden=8,layers=1,epochs=10,refit=on",
                           "mlp:preset=modern,hidden=8,layers=1,epochs=10,threshold=tuned,refit=on"}) {
    const auto model = make_classifier(spec);
    const SamplerGrid none = parse_sampler_grid("none");
    const FittedPipeline a = fit_pipeline(table, train, none, *model, Scaling::kMinMax, 7, {});
    const FittedPipeline b = fit_pipeline(scrambled, train, none, *model, Scaling::kMinMax, 7, {});
    EXPECT_EQ(a.inner_fits, 1) << spec;
    EXPECT_EQ(a.classifier->best_share(), 0.0) << "the final fit selects nothing itself";
    const int64_t trained = a.classifier->state()["epochs_trained"].get<int64_t>();
    EXPECT_GE(trained, 1);
    EXPECT_LE(trained, 10);
    EXPECT_EQ(a.classifier->state().dump(), b.classifier->state().dump()) << spec;
    EXPECT_EQ(a.classifier->offsets(), b.classifier->offsets()) << spec;
  }
}

// refit=off: the held-out fit is the model (its rows: the training part less the held-out
// quarter), with offsets tuned on its own predictions; the test part still reaches nothing.
TEST(MlpModern, RefitOffKeepsTheHeldOutFitAndNeverSeesTheTestRows) {
  const TestPartTables t = test_part_tables();
  const Table& table = t.table;
  const Table& scrambled = t.scrambled;
  const std::vector<int64_t>& train = t.train;
  const SamplerGrid none = parse_sampler_grid("none");
  // The modern preset's default (refit=off), and the paper's network with the key.
  for (const std::string spec : {"mlp:preset=modern,hidden=8,layers=1,epochs=10",
                                 "mlp:preset=modern,hidden=8,layers=1,epochs=10,threshold=tuned",
                                 "mlp:epochs=10,threshold=tuned,refit=off"}) {
    const auto model = make_classifier(spec);
    ASSERT_EQ(model->spec(), spec);
    ASSERT_FALSE(model->refits());
    const FittedPipeline a = fit_pipeline(table, train, none, *model, Scaling::kMinMax, 7, {});
    const FittedPipeline b = fit_pipeline(scrambled, train, none, *model, Scaling::kMinMax, 7, {});
    EXPECT_EQ(a.inner_fits, 0) << spec;
    EXPECT_EQ(a.resampled.y.size(), 225u) << spec << ": trained on the 75% not held out";
    EXPECT_EQ(a.classifier->state().dump(), b.classifier->state().dump()) << spec;
    EXPECT_EQ(a.classifier->offsets(), b.classifier->offsets()) << spec;
    EXPECT_EQ(a.classifier->offsets().size(), model->threshold() == Threshold::kTuned ? 2u : 0u) << spec;
    // The same spec with a refit trains on all 300 rows: other weights.
    const size_t off = spec.find(",refit=off");
    const std::string refit = off == std::string::npos ? spec + ",refit=on" : spec.substr(0, off);
    const FittedPipeline c = fit_pipeline(table, train, none, *make_classifier(refit), Scaling::kMinMax, 7, {});
    EXPECT_EQ(c.resampled.y.size(), 300u);
    EXPECT_NE(a.classifier->state().dump(), c.classifier->state().dump()) << spec;
  }
  // With a sampler grid the winner gets its own held-out fit, which is the model.
  const auto model = make_classifier("mlp:epochs=10,threshold=tuned,refit=off");
  const FittedPipeline g =
      fit_pipeline(table, train, parse_sampler_grid("random:sampling_strategy=0.5|1"), *model, Scaling::kMinMax, 7, {});
  EXPECT_EQ(g.inner_fits, 2 * 3);  // the grid's two candidates on three folds
  EXPECT_LT(g.resampled.y.size(), 300u + 120u);
}

// max_steps caps the planned epochs by the rows' steps per epoch, never below one epoch.
TEST(MlpModern, MaxStepsPlansFewerEpochsForMoreRows) {
  MlpOptions o = MlpOptions::for_preset(MlpPreset::kModern);
  o.epochs = 256, o.batch = 256, o.max_steps = 4096;
  EXPECT_EQ(planned_epochs(o, 200), 256);       // one step an epoch
  EXPECT_EQ(planned_epochs(o, 256 * 16), 256);  // 16 steps x 256 = 4096
  EXPECT_EQ(planned_epochs(o, 256 * 32), 128);
  EXPECT_EQ(planned_epochs(o, 100000000), 1);
  o.max_steps = 0;
  EXPECT_EQ(planned_epochs(o, 100000000), 256);
}

TEST(MlpModern, ErrorsNameTheProblem) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(40, 10, 3, 1.0, 6, &x, &y);
  auto clf = make_classifier("mlp:preset=modern,epochs=2,hidden=8,layers=1");
  clf->fit(x, y, 2, FitContext{});
  try {
    clf->predict_proba(Matrix(2, 5));
    ADD_FAILURE() << "a wrong width was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "mlp: the data has 5 columns after preprocessing, the model expects 3");
  }
  // select_epoch=best without room to hold rows out (a class of one row): every epoch, a warning.
  SyntheticOptions o;
  o.n = 60, o.d = 3, o.weights = {0.8, 0.2}, o.seed = 2;
  const Table table = make_synthetic(o);
  std::vector<int64_t> rows;
  bool one_positive = false;
  for (int64_t i = 0; i < table.n_rows; ++i)
    if (table.y[static_cast<size_t>(i)] == 0 || !one_positive) {
      one_positive |= table.y[static_cast<size_t>(i)] == 1;
      rows.push_back(i);
    }
  const auto model = make_classifier("mlp:preset=modern,epochs=3,hidden=4,layers=1");
  const FittedPipeline f = fit_pipeline(table, rows, parse_sampler_grid("none"), *model, Scaling::kMinMax, 1, {});
  EXPECT_EQ(f.inner_fits, 0);
  ASSERT_FALSE(f.warnings.empty());
  EXPECT_EQ(f.warnings.back().rfind("select_epoch=best: every epoch trained: ", 0), 0u) << f.warnings.back();
  EXPECT_EQ(f.classifier->state()["epochs_trained"].get<int64_t>(), 3);
}

TEST(MlpModern, SameSeedSameBytesAtOneAndTwoThreads) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(300, 60, 6, 1.0, 2, &x, &y);
  auto fit = [&](int threads, uint64_t seed) {
    set_threads(threads);
    auto clf = make_classifier("mlp:preset=modern,epochs=4,hidden=32");
    FitContext ctx;
    ctx.seed = seed;
    clf->fit(x, y, 2, ctx);
    return clf->state().dump();
  };
  const auto one = fit(1, 1), two = fit(2, 1), other = fit(1, 2);
  set_threads(0);
  EXPECT_EQ(one, two);
  EXPECT_NE(one, other);
}

TEST(MlpModern, EveryEmbeddingLearnsAndRoundTripsThroughTheModelFile) {
  SyntheticOptions o;
  o.n = 600, o.d = 6, o.weights = {0.7, 0.3}, o.seed = 8;
  const Table table = make_synthetic(o);
  for (const char* spec : {"mlp:preset=modern,epochs=20,hidden=32", "mlp:preset=modern,epochs=20,hidden=32,embedding=plr",
                           "mlp:preset=modern,epochs=20,hidden=32,embedding=none,input=none,ntk=off,activation=mish"}) {
    TrainConfig config;
    config.model_spec = spec;
    config.seed = 1;
    const TrainedModel m = train_model(table, config);
    const Matrix p = predict_proba(m, table);
    EXPECT_GT(compute_metrics(table.y, p, 1).roc_auc, 0.75) << spec;  // the paper's net, 20 epochs: 0.82
    EXPECT_GT(m.classifier->parameter_count(), 0) << spec;
    const std::string path = autosmote::testing::temp_path("modern.model");
    save_model(path, m);
    const TrainedModel back = load_model(path);
    EXPECT_EQ(back.classifier->spec(), m.classifier->spec());
    EXPECT_EQ(predict_proba(back, table).data, p.data) << spec;
  }
}
