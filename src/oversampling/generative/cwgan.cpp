#include "autosmote/oversampling/generative/cwgan.h"

#include <torch/csrc/autograd/autograd.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include <cmath>

#include "nn/mlp_net.h"
#include "nn/torch_utils.h"
#include "oversampling/generative/tabular_blocks.h"
#include "oversampling/smote_core.h"

namespace autosmote {
namespace {

namespace F = torch::nn::functional;
constexpr double kSlope = 0.01;  // F.leaky_relu's default, the reference's "leaky_relu"
constexpr int64_t kAuxEpochs = 30;
constexpr double kAuxLr = 5e-4;
constexpr double kAuxFloor = 0.3;
constexpr int64_t kSampleChunk = 1000;

at::Tensor leaky(const at::Tensor& t) { return at::leaky_relu(t, kSlope); }

// The generator: a body on [noise, label], a head per categorical block, a numeric head.
class Generator {
 public:
  Generator(const ColumnBlocks& blocks, int64_t noise, int64_t classes, at::Generator& gen) : blocks_(blocks) {
    body_ = dense_stack(noise + classes, {128}, 64, StackActivation::kLeakyRelu, gen, false, kSlope);
    int64_t cat_width = 0;
    std::vector<int64_t> order;
    for (const FeatureGroup& g : blocks.categorical) {
      torch::nn::Linear head(64, g.size);
      init_linear(*head, gen);
      heads_.push_back(head);
      cat_width += g.size;
    }
    const auto n_numeric = static_cast<int64_t>(blocks.numeric.size());
    if (n_numeric > 0) numeric_ = dense_stack(64 + cat_width, {32}, n_numeric, StackActivation::kLeakyRelu, gen, false, kSlope);
    // Output order: numeric columns, then each block; `inverse_` puts them back in column order.
    for (int64_t c : blocks.numeric) order.push_back(c);
    for (const FeatureGroup& g : blocks.categorical)
      for (int64_t c = g.start; c < g.start + g.size; ++c) order.push_back(c);
    std::vector<int64_t> inverse(order.size());
    for (size_t i = 0; i < order.size(); ++i) inverse[static_cast<size_t>(order[i])] = static_cast<int64_t>(i);
    inverse_ = at::tensor(inverse, at::kLong);
  }

  std::vector<at::Tensor> parameters() {
    std::vector<torch::nn::Module*> modules = {body_.ptr().get()};
    for (auto& h : heads_) modules.push_back(h.ptr().get());
    if (numeric_) modules.push_back(numeric_.ptr().get());
    return parameters_of(modules);
  }

  // Rows [n, d] in column order. Training: soft Gumbel-softmax blocks; sampling: the blocks'
  // Gumbel-perturbed logits (finish_rows makes them one-hot at their largest value).
  at::Tensor forward(const at::Tensor& label, double tau, bool sampling, at::Generator& gen, int64_t noise) {
    const int64_t n = label.size(0);
    const at::Tensor z = at::rand({n, noise}, gen, at::TensorOptions().dtype(at::kFloat));
    const at::Tensor h = leaky(body_->forward(at::cat({z, label}, 1)));
    std::vector<at::Tensor> cats;
    for (auto& head : heads_) {
      const at::Tensor perturbed = head->forward(h) + gumbel_noise({n, head->options.out_features()}, gen);
      cats.push_back(sampling ? perturbed : at::softmax(perturbed / tau, 1));
    }
    std::vector<at::Tensor> parts;
    if (numeric_) {
      std::vector<at::Tensor> numeric_in = {h};
      for (const at::Tensor& c : cats)  // sampling: the hard one-hot the row will hold
        numeric_in.push_back(sampling ? at::one_hot(c.argmax(1), c.size(1)).to(at::kFloat) : c);
      parts.push_back(numeric_->forward(at::cat(numeric_in, 1)));
    }
    for (const at::Tensor& c : cats) parts.push_back(c);
    return at::cat(parts, 1).index_select(1, inverse_);
  }

 private:
  ColumnBlocks blocks_;
  torch::nn::Sequential body_{nullptr};
  std::vector<torch::nn::Linear> heads_;
  torch::nn::Sequential numeric_{nullptr};
  at::Tensor inverse_;
};

// One critic pass over the real rows, the fakes and random interpolates of the two (one forward: the
// critic works row by row, LayerNorm included): the critic's WGAN-GP loss,
// mean critic(fake) - mean critic(real) + gp_weight x mean (|grad critic(interpolate)| - 1)^2,
// and the distance mean critic(real) - mean critic(fake).
std::pair<at::Tensor, double> critic_loss(torch::nn::Sequential& critic, const at::Tensor& real, const at::Tensor& fake,
                                          const at::Tensor& label, double gp_weight, at::Generator& gen) {
  const int64_t b = real.size(0);
  const at::Tensor eps = at::rand({b, 1}, gen, at::TensorOptions().dtype(at::kFloat));
  const at::Tensor mixed = (eps * real + (1 - eps) * fake).detach().requires_grad_(gp_weight > 0);
  const at::Tensor scores =
      critic->forward(at::cat({at::cat({real, fake, mixed}, 0), at::cat({label, label, label}, 0)}, 1));
  const at::Tensor distance = scores.slice(0, 0, b).mean() - scores.slice(0, b, 2 * b).mean();
  at::Tensor loss = -distance;
  if (gp_weight > 0) {
    const at::Tensor on_mixed = scores.slice(0, 2 * b, 3 * b);
    const at::Tensor grad = torch::autograd::grad({on_mixed}, {mixed}, {at::ones_like(on_mixed)}, /*retain_graph=*/true,
                                                  /*create_graph=*/true)[0];
    loss = loss + gp_weight * (at::sqrt(grad.pow(2).sum(1) + 1e-12) - 1).pow(2).mean();
  }
  return {loss, distance.item<double>()};
}

}  // namespace

Resampled Cwgan::make_rows(const Job& job, Rng& rng) const {
  const CwganOptions& o = options_;
  const int64_t n = job.x.rows, d = job.x.cols, C = job.n_classes;
  at::Generator gen = make_generator(rng.next_u64());
  const ColumnBlocks blocks = column_blocks(job.context.layout, d);
  const at::Tensor x = view_tensor(job.x).clone();
  const at::Tensor y = view_tensor(job.y).clone();
  const at::Tensor onehot = at::one_hot(y, C).to(at::kFloat);
  const auto adam = [](double lr) { return torch::optim::AdamOptions(lr).betas(std::make_tuple(0.0, 0.9)); };

  Generator generator(blocks, o.noise, C, gen);
  torch::nn::Sequential critic =
      dense_stack(d + C, {128, 64, 32}, 1, StackActivation::kLeakyRelu, gen, /*layer_norm=*/true, kSlope);
  torch::optim::Adam generator_opt(generator.parameters(), adam(o.lr));
  torch::optim::Adam critic_opt(critic->parameters(), adam(o.lr));

  // The auxiliary classifier, pre-trained on the real rows.
  torch::nn::Sequential aux{nullptr};
  if (o.aux_weight > 0) {
    aux = dense_stack(d, {64, 64}, C, StackActivation::kLeakyRelu, gen, false, kSlope);
    torch::optim::Adam aux_opt(aux->parameters(), adam(kAuxLr));
    for (int64_t epoch = 0; epoch < kAuxEpochs; ++epoch)
      for (const at::Tensor& idx : epoch_batches(n, o.batch, gen)) {
        const at::Tensor loss = F::cross_entropy(aux->forward(x.index_select(0, idx)), y.index_select(0, idx));
        aux_opt.zero_grad();
        loss.backward();
        aux_opt.step();
      }
    for (auto& p : aux->parameters()) p.requires_grad_(false);
  }

  for (int64_t epoch = 0; epoch < o.epochs; ++epoch) {
    double distance = 0;
    int64_t batch_index = 0;
    for (const at::Tensor& idx : epoch_batches(n, o.batch, gen)) {
      const at::Tensor real = x.index_select(0, idx);
      const at::Tensor label = onehot.index_select(0, idx);
      // Critic step.
      at::Tensor fake;
      {
        at::NoGradGuard no_grad;
        fake = generator.forward(label, o.tau, false, gen, o.noise);
      }
      auto [loss, batch_distance] = critic_loss(critic, real, fake, label, o.gp_weight, gen);
      critic_opt.zero_grad();
      loss.backward();
      critic_opt.step();
      distance += batch_distance;
      // Generator step, every critic_steps critic steps (the reference's batch_idx % 3 == 0).
      if (batch_index++ % o.critic_steps == 0) {
        const at::Tensor made = generator.forward(label, o.tau, false, gen, o.noise);
        at::Tensor loss = -critic->forward(at::cat({made, label}, 1)).mean();
        if (aux) {
          const at::Tensor ce = F::cross_entropy(aux->forward(made), y.index_select(0, idx),
                                                 F::CrossEntropyFuncOptions().reduction(torch::kNone));
          loss = loss + o.aux_weight * ce.clamp_min(kAuxFloor).mean() * std::abs(loss.item<double>());
        }
        generator_opt.zero_grad();
        loss.backward();
        generator_opt.step();
      }
    }
    log_epoch(job.context.log, "cwgan", epoch, o.epochs, distance / static_cast<double>(std::max<int64_t>(batch_index, 1)));
  }

  at::NoGradGuard no_grad;
  const auto [lo, hi] = column_range(x);
  Resampled out = no_rows(job);
  std::vector<at::Tensor> made;
  std::vector<int64_t> labels;
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    for (int64_t start = 0; start < cls.n_new; start += kSampleChunk) {
      const int64_t m = std::min(kSampleChunk, cls.n_new - start);
      const at::Tensor label = at::one_hot(at::full({m}, cls.index, at::kLong), C).to(at::kFloat);
      made.push_back(finish_rows(generator.forward(label, o.tau, true, gen, o.noise), blocks, lo, hi));
      labels.insert(labels.end(), static_cast<size_t>(m), cls.index);
    }
  });
  if (made.empty()) return out;
  out.x = to_matrix(at::cat(made, 0));
  out.y = std::move(labels);
  return out;
}

}  // namespace autosmote
