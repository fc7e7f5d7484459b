// Times read_csv on a file in this process (no process start), for benchmarks/io_speed.sh's
// "reading alone". Usage: io_speed_read FILE.csv. Prints the seconds and the rows read.
#include <chrono>
#include <cstdio>

#include "autosmote/io/csv.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: io_speed_read FILE.csv\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const autosmote::Table table = autosmote::read_csv(argv[1]);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.6f %lld\n", seconds, static_cast<long long>(table.n_rows));
  return 0;
}
