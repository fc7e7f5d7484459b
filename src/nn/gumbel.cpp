#include "nn/gumbel.h"

namespace autosmote {

at::Tensor straight_through_gumbel(const at::Tensor& perturbed, double tau) {
  const at::Tensor soft = at::softmax(perturbed / tau, -1);
  const at::Tensor hard = at::zeros_like(soft).scatter_(-1, soft.argmax(-1, /*keepdim=*/true), 1.0);
  return hard - soft.detach() + soft;
}

}  // namespace autosmote
