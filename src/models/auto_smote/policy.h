// Internal (LibTorch): auto-smote's policy network.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include <vector>

#include "autosmote/models/auto_smote.h"
#include "models/auto_smote/policy_sizes.h"
#include "nn/torch_utils.h"

namespace autosmote {

// Trunk in -> hidden -> ReLU and every head stored as one linear layer of sum(head_sizes) outputs
// (fewer tensors per optimiser step; the same function as separate heads).
class PolicyNetImpl : public torch::nn::Module {
 public:
  PolicyNetImpl(int64_t in, int64_t hidden, std::vector<int64_t> head_sizes);
  int64_t total() const;  // the number of logits, sum(head_sizes)
  int64_t head_count() const { return static_cast<int64_t>(sizes_.size()); }
  void reset(at::Generator& gen);
  at::Tensor forward(const at::Tensor& input);  // [m, total] logits
  // Logits (+ any additive term) -> [m, H, L] blocks (one per head, L its largest size) padded with
  // -1e9, so the relaxed decisions of every head are computed by one batched softmax.
  at::Tensor blocks(const at::Tensor& logits) const;
  // Head h of [m, H, L] blocks, without its padding: [m, head_sizes[h]].
  at::Tensor head(const at::Tensor& blocks, int64_t h) const;

 private:
  std::vector<int64_t> sizes_;
  torch::nn::Linear trunk_, heads_;
  at::Tensor block_index_;  // gather map from the [total + 1] logits (last: the pad) to [H * L]
};
TORCH_MODULE(PolicyNet);

// The shapes of PolicyNet(in, hidden, head_sizes)'s parameters, in parameters() order.
ParamShapes policy_param_shapes(int64_t in, int64_t hidden, const std::vector<int64_t>& head_sizes);

}  // namespace autosmote
