// The threading policy: parallel over independent units of work, one thread inside each.
//
// autosmote runs independent units (the seeds and folds of an evaluation, blocks of k-NN queries)
// on up to `worker_threads()` threads of its own, and every unit runs LibTorch and BLAS with a
// single thread. Two consequences, both tested:
//  - Results are bit-identical for any thread count: a unit's arithmetic never depends on how many
//    threads exist (multi-threaded GEMM in OpenBLAS sums in another order once M*N*K is large, so
//    intra-op threads would make float results depend on the thread count and the CPU).
//  - Threads never make a run slower than one thread by more than the cost of starting them: there
//    are no OpenMP barriers in the small per-batch operations of training (each of which waits for
//    every thread, and spins, when another process holds a core), and idle workers wait passively.
// A single model's training is one unit, so `train` gains nothing from threads; `evaluate`,
// `bench` and the samplers' k-NN do.
#pragma once

#include <cstdint>
#include <functional>

namespace autosmote {

// The number of worker threads (default 1). Set it with set_threads (core/runtime.h), which also
// pins LibTorch to one intra-op thread.
int worker_threads();
void set_worker_threads(int n);
// Hardware cores as the OS reports them (at least 1).
int hardware_threads();

// Runs body(i) for every i in [0, n), each index exactly once, on up to worker_threads() threads
// (the caller is one of them); returns when all are done. Inside a worker (nested calls) it runs
// serially on the calling thread. If bodies throw, the exception of the lowest index is rethrown
// after all started bodies finished, and indices not yet started are skipped. Each worker thread
// runs OpenMP (hence LibTorch and BLAS) with one thread.
void parallel_for_each(int64_t n, const std::function<void(int64_t)>& body);

}  // namespace autosmote
