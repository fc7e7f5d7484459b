// The generative over-samplers (oversampling/generative/): each learns a known minority
// distribution (a two-component Gaussian mixture in two numeric columns and a categorical column's
// frequencies), the same seed gives the same rows at 1 and 2 threads, and bad keys are errors.
// (Counts, order, spec round trips and bad names: oversampler_conformance_test.cpp, for every sampler.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "autosmote/core/error.h"
#include "autosmote/core/runtime.h"
#include "autosmote/registry/samplers.h"

using namespace autosmote;

namespace {

// 600 majority rows spread over the top-left quarter [0, 0.5] x [0.5, 1]; 120 minority rows from
// two tight blobs at (0.2, 0.2) and (0.75, 0.7), and a categorical column (one-hot in columns 2-4)
// with frequencies 0.6 / 0.3 / 0.1 in the minority class (uniform in the majority).
struct MixtureData {
  Matrix x;
  Labels y;
  SampleContext ctx;
};

MixtureData mixture_data() {
  MixtureData d;
  Rng rng(5);
  const int64_t n0 = 600, n1 = 120;
  d.x = Matrix(n0 + n1, 5);
  for (int64_t i = 0; i < n0 + n1; ++i) {
    const bool minority = i >= n0;
    d.y.push_back(minority ? 1 : 0);
    int64_t category = rng.uniform_int(3);
    if (minority) {
      const bool first = rng.uniform() < 0.5;
      d.x.at(i, 0) = static_cast<float>((first ? 0.2 : 0.75) + 0.04 * rng.normal());
      d.x.at(i, 1) = static_cast<float>((first ? 0.2 : 0.7) + 0.04 * rng.normal());
      const double u = rng.uniform();
      category = u < 0.6 ? 0 : (u < 0.9 ? 1 : 2);
    } else {
      d.x.at(i, 0) = static_cast<float>(0.5 * rng.uniform());
      d.x.at(i, 1) = static_cast<float>(0.5 + 0.5 * rng.uniform());
    }
    d.x.at(i, 2 + category) = 1.0f;
  }
  d.ctx.layout = {{0, 1, false}, {1, 1, false}, {2, 3, true}};
  return d;
}

// The two-sample Kolmogorov-Smirnov statistic.
double ks_distance(std::vector<double> a, std::vector<double> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  double worst = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const double v = std::min(a[i], b[j]);
    while (i < a.size() && a[i] <= v) ++i;
    while (j < b.size() && b[j] <= v) ++j;
    worst = std::max(worst, std::abs(static_cast<double>(i) / a.size() - static_cast<double>(j) / b.size()));
  }
  return worst;
}

struct Fidelity {
  double ks0, ks1, category_tv;  // per numeric column KS; total variation of the category shares
  double majority_ks0, majority_ks1;  // the synthetic minority rows against the majority's rows
};

// The synthetic minority rows of `out` against the real minority rows of `d`.
Fidelity fidelity(const MixtureData& d, const Resampled& out) {
  std::vector<double> real0, real1, made0, made1, major0, major1;
  for (int64_t i = 0; i < d.x.rows; ++i)
    if (d.y[static_cast<size_t>(i)] == 0) major0.push_back(d.x.at(i, 0)), major1.push_back(d.x.at(i, 1));
  std::vector<double> real_share(3, 0), made_share(3, 0);
  for (int64_t i = 0; i < out.x.rows; ++i) {
    if (out.y[static_cast<size_t>(i)] != 1) continue;
    const bool synthetic = i >= d.x.rows;
    (synthetic ? made0 : real0).push_back(out.x.at(i, 0));
    (synthetic ? made1 : real1).push_back(out.x.at(i, 1));
    for (int64_t c = 0; c < 3; ++c) (synthetic ? made_share : real_share)[static_cast<size_t>(c)] += out.x.at(i, 2 + c);
  }
  double tv = 0;
  for (size_t c = 0; c < 3; ++c)
    tv += 0.5 * std::abs(real_share[c] / static_cast<double>(real0.size()) - made_share[c] / static_cast<double>(made0.size()));
  return {ks_distance(real0, made0), ks_distance(real1, made1), tv, ks_distance(major0, made0),
          ks_distance(major1, made1)};
}

}  // namespace

// Bounds, measured on this data at seed 3 (printed by the test) with margin: deep-smote (60 epochs)
// KS 0.09 / 0.06 and category TV 0.02; cwgan (600 epochs at lr 5e-4, no auxiliary term) 0.25 /
// 0.18 and 0.04. At its defaults cwgan learns slowly on 720 rows (300 epochs are 3,600 critic
// steps; the reference's credit data gave it 10 to 100 times more): measured here, KS 0.51 / 0.50
// (1,500 epochs at lr 1e-4 without the auxiliary term: 0.28 / 0.24), so the test fits it faster.
// tvae at its defaults (3,000 steps here): 0.07 / 0.10 and 0.02 (before its categories were drawn
// from the softmax, and with 1,000 steps: 0.39 / 0.21 and 0.13).
TEST(Generative, EachLearnsTheMinorityMixtureAndItsCategoryShares) {
  const MixtureData d = mixture_data();
  struct Case {
    const char* spec;
    double ks, tv;
  };
  for (const Case& c : {Case{"deep-smote:epochs=60", 0.15, 0.1}, Case{"cwgan:epochs=600,aux_weight=0,lr=0.0005", 0.35, 0.15}, Case{"tvae", 0.15, 0.1}}) {
    Rng rng(3);
    const Resampled out = make_oversampler(c.spec)->fit_resample(d.x, d.y, 2, rng, d.ctx);
    ASSERT_EQ(out.x.rows, 1200);
    const Fidelity f = fidelity(d, out);
    std::cerr << c.spec << ": KS " << f.ks0 << " " << f.ks1 << ", category TV " << f.category_tv
              << ", KS against the majority " << f.majority_ks0 << " " << f.majority_ks1 << "\n";
    EXPECT_LT(f.ks0, c.ks) << c.spec;
    EXPECT_LT(f.ks1, c.ks) << c.spec;
    EXPECT_LT(f.category_tv, c.tv) << c.spec;
    EXPECT_LT(f.ks0, f.majority_ks0) << c.spec;
    EXPECT_LT(f.ks1, f.majority_ks1) << c.spec;
    // Synthetic one-hot blocks hold exactly one 1.
    for (int64_t i = d.x.rows; i < out.x.rows; ++i)
      EXPECT_EQ(out.x.at(i, 2) + out.x.at(i, 3) + out.x.at(i, 4), 1.0f) << c.spec << " row " << i;
  }
}

TEST(Generative, SameSeedSameBytesAtOneAndTwoThreads) {
  const MixtureData d = mixture_data();
  for (const char* spec : {"deep-smote:epochs=5", "cwgan:epochs=5", "tvae:epochs=5,min_steps=0"}) {
    std::vector<float> first;
    for (int threads : {1, 2}) {
      set_threads(threads);
      Rng rng(11);
      const Resampled out = make_oversampler(spec)->fit_resample(d.x, d.y, 2, rng, d.ctx);
      if (first.empty()) first = out.x.data;
      EXPECT_EQ(out.x.data, first) << spec << " at " << threads << " threads";
    }
  }
  set_threads(0);
}

TEST(Generative, BadKeysAreSpecErrors) {
  for (const char* bad : {"deep-smote:latent=0", "deep-smote:k_neighbors=0", "cwgan:batch=1", "cwgan:tau=0",
                          "cwgan:critic_steps=0", "cwgan:noise=0", "tvae:embedding=0", "tvae:max_draws=0"})
    EXPECT_THROW(make_oversampler(bad), SpecError) << bad;
  // tvae: a class still short after max_draws draws is a one-line InputError naming it.
  const MixtureData d = mixture_data();
  Rng rng(1);
  try {
    make_oversampler("tvae:epochs=1,min_steps=0,max_draws=10")->fit_resample(d.x, d.y, 2, rng, d.ctx);
    ADD_FAILURE() << "10 draws made 480 rows";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("tvae: 10 draws made "), std::string::npos) << what;
    EXPECT_NE(what.find("of the 480 rows class '1' needs (max_draws=10)"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}
