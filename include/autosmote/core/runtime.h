// Process-wide runtime settings of the numeric backend (LibTorch) and of autosmote's threads.
#pragma once

#include <string>

namespace autosmote {

// Sets the threading policy of core/parallel.h: `n` worker threads for independent units of work
// (n <= 0: one per hardware core; n above the core count is clamped to it), and LibTorch, OpenMP
// and BLAS pinned to one thread inside each unit. Returns the worker count in effect. Results do
// not depend on `n` (bit-identical). Call once from the main thread before any work. Without it a
// library user gets one worker and LibTorch's own default (intra-op threads, whose GEMMs may sum
// in another order for another thread count).
int set_threads(int n);
int get_threads();
// Throws DeviceError unless `device` is "cpu", or "cuda"/"cuda:N" on a CUDA build with a GPU.
void check_device(const std::string& device);

}  // namespace autosmote
