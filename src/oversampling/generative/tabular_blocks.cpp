#include "oversampling/generative/tabular_blocks.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <cstdio>

#include "nn/mlp_net.h"
#include "nn/torch_utils.h"

namespace autosmote {

ColumnBlocks column_blocks(const FeatureLayout& layout, int64_t cols) {
  ColumnBlocks b;
  b.cols = cols;
  if (layout.empty()) {
    for (int64_t c = 0; c < cols; ++c) b.numeric.push_back(c);
    return b;
  }
  for (const FeatureGroup& g : layout) {
    if (g.categorical) {
      b.categorical.push_back(g);
    } else {
      for (int64_t c = g.start; c < g.start + g.size; ++c) b.numeric.push_back(c);
    }
  }
  return b;
}

torch::nn::Sequential dense_stack(int64_t in, const std::vector<int64_t>& widths, int64_t out, StackActivation act,
                                  at::Generator& gen, bool layer_norm, double slope) {
  torch::nn::Sequential s;
  int64_t width = in;
  for (int64_t w : widths) {
    torch::nn::Linear lin(width, w);
    init_linear(*lin, gen);
    s->push_back(lin);
    if (layer_norm) s->push_back(torch::nn::LayerNorm(torch::nn::LayerNormOptions({w})));
    if (act == StackActivation::kRelu) {
      s->push_back(torch::nn::ReLU());
    } else {
      s->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(slope)));
    }
    width = w;
  }
  torch::nn::Linear last(width, out);
  init_linear(*last, gen);
  s->push_back(last);
  return s;
}

std::vector<at::Tensor> parameters_of(const std::vector<torch::nn::Module*>& modules) {
  std::vector<at::Tensor> out;
  for (torch::nn::Module* m : modules)
    for (const at::Tensor& p : m->parameters()) out.push_back(p);
  return out;
}

at::Tensor gumbel_noise(at::IntArrayRef shape, at::Generator& gen) {
  const at::Tensor u = at::rand(shape, gen, at::TensorOptions().dtype(at::kFloat)).clamp(1e-10, 1.0 - 1e-7);
  return -at::log(-at::log(u));
}

std::vector<at::Tensor> epoch_batches(int64_t n, int64_t batch, at::Generator& gen) {
  const at::Tensor perm = at::randperm(n, gen, at::TensorOptions().dtype(at::kLong));
  std::vector<at::Tensor> out;
  for (int64_t start = 0; start < n; start += batch) out.push_back(perm.slice(0, start, std::min(start + batch, n)));
  return out;
}

at::Tensor finish_rows(const at::Tensor& values, const ColumnBlocks& blocks, const at::Tensor& lo,
                       const at::Tensor& hi) {
  at::Tensor rows = at::max(at::min(values.detach().to(at::kFloat), hi.unsqueeze(0)), lo.unsqueeze(0)).contiguous();
  for (const FeatureGroup& g : blocks.categorical) {
    const at::Tensor block = values.detach().slice(1, g.start, g.start + g.size);
    rows.slice(1, g.start, g.start + g.size).copy_(at::one_hot(block.argmax(1), g.size).to(at::kFloat));
  }
  return rows;
}

std::pair<at::Tensor, at::Tensor> column_range(const at::Tensor& x) {
  return {std::get<0>(x.min(0)), std::get<0>(x.max(0))};
}

void log_epoch(const std::function<void(const std::string&)>& log, const std::string& who, int64_t epoch,
               int64_t epochs, double loss) {
  if (!log) return;
  const int64_t every = std::max<int64_t>(1, epochs / 10);
  if ((epoch + 1) % every == 0 || epoch + 1 == epochs)
  {
    char value[32];
    std::snprintf(value, sizeof value, "%.4g", loss);
    log(who + ": epoch " + std::to_string(epoch + 1) + "/" + std::to_string(epochs) + " loss " + value);
  }
}

}  // namespace autosmote
