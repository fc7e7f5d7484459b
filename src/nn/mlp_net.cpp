#include "nn/mlp_net.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>

#include <cmath>

#include "autosmote/core/error.h"
#include "nn/torch_utils.h"

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

std::vector<std::vector<int64_t>> mlp_param_shapes(int64_t in, int64_t hidden, int64_t layers, int64_t out) {
  std::vector<std::vector<int64_t>> shapes;
  int64_t width = in;
  for (int64_t l = 0; l < layers; ++l) {
    shapes.push_back({hidden, width});
    shapes.push_back({hidden});
    width = hidden;
  }
  shapes.push_back({out, width});
  shapes.push_back({out});
  return shapes;
}

at::Tensor MlpNetImpl::forward(const at::Tensor& x) { return net_->forward(x); }

at::Tensor mlp_forward_with(const std::vector<at::Tensor>& params, const at::Tensor& x) {
  at::Tensor h = x;
  for (size_t l = 0; l + 1 < params.size(); l += 2) {
    h = at::linear(h, params[l], params[l + 1]);
    if (l + 2 < params.size()) h = at::relu(h);
  }
  return h;
}

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

Matrix predict_with(MlpNet net, int64_t in, int64_t classes, const at::Device& device, const Matrix& x,
                    const std::string& who) {
  if (!net) throw InputError(who + ": predict before fit");
  if (x.cols != in)
    throw InputError(who + ": the data has " + std::to_string(x.cols) +
                     " columns after preprocessing, the model expects " + std::to_string(in));
  at::NoGradGuard guard;
  net->eval();
  const at::Tensor xt = view_tensor(x).to(device);
  std::vector<at::Tensor> parts;
  for (int64_t start = 0; start < x.rows; start += 65536)
    parts.push_back(at::softmax(net->forward(xt.slice(0, start, std::min(start + 65536, x.rows))), 1));
  if (parts.empty()) return Matrix(0, classes);
  return to_matrix(at::cat(parts, 0));
}

}  // namespace autosmote
