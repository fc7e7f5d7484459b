#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

#include "autosmote/core/runtime.h"
#include "fuzz_target.h"

namespace autosmote::fuzz {

namespace {

// Never destroyed: remove_scratch_files runs at exit, after static destructors may have run.
std::set<std::string>& scratch_files() {
  static auto* files = new std::set<std::string>;
  return *files;
}

void remove_scratch_files() {
  for (const auto& path : scratch_files()) std::remove(path.c_str());
}

}  // namespace

void setup() {
  set_threads(1);
  std::atexit(remove_scratch_files);
}

std::string scratch_path(const std::string& suffix) {
  const char* tmp = std::getenv("TMPDIR");
  const std::string path =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/autosmote-fuzz-" + std::to_string(getpid()) + suffix;
  scratch_files().insert(path);
  return path;
}

std::string write_scratch_file(const uint8_t* data, size_t size, const std::string& suffix) {
  const std::string path = scratch_path(suffix);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write the scratch file %s\n", path.c_str());
    std::abort();
  }
  return path;
}

void fuzz_check(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz: invariant broken: %s\n", what.c_str());
  std::abort();
}

}  // namespace autosmote::fuzz
