// Times one sampler's fit_resample on a CSV file (after the project's preprocessing), the best of
// --repeats runs, for benchmarks/compare_imblearn.sh. Prints: seconds rows_in rows_out.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "autosmote/core/runtime.h"
#include "autosmote/io/csv.h"
#include "autosmote/registry/samplers.h"
#include "autosmote/preprocess/preprocessor.h"

using namespace autosmote;

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: resample_timer FILE.csv SAMPLER THREADS REPEATS\n");
    return 2;
  }
  set_threads(std::atoi(argv[3]));
  const Table t = read_csv(argv[1]);
  Preprocessor p;
  p.fit(t);
  const Matrix x = p.transform(t);
  const auto sampler = make_oversampler(argv[2]);
  double best = 1e300;
  int64_t rows_out = 0;
  for (int r = 0; r < std::atoi(argv[4]); ++r) {
    Rng rng(static_cast<uint64_t>(r));
    const auto t0 = std::chrono::steady_clock::now();
    const Resampled res = sampler->fit_resample(x, t.y, t.n_classes(), rng);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    rows_out = res.x.rows;
  }
  std::printf("%.6f %lld %lld\n", best, static_cast<long long>(x.rows), static_cast<long long>(rows_out));
  return 0;
}
