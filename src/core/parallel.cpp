#include "autosmote/core/parallel.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace autosmote {

namespace {
std::atomic<int> g_workers{1};
thread_local bool t_in_worker = false;
}  // namespace

int hardware_threads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

int worker_threads() { return g_workers.load(); }

void set_worker_threads(int n) { g_workers.store(std::max(1, n)); }

void parallel_for_each(int64_t n, const std::function<void(int64_t)>& body) {
  if (n <= 0) return;
  const int64_t threads = std::min<int64_t>(worker_threads(), n);
  if (threads <= 1 || t_in_worker) {
    for (int64_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  int64_t error_index = n;
  std::exception_ptr error;
  auto work = [&] {
    const bool was_worker = t_in_worker;
    t_in_worker = true;
    // OpenMP's thread count is per thread: a new thread starts from the process default (one per
    // core), which would let OpenBLAS split its GEMMs again.
    omp_set_num_threads(1);
    for (;;) {
      const int64_t i = next.fetch_add(1);
      if (i >= n || failed.load()) break;
      try {
        body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (i < error_index) error_index = i, error = std::current_exception();
        failed.store(true);
      }
    }
    t_in_worker = was_worker;
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads - 1));
  for (int64_t t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // the OS refused another thread: the ones running (and the caller) do the work
    }
  }
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace autosmote
