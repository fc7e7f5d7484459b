// The conditional WGAN-GP over-sampler of Engelmann & Lessmann (Expert Systems with Applications
// 2021, "Conditional Wasserstein GAN-based oversampling of tabular data for imbalanced learning";
// reference justinengelmann/GANbasedOversampling, models.py and its tutorial's settings):
//   generator  [noise U(0, 1)^noise, label] -> hidden (128, 64) with LeakyReLU (0.01) -> one
//              Gumbel-softmax head per categorical block (tau 0.66: soft while training, a hard
//              one-hot when sampling) and a numeric head on [last hidden, the categorical outputs]
//              (-> 32 -> the numeric columns)
//   critic     [row, label] -> (128, 64, 32) with LayerNorm and LeakyReLU -> 1
//   training   WGAN-GP: gradient penalty gp_weight (15) on random interpolates, a generator step
//              every `critic_steps` (3) critic steps, Adam lr (1e-4) with betas (0, 0.9), batch 64,
//              epochs 300; the fakes of a batch carry the batch's real labels
//   auxiliary  aux_weight > 0 (0.1): a classifier (64, 64) pre-trained 30 epochs on the real rows
//              (Adam 5e-4) adds aux_weight x mean(clamp(CE(fake), min 0.3)) x |generator loss| to the
//              generator's loss, so fakes stay recognisable as their class
//   sampling   n_new rows of each class to grow, conditioned on it; numeric columns clipped to
//              the training range (the reference clips to the scaled [0, 1])
// Differences (docs/generative.md): the label enters as a one-hot vector (the reference's binary
// y in {-1, 1} is that for two classes); the reference's cross layers and categorical embeddings
// of the numeric head are not implemented (the head sees the categorical outputs directly); the
// auxiliary classifier is a plain MLP with a softmax (the reference's: cross layers and a sigmoid).
// Spec: cwgan[:noise=30,epochs=300,batch=64,lr=0.0001,critic_steps=3,gp_weight=15,tau=0.66,
//             aux_weight=0.1,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

struct CwganOptions {
  static constexpr const char* kName = "cwgan";
  int64_t noise = 30;
  int64_t epochs = 300;
  int64_t batch = 64;
  double lr = 0.0001;
  int64_t critic_steps = 3;
  double gp_weight = 15.0;
  double tau = 0.66;
  double aux_weight = 0.1;
  template <class V>
  static void visit(V& v) {
    v.integer("noise", &CwganOptions::noise, 1, 4096);
    v.integer("epochs", &CwganOptions::epochs, 1, 100000);
    v.integer("batch", &CwganOptions::batch, 2, int64_t(1) << 30);
    v.number("lr", &CwganOptions::lr, 1e-12, 10.0);
    v.integer("critic_steps", &CwganOptions::critic_steps, 1, 1000);
    v.number("gp_weight", &CwganOptions::gp_weight, 0.0, 1e6);
    v.number("tau", &CwganOptions::tau, 1e-3, 100.0);
    v.number("aux_weight", &CwganOptions::aux_weight, 0.0, 100.0);
  }
};

class Cwgan : public OversamplerWith<CwganOptions> {
 public:
  using OversamplerWith::OversamplerWith;
  bool keeps_categories() const override { return true; }  // one-hot blocks are made one-hot

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
