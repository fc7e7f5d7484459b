// Google Benchmark: one training epoch of auto-smote against mlp trained on the smote-balanced data
// of the same size (the same rows per epoch and the same number of optimiser steps), on
// bank-additional-full (when ../shared/data exists) and on 200k synthetic rows.
// Run: build/benchmarks/autosmote_bench --benchmark_filter=Epoch
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <memory>

#include "autosmote/core/runtime.h"
#include "autosmote/data/load.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/registry/samplers.h"
#include "autosmote/preprocess/preprocessor.h"

using namespace autosmote;

namespace {

struct Prepared {
  Matrix x, x_balanced;
  Labels y, y_balanced;
  int64_t classes = 0;
};

const Prepared* prepared(int which) {
  static std::map<int, std::unique_ptr<Prepared>> cache;
  auto& slot = cache[which];
  if (!slot) {
    const std::string bank = std::string(AUTOSMOTE_SHARED_DATA) + "/bank-additional-full.csv";
    if (which == 0 && !std::filesystem::exists(bank)) return nullptr;
    const Table t = load_table(which == 0 ? bank : "synthetic:n=200000,d=20,weights=0.95/0.05,seed=0");
    Preprocessor p;
    p.fit(t);
    slot = std::make_unique<Prepared>();
    slot->x = p.transform(t);
    slot->y = t.y;
    slot->classes = t.n_classes();
    Rng rng(0);
    Resampled r = make_oversampler("smote")->fit_resample(slot->x, slot->y, slot->classes, rng);
    slot->x_balanced = std::move(r.x);
    slot->y_balanced = std::move(r.y);
  }
  return slot.get();
}

void BM_Epoch(benchmark::State& state, int which, const std::string& model) {
  set_threads(static_cast<int>(state.range(0)));
  const Prepared* d = prepared(which);
  if (!d) {
    state.SkipWithError("../shared/data/bank-additional-full.csv not found");
    return;
  }
  const bool balanced = model.rfind("mlp", 0) == 0;  // mlp trains on the SMOTE-balanced rows
  auto clf = make_classifier(model);
  for (auto _ : state)
    clf->fit(balanced ? d->x_balanced : d->x, balanced ? d->y_balanced : d->y, d->classes, FitContext{});
  state.counters["rows_per_epoch"] = static_cast<double>(d->x_balanced.rows);
}

}  // namespace

// Each model is timed at epochs=1 and epochs=5: (t5 - t1) / 4 is the steady epoch time, t1 minus
// that the one-off set-up (auto-smote: neighbours, danger shares, cohorts).
#define EPOCH_BENCH(name, which, spec)                                                                                 \
  BENCHMARK_CAPTURE(BM_Epoch, name##_e1, which, std::string(spec ",epochs=1"))->Arg(1)->Unit(benchmark::kMillisecond); \
  BENCHMARK_CAPTURE(BM_Epoch, name##_e5, which, std::string(spec ",epochs=5"))->Arg(1)->Unit(benchmark::kMillisecond)
EPOCH_BENCH(bank_mlp_on_smote, 0, "mlp:hidden=64");
EPOCH_BENCH(bank_auto_smote, 0, "auto-smote:k_max=5");
// The look-ahead every classifier step (the default steps every 4th), and the never-trained control.
EPOCH_BENCH(bank_auto_smote_lookahead_every_step, 0, "auto-smote:lookahead_every=1");
EPOCH_BENCH(bank_auto_smote_random_policy, 0, "auto-smote:policy=random");
// The reconstruction as described (issue 4) and each option of the issue-5 ablation alone on it.
EPOCH_BENCH(bank_auto_smote_joint, 0,
            "auto-smote:objective=joint,participation=duplicate,inputs=features,entropy=0,positions=uniform");
EPOCH_BENCH(bank_joint_to_validation, 0,
            "auto-smote:objective=validation,participation=duplicate,inputs=features,entropy=0,positions=uniform");
EPOCH_BENCH(bank_joint_to_skip, 0,
            "auto-smote:objective=joint,participation=skip,inputs=features,entropy=0,positions=uniform");
EPOCH_BENCH(bank_joint_to_geometry, 0,
            "auto-smote:objective=joint,participation=duplicate,inputs=geometry,entropy=0,positions=uniform");
EPOCH_BENCH(bank_joint_to_bins, 0,
            "auto-smote:objective=joint,participation=duplicate,inputs=features,entropy=0,positions=bins");
EPOCH_BENCH(bank_auto_smote_paper_set, 0, "auto-smote:aggregations=interpolate/max/min");
EPOCH_BENCH(synthetic200k_mlp_on_smote, 1, "mlp:hidden=64");
EPOCH_BENCH(synthetic200k_auto_smote, 1, "auto-smote:k_max=5");
