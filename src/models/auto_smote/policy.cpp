#include "models/auto_smote/policy.h"

#include <algorithm>

#include "nn/mlp_net.h"

namespace autosmote {

PolicyNetImpl::PolicyNetImpl(int64_t in, int64_t hidden, std::vector<int64_t> head_sizes)
    : sizes_(std::move(head_sizes)),
      trunk_(register_module("trunk", torch::nn::Linear(in, hidden))),
      heads_(register_module("heads", torch::nn::Linear(hidden, total()))) {
  const int64_t n_heads = head_count();
  const int64_t width = *std::max_element(sizes_.begin(), sizes_.end());
  std::vector<int64_t> index(static_cast<size_t>(n_heads * width), total());
  int64_t offset = 0;
  for (int64_t h = 0; h < n_heads; ++h) {
    for (int64_t j = 0; j < sizes_[h]; ++j) index[h * width + j] = offset + j;
    offset += sizes_[h];
  }
  block_index_ = register_buffer("block_index", at::tensor(index, at::TensorOptions().dtype(at::kLong)));
}

int64_t PolicyNetImpl::total() const {
  int64_t t = 0;
  for (auto v : sizes_) t += v;
  return t;
}

void PolicyNetImpl::reset(at::Generator& gen) {
  init_linear(*trunk_, gen);
  init_linear(*heads_, gen);
}

at::Tensor PolicyNetImpl::forward(const at::Tensor& input) { return heads_->forward(at::relu(trunk_->forward(input))); }

at::Tensor PolicyNetImpl::blocks(const at::Tensor& logits) const {
  const int64_t rows = logits.size(0), n_heads = head_count();
  const at::Tensor padded = at::cat({logits, at::full({rows, 1}, -1e9, logits.options())}, 1);
  return padded.index_select(1, block_index_).view({rows, n_heads, block_index_.size(0) / n_heads});
}

at::Tensor PolicyNetImpl::head(const at::Tensor& blocks, int64_t h) const {
  return blocks.select(1, h).slice(1, 0, sizes_[h]);
}

ParamShapes policy_param_shapes(int64_t in, int64_t hidden, const std::vector<int64_t>& head_sizes) {
  int64_t total = 0;
  for (int64_t v : head_sizes) total += v;
  return {{hidden, in}, {hidden}, {total, hidden}, {total}};
}

}  // namespace autosmote
