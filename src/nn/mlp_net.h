// Internal: the MLP network shared by MlpClassifier and the learned oversampler.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>

namespace autosmote {

class MlpNetImpl : public torch::nn::Module {
 public:
  MlpNetImpl(int64_t in, int64_t hidden, int64_t layers, int64_t out);
  at::Tensor forward(const at::Tensor& x);  // logits
  // PyTorch's default nn.Linear initialisation, drawn from `gen`.
  void reset_parameters(at::Generator& gen);

 private:
  torch::nn::Sequential net_{nullptr};
};
TORCH_MODULE(MlpNet);

}  // namespace autosmote
