// Google Benchmark: one MLP training epoch (the default mlp spec) on synthetic data. One fit is
// one unit of work, single-threaded whatever --threads says (core/parallel.h).
// Run: build/benchmarks/autosmote_bench --benchmark_filter=Mlp
#include <benchmark/benchmark.h>

#include "autosmote/core/runtime.h"
#include "autosmote/data/synthetic.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/preprocess/preprocessor.h"

using namespace autosmote;

static void BM_MlpEpoch(benchmark::State& state) {
  set_threads(1);
  SyntheticOptions o;
  o.n = state.range(0);
  const Table t = make_synthetic(o);
  Preprocessor p;
  p.fit(t);
  const Matrix x = p.transform(t);
  auto clf = make_classifier("mlp:epochs=1");
  for (auto _ : state) clf->fit(x, t.y, t.n_classes(), FitContext{});
  state.SetItemsProcessed(state.iterations() * o.n);
}
BENCHMARK(BM_MlpEpoch)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
