#include <gtest/gtest.h>

#include "autosmote/core/error.h"
#include "autosmote/core/runtime.h"
#include "autosmote/eval/metrics.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/models/mlp_classifier.h"
#include "test_util.h"

using namespace autosmote;

TEST(Mlp, LearnsSeparableData) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(200, 200, 4, 3.0, 0, &x, &y);
  auto clf = make_classifier("mlp:epochs=30");
  clf->fit(x, y, 2, FitContext{});
  const Metrics m = compute_metrics(y, clf->predict_proba(x), 1);
  EXPECT_GT(m.macro_f1, 0.95);
}

TEST(Mlp, SameSeedSameModelDifferentSeedDifferent) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(100, 30, 3, 1.0, 1, &x, &y);
  auto fit = [&](uint64_t seed) {
    auto clf = make_classifier("mlp:epochs=10,batch=32");
    FitContext ctx;
    ctx.seed = seed;
    clf->fit(x, y, 2, ctx);
    return clf->predict_proba(x).data;
  };
  EXPECT_EQ(fit(5), fit(5));
  EXPECT_NE(fit(5), fit(6));
}

TEST(Mlp, ThreadCountDoesNotChangeResults) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(300, 60, 16, 1.0, 2, &x, &y);
  auto fit = [&](int threads) {
    set_threads(threads);
    auto clf = make_classifier("mlp:epochs=5,batch=64,hidden=128");
    clf->fit(x, y, 2, FitContext{});
    return clf->predict_proba(x).data;
  };
  const auto one = fit(1);
  const auto two = fit(2);
  set_threads(0);
  EXPECT_EQ(one, two);
}

TEST(Mlp, SpecRoundTripsAndValidates) {
  EXPECT_EQ(make_classifier("mlp")->spec(), "mlp");
  const std::string s = make_classifier("mlp:lr=0.001,epochs=5,class_weight=balanced")->spec();
  EXPECT_EQ(s, "mlp:lr=0.001,epochs=5,class_weight=balanced");
  EXPECT_EQ(make_classifier(s)->spec(), s);
  EXPECT_THROW(make_classifier("mlp:hiden=3"), SpecError);
  EXPECT_THROW(make_classifier("forest"), SpecError);
  EXPECT_THROW(make_classifier("mlp:lr=-1"), SpecError);
}

TEST(Mlp, BalancedWeightsRaiseMinorityRecall) {
  Matrix x;
  Labels y;
  autosmote::testing::two_blobs(400, 20, 2, 1.2, 3, &x, &y);
  auto recall1 = [&](const std::string& spec) {
    auto clf = make_classifier(spec);
    clf->fit(x, y, 2, FitContext{});
    const Labels p = clf->predict(x);
    int64_t tp = 0;
    for (size_t i = 0; i < y.size(); ++i) tp += (y[i] == 1 && p[i] == 1);
    return static_cast<double>(tp) / 20.0;
  };
  EXPECT_GT(recall1("mlp:epochs=40,class_weight=balanced"), recall1("mlp:epochs=40") + 0.2);
}

TEST(Mlp, Errors) {
  auto clf = make_classifier("mlp:epochs=1");
  EXPECT_THROW(clf->predict_proba(Matrix(2, 3)), InputError);
  Matrix x(4, 2);
  EXPECT_THROW(clf->fit(x, Labels{0, 1, 0}, 2, FitContext{}), InputError);
  EXPECT_THROW(clf->fit(x, Labels{0, 1, 0, 5}, 2, FitContext{}), InputError);
  clf->fit(x, Labels{0, 1, 0, 1}, 2, FitContext{});
  EXPECT_THROW(clf->predict_proba(Matrix(2, 3)), InputError);
  FitContext gpu;
  gpu.device = "tpu";
  EXPECT_THROW(clf->fit(x, Labels{0, 1, 0, 1}, 2, gpu), Error);
}
