#include "nn/candidates.h"

#include <tuple>

namespace autosmote {

at::Tensor interpolate_candidates(const at::Tensor& x, const at::Tensor& picked, const at::Tensor& lambda) {
  const at::Tensor xk = x.unsqueeze(1);
  return xk + lambda * (picked - xk);
}

at::Tensor max_candidates(const at::Tensor& x, const at::Tensor& nb) {
  return at::maximum(std::get<0>(at::cummax(nb, 1)), x.unsqueeze(1));
}

at::Tensor min_candidates(const at::Tensor& x, const at::Tensor& nb) {
  return at::minimum(std::get<0>(at::cummin(nb, 1)), x.unsqueeze(1));
}

at::Tensor mean_candidates(const at::Tensor& x, const at::Tensor& nb) {
  const int64_t K = nb.size(1);
  const at::Tensor count = at::arange(2, K + 2, nb.options()).view({1, K, 1});
  return (x.unsqueeze(1) + at::cumsum(nb, 1)) / count;
}

at::Tensor compose_synthetic(const at::Tensor& zp, const at::Tensor& zk, const at::Tensor& za,
                             const std::vector<at::Tensor>& candidates, const at::Tensor& x) {
  at::Tensor mix;
  if (candidates.size() == 1) {
    // One aggregation: z_a is 1, the sum runs over k only (a batched vector-matrix product).
    mix = at::bmm(zk.unsqueeze(1), candidates[0]).squeeze(1) * za;
  } else {
    mix = (zk.unsqueeze(2).unsqueeze(3) * za.unsqueeze(1).unsqueeze(3) * at::stack(candidates, 2)).sum({1, 2});
  }
  return zp.slice(1, 1, 2) * mix + zp.slice(1, 0, 1) * x;
}

}  // namespace autosmote
