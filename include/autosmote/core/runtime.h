// Process-wide runtime settings of the numeric backend (LibTorch).
#pragma once

#include <string>

namespace autosmote {

// Sets LibTorch's intra-op thread count. n <= 0 means one per hardware core. LibTorch 1.13
// otherwise starts with 1 thread on some machines. Results do not depend on this number.
void set_threads(int n);
int get_threads();
// Throws DeviceError unless `device` is "cpu", or "cuda"/"cuda:N" on a CUDA build with a GPU.
void check_device(const std::string& device);

}  // namespace autosmote
