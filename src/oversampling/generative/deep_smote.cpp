#include "autosmote/oversampling/generative/deep_smote.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>

#include "nn/torch_utils.h"
#include "oversampling/generative/tabular_blocks.h"
#include "oversampling/smote_core.h"

namespace autosmote {

Resampled DeepSmote::make_rows(const Job& job, Rng& rng) const {
  const DeepSmoteOptions& o = options_;
  const int64_t n = job.x.rows, d = job.x.cols;
  at::Generator gen = make_generator(rng.next_u64());
  const ColumnBlocks blocks = column_blocks(job.context.layout, d);
  const at::Tensor x = view_tensor(job.x).clone();
  torch::nn::Sequential encoder = dense_stack(d, {o.hidden, o.hidden}, o.latent, StackActivation::kLeakyRelu, gen);
  torch::nn::Sequential decoder = dense_stack(o.latent, {o.hidden, o.hidden}, d, StackActivation::kRelu, gen);
  torch::optim::Adam encoder_opt(encoder->parameters(), torch::optim::AdamOptions(o.lr));
  torch::optim::Adam decoder_opt(decoder->parameters(), torch::optim::AdamOptions(o.lr));
  namespace F = torch::nn::functional;

  // The classes with rows, for the permutation penalty (the reference draws one per batch).
  std::vector<at::Tensor> class_rows;
  for (int64_t c = 0; c < job.n_classes; ++c) {
    std::vector<int64_t> rows = rows_of_class(job.y, c);
    if (!rows.empty()) class_rows.push_back(at::tensor(rows, at::kLong));
  }
  const auto n_present = static_cast<int64_t>(class_rows.size());
  for (int64_t epoch = 0; epoch < o.epochs; ++epoch) {
    double total = 0;
    for (const at::Tensor& idx : epoch_batches(n, o.batch, gen)) {
      const at::Tensor xb = x.index_select(0, idx);
      at::Tensor loss = F::mse_loss(decoder->forward(encoder->forward(xb)), xb);
      if (o.penalty_rows > 0) {
        const int64_t c = at::randint(n_present, {1}, gen, at::TensorOptions().dtype(at::kLong)).item<int64_t>();
        const at::Tensor& rows = class_rows[static_cast<size_t>(c)];
        const int64_t take = std::min<int64_t>(rows.size(0), o.penalty_rows);
        const at::Tensor picked = rows.index_select(0, at::randperm(rows.size(0), gen, at::kLong).slice(0, 0, take));
        const at::Tensor xc = x.index_select(0, picked);
        const at::Tensor codes = encoder->forward(xc).detach();
        const at::Tensor shift = at::cat({at::arange(1, take, at::kLong), at::zeros({1}, at::kLong)});
        loss = loss + F::mse_loss(decoder->forward(codes.index_select(0, shift)), xc.index_select(0, shift));
      }
      encoder_opt.zero_grad();
      decoder_opt.zero_grad();
      loss.backward();
      encoder_opt.step();
      decoder_opt.step();
      total += loss.item<double>() * static_cast<double>(idx.size(0));
    }
    log_epoch(job.context.log, "deep-smote", epoch, o.epochs, total / static_cast<double>(n));
  }

  at::NoGradGuard no_grad;
  const Matrix codes = to_matrix(encoder->forward(x));
  Resampled latent;
  latent.x = Matrix(0, o.latent);
  Resampled out = no_rows(job);
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    smote_class(codes, cls.rows, o.k_neighbors, cls.n_new, cls.index, job.who, cls.label, rng, &latent);
  });
  for (auto& w : latent.warnings) out.warnings.push_back(std::move(w));
  if (latent.x.rows == 0) return out;
  const auto [lo, hi] = column_range(x);
  const at::Tensor decoded = finish_rows(decoder->forward(view_tensor(latent.x)), blocks, lo, hi);
  out.x = to_matrix(decoded);
  out.y = latent.y;
  return out;
}

}  // namespace autosmote
