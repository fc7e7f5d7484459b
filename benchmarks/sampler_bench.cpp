// Google Benchmark: exact k-NN and every over-sampler of the registry that takes numeric data on
// synthetic data with a 5% minority (n x 20, the built-in generator), reporting rows per second
// and the process's peak RSS.
// Run: build/benchmarks/autosmote_bench --benchmark_filter='run_sampler/smote/100000'
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <map>
#include <memory>
#include <set>

#include "autosmote/core/runtime.h"
#include "autosmote/data/synthetic.h"
#include "autosmote/neighbors/knn.h"
#include "autosmote/preprocess/preprocessor.h"
#include "autosmote/registry/samplers.h"

using namespace autosmote;

namespace {

struct Data {
  Matrix x;
  Labels y;
};

const Data& data(int64_t n) {
  static std::map<int64_t, std::unique_ptr<Data>> cache;
  auto& slot = cache[n];
  if (!slot) {
    SyntheticOptions o;
    o.n = n;
    o.d = 20;
    o.weights = {0.95, 0.05};
    const Table t = make_synthetic(o);
    Preprocessor p;
    p.fit(t);
    slot = std::make_unique<Data>(Data{p.transform(t), t.y});
  }
  return *slot;
}

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void BM_KnnMinority(benchmark::State& state) {
  set_threads(static_cast<int>(state.range(1)));
  const Data& d = data(state.range(0));
  std::vector<int64_t> rows;
  for (size_t i = 0; i < d.y.size(); ++i)
    if (d.y[i] == 1) rows.push_back(static_cast<int64_t>(i));
  const Matrix q = take_rows(d.x, rows);
  // 10 nearest neighbours of every minority row in the whole data (what Borderline-SMOTE needs).
  for (auto _ : state) benchmark::DoNotOptimize(knn(q, d.x, 10, rows));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rows.size()));
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void run_sampler(benchmark::State& state, const std::string& spec) {
  set_threads(static_cast<int>(state.range(1)));
  const Data& d = data(state.range(0));
  const auto sampler = make_oversampler(spec);
  for (auto _ : state) {
    Rng rng(0);
    benchmark::DoNotOptimize(sampler->fit_resample(d.x, d.y, 2, rng));
  }
  state.SetItemsProcessed(state.iterations() * d.x.rows);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {10000, 100000, 1000000})
    for (int64_t t : {1, 2}) b->Args({n, t});
  b->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(1);
}
// Methods whose neighbour search runs over the whole data (m-NN of the minority rows among all
// rows, or every row's nearest neighbour for the cleaning step) grow as n^2 or n * n_minority;
// 1M rows would take minutes to hours, so they stop at 100k.
void mid_sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {10000, 100000})
    for (int64_t t : {1, 2}) b->Args({n, t});
  b->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(1);
}
void small_sizes(benchmark::internal::Benchmark* b) {  // libsvm training is O(n^2) and more
  for (int64_t n : {10000}) b->Args({n, 2});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}

// Every sampler of the registry that takes numeric data, at the sizes its cost allows; auto-smote
// trains a network and has its own benchmark (auto_smote_bench.cpp).
int register_samplers() {
  const std::set<std::string> quadratic = {"borderline-smote", "adasyn",   "kmeans-smote", "tomek", "enn",
                                           "smote-tomek",      "smote-enn"};
  for (const auto& row : sampler_rows()) {
    if (row.needs != FeatureNeeds::kAny || row.name == "auto-smote") continue;
    auto* b = benchmark::RegisterBenchmark(("run_sampler/" + row.name).c_str(), run_sampler, row.name);
    if (row.name == "svm-smote") {
      small_sizes(b);
    } else if (quadratic.count(row.name)) {
      mid_sizes(b);
    } else {
      sizes(b);
    }
  }
  return 0;
}
const int registered = register_samplers();

}  // namespace

BENCHMARK(BM_KnnMinority)->Apply(sizes);
