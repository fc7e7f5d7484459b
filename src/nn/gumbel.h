// Straight-through Gumbel-Softmax (Jang, Gu & Poole, 2017; Maddison et al., 2017). The noise is
// an argument, so callers draw it from an explicit generator (LibTorch's gumbel_softmax draws from
// the global one): g = -log(-log(U)), U ~ U(0, 1).
#pragma once

#include <ATen/ATen.h>

namespace autosmote {

// `perturbed` = logits + Gumbel noise; the last dimension holds the categories.
// Forward: the one-hot argmax of perturbed / tau. Backward: the gradient of softmax(perturbed / tau).
at::Tensor straight_through_gumbel(const at::Tensor& perturbed, double tau);

}  // namespace autosmote
