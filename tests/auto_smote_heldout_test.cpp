// AutoSMOTE with a held-out signal and the amount decision (issue 14): the search's classifier
// never trains on the rows its policy is scored on, the same seed gives the same bytes, and each
// control is the same configuration with one decision replaced.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <nlohmann/json.hpp>
#include <sstream>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/data/synthetic.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/serialize/model_file.h"
#include "test_util.h"

using namespace autosmote;

namespace {

// The held-out search, cross-fitted (the default) or with one split (kHeldout).
const std::string kSearch =
    "auto-smote:objective=heldout,amounts=0/0.5/1/1.5,search_epochs=8,epochs=6,hidden=8,policy_hidden=8";
const std::string kHeldout = kSearch + ",heldout_folds=1";

FitContext seeded(uint64_t seed) {
  FitContext ctx;
  ctx.seed = seed;
  return ctx;
}

void data(Matrix* x, Labels* y) { autosmote::testing::two_blobs(150, 30, 3, 1.2, 17, x, y); }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(AutoSmoteHeldout, TheSearchNeverTrainsOnItsHeldOutRows) {
  Matrix x;
  Labels y;
  data(&x, &y);
  auto model = make_classifier(kHeldout);
  model->fit(x, y, 2, seeded(5));
  const auto& as = dynamic_cast<const AutoSmote&>(*model);
  ASSERT_EQ(as.search_heldout_folds().size(), 1u);
  const auto& held = as.search_heldout_folds()[0];
  EXPECT_TRUE(std::is_sorted(held.begin(), held.end()));
  EXPECT_EQ(std::adjacent_find(held.begin(), held.end()), held.end());
  // Stratified: 20% of each class (150 -> 30, 30 -> 6).
  int64_t held_minority = 0;
  for (int64_t r : held) held_minority += y[static_cast<size_t>(r)];
  EXPECT_EQ(held.size(), 36u);
  EXPECT_EQ(held_minority, 6);
  // Without the held-out objective there is no search.
  auto validation = make_classifier("auto-smote:objective=validation,epochs=2,hidden=4,policy_hidden=4");
  validation->fit(x, y, 2, seeded(5));
  EXPECT_TRUE(dynamic_cast<const AutoSmote&>(*validation).search_heldout_folds().empty());
}

TEST(AutoSmoteHeldout, CrossFittingHoldsEachRowOutOnce) {
  Matrix x;
  Labels y;
  data(&x, &y);
  auto model = make_classifier(kSearch + ",heldout_folds=4");
  EXPECT_NE(model->spec().find("heldout_folds=4"), std::string::npos);
  model->fit(x, y, 2, seeded(5));
  const auto& folds = dynamic_cast<const AutoSmote&>(*model).search_heldout_folds();
  ASSERT_EQ(folds.size(), 4u);
  std::vector<int64_t> all;
  for (const auto& fold : folds) {
    // Stratified folds of 180 rows (150 + 30): 45 rows each, 7 or 8 of the minority class.
    int64_t minority = 0;
    for (int64_t r : fold) minority += y[static_cast<size_t>(r)];
    EXPECT_EQ(fold.size(), 45u);
    EXPECT_GE(minority, 7);
    EXPECT_LE(minority, 8);
    all.insert(all.end(), fold.begin(), fold.end());
  }
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), y.size());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], static_cast<int64_t>(i));
  // Cross-fitting is another search than the single split, with the same seed.
  auto single = make_classifier(kHeldout);
  single->fit(x, y, 2, seeded(5));
  EXPECT_NE(single->state()["policy"].dump(), model->state()["policy"].dump());
}

TEST(AutoSmoteHeldout, EveryHeldOutPartCarriesThePolicysSignal) {
  // Relabelling only the rows of one held-out part (the single split's, or any one fold's) changes
  // the searched policy: each part's look-ahead is read (and the search classifier scored on a part
  // never trains on it, by construction of its rows).
  Matrix x;
  Labels y;
  data(&x, &y);
  for (const std::string& spec : {kHeldout, kSearch + ",heldout_folds=3"}) {
    auto a = make_classifier(spec);
    a->fit(x, y, 2, seeded(5));
    const auto parts = dynamic_cast<const AutoSmote&>(*a).search_heldout_folds();
    ASSERT_EQ(parts.size(), spec == kHeldout ? 1u : 3u) << spec;
    for (const auto& part : parts) {
      Labels flipped = y;
      for (int64_t r : part) flipped[static_cast<size_t>(r)] = 1 - flipped[static_cast<size_t>(r)];
      auto b = make_classifier(spec);
      b->fit(x, flipped, 2, seeded(5));
      EXPECT_NE(a->state()["policy"].dump(), b->state()["policy"].dump()) << spec;
    }
  }
}

TEST(AutoSmoteHeldout, SameSeedSameModelBytes) {
  SyntheticOptions o;
  o.n = 300;
  o.d = 4;
  o.weights = {0.85, 0.15};
  const Table table = make_synthetic(o);
  for (const std::string& search : {kHeldout, kSearch}) {
    TrainConfig config;
    config.model_spec = search + ",threshold=tuned";
    config.seed = 3;
    const std::string p1 = autosmote::testing::temp_path("heldout1.model");
    const std::string p2 = autosmote::testing::temp_path("heldout2.model");
    save_model(p1, train_model(table, config));
    save_model(p2, train_model(table, config));
    const std::string bytes = read_text(p1);
    EXPECT_EQ(bytes, read_text(p2)) << search;
    EXPECT_NE(bytes.find("amount_probs"), std::string::npos);
    const TrainedModel loaded = load_model(p1);
    EXPECT_EQ(loaded.classifier->spec().find("heldout_folds=1") != std::string::npos, search == kHeldout);
    const auto groups = dynamic_cast<const AutoSmote&>(*loaded.classifier).policy_groups();
    ASSERT_FALSE(groups.empty());
    EXPECT_EQ(groups[0].amount_probs.size(), 4u);
  }
}

TEST(AutoSmoteHeldout, EachControlReplacesOneDecision) {
  // The controls are the same spec with one key changed; a never-trained policy has no search, so
  // its canonical spec drops the search's keys (heldout_folds, search_epochs), which nothing reads.
  const std::string learned = make_classifier(kHeldout)->spec();
  for (const char* key : {"policy=random", "placement=random"}) {
    const std::string control = make_classifier(std::string(kHeldout) + "," + key)->spec();
    Spec a = Spec::parse(learned), b = Spec::parse(control);
    b.args.erase(std::find(b.args.begin(), b.args.end(),
                           std::make_pair(std::string(split(key, '=')[0]), std::string("random"))));
    if (std::string(key) == "policy=random")
      a.args.erase(
          std::remove_if(a.args.begin(), a.args.end(),
                         [](const auto& kv) { return kv.first == "heldout_folds" || kv.first == "search_epochs"; }),
          a.args.end());
    std::sort(a.args.begin(), a.args.end());
    std::sort(b.args.begin(), b.args.end());
    EXPECT_EQ(a.args, b.args) << key;
  }
  // placement=random: the placement heads stay uniform, the amount is learned.
  Matrix x;
  Labels y;
  data(&x, &y);
  auto swap = make_classifier(std::string(kHeldout) + ",placement=random");
  swap->fit(x, y, 2, seeded(5));
  bool amount_moved = false;
  for (const auto& g : dynamic_cast<const AutoSmote&>(*swap).policy_groups()) {
    EXPECT_NEAR(g.participation, 0.5, 1e-6);
    for (double p : g.aggregation_probs) EXPECT_NEAR(p, 1.0 / static_cast<double>(g.aggregation_probs.size()), 1e-6);
    for (double p : g.position_probs) EXPECT_NEAR(p, 0.2, 1e-6);
    for (double p : g.amount_probs) amount_moved |= std::abs(p - 0.25) > 1e-4;
  }
  EXPECT_TRUE(amount_moved);
}

TEST(AutoSmoteHeldout, TheAmountDecidesHowManyRowsTheClassifierSeesNotTheSamplersCounts) {
  Matrix x;
  Labels y;
  data(&x, &y);
  // amounts=0/1.5 with a never-trained policy: the classifier's fit keeps roughly half of the
  // 1.5 x n_new candidates (the final fit's rows: the k histogram's total).
  AutoSmote model(AutoSmoteOptions::read(*std::make_unique<ParamReader>(
      Spec::parse("auto-smote:objective=heldout,amounts=0/1.5,policy=random,epochs=1,hidden=4,policy_hidden=4"),
      "model")));
  const std::vector<int64_t> n_new = {0, 100};
  model.fit_new_rows(x, y, 2, seeded(2), n_new);
  const auto& histogram = model.diagnostics().back().k_histogram;
  const int64_t seen = std::accumulate(histogram.begin(), histogram.end(), int64_t{0});
  EXPECT_GT(seen, 40);
  EXPECT_LT(seen, 110);
  // As a sampler it makes exactly the n_new rows its strategy resolved, of the class asked for.
  const Resampled rows = model.generate(n_new, 9);
  EXPECT_EQ(rows.y.size(), 100u);
  EXPECT_EQ(rows.x.rows, 100);
  for (int64_t label : rows.y) EXPECT_EQ(label, 1);
}

TEST(AutoSmoteHeldout, BadKeysAreOneLineSpecErrors) {
  for (const char* bad :
       {"auto-smote:amounts=0", "auto-smote:amounts=1/1", "auto-smote:amounts=-1/1", "auto-smote:amounts=5/1",
        "auto-smote:heldout=0.9", "auto-smote:placement=x", "auto-smote:objective=test", "auto-smote:heldout_folds=0",
        "auto-smote:heldout_folds=21", "auto-smote:heldout=0.3"}) {
    try {
      make_classifier(bad);
      ADD_FAILURE() << bad;
    } catch (const SpecError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
  }
}

TEST(AutoSmoteHeldout, TooFewRowsToHoldOutIsAOneLineInputError) {
  // Three rows: class 0 has two (which can be held out), class 1 one (which cannot); three folds
  // need at least three rows to deal.
  Matrix x(3, 1);
  x.data = {0.0f, 1.0f, 2.0f};
  const Labels y = {0, 0, 1};
  try {
    make_classifier(kSearch)->fit(x, y, 2, seeded(1));
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("heldout_folds=3 holds out rows of the classes with at least 2 rows, at least one per fold; "
                        "the data has 2 such rows"),
              std::string::npos)
        << what;
    EXPECT_EQ(what.find('\n'), std::string::npos);
  }
  // One split holds out one of class 0's two rows: it fits.
  EXPECT_NO_THROW(make_classifier(kHeldout)->fit(x, y, 2, seeded(1)));
}

TEST(AutoSmoteHeldout, AStateWhoseEpochsSawDifferentRowsIsRefused) {
  // objective=heldout's final fit trains on rows made once: every epoch's histograms count the
  // same rows, and a state that says otherwise is refused, naming the field.
  Matrix x;
  Labels y;
  data(&x, &y);
  auto model = make_classifier(kHeldout);
  model->fit(x, y, 2, seeded(5));
  nlohmann::json state = model->state();
  auto& counts = state["diagnostics"][1]["k_histogram"];
  for (auto& c : counts)
    if (c.get<int64_t>() > 0) {
      c = c.get<int64_t>() - 1;
      break;
    }
  auto loaded = make_classifier(kHeldout);
  try {
    loaded->load_state(state);
    ADD_FAILURE() << "accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("state.diagnostics[1].k_histogram counts"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("the same rows every epoch"), std::string::npos) << e.what();
  }
}

TEST(AutoSmoteHeldout, SoftF1LookaheadTrainsAnotherPolicy) {
  Matrix x;
  Labels y;
  data(&x, &y);
  auto ce = make_classifier(kHeldout);
  auto f1 = make_classifier(std::string(kHeldout) + ",lookahead_loss=soft_f1");
  EXPECT_NE(f1->spec().find("lookahead_loss=soft_f1"), std::string::npos);
  ce->fit(x, y, 2, seeded(4));
  f1->fit(x, y, 2, seeded(4));
  EXPECT_NE(ce->state()["policy"].dump(), f1->state()["policy"].dump());
}

TEST(AutoSmoteHeldout, AucLookaheadTrainsAnotherPolicy) {
  Matrix x;
  Labels y;
  data(&x, &y);
  auto ce = make_classifier(kHeldout);
  auto auc = make_classifier(std::string(kHeldout) + ",lookahead_loss=auc");
  EXPECT_NE(auc->spec().find("lookahead_loss=auc"), std::string::npos);
  ce->fit(x, y, 2, seeded(4));
  auc->fit(x, y, 2, seeded(4));
  EXPECT_NE(ce->state()["policy"].dump(), auc->state()["policy"].dump());
  // Batches of 8 rows, about a quarter of them without a minority row: those skip the policy's
  // step (no pair to rank), the others take it, and the fit ends with finite probabilities.
  auto small_batches =
      make_classifier("auto-smote:objective=validation,lookahead_loss=auc,epochs=3,hidden=8,policy_hidden=8,batch=8");
  small_batches->fit(x, y, 2, seeded(4));
  for (float p : small_batches->predict_proba(x).data) EXPECT_TRUE(std::isfinite(p));
}
