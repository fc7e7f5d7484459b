#include "autosmote/models/mlp_classifier.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "nn/mlp_net.h"
#include "nn/torch_utils.h"
#include "serialize/json_field.h"

namespace autosmote {

void MlpOptions::check_hidden_weights() const {
  const double hidden_weights =
      static_cast<double>(hidden) * static_cast<double>(hidden) * static_cast<double>(std::max<int64_t>(layers - 1, 0));
  if (hidden_weights > static_cast<double>(kMaxHiddenWeights))
    throw SpecError("model: hidden=" + std::to_string(hidden) + " with layers=" + std::to_string(layers) + " is " +
                    format_number(hidden_weights) + " weights between hidden layers, above the limit of " +
                    format_number(static_cast<double>(kMaxHiddenWeights)));
}

MlpOptions MlpOptions::read(ParamReader& r) {
  MlpOptions o;
  read_options(r, "model 'mlp'", o);
  return o;
}

void MlpOptions::append_spec(std::vector<std::string>& parts) const {
  for (auto& part : option_parts(*this)) parts.push_back(std::move(part));
}

struct MlpClassifier::Impl {
  MlpNet net{nullptr};
  int64_t in = 0;
  int64_t classes = 0;
  at::Device device{at::kCPU};
};

MlpClassifier::MlpClassifier(MlpOptions options) : options_(options), impl_(std::make_unique<Impl>()) {}
MlpClassifier::~MlpClassifier() = default;

std::string MlpClassifier::spec() const {
  std::vector<std::string> parts;
  options_.append_spec(parts);
  return parts.empty() ? "mlp" : "mlp:" + join(parts, ",");
}

std::unique_ptr<Classifier> MlpClassifier::clone_unfitted() const { return std::make_unique<MlpClassifier>(options_); }

void MlpClassifier::fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) {
  check_xy(x, y, n_classes, "mlp fit");
  if (x.rows == 0) throw InputError("mlp fit: no training rows");
  const at::Device device = resolve_device(ctx.device);
  at::Generator gen = make_generator(ctx.seed);

  impl_->in = x.cols;
  impl_->classes = n_classes;
  impl_->device = device;
  impl_->net = MlpNet(x.cols, options_.hidden, options_.layers, n_classes);
  impl_->net->reset_parameters(gen);
  impl_->net->to(device);

  const at::Tensor xt = view_tensor(x).to(device);
  const at::Tensor yt = view_tensor(y).to(device);
  const at::Tensor weight = class_weights(y, n_classes, options_.balanced, device);
  torch::optim::Adam opt(impl_->net->parameters(),
                         torch::optim::AdamOptions(options_.lr).weight_decay(options_.weight_decay));
  const int64_t n = x.rows;
  const int64_t batch = std::min(options_.batch, n);
  for (int64_t epoch = 0; epoch < options_.epochs; ++epoch) {
    const at::Tensor perm = at::randperm(n, gen, at::TensorOptions().dtype(at::kLong)).to(device);
    double total = 0.0;
    for (int64_t start = 0; start < n; start += batch) {
      const at::Tensor idx = perm.slice(0, start, std::min(start + batch, n));
      const at::Tensor logits = impl_->net->forward(xt.index_select(0, idx));
      const at::Tensor target = yt.index_select(0, idx);
      at::Tensor loss = torch::nn::functional::cross_entropy(
          logits, target, torch::nn::functional::CrossEntropyFuncOptions().weight(weight));
      opt.zero_grad();
      loss.backward();
      opt.step();
      if (ctx.log) total += loss.item<double>() * static_cast<double>(idx.size(0));
    }
    if (ctx.log)
      ctx.log("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(options_.epochs) + " loss " +
              format_number(total / static_cast<double>(n)));
  }
}

Matrix MlpClassifier::predict_proba(const Matrix& x) const {
  return predict_with(impl_->net, impl_->in, impl_->classes, impl_->device, x, "mlp");
}

nlohmann::json MlpClassifier::state() const {
  if (!impl_->net) throw InputError("mlp: cannot save an unfitted model");
  return {{"in", impl_->in}, {"classes", impl_->classes}, {"params", params_to_json(*impl_->net)}};
}

void MlpClassifier::load_state(const nlohmann::json& state) {
  const JsonField s(state, "state");
  const int64_t in = s.at("in").integer(1, kMaxModelSize);
  const int64_t classes = s.at("classes").integer(2, kMaxModelSize);
  const JsonField stored = s.at("params");
  const auto params =
      params_from_json(stored.value(), mlp_param_shapes(in, options_.hidden, options_.layers, classes), stored.path());
  impl_->in = in;
  impl_->classes = classes;
  impl_->device = at::Device(at::kCPU);
  impl_->net = MlpNet(in, options_.hidden, options_.layers, classes);
  set_params(*impl_->net, params);
}

}  // namespace autosmote
