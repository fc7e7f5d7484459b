// Straight-through Gumbel-Softmax (Jang, Gu & Poole, 2017; Maddison et al., 2017) with noise from
// an explicit generator (LibTorch's gumbel_softmax draws from the global one).
#pragma once

#include <ATen/ATen.h>

namespace autosmote {

// Gumbel(0, 1) noise of `shape`, drawn on the CPU from `gen` and moved to `device`.
at::Tensor gumbel_noise(at::IntArrayRef shape, at::Generator& gen, const at::Device& device);

// Forward: the one-hot argmax of (logits + noise) / tau. Backward: the gradient of
// softmax((logits + noise) / tau). Rows of `logits` are categorical distributions.
at::Tensor straight_through_gumbel(const at::Tensor& logits, const at::Tensor& noise, double tau);

}  // namespace autosmote
