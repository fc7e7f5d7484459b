// The threading policy (core/parallel.h): every index once, errors as in a serial run, nested calls
// serial, one OpenMP/LibTorch thread inside the workers, and thread-count-free numbers.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <omp.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "autosmote/core/parallel.h"
#include "autosmote/core/runtime.h"
#include "autosmote/eval/experiment.h"
#include "autosmote/data/load.h"

using namespace autosmote;

namespace {
// Restores the default the other tests run with.
struct ThreadsGuard {
  explicit ThreadsGuard(int n) { set_threads(n); }
  ~ThreadsGuard() { set_threads(0); }
};
}  // namespace

TEST(Parallel, EveryIndexRunsOnce) {
  ThreadsGuard guard(2);
  std::vector<std::atomic<int>> hits(1000);
  parallel_for_each(1000, [&](int64_t i) { hits[static_cast<size_t>(i)]++; });
  for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
  parallel_for_each(0, [&](int64_t) { FAIL() << "no index for n = 0"; });
}

TEST(Parallel, UsesSeveralThreadsAndPinsThemToOneOpenMpThread) {
  ThreadsGuard guard(2);
  if (hardware_threads() < 2) GTEST_SKIP() << "one core";
  std::mutex m;
  std::set<std::thread::id> ids;
  std::set<int> omp_threads, aten_threads;
  parallel_for_each(64, [&](int64_t) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::lock_guard<std::mutex> lock(m);
    ids.insert(std::this_thread::get_id());
    omp_threads.insert(omp_get_max_threads());
    aten_threads.insert(at::get_num_threads());
  });
  EXPECT_EQ(ids.size(), 2u);
  EXPECT_EQ(omp_threads, std::set<int>{1});
  EXPECT_EQ(aten_threads, std::set<int>{1});
  EXPECT_EQ(omp_get_max_threads(), 1);  // the calling thread too
}

TEST(Parallel, RethrowsTheLowestFailingIndexAndNestsSerially) {
  ThreadsGuard guard(2);
  try {
    parallel_for_each(100, [&](int64_t i) {
      if (i == 7 || i == 40) throw std::runtime_error("index " + std::to_string(i));
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "index 7");
  }
  std::atomic<int> inner{0};
  std::set<std::thread::id> outer_ids;
  std::mutex m;
  parallel_for_each(4, [&](int64_t) {
    const auto me = std::this_thread::get_id();
    parallel_for_each(10, [&](int64_t) {
      EXPECT_EQ(std::this_thread::get_id(), me);
      inner++;
    });
    std::lock_guard<std::mutex> lock(m);
    outer_ids.insert(me);
  });
  EXPECT_EQ(inner.load(), 40);
}

TEST(Parallel, ThreadsAboveTheCoresAreClamped) {
  EXPECT_EQ(set_threads(100000), hardware_threads());
  EXPECT_EQ(worker_threads(), hardware_threads());
  EXPECT_EQ(set_threads(0), hardware_threads());
  EXPECT_EQ(set_threads(1), 1);
  set_threads(0);
}

// A GEMM as large as an evaluation's prediction, in a worker and on the caller, at 1 and 2
// threads: the same bytes (OpenBLAS splits a GEMM over threads past M*N*K = 262144, and the split
// sums in another order on some CPUs).
TEST(Parallel, LargeGemmIsTheSameBytesForAnyThreadCount) {
  at::Generator gen = at::detail::createCPUGenerator(3);
  const at::Tensor a = at::randn({2048, 128}, gen), b = at::randn({128, 64}, gen);
  auto product = [&](int threads) {
    ThreadsGuard guard(threads);
    std::vector<at::Tensor> out(4);
    parallel_for_each(4, [&](int64_t i) { out[static_cast<size_t>(i)] = at::mm(a, b); });
    out.push_back(at::mm(a, b));
    return out;
  };
  const auto one = product(1), two = product(2);
  for (size_t i = 0; i < one.size(); ++i) {
    EXPECT_TRUE(at::equal(one[i], one[0])) << i;
    EXPECT_TRUE(at::equal(two[i], one[0])) << i;
  }
}

// The seeds of one evaluation run at once and give what a serial run gives, bit for bit.
TEST(Parallel, EvaluationSeedsInParallelEqualSerial) {
  const Table t = load_table("synthetic:n=600,d=6,weights=0.9/0.1,seed=1");
  ExperimentConfig cfg;
  cfg.model_spec = "mlp:epochs=5,hidden=16";
  cfg.sampler_spec = "smote";
  cfg.seeds = {0, 1, 2, 3};
  auto run = [&](int threads) {
    ThreadsGuard guard(threads);
    return run_experiment(t, cfg);
  };
  const auto serial = run(1), parallel = run(2);
  ASSERT_EQ(serial.runs.size(), 4u);
  ASSERT_EQ(parallel.runs.size(), 4u);
  for (size_t i = 0; i < serial.runs.size(); ++i) {
    EXPECT_EQ(parallel.runs[i].seed, serial.runs[i].seed);
    for (const auto& name : metric_names()) {
      const double a = metric_value(parallel.runs[i].metrics, name), b = metric_value(serial.runs[i].metrics, name);
      EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0)
          << name << " seed " << serial.runs[i].seed << ": " << a << " vs " << b;
    }
  }
}
