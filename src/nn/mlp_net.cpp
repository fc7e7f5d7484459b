#include "nn/mlp_net.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>

#include <cmath>

namespace autosmote {

MlpNetImpl::MlpNetImpl(int64_t in, int64_t hidden, int64_t layers, int64_t out) {
  net_ = torch::nn::Sequential();
  int64_t width = in;
  for (int64_t l = 0; l < layers; ++l) {
    net_->push_back(torch::nn::Linear(width, hidden));
    net_->push_back(torch::nn::ReLU());
    width = hidden;
  }
  net_->push_back(torch::nn::Linear(width, out));
  register_module("net", net_);
}

at::Tensor MlpNetImpl::forward(const at::Tensor& x) { return net_->forward(x); }

void init_linear(torch::nn::LinearImpl& layer, at::Generator& gen) {
  at::NoGradGuard guard;
  const double bound = 1.0 / std::sqrt(static_cast<double>(layer.weight.size(1)));
  for (at::Tensor* p : {&layer.weight, &layer.bias}) {
    at::Tensor u = at::rand(p->sizes(), gen, at::TensorOptions().dtype(at::kFloat));
    p->copy_(((u * 2.0 - 1.0) * bound).to(p->device()));
  }
}

void MlpNetImpl::reset_parameters(at::Generator& gen) {
  for (auto& m : net_->modules(/*include_self=*/false))
    if (auto* lin = m->as<torch::nn::Linear>()) init_linear(*lin, gen);
}

}  // namespace autosmote
