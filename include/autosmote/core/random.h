// Explicit, portable randomness. Every function that draws takes an Rng&; seeds of sub-tasks
// (a split, a fold, a model) are derived with derive_seed so results depend only on the seed,
// never on thread count or execution order. The distributions are written here (not <random>'s),
// so the same seed gives the same numbers with any standard library.
#pragma once

#include <cstdint>
#include <vector>

namespace autosmote {

// SplitMix64-based mixing of a base seed with up to two indices.
uint64_t derive_seed(uint64_t base, uint64_t a, uint64_t b = 0);

class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t next_u64();  // xoshiro256**
  double uniform();     // [0, 1), 53 random bits
  double uniform(double lo, double hi);
  int64_t uniform_int(int64_t n);   // [0, n), unbiased; n > 0
  double normal();                  // standard normal (Box-Muller)
  double gamma(double shape);       // Gamma(shape, 1), Marsaglia-Tsang; shape > 0
  double beta(double a, double b);  // Beta(a, b) from two gamma draws
  template <typename T>
  void shuffle(std::vector<T>& v) {  // Fisher-Yates
    for (int64_t i = static_cast<int64_t>(v.size()) - 1; i > 0; --i) {
      const int64_t j = uniform_int(i + 1);
      std::swap(v[i], v[j]);
    }
  }

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace autosmote
