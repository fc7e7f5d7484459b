// libFuzzer's entry points for a target of this folder (fuzz_target.h).
#include "fuzz_target.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  autosmote::fuzz::setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return fuzz_one(data, size); }
