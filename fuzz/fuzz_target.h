// The contract of every fuzz target in this folder (docs/fuzzing.md).
//
// A target is one file defining fuzz_one(): it feeds one input to a part of the library that
// reads untrusted bytes (a CSV file, a spec string, a model file, a bench runs file). It is linked
// twice: with libFuzzer (libfuzzer_main.cpp, the AUTOSMOTE_FUZZ build) and with the replay driver
// (replay_main.cpp, the normal build), which runs the seed corpus and every saved regression
// input through it as a test.
//
// autosmote::Error (the one-line error of a bad input) is the expected outcome of most inputs
// and is caught inside. Everything else is a finding: a crash, a sanitizer report, a leak, a
// timeout, another exception escaping, or a broken invariant (fuzz_check).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "autosmote/core/error.h"

// Runs one input through the target's code. Returns 0 (libFuzzer's convention).
int fuzz_one(const uint8_t* data, size_t size);

namespace autosmote::fuzz {

// Once per process, before the first input: one thread (results and speed independent of the
// machine), LibTorch quiet.
void setup();

// Writes the input to this process's scratch file (`suffix` chooses its extension) and returns
// its path, for entry points that read a path.
std::string write_scratch_file(const uint8_t* data, size_t size, const std::string& suffix);
// A second scratch path of this process (for outputs).
std::string scratch_path(const std::string& suffix);

// Runs `body`, treating autosmote::Error as the expected answer to a bad input. Returns true
// when `body` finished without one.
template <class Body>
bool accepts(Body&& body) {
  try {
    body();
    return true;
  } catch (const autosmote::Error&) {
    return false;
  }
}

// A broken invariant: prints `what` and aborts, which libFuzzer and the replay driver report.
void fuzz_check(bool ok, const std::string& what);

}  // namespace autosmote::fuzz
