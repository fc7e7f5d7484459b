#include "autosmote/oversampling/generative/tvae.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include "autosmote/core/error.h"
#include "nn/mlp_net.h"
#include "nn/torch_utils.h"
#include "oversampling/generative/mode_normalizer.h"
#include "oversampling/generative/tabular_blocks.h"
#include "oversampling/smote_core.h"

namespace autosmote {
namespace {

namespace F = torch::nn::functional;
constexpr int64_t kDrawRound = 1000;
constexpr double kSigmaInit = 0.1, kSigmaMin = 0.01, kSigmaMax = 1.0;

}  // namespace

Resampled Tvae::make_rows(const Job& job, Rng& rng) const {
  const TvaeOptions& o = options_;
  const int64_t n = job.x.rows, d = job.x.cols, C = job.n_classes;
  // The table TVAE learns: the rows with their label as one more categorical block.
  Matrix labelled(n, d + C);
  for (int64_t i = 0; i < n; ++i) {
    std::copy(job.x.row(i), job.x.row(i) + d, labelled.row(i));
    labelled.at(i, d + job.y[static_cast<size_t>(i)]) = 1.0f;
  }
  ColumnBlocks blocks = column_blocks(job.context.layout, d);
  blocks.categorical.push_back({d, C, true});
  blocks.cols = d + C;
  ModeNormalizer normalizer;
  normalizer.fit(labelled, blocks);
  const Matrix encoded = normalizer.transform(labelled, rng);
  const int64_t D = normalizer.output_dim();

  std::vector<int64_t> alpha_columns;
  std::vector<ModeSpan> one_hot;
  for (const ModeSpan& s : normalizer.spans()) {
    if (s.softmax) {
      one_hot.push_back(s);
    } else {
      alpha_columns.push_back(s.start);
    }
  }
  const at::Tensor alpha_idx = at::tensor(alpha_columns, at::kLong);

  at::Generator gen = make_generator(rng.next_u64());
  torch::nn::Sequential encoder = dense_stack(D, {o.hidden}, o.hidden, StackActivation::kRelu, gen);
  torch::nn::Linear to_mu(o.hidden, o.embedding), to_logvar(o.hidden, o.embedding);
  init_linear(*to_mu, gen);
  init_linear(*to_logvar, gen);
  torch::nn::Sequential decoder = dense_stack(o.embedding, {o.hidden, o.hidden}, D, StackActivation::kRelu, gen);
  at::Tensor sigma = at::full({D}, kSigmaInit, at::kFloat).requires_grad_(true);
  std::vector<at::Tensor> params =
      parameters_of({encoder.ptr().get(), to_mu.ptr().get(), to_logvar.ptr().get(), decoder.ptr().get()});
  params.push_back(sigma);
  torch::optim::Adam opt(params, torch::optim::AdamOptions(o.lr).weight_decay(o.weight_decay));

  const at::Tensor data = view_tensor(encoded).clone();
  const int64_t steps_per_epoch = (n + o.batch - 1) / o.batch;
  const int64_t epochs = std::max(o.epochs, (o.min_steps + steps_per_epoch - 1) / steps_per_epoch);
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    double total = 0;
    for (const at::Tensor& idx : epoch_batches(n, o.batch, gen)) {
      const at::Tensor real = data.index_select(0, idx);
      const auto b = static_cast<double>(idx.size(0));
      const at::Tensor h = at::relu(encoder->forward(real));
      const at::Tensor mu = to_mu->forward(h), logvar = to_logvar->forward(h);
      const at::Tensor eps = at::randn(mu.sizes(), gen, at::TensorOptions().dtype(at::kFloat));
      const at::Tensor rec = decoder->forward(eps * at::exp(0.5 * logvar) + mu);
      at::Tensor loss_rec = at::zeros({}, at::kFloat);
      if (!alpha_columns.empty()) {
        const at::Tensor s = sigma.index_select(0, alpha_idx);
        const at::Tensor diff = real.index_select(1, alpha_idx) - at::tanh(rec.index_select(1, alpha_idx));
        loss_rec = loss_rec + (diff.pow(2) / 2 / s.pow(2).unsqueeze(0)).sum() + at::log(s).sum() * b;
      }
      for (const ModeSpan& s : one_hot)
        loss_rec = loss_rec + F::cross_entropy(rec.slice(1, s.start, s.start + s.size),
                                               real.slice(1, s.start, s.start + s.size).argmax(1),
                                               F::CrossEntropyFuncOptions().reduction(torch::kSum));
      const at::Tensor kld = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum();
      const at::Tensor loss = o.loss_factor * loss_rec / b + kld / b;
      opt.zero_grad();
      loss.backward();
      opt.step();
      {
        at::NoGradGuard no_grad;
        sigma.clamp_(kSigmaMin, kSigmaMax);
      }
      total += loss.item<double>() * b;
    }
    log_epoch(job.context.log, "tvae", epoch, epochs, total / static_cast<double>(n));
  }

  // Sampling: decode N(0, I) codes in rounds, keep the rows of the classes that still need some.
  at::NoGradGuard no_grad;
  std::vector<float> sigmas(sigma.data_ptr<float>(), sigma.data_ptr<float>() + D);
  const auto [lo, hi] = column_range(view_tensor(job.x));
  std::vector<int64_t> missing = job.n_new;
  int64_t still = 0, draws = 0;
  for (int64_t c : missing) still += c;
  std::vector<std::vector<std::vector<float>>> kept(static_cast<size_t>(C));
  while (still > 0 && draws < o.max_draws) {
    const int64_t m = std::min(kDrawRound, o.max_draws - draws);
    at::Tensor made = decoder->forward(at::randn({m, o.embedding}, gen, at::TensorOptions().dtype(at::kFloat)));
    if (!alpha_columns.empty()) made.index_copy_(1, alpha_idx, at::tanh(made.index_select(1, alpha_idx)));
    const Matrix rows = normalizer.inverse(to_matrix(made), &sigmas, /*draw_categories=*/true, rng);
    draws += m;
    for (int64_t i = 0; i < m && still > 0; ++i) {
      int64_t label = 0;
      for (int64_t c = 1; c < C; ++c)
        if (rows.at(i, d + c) > rows.at(i, d + label)) label = c;
      if (missing[label] == 0) continue;
      --missing[label], --still;
      kept[static_cast<size_t>(label)].emplace_back(rows.row(i), rows.row(i) + d);
    }
  }
  if (still > 0)
    for (int64_t c = 0; c < C; ++c)
      if (missing[c] > 0)
        throw InputError("tvae: " + std::to_string(draws) + " draws made " +
                         std::to_string(job.n_new[c] - missing[c]) + " of the " + std::to_string(job.n_new[c]) +
                         " rows class '" + class_label(job.context, c) + "' needs (max_draws=" +
                         std::to_string(o.max_draws) + "): the model rarely generates this class");
  Resampled out = no_rows(job);
  std::vector<float> values;
  for (int64_t c = 0; c < C; ++c)
    for (const auto& row : kept[static_cast<size_t>(c)]) {
      values.insert(values.end(), row.begin(), row.end());
      out.y.push_back(c);
    }
  if (!out.y.empty()) {
    const at::Tensor t = at::from_blob(values.data(), {static_cast<int64_t>(out.y.size()), d}, at::kFloat);
    out.x = to_matrix(finish_rows(t, column_blocks(job.context.layout, d), lo, hi));
    int64_t wanted = 0;
    for (int64_t c : job.n_new) wanted += c;
    out.warnings.push_back(job.who + ": " + std::to_string(draws) + " draws for the " + std::to_string(wanted) +
                           " rows made (TVAE is not conditional: the rows of other classes are dropped)");
  }
  return out;
}

}  // namespace autosmote
