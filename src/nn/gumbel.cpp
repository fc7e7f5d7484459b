#include "nn/gumbel.h"

namespace autosmote {

at::Tensor gumbel_noise(at::IntArrayRef shape, at::Generator& gen, const at::Device& device) {
  // U in (0, 1) away from the ends, then -log(-log(U)).
  at::Tensor u = at::rand(shape, gen, at::TensorOptions().dtype(at::kFloat)).clamp_(1e-10, 1.0 - 1e-7);
  return (-(-u.log()).log()).to(device);
}

at::Tensor straight_through_gumbel(const at::Tensor& logits, const at::Tensor& noise, double tau) {
  const at::Tensor soft = at::softmax((logits + noise) / tau, -1);
  const at::Tensor index = soft.argmax(-1, /*keepdim=*/true);
  const at::Tensor hard = at::zeros_like(soft).scatter_(-1, index, 1.0);
  return hard - soft.detach() + soft;
}

}  // namespace autosmote
