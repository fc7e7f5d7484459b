// Internal (LibTorch): the parts the generative over-samplers share (deep-smote, cwgan, tvae):
// the preprocessed table's column blocks, dense stacks initialised from an explicit generator,
// shuffled mini-batches, and turning generated values back into valid preprocessed rows.
#pragma once

#include <ATen/ATen.h>
#include <torch/nn/modules/container/sequential.h>

#include <functional>
#include <string>
#include <vector>

#include "autosmote/core/dataset.h"

namespace autosmote {

// The numeric columns and the one-hot blocks of a preprocessed table (an empty layout: every
// column numeric).
struct ColumnBlocks {
  std::vector<int64_t> numeric;
  std::vector<FeatureGroup> categorical;  // each `size` columns from `start`
  int64_t cols = 0;
};
ColumnBlocks column_blocks(const FeatureLayout& layout, int64_t cols);

enum class StackActivation { kRelu, kLeakyRelu };

// in -> widths[0] -> ... -> out: Linear layers with the activation between them (LeakyReLU with
// `slope`) and optionally LayerNorm after each hidden Linear (before the activation), none after
// the last. Every Linear gets PyTorch's default initialisation drawn from `gen`.
torch::nn::Sequential dense_stack(int64_t in, const std::vector<int64_t>& widths, int64_t out, StackActivation act,
                                  at::Generator& gen, bool layer_norm = false, double slope = 0.2);
// Every parameter of these modules, in order (one optimiser over several networks).
std::vector<at::Tensor> parameters_of(const std::vector<torch::nn::Module*>& modules);
// Gumbel noise -log(-log(U)) of `shape`, U ~ U(0, 1) from `gen`.
at::Tensor gumbel_noise(at::IntArrayRef shape, at::Generator& gen);

// The batches of one epoch: a permutation of [0, n) from `gen`, cut into pieces of `batch`.
std::vector<at::Tensor> epoch_batches(int64_t n, int64_t batch, at::Generator& gen);

// Generated values made into preprocessed rows: numeric columns clipped to [lo, hi] (the training
// rows' range per column, [cols] tensors), each one-hot block set to the one-hot of its largest value.
at::Tensor finish_rows(const at::Tensor& values, const ColumnBlocks& blocks, const at::Tensor& lo,
                       const at::Tensor& hi);

// The per-column range of x's rows (2 x [cols]).
std::pair<at::Tensor, at::Tensor> column_range(const at::Tensor& x);

// A progress line every `every` epochs (and at the last) through `log`, when set.
void log_epoch(const std::function<void(const std::string&)>& log, const std::string& who, int64_t epoch,
               int64_t epochs, double loss);

}  // namespace autosmote
