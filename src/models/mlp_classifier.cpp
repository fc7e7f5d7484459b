#include "autosmote/models/mlp_classifier.h"

#include <torch/optim/adam.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "models/mlp_tabular.h"
#include "nn/host_loss.h"
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

MlpOptions MlpOptions::for_preset(MlpPreset preset) {
  MlpOptions o;  // preset=paper
  if (preset == MlpPreset::kPaper) return o;
  // preset=modern: docs/host.md gives each value's source and the ablation that chose it.
  o.preset = MlpPreset::kModern;
  o.hidden = 128;  // RealMLP-TD: 256 x 3, 3.5x the paper's tuned fit on bank-additional-full (docs/host.md)
  o.layers = 2;
  o.lr = 0.04;
  o.epochs = 256;
  o.batch = 256;
  o.max_steps = 4096;
  o.activation = Activation::kSelu;
  o.input = InputScaling::kRobust;
  o.embedding = NumericEmbedding::kPbld;
  o.front_scale = true;
  o.ntk = true;
  o.dropout = 0.15;
  o.label_smoothing = 0.1;
  o.schedule = LrSchedule::kCoslog4;
  o.beta2 = 0.95;
  o.select_epoch = EpochSelection::kBest;
  o.refit = false;  // RealMLP's protocol; the development ablation's best (docs/host.md)
  return o;
}

namespace {
const char* preset_name(MlpPreset p) { return p == MlpPreset::kPaper ? "paper" : "modern"; }

// The keys of the visit list against `defaults`, as "key=value" where they differ.
std::vector<std::string> parts_against(const MlpOptions& o, const MlpOptions& defaults) {
  std::vector<std::string> parts;
  OptionPrinter<MlpOptions> printer(o, defaults, parts);
  MlpOptions::visit(printer);
  return parts;
}
}  // namespace

bool MlpOptions::paper_network() const {
  // Every key that differs from the paper's values must be one of the paper network's own keys,
  // so a key added to the visit list counts as modern without being listed here.
  static const std::vector<std::string> paper_keys = {"hidden",       "layers",       "lr",       "epochs",
                                                      "batch",        "weight_decay", "class_weight", "threshold",
                                                      "refit",        "class_weight_beta", "loss", "focal_gamma",
                                                      "logit_tau",    "ldam_margin",  "ldam_drw"};
  for (const std::string& part : parts_against(*this, MlpOptions{}))
    if (std::find(paper_keys.begin(), paper_keys.end(), part.substr(0, part.find('='))) == paper_keys.end())
      return false;
  return true;
}

MlpOptions MlpOptions::read(ParamReader& r, MlpPreset default_preset) {
  const std::string picked = r.get_choice("preset", preset_name(default_preset), {"modern", "paper"});
  MlpOptions o = for_preset(picked == "paper" ? MlpPreset::kPaper : MlpPreset::kModern);
  read_options(r, "model 'mlp'", o);
  return o;
}

void MlpOptions::append_spec(std::vector<std::string>& parts, MlpPreset default_preset) const {
  if (preset != default_preset) parts.push_back(std::string("preset=") + preset_name(preset));
  for (auto& part : parts_against(*this, for_preset(preset))) parts.push_back(std::move(part));
}

struct MlpClassifier::Impl {
  MlpNet net{nullptr};       // preset=paper's network (paper_network())
  TabularNet modern{nullptr};  // every other configuration
  RobustScaling robust;      // input=robust
  int64_t in = 0;
  int64_t classes = 0;
  int64_t epochs_trained = 0;  // the modern network's (its model file says so)
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
  best_share_ = 0;
  if (!options_.paper_network()) {
    impl_->net = nullptr;
    const TabularFit fitted = fit_tabular(options_, x, y, n_classes, ctx);
    impl_->modern = fitted.net;
    impl_->robust = fitted.robust;
    impl_->in = x.cols;
    impl_->classes = n_classes;
    impl_->device = fitted.device;
    impl_->epochs_trained = fitted.epochs_trained;
    best_share_ = fitted.best_share;
    return;
  }
  const at::Device device = resolve_device(ctx.device);
  at::Generator gen = make_generator(ctx.seed);

  impl_->modern = nullptr;
  impl_->in = x.cols;
  impl_->classes = n_classes;
  impl_->device = device;
  impl_->net = MlpNet(x.cols, options_.hidden, options_.layers, n_classes);
  impl_->net->reset_parameters(gen);
  impl_->net->to(device);

  const at::Tensor xt = view_tensor(x).to(device);
  const at::Tensor yt = view_tensor(y).to(device);
  const HostLossFn loss_fn(options_, class_counts(y, n_classes), device);
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
      at::Tensor loss =
          loss_fn(logits, target, static_cast<double>(epoch) / static_cast<double>(options_.epochs));
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
  if (impl_->modern) return predict_tabular(impl_->modern, impl_->robust, options_, impl_->device, x);
  return predict_with(impl_->net, impl_->in, impl_->classes, impl_->device, x, "mlp");
}

int64_t MlpClassifier::parameter_count() const {
  int64_t n = 0;
  if (impl_->modern) {
    for (const auto& p : impl_->modern->parameters()) n += p.numel();
  } else if (impl_->net) {
    for (const auto& p : impl_->net->parameters()) n += p.numel();
  }
  return n;
}

nlohmann::json MlpClassifier::state() const {
  if (impl_->modern) return tabular_state(impl_->modern, impl_->robust, options_, impl_->classes, impl_->epochs_trained);
  if (!impl_->net) throw InputError("mlp: cannot save an unfitted model");
  return {{"in", impl_->in}, {"classes", impl_->classes}, {"params", params_to_json(*impl_->net)}};
}

void MlpClassifier::load_state(const nlohmann::json& state) {
  const JsonField s(state, "state");
  if (!options_.paper_network()) {
    const TabularFit loaded = load_tabular(options_, s);
    impl_->modern = loaded.net;
    impl_->robust = loaded.robust;
    impl_->in = loaded.net->shape().in;
    impl_->classes = loaded.net->shape().out;
    impl_->device = at::Device(at::kCPU);
    impl_->epochs_trained = loaded.epochs_trained;
    best_share_ = 0;
    return;
  }
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
