#include "models/mlp_tabular.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "nn/host_loss.h"
#include "nn/mlp_net.h"
#include "nn/torch_utils.h"
#include "serialize/json_field.h"

namespace autosmote {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int64_t kChunk = 65536;

// Columns with more than two distinct values: the numeric ones (a one-hot or binary column gains
// nothing from an embedding, as in RealMLP, which embeds only continuous features).
std::vector<int64_t> columns_to_embed(const Matrix& x) {
  std::vector<int64_t> out;
  for (int64_t j = 0; j < x.cols; ++j) {
    float first = 0, second = 0;
    int distinct = 0;
    for (int64_t i = 0; i < x.rows && distinct < 3; ++i) {
      const float v = x.at(i, j);
      if (distinct == 0) {
        first = v, distinct = 1;
      } else if (v != first && (distinct == 1 || v != second)) {
        if (distinct == 1) second = v;
        ++distinct;
      }
    }
    if (distinct > 2) out.push_back(j);
  }
  return out;
}

TabularNetShape shape_of(const MlpOptions& o, int64_t in, int64_t classes, std::vector<int64_t> embedded) {
  TabularNetShape s;
  s.in = in, s.hidden = o.hidden, s.layers = o.layers, s.out = classes;
  s.embedding = embedded.empty() ? NumericEmbedding::kNone : o.embedding;
  s.embedded = o.embedding == NumericEmbedding::kNone ? std::vector<int64_t>{} : std::move(embedded);
  s.front_scale = o.front_scale, s.ntk = o.ntk, s.activation = o.activation;
  return s;
}

// f of x in chunks of kChunk rows, concatenated (bounds the activations' memory).
template <class F>
at::Tensor in_chunks(const at::Tensor& x, F f) {
  std::vector<at::Tensor> parts;
  for (int64_t start = 0; start < x.size(0); start += kChunk)
    parts.push_back(f(x.slice(0, start, std::min(start + kChunk, x.size(0)))));
  return at::cat(parts, 0);
}

}  // namespace

double schedule_factor(LrSchedule schedule, double t) {
  switch (schedule) {
    case LrSchedule::kCosine:
      return 0.5 * (1.0 + std::cos(kPi * t));
    case LrSchedule::kCoslog4:
      return 0.5 * (1.0 - std::cos(2.0 * kPi * std::log2(1.0 + 15.0 * t)));
    case LrSchedule::kConstant:
      break;
  }
  return 1.0;
}

int64_t planned_epochs(const MlpOptions& o, int64_t rows) {
  if (o.max_steps == 0 || rows <= 0) return o.epochs;
  const int64_t batch = std::min(o.batch, rows);
  const int64_t steps_per_epoch = (rows + batch - 1) / batch;
  return std::min(o.epochs, std::max<int64_t>(1, o.max_steps / steps_per_epoch));
}

double flat_cos(double t) { return t < 0.5 ? 1.0 : 0.5 * (1.0 + std::cos(kPi * (2.0 * t - 1.0))); }

TabularFit fit_tabular(const MlpOptions& o, const Matrix& x, const Labels& y, int64_t n_classes,
                       const FitContext& ctx) {
  TabularFit out;
  out.device = resolve_device(ctx.device);
  at::Generator gen = make_generator(ctx.seed);
  Matrix scaled;
  if (o.input == InputScaling::kRobust) {
    out.robust = RobustScaling::fit(x);
    scaled = out.robust.transform(x);
  }
  const Matrix& input = o.input == InputScaling::kRobust ? scaled : x;
  out.net = TabularNet(shape_of(o, x.cols, n_classes, columns_to_embed(input)));
  out.net->reset_parameters(gen, o.embedding_sigma);
  out.net->to(out.device);

  const at::Tensor xt = view_tensor(input).to(out.device);
  const at::Tensor yt = view_tensor(y).to(out.device);
  const HostLossFn train_loss(o, class_counts(y, n_classes), out.device);
  torch::optim::Adam opt(out.net->parameters(), torch::optim::AdamOptions(o.lr)
                                                    .betas(std::make_tuple(0.9, o.beta2))
                                                    .weight_decay(o.weight_decay));
  namespace F = torch::nn::functional;
  // Best-epoch selection scores the held-out rows' cross-entropy, weighted as the loss finally is.
  const auto holdout_loss = F::CrossEntropyFuncOptions().weight(train_loss.weight_at(1.0));

  // The held-out rows scored after each epoch (select_epoch=best with rows given).
  Matrix holdout_scaled;
  at::Tensor xh, yh;
  if (o.select_epoch == EpochSelection::kBest && ctx.holdout_x && ctx.holdout_y && ctx.holdout_x->rows > 0) {
    check_xy(*ctx.holdout_x, *ctx.holdout_y, n_classes, "mlp held-out rows");
    if (o.input == InputScaling::kRobust) holdout_scaled = out.robust.transform(*ctx.holdout_x);
    xh = view_tensor(o.input == InputScaling::kRobust ? holdout_scaled : *ctx.holdout_x).to(out.device);
    yh = view_tensor(*ctx.holdout_y).to(out.device);
  }

  const int64_t n = x.rows;
  const int64_t batch = std::min(o.batch, n);
  const int64_t steps_per_epoch = (n + batch - 1) / batch;
  const int64_t planned = planned_epochs(o, n);
  const double planned_steps = static_cast<double>(planned) * static_cast<double>(steps_per_epoch);
  const int64_t epochs =
      ctx.stop_share > 0
          ? std::clamp<int64_t>(static_cast<int64_t>(std::ceil(ctx.stop_share * static_cast<double>(planned) - 1e-9)),
                                1, planned)
          : planned;
  int64_t best_epoch = 0;
  double best_loss = std::numeric_limits<double>::infinity();
  std::vector<at::Tensor> best_params;
  int64_t step = 0;
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    out.net->train();
    const at::Tensor perm = at::randperm(n, gen, at::TensorOptions().dtype(at::kLong)).to(out.device);
    double total = 0.0;
    for (int64_t start = 0; start < n; start += batch, ++step) {
      const double t = static_cast<double>(step) / planned_steps;
      for (auto& group : opt.param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(o.lr * schedule_factor(o.schedule, t));
      const at::Tensor idx = perm.slice(0, start, std::min(start + batch, n));
      const at::Tensor logits = out.net->forward(xt.index_select(0, idx), o.dropout * flat_cos(t), &gen);
      at::Tensor loss = train_loss(logits, yt.index_select(0, idx), t);
      opt.zero_grad();
      loss.backward();
      opt.step();
      if (ctx.log) total += loss.item<double>() * static_cast<double>(idx.size(0));
    }
    std::string line;
    if (xh.defined()) {
      at::NoGradGuard guard;
      out.net->eval();
      const double held = F::cross_entropy(in_chunks(xh, [&](const at::Tensor& c) { return out.net->forward(c); }), yh, holdout_loss).item<double>();
      if (held < best_loss) {  // the first epoch of the lowest loss
        best_loss = held;
        best_epoch = epoch + 1;
        best_params.clear();
        for (const auto& p : out.net->parameters()) best_params.push_back(p.detach().clone());
      }
      if (ctx.log) line = " held-out loss " + format_number(held);
    }
    if (ctx.log)
      ctx.log("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(epochs) + " loss " +
              format_number(total / static_cast<double>(n)) + line);
  }
  out.epochs_trained = epochs;
  if (!best_params.empty()) {
    set_params(*out.net, best_params);
    out.epochs_trained = best_epoch;
    out.best_share = static_cast<double>(best_epoch) / static_cast<double>(planned);
  }
  out.net->eval();
  return out;
}

Matrix predict_tabular(TabularNet net, const RobustScaling& robust, const MlpOptions& o, const at::Device& device,
                       const Matrix& x) {
  if (x.cols != net->shape().in)
    throw InputError("mlp: the data has " + std::to_string(x.cols) +
                     " columns after preprocessing, the model expects " + std::to_string(net->shape().in));
  if (x.rows == 0) return Matrix(0, net->shape().out);
  at::NoGradGuard guard;
  net->eval();
  const Matrix scaled = o.input == InputScaling::kRobust ? robust.transform(x) : Matrix();
  const at::Tensor xt = view_tensor(o.input == InputScaling::kRobust ? scaled : x).to(device);
  // In double precision: a row's result does not depend on the call's other rows.
  return to_matrix(in_chunks(xt, [&](const at::Tensor& c) { return at::softmax(net->forward_double(c), 1); }));
}

nlohmann::json tabular_state(TabularNet net, const RobustScaling& robust, const MlpOptions& o, int64_t classes,
                             int64_t epochs_trained) {
  nlohmann::json s = {{"in", net->shape().in},
                      {"classes", classes},
                      {"embedded", net->shape().embedded},
                      {"epochs_trained", epochs_trained},
                      {"params", params_to_json(*net)}};
  if (o.input == InputScaling::kRobust) s["robust"] = robust.to_json();
  return s;
}

TabularFit load_tabular(const MlpOptions& o, const JsonField& s) {
  TabularFit out;
  const int64_t in = s.at("in").integer(1, kMaxModelSize);
  const int64_t classes = s.at("classes").integer(2, kMaxModelSize);
  const JsonField embedded_field = s.at("embedded");
  std::vector<int64_t> embedded = embedded_field.integers(-1, 0, in - 1);
  for (size_t i = 1; i < embedded.size(); ++i)
    if (embedded[i] <= embedded[i - 1]) embedded_field.fail("is not strictly increasing");
  if (o.embedding == NumericEmbedding::kNone && !embedded.empty())
    embedded_field.fail("names embedded columns, but the spec has embedding=none");
  out.epochs_trained = s.at("epochs_trained").integer(0, o.epochs);
  if (o.input == InputScaling::kRobust) out.robust = RobustScaling::from_json(s.at("robust").value(), in, s.at("robust").path());
  const TabularNetShape shape = shape_of(o, in, classes, embedded);
  const JsonField stored = s.at("params");
  const auto params = params_from_json(stored.value(), tabular_param_shapes(shape), stored.path());
  out.net = TabularNet(shape);
  set_params(*out.net, params);
  out.net->eval();
  return out;
}

}  // namespace autosmote
