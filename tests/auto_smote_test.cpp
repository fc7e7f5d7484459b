#include "autosmote/models/auto_smote.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/data/load.h"
#include "autosmote/eval/experiment.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"
#include "autosmote/serialize/model_file.h"
#include "autosmote/core/random.h"
#include "models/auto_smote/fitted.h"
#include "models/auto_smote/neighbourhood.h"
#include "models/auto_smote/policy_sizes.h"
#include "nn/candidates.h"
#include "nn/gumbel.h"
#include "nn/torch_utils.h"
#include "test_util.h"

using namespace autosmote;

namespace {

AutoSmote& as_auto(Classifier& c) { return dynamic_cast<AutoSmote&>(c); }

void small_data(Matrix* x, Labels* y) { autosmote::testing::two_blobs(120, 24, 3, 1.0, 31, x, y); }

at::Tensor x_rows(const AutoSmote::Impl& m, const at::Tensor& positions) {
  return m.x_device.index_select(0, m.anchor_rows.index_select(0, positions));
}

TEST(Gumbel, ForwardIsOneHotAndGradientFlows) {
  at::Generator gen = make_generator(1);
  at::Tensor logits = at::randn({6, 4}, gen).set_requires_grad(true);
  const at::Tensor noise = -(-at::rand({6, 4}, gen).log()).log();
  const at::Tensor z = straight_through_gumbel(logits + noise, 0.5);
  const at::Tensor zc = z.detach();
  EXPECT_TRUE(at::all((zc == 0) | (zc == 1)).item<bool>());
  EXPECT_TRUE(at::all(zc.sum(1) == 1).item<bool>());
  EXPECT_TRUE(at::equal(zc.argmax(1), (logits + noise).detach().argmax(1)));
  (z * at::arange(4, at::kFloat)).sum().backward();
  EXPECT_GT(logits.grad().abs().sum().item<double>(), 0.0);
}

TEST(Candidates, HandComputed) {
  // One anchor x = (0, 10); neighbours n1 = (2, 4), n2 = (-1, 12), n3 = (5, 0).
  const at::Tensor x = at::tensor({0.0f, 10.0f}).view({1, 2});
  const at::Tensor nb = at::tensor({2.0f, 4.0f, -1.0f, 12.0f, 5.0f, 0.0f}).view({1, 3, 2});
  const at::Tensor mx = max_candidates(x, nb), mn = min_candidates(x, nb), mean = mean_candidates(x, nb);
  const float exp_max[3][2] = {{2, 10}, {2, 12}, {5, 12}};
  const float exp_min[3][2] = {{0, 4}, {-1, 4}, {-1, 0}};
  const float exp_mean[3][2] = {{1, 7}, {1.0f / 3, 26.0f / 3}, {1.5f, 6.5f}};
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 2; ++j) {
      EXPECT_FLOAT_EQ(mx[0][k][j].item<float>(), exp_max[k][j]) << k << "," << j;
      EXPECT_FLOAT_EQ(mn[0][k][j].item<float>(), exp_min[k][j]) << k << "," << j;
      EXPECT_FLOAT_EQ(mean[0][k][j].item<float>(), exp_mean[k][j]) << k << "," << j;
    }
  // interpolate with picks n1, n1, n3 at lambda 0.5, 0.25, 1.
  const at::Tensor picked = at::tensor({2.0f, 4.0f, 2.0f, 4.0f, 5.0f, 0.0f}).view({1, 3, 2});
  const at::Tensor lam = at::tensor({0.5f, 0.25f, 1.0f}).view({1, 3, 1});
  const at::Tensor in = interpolate_candidates(x, picked, lam);
  EXPECT_FLOAT_EQ(in[0][0][0].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(in[0][0][1].item<float>(), 7.0f);
  EXPECT_FLOAT_EQ(in[0][1][0].item<float>(), 0.5f);
  EXPECT_FLOAT_EQ(in[0][1][1].item<float>(), 8.5f);
  EXPECT_FLOAT_EQ(in[0][2][0].item<float>(), 5.0f);
  EXPECT_FLOAT_EQ(in[0][2][1].item<float>(), 0.0f);
}

TEST(Candidates, CompositionPicksTheChosenCandidateAndOptOutCopiesTheAnchor) {
  const at::Tensor x = at::tensor({1.0f, 1.0f, 7.0f, 7.0f}).view({2, 2});
  const at::Tensor c0 = at::arange(8, at::kFloat).view({2, 2, 2});          // aggregation 0, K = 2
  const at::Tensor c1 = at::arange(8, at::kFloat).view({2, 2, 2}) + 100;    // aggregation 1
  const at::Tensor zp = at::tensor({0.0f, 1.0f, 1.0f, 0.0f}).view({2, 2});  // row 0 takes part, row 1 opts out
  const at::Tensor zk = at::tensor({0.0f, 1.0f, 1.0f, 0.0f}).view({2, 2});
  const at::Tensor za = at::tensor({0.0f, 1.0f, 1.0f, 0.0f}).view({2, 2});
  const at::Tensor s = compose_synthetic(zp, zk, za, {c0, c1}, x);
  EXPECT_FLOAT_EQ(s[0][0].item<float>(), 102.0f);  // c1[0][k=1]
  EXPECT_FLOAT_EQ(s[0][1].item<float>(), 103.0f);
  EXPECT_FLOAT_EQ(s[1][0].item<float>(), 7.0f);  // its own row
  EXPECT_FLOAT_EQ(s[1][1].item<float>(), 7.0f);
}

// Without autograd synthesize makes only each anchor's chosen candidate; with it, the relaxed
// composition of every candidate. Same noise, same decisions: the same rows (to float rounding).
TEST(AutoSmote, ChosenRowsAreTheRelaxedCompositionsRows) {
  Matrix x;
  Labels y;
  small_data(&x, &y);
  for (const std::string spec :
       {"auto-smote", "auto-smote:positions=uniform,variant=self", "auto-smote:aggregations=interpolate/max/min/mean",
        "auto-smote:aggregations=max/mean", "auto-smote:participation=skip,amounts=0/0.5/1.5"}) {
    SCOPED_TRACE(spec);
    ParamReader reader(Spec::parse(spec), "model");
    const AutoSmoteOptions options = AutoSmoteOptions::read(reader);
    AutoSmote::Impl m;
    m.in = x.cols;
    m.classes = 2;
    m.train_x = x;
    m.train_y = y;
    m.n_new = {0, 96};
    m.neighbours = neighbourhood_size({120, 24}, m.n_new, options.k_max);
    Rng rng(3);
    m.anchors = prepare_anchors(x, y, m.n_new, m.neighbours, options, rng);
    at::Generator init = make_generator(5);
    m.policy = PolicyNet(m.anchors.input_width, 16, head_sizes_of(options, m.neighbours));
    m.policy->reset(init);
    m.upload(m.anchors);
    m.set_decision_tensors(options);
    const at::Tensor positions = at::arange(m.anchors.size(), at::TensorOptions().dtype(at::kLong));
    at::Generator g1 = make_generator(9), g2 = make_generator(9);
    const Decisions relaxed = m.synthesize(options, positions, 1.0, g1);
    ASSERT_TRUE(relaxed.rows.requires_grad());
    at::NoGradGuard no_grad;
    const Decisions chosen = m.synthesize(options, positions, 1.0, g2);
    EXPECT_TRUE(at::equal(relaxed.k, chosen.k));
    EXPECT_TRUE(at::equal(relaxed.participated, chosen.participated));
    EXPECT_TRUE(at::equal(relaxed.aggregation, chosen.aggregation));
    EXPECT_TRUE(at::equal(relaxed.labels, chosen.labels));
    EXPECT_TRUE(at::allclose(relaxed.keep.detach(), chosen.keep, 0, 1e-6));
    EXPECT_TRUE(at::allclose(relaxed.rows.detach(), chosen.rows, 1e-5, 1e-6));
    // Not every anchor copies itself: the rows are real candidates.
    EXPECT_GT((chosen.rows - x_rows(m, positions)).abs().sum().item<double>(), 0.0);
  }
}

TEST(AutoSmote, SpecRoundTripAndValidation) {
  const std::string s = make_classifier("auto-smote:variant=self,aggregations=interpolate/max/min,epochs=3")->spec();
  EXPECT_EQ(s, "auto-smote:variant=self,aggregations=interpolate/max/min,epochs=3");
  EXPECT_EQ(make_classifier(s)->spec(), s);
  EXPECT_EQ(make_classifier("auto-smote")->spec(), "auto-smote");
  EXPECT_EQ(make_oversampler("auto-smote:k_max=3")->spec(), "auto-smote:k_max=3");
  EXPECT_THROW(make_classifier("auto-smote:aggregations=median"), SpecError);
  EXPECT_THROW(make_classifier("auto-smote:aggregations=max/max"), SpecError);
  EXPECT_THROW(make_classifier("auto-smote:variant=group"), SpecError);
  EXPECT_THROW(make_classifier("auto-smote:cohorts=0"), SpecError);
  EXPECT_THROW(make_classifier("auto-smote:bogus=1"), SpecError);
}

TEST(AutoSmote, PolicyLearnsFromTheClassifierLoss) {
  Matrix x;
  Labels y;
  small_data(&x, &y);
  auto learned = make_classifier("auto-smote:epochs=2,aggregations=interpolate/max,objective=joint");
  auto random = make_classifier("auto-smote:epochs=2,aggregations=interpolate/max,objective=joint,policy=random");
  learned->fit(x, y, 2, FitContext{});
  random->fit(x, y, 2, FitContext{});  // same seed: same initial policy, never updated
  const auto a = as_auto(*learned).policy_groups(), b = as_auto(*random).policy_groups();
  ASSERT_EQ(a.size(), b.size());
  double diff = 0;
  for (size_t g = 0; g < a.size(); ++g) {
    diff += std::fabs(a[g].participation - b[g].participation);
    for (size_t j = 0; j < a[g].k_probs.size(); ++j) diff += std::fabs(a[g].k_probs[j] - b[g].k_probs[j]);
  }
  EXPECT_GT(diff, 1e-3) << "the policy's parameters received no gradient";
}

TEST(AutoSmote, CohortMembersShareDecisionsSelfRowsDoNot) {
  Matrix x;
  Labels y;
  small_data(&x, &y);
  auto cohort = make_classifier("auto-smote:epochs=1,cohorts=3");
  cohort->fit(x, y, 2, FitContext{});
  std::map<int64_t, double> by_group;
  for (const auto& r : as_auto(*cohort).row_policies()) {
    if (by_group.count(r.group)) {
      EXPECT_DOUBLE_EQ(by_group[r.group], r.participation);
    }
    by_group[r.group] = r.participation;
  }
  EXPECT_EQ(by_group.size(), 3u);
  EXPECT_EQ(as_auto(*cohort).policy_groups().size(), 3u);
  auto self = make_classifier("auto-smote:epochs=1,variant=self");
  self->fit(x, y, 2, FitContext{});
  const auto rows = as_auto(*self).row_policies();
  ASSERT_EQ(rows.size(), 24u);
  bool any_diff = false;
  for (const auto& r : rows) any_diff = any_diff || r.participation != rows[0].participation;
  EXPECT_TRUE(any_diff);
}

TEST(AutoSmote, SyntheticRowsPerClassMatchTheStrategy) {
  Matrix x;
  Labels y;
  small_data(&x, &y);
  auto m = make_classifier("auto-smote:epochs=2,sampling_strategy=0.5,amounts=1");
  m->fit(x, y, 2, FitContext{});
  for (const auto& e : as_auto(*m).diagnostics()) {
    int64_t total = 0;
    for (auto v : e.k_histogram) total += v;
    EXPECT_EQ(total, 36);  // round(0.5 * 120) - 24
  }
  const Resampled r = as_auto(*m).generate({0, 36}, 5);
  EXPECT_EQ(r.x.rows, 36);
  for (auto v : r.y) EXPECT_EQ(v, 1);
  // As a sampler: original rows first, then exactly the requested rows.
  Rng rng(0);
  const Resampled s = make_oversampler("auto-smote:epochs=2")->fit_resample(x, y, 2, rng);
  EXPECT_EQ(class_counts(s.y, 2), (std::vector<int64_t>{120, 120}));
  EXPECT_TRUE(std::equal(x.data.begin(), x.data.end(), s.x.data.begin()));
}

TEST(AutoSmote, SameSeedSameModelAndSaveLoadRoundTrip) {
  const Table t = load_table("synthetic:n=400,d=4,weights=0.85/0.15,seed=3");
  TrainConfig cfg;
  cfg.model_spec = "auto-smote:epochs=5,aggregations=interpolate/max/min";
  const TrainedModel a = train_model(t, cfg), b = train_model(t, cfg);
  EXPECT_EQ(a.classifier->state().dump(), b.classifier->state().dump());
  const std::string path = autosmote::testing::temp_path("auto_smote_model.json");
  save_model(path, a);
  const TrainedModel loaded = load_model(path);
  EXPECT_EQ(predict_proba(a, t).data, predict_proba(loaded, t).data);
  const auto names = a.preprocessor.output_names();
  EXPECT_EQ(explain_text(as_auto(*a.classifier), a.class_names, names),
            explain_text(as_auto(*loaded.classifier), loaded.class_names, names));
  EXPECT_EQ(explain_json(as_auto(*a.classifier), a.class_names, names).dump(),
            explain_json(as_auto(*loaded.classifier), loaded.class_names, names).dump());
  cfg.seed = 1;
  EXPECT_NE(train_model(t, cfg).classifier->state().dump(), a.classifier->state().dump());
}

TEST(AutoSmote, BeatsPlainMlpOnMinorityF1WhereTheMinorityIsHard) {
  // 5% minority with overlap: a plain MLP favours the majority.
  const Table t = load_table("synthetic:n=2000,d=8,weights=0.95/0.05,class_sep=0.7,seed=4");
  auto minority_f1 = [&](const std::string& model) {
    ExperimentConfig cfg;
    cfg.model_spec = model;
    cfg.seeds = {0, 1};
    return run_experiment(t, cfg).summary("minority_f1").first;
  };
  const double mlp = minority_f1("mlp:epochs=60");
  const double auto_smote = minority_f1("auto-smote:epochs=60");
  EXPECT_GT(auto_smote, mlp + 0.05) << "mlp " << mlp << " auto-smote " << auto_smote;
  std::printf("minority F1: mlp %.3f, auto-smote %.3f\n", mlp, auto_smote);
}

}  // namespace

namespace autosmote {
namespace {

TEST(AutoSmote, DangerParticipationCorrelation) {
  auto groups = [](std::vector<double> danger, std::vector<double> part) {
    std::vector<PolicyGroup> g(danger.size());
    for (size_t i = 0; i < g.size(); ++i) g[i].other_class_share = danger[i], g[i].participation = part[i];
    return g;
  };
  EXPECT_DOUBLE_EQ(danger_participation_correlation(groups({0.1, 0.5, 0.9}, {0.2, 0.4, 0.8})), 1.0);
  EXPECT_DOUBLE_EQ(danger_participation_correlation(groups({0.1, 0.5, 0.9}, {0.8, 0.4, 0.2})), -1.0);
  // Ranks 1,2,3,4 against 2,1,4,3: 1 - 6 * 4 / (4 * 15) = 0.6.
  EXPECT_NEAR(danger_participation_correlation(groups({0.1, 0.2, 0.3, 0.4}, {0.5, 0.4, 0.9, 0.8})), 0.6, 1e-12);
  EXPECT_TRUE(std::isnan(danger_participation_correlation(groups({0.1, 0.5, 0.9}, {0.5, 0.5, 0.5}))));
  EXPECT_TRUE(std::isnan(danger_participation_correlation(groups({0.1, 0.5}, {0.2, 0.4}))));
}

}  // namespace
}  // namespace autosmote

namespace {

TEST(AutoSmote, OptionsOfTheAblationRoundTripAndValidate) {
  const std::string s =
      "auto-smote:positions=uniform,objective=joint,participation=skip,inputs=geometry,entropy=0.01,"
      "warmup=3,lookahead_every=1,epochs=3";
  const std::string canonical = make_classifier(s)->spec();
  EXPECT_EQ(make_classifier(canonical)->spec(), canonical);
  for (const char* key : {"objective=joint", "participation=skip", "inputs=geometry", "positions=uniform",
                          "entropy=0.01", "warmup=3", "lookahead_every=1"})
    EXPECT_NE(canonical.find(key), std::string::npos) << key << " missing from " << canonical;
  EXPECT_THROW(make_classifier("auto-smote:val_fraction=0.2"), SpecError);  // measured and removed
  EXPECT_THROW(make_classifier("auto-smote:reject=on"), SpecError);         // measured and removed
  EXPECT_THROW(make_classifier("auto-smote:positions=bins,aggregations=max"), SpecError);
  EXPECT_THROW(make_classifier("auto-smote:participation=maybe"), SpecError);
  EXPECT_THROW(make_classifier("auto-smote:entropy=-1"), SpecError);
  EXPECT_THROW(make_classifier("auto-smote:lookahead_every=0"), SpecError);
  EXPECT_EQ(make_classifier("auto-smote:lookahead_every=4")->spec(), "auto-smote");  // the default
}

TEST(AutoSmote, OptionsReadIntoEnums) {
  ParamReader reader(Spec::parse("auto-smote:variant=self,anneal=exponential,policy=random,objective=joint,"
                                 "participation=skip,inputs=geometry,positions=uniform"),
                     "model 'auto-smote'");
  const AutoSmoteOptions o = AutoSmoteOptions::read(reader);
  EXPECT_EQ(o.variant, AutoSmoteVariant::kSelf);
  EXPECT_EQ(o.anneal, TauAnneal::kExponential);
  EXPECT_EQ(o.policy, PolicyMode::kRandom);
  EXPECT_EQ(o.objective, PolicyObjective::kJoint);
  EXPECT_EQ(o.participation, ParticipationMode::kSkip);
  EXPECT_EQ(o.inputs, PolicyInputs::kGeometry);
  EXPECT_EQ(o.positions, PositionMode::kUniform);
  EXPECT_EQ(o.spec(),
            "auto-smote:variant=self,anneal=exponential,policy=random,objective=joint,participation=skip,"
            "inputs=geometry,positions=uniform");
  const AutoSmoteOptions defaults;
  EXPECT_EQ(defaults.variant, AutoSmoteVariant::kCohort);
  EXPECT_EQ(defaults.positions, PositionMode::kBins);
  EXPECT_EQ(defaults.objective, PolicyObjective::kValidation);
  EXPECT_EQ(defaults.heldout_folds, 3);
  EXPECT_EQ(defaults.amounts, std::vector<double>{1.0});
  EXPECT_EQ(defaults.spec(), "auto-smote");
}

TEST(AutoSmote, AnchorsAreTheMinorityRowsWithSameClassNeighbours) {
  Matrix x;
  Labels y;
  small_data(&x, &y);  // 120 rows of class 0, 24 of class 1
  const std::vector<int64_t> n_new = {0, 96};
  const auto counts = class_counts(y, 2);
  EXPECT_EQ(neighbourhood_size(counts, n_new, 5), 5);
  EXPECT_EQ(neighbourhood_size(counts, n_new, 50), 23);  // the class's rows - 1
  EXPECT_EQ(neighbourhood_size({10, 1}, {0, 9}, 5), 1);  // a single row: K stays 1
  ParamReader reader(Spec::parse("auto-smote:cohorts=3,inputs=geometry"), "model 'auto-smote'");
  const AutoSmoteOptions options = AutoSmoteOptions::read(reader);
  Rng rng(4);
  const AnchorSet anchors = prepare_anchors(x, y, n_new, 5, options, rng);
  ASSERT_EQ(anchors.size(), 24);
  EXPECT_EQ(anchors.input_width, x.cols + 3);
  EXPECT_EQ(anchors.policy_inputs.size(), static_cast<size_t>(24 * (x.cols + 3)));
  EXPECT_TRUE(anchors.class_positions[0].empty());
  EXPECT_EQ(anchors.class_positions[1].size(), 24u);
  ASSERT_EQ(anchors.groups.size(), 3u);
  int64_t grouped = 0;
  for (const auto& g : anchors.groups) {
    EXPECT_EQ(g.class_index, 1);
    EXPECT_GE(g.other_class_share, 0.0);
    EXPECT_LE(g.other_class_share, 1.0);
    grouped += g.size;
  }
  EXPECT_EQ(grouped, 24);
  ASSERT_EQ(anchors.neighbour_rows.size(), static_cast<size_t>(24 * 5));
  for (int64_t i = 0; i < anchors.size(); ++i) {
    EXPECT_EQ(y[anchors.rows[i]], 1);
    EXPECT_EQ(anchors.classes[i], 1);
    EXPECT_EQ(anchors.own_neighbours[i], 5);
    for (int64_t j = 0; j < 5; ++j) {
      const int64_t neighbour = anchors.neighbour_rows[i * 5 + j];
      EXPECT_EQ(y[neighbour], 1);
      EXPECT_NE(neighbour, anchors.rows[i]);
    }
    // Cohort members share their centroid as the policy's input.
    const PolicyGroup& g = anchors.groups[anchors.group_of[i]];
    for (int64_t j = 0; j < x.cols; ++j) EXPECT_EQ(anchors.policy_inputs[i * anchors.input_width + j], g.centroid[j]);
  }
}

TEST(AutoSmote, FitNewRowsMakesExactlyTheGivenRows) {
  Matrix x;
  Labels y;
  small_data(&x, &y);
  AutoSmote model(AutoSmoteOptions{});
  FitContext ctx;
  ctx.seed = 2;
  EXPECT_THROW(model.fit_new_rows(x, y, 2, ctx, {0}), InputError);
  ParamReader reader(Spec::parse("auto-smote:epochs=2,amounts=1"), "model 'auto-smote'");
  AutoSmote fitted(AutoSmoteOptions::read(reader));
  fitted.fit_new_rows(x, y, 2, ctx, {0, 7});
  for (const auto& e : fitted.diagnostics()) {
    int64_t rows = 0;
    for (int64_t v : e.k_histogram) rows += v;
    EXPECT_EQ(rows, 7);
  }
  const Resampled out = fitted.generate({0, 7}, 3);
  EXPECT_EQ(out.y, Labels(7, 1));
}

TEST(AutoSmote, EveryOptionTrainsSavesAndGeneratesExactCounts) {
  const Table t = load_table("synthetic:n=300,d=4,weights=0.8/0.2,seed=5");
  for (const char* spec :
       {"auto-smote:epochs=3,objective=validation", "auto-smote:epochs=3,objective=validation,participation=skip",
        "auto-smote:epochs=3,variant=self,inputs=geometry,positions=bins,entropy=0.1,warmup=1"}) {
    TrainConfig cfg;
    cfg.model_spec = spec;
    const TrainedModel a = train_model(t, cfg);
    const std::string path = autosmote::testing::temp_path("auto_smote_options.json");
    save_model(path, a);
    EXPECT_EQ(predict_proba(a, t).data, predict_proba(load_model(path), t).data) << spec;
    AutoSmote& m = as_auto(*a.classifier);
    for (const auto& e : m.diagnostics()) {
      EXPECT_GE(e.participation_rate, 0.0);
      EXPECT_LE(e.participation_rate, 1.0);
    }
    const Resampled r = m.generate({0, 40}, 3);  // skip still gives exactly the rows asked for
    EXPECT_EQ(r.x.rows, 40) << spec;
    for (float v : r.x.data) EXPECT_TRUE(std::isfinite(v));
  }
}

TEST(AutoSmote, ValidationObjectiveTrainsThePolicyAndWarmupFreezesIt) {
  Matrix x;
  Labels y;
  small_data(&x, &y);
  auto policy_of = [&](const std::string& spec) {
    auto m = make_classifier(spec);
    m->fit(x, y, 2, FitContext{});
    return as_auto(*m).policy_groups();
  };
  auto distance = [](const std::vector<PolicyGroup>& a, const std::vector<PolicyGroup>& b) {
    double d = 0;
    for (size_t g = 0; g < a.size(); ++g) {
      d += std::fabs(a[g].participation - b[g].participation);
      for (size_t j = 0; j < a[g].k_probs.size(); ++j) d += std::fabs(a[g].k_probs[j] - b[g].k_probs[j]);
    }
    return d;
  };
  const auto random = policy_of("auto-smote:epochs=3,objective=validation,participation=skip,policy=random");
  EXPECT_GT(distance(policy_of("auto-smote:epochs=3,objective=validation,participation=skip"), random), 1e-3);
  EXPECT_EQ(distance(policy_of("auto-smote:epochs=3,objective=validation,participation=skip,warmup=3"), random), 0.0);
}

TEST(AutoSmote, SkipParticipationMakesSkippedRowsCountForNothing) {
  // With participation=skip the joint objective's only gradient on participation is the training
  // loss of the rows, so it can only push participation down (the collapse the validation
  // objective exists to avoid).
  Matrix x;
  Labels y;
  small_data(&x, &y);
  auto m = make_classifier("auto-smote:epochs=30,participation=skip,lr=0.05,objective=joint,entropy=0");
  m->fit(x, y, 2, FitContext{});
  const auto& d = as_auto(*m).diagnostics();
  EXPECT_LT(d.back().participation_rate, d.front().participation_rate);
}

}  // namespace
