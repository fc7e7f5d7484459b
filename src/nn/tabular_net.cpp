#include "nn/tabular_net.h"

#include <cmath>

namespace autosmote {
namespace {

constexpr double kPi = 3.14159265358979323846;

int64_t frequencies(NumericEmbedding e) { return e == NumericEmbedding::kPbld ? kPbldFrequencies : kPlrFrequencies; }
int64_t outputs(NumericEmbedding e) { return e == NumericEmbedding::kPbld ? kPbldOutputs : kPlrOutputs; }

at::Tensor activate(const at::Tensor& h, Activation a) {
  switch (a) {
    case Activation::kSelu:
      return at::selu(h);
    case Activation::kSilu:
      return at::silu(h);
    case Activation::kMish:
      return at::mish(h);
    case Activation::kRelu:
      break;
  }
  return at::relu(h);
}

}  // namespace

int64_t TabularNetShape::features() const {
  const auto m = static_cast<int64_t>(embedded.size());
  if (embedding == NumericEmbedding::kNone) return in;
  return in - m + m * (embedding == NumericEmbedding::kPbld ? kPbldOutputs + 1 : kPlrOutputs);
}

std::vector<std::vector<int64_t>> tabular_param_shapes(const TabularNetShape& s) {
  std::vector<std::vector<int64_t>> shapes;
  const auto m = static_cast<int64_t>(s.embedded.size());
  if (s.embedding != NumericEmbedding::kNone && m > 0) {
    const int64_t k = frequencies(s.embedding), d = outputs(s.embedding);
    const int64_t width = s.embedding == NumericEmbedding::kPbld ? k : 2 * k;
    shapes.push_back({m, 1, k});  // frequencies
    if (s.embedding == NumericEmbedding::kPbld) shapes.push_back({m, 1, k});  // phases
    shapes.push_back({m, width, d});
    shapes.push_back({m, 1, d});
  }
  if (s.front_scale) shapes.push_back({s.features()});
  int64_t width = s.features();
  for (int64_t l = 0; l <= s.layers; ++l) {
    const int64_t out = l < s.layers ? s.hidden : s.out;
    shapes.push_back({out, width});
    shapes.push_back({out});
    width = out;
  }
  return shapes;
}

TabularNetImpl::TabularNetImpl(TabularNetShape shape) : shape_(std::move(shape)) {
  const auto shapes = tabular_param_shapes(shape_);
  size_t next = 0;
  auto add = [&](const std::string& name) {
    return register_parameter(name, at::zeros(shapes[next++], at::TensorOptions().dtype(at::kFloat)));
  };
  const auto m = static_cast<int64_t>(shape_.embedded.size());
  if (shape_.embedding != NumericEmbedding::kNone && m > 0) {
    std::vector<int64_t> other;
    size_t e = 0;
    for (int64_t j = 0; j < shape_.in; ++j) {
      if (e < shape_.embedded.size() && shape_.embedded[e] == j) {
        ++e;
      } else {
        other.push_back(j);
      }
    }
    embedded_index_ = register_buffer("embedded_index", at::tensor(shape_.embedded, at::kLong));
    other_index_ = register_buffer("other_index", at::tensor(other, at::kLong));
    p_.freq = add("frequencies");
    if (shape_.embedding == NumericEmbedding::kPbld) p_.phase = add("phases");
    p_.emb_weight = add("embedding_weight");
    p_.emb_bias = add("embedding_bias");
  }
  if (shape_.front_scale) p_.scale = add("front_scale");
  for (int64_t l = 0; l <= shape_.layers; ++l) {
    p_.weights.push_back(add("weight" + std::to_string(l)));
    p_.biases.push_back(add("bias" + std::to_string(l)));
  }
}

void TabularNetImpl::reset_parameters(at::Generator& gen, double embedding_sigma) {
  at::NoGradGuard guard;
  const auto f = at::TensorOptions().dtype(at::kFloat);
  auto uniform = [&](const at::Tensor& p, double bound) { p.copy_((at::rand(p.sizes(), gen, f) * 2.0 - 1.0) * bound); };
  if (p_.freq.defined()) {
    p_.freq.copy_(at::randn(p_.freq.sizes(), gen, f) * embedding_sigma);
    if (p_.phase.defined()) uniform(p_.phase, kPi);
    const double bound = 1.0 / std::sqrt(static_cast<double>(p_.emb_weight.size(1)));
    uniform(p_.emb_weight, bound);
    uniform(p_.emb_bias, bound);
  }
  if (p_.scale.defined()) p_.scale.fill_(1.0);
  for (size_t l = 0; l < p_.weights.size(); ++l) {
    if (shape_.ntk) {
      p_.weights[l].copy_(at::randn(p_.weights[l].sizes(), gen, f));
      p_.biases[l].zero_();
    } else {
      const double bound = 1.0 / std::sqrt(static_cast<double>(p_.weights[l].size(1)));
      uniform(p_.weights[l], bound);
      uniform(p_.biases[l], bound);
    }
  }
}

at::Tensor TabularNetImpl::forward(const at::Tensor& x, double dropout, at::Generator* gen) {
  return run(shape_, p_, embedded_index_, other_index_, x, dropout, gen);
}

at::Tensor TabularNetImpl::forward_double(const at::Tensor& x) const {
  at::NoGradGuard guard;
  auto d = [](const at::Tensor& t) { return t.defined() ? t.to(at::kDouble) : t; };
  Params p{d(p_.freq), d(p_.phase), d(p_.emb_weight), d(p_.emb_bias), d(p_.scale), {}, {}};
  for (const auto& w : p_.weights) p.weights.push_back(d(w));
  for (const auto& b : p_.biases) p.biases.push_back(d(b));
  return run(shape_, p, embedded_index_, other_index_, x.to(at::kDouble), 0.0, nullptr);
}

at::Tensor TabularNetImpl::run(const TabularNetShape& shape, const Params& p, const at::Tensor& embedded_index,
                               const at::Tensor& other_index, const at::Tensor& x, double dropout,
                               at::Generator* gen) {
  at::Tensor h = x;
  if (p.freq.defined()) {
    const at::Tensor values = x.index_select(1, embedded_index);  // [B, m]
    const at::Tensor t = values.t().unsqueeze(-1);                // [m, B, 1]
    at::Tensor z = (2.0 * kPi) * t.matmul(p.freq);               // [m, B, k]
    at::Tensor e;
    if (p.phase.defined()) {  // PBLD: linear outputs of cos(2 pi w x + b), then the value itself
      e = at::cos(z + p.phase).matmul(p.emb_weight) + p.emb_bias;
    } else {  // PLR: ReLU of a linear map of [cos, sin]
      e = at::relu(at::cat({at::cos(z), at::sin(z)}, -1).matmul(p.emb_weight) + p.emb_bias);
    }
    e = e.transpose(0, 1).reshape({x.size(0), -1});  // [B, m * d], column by column
    std::vector<at::Tensor> parts = {x.index_select(1, other_index), e};
    if (p.phase.defined()) parts.push_back(values);
    h = at::cat(parts, 1);
  }
  if (p.scale.defined()) h = h * p.scale;
  for (size_t l = 0; l < p.weights.size(); ++l) {
    const at::Tensor& w = p.weights[l];
    h = shape.ntk ? at::linear(h, w * (1.0 / std::sqrt(static_cast<double>(w.size(1)))), p.biases[l])
                  : at::linear(h, w, p.biases[l]);
    if (l + 1 < p.weights.size()) {
      h = activate(h, shape.activation);
      if (dropout > 0 && gen) {
        const at::Tensor keep = at::rand(h.sizes(), *gen, at::TensorOptions().dtype(at::kFloat)).ge(dropout);
        h = h * keep.to(h.device(), at::kFloat) * (1.0 / (1.0 - dropout));
      }
    }
  }
  return h;
}

}  // namespace autosmote
