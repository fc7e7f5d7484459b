// Internal: the MLP network shared by MlpClassifier and the learned oversampler.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

#include <string>
#include <vector>

#include "autosmote/core/dataset.h"

namespace autosmote {

// PyTorch's default nn.Linear initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn from `gen`.
void init_linear(torch::nn::LinearImpl& layer, at::Generator& gen);

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

// The shapes of MlpNet(in, hidden, layers, out)'s parameters, in parameters() order (weight
// [out, in] and bias [out] per linear layer), without building it.
std::vector<std::vector<int64_t>> mlp_param_shapes(int64_t in, int64_t hidden, int64_t layers, int64_t out);

// The network's function with other parameter values: `params` in the order of
// MlpNetImpl::parameters() (weight, bias per linear layer), ReLU between layers.
at::Tensor mlp_forward_with(const std::vector<at::Tensor>& params, const at::Tensor& x);

// Class probabilities of `net` (fitted for `in` columns, `classes` outputs, on `device`) for x, in
// chunks of 65,536 rows. `who` names the model in errors (unfitted net, wrong column count).
Matrix predict_with(MlpNet net, int64_t in, int64_t classes, const at::Device& device, const Matrix& x,
                    const std::string& who);

}  // namespace autosmote
