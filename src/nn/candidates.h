// Internal: AutoSMOTE's candidate points and their composition (batched tensor operations, any
// device). Shapes: x [m, d] anchors, nb [m, K, d] their K nearest same-class neighbours (nearest
// first), picked [m, K, d] the neighbour drawn for each k, lambda [m, K, 1] positions.
#pragma once

#include <ATen/ATen.h>

#include <vector>

namespace autosmote {

// interpolate: x + lambda * (picked_k - x) for every k.
at::Tensor interpolate_candidates(const at::Tensor& x, const at::Tensor& picked, const at::Tensor& lambda);
// max / min: element-wise max / min of {x, n_1..n_k}, cumulative over k (O(K d)).
at::Tensor max_candidates(const at::Tensor& x, const at::Tensor& nb);
at::Tensor min_candidates(const at::Tensor& x, const at::Tensor& nb);
// mean: the mean of {x, n_1..n_k}.
at::Tensor mean_candidates(const at::Tensor& x, const at::Tensor& nb);

// s = zp[:, 1] * sum_k sum_a zk[k] za[a] cand_a[:, k] + zp[:, 0] * x, for one-hot (straight-through)
// decisions zp [m, 2], zk [m, K], za [m, A] and one candidate tensor [m, K, d] per aggregation.
at::Tensor compose_synthetic(const at::Tensor& zp, const at::Tensor& zk, const at::Tensor& za,
                             const std::vector<at::Tensor>& candidates, const at::Tensor& x);

}  // namespace autosmote
