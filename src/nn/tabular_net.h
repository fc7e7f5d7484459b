// Internal: the modern host network of MlpClassifier (preset=modern, models/mlp_classifier.h):
// numeric embeddings (PBLD / PLR) of chosen columns, an optional diagonal front scale, `layers`
// hidden layers (standard or NTK parametrisation, an activation, dropout), a linear output.
#pragma once

#include <torch/nn/module.h>

#include <vector>

#include "autosmote/models/mlp_classifier.h"

namespace autosmote {

struct TabularNetShape {
  int64_t in = 0, hidden = 0, layers = 0, out = 0;
  NumericEmbedding embedding = NumericEmbedding::kNone;
  std::vector<int64_t> embedded;  // input columns that get an embedding, increasing
  bool front_scale = false;
  bool ntk = false;
  Activation activation = Activation::kRelu;

  int64_t features() const;  // the width after the embeddings
};

// The frequencies and outputs of one column's embedding.
inline constexpr int64_t kPbldFrequencies = 16, kPbldOutputs = 3;  // + the value itself (densenet)
inline constexpr int64_t kPlrFrequencies = 8, kPlrOutputs = 4;

class TabularNetImpl : public torch::nn::Module {
 public:
  explicit TabularNetImpl(TabularNetShape shape);
  // Initialisation drawn from `gen`: embeddings as in RealMLP (frequencies N(0, sigma^2), phases
  // U(-pi, pi), linear weights U(-1/sqrt(k), 1/sqrt(k))); layers PyTorch's default, or with ntk
  // N(0, 1) weights and zero biases; the front scale 1.
  void reset_parameters(at::Generator& gen, double embedding_sigma);
  // Logits. With `gen`, dropout at rate `dropout` after each hidden layer, its masks drawn from
  // `gen` (LibTorch's own dropout draws from the global generator).
  at::Tensor forward(const at::Tensor& x, double dropout = 0.0, at::Generator* gen = nullptr);
  // Logits computed in double precision (float32 x, float64 out), for predictions: a row's result
  // then does not depend on the other rows of the call (float32 GEMM kernels sum in an order that
  // depends on the row count, so the same row could differ by a few ulps between calls).
  at::Tensor forward_double(const at::Tensor& x) const;
  const TabularNetShape& shape() const { return shape_; }

 private:
  struct Params {
    at::Tensor freq, phase, emb_weight, emb_bias, scale;  // undefined where the shape has none
    std::vector<at::Tensor> weights, biases;
  };
  static at::Tensor run(const TabularNetShape& shape, const Params& p, const at::Tensor& embedded_index,
                        const at::Tensor& other_index, const at::Tensor& x, double dropout, at::Generator* gen);

  TabularNetShape shape_;
  at::Tensor embedded_index_, other_index_;
  Params p_;
};
TORCH_MODULE(TabularNet);

// The shapes of TabularNet(shape)'s parameters, in parameters() order, without building it.
std::vector<std::vector<int64_t>> tabular_param_shapes(const TabularNetShape& shape);

}  // namespace autosmote
