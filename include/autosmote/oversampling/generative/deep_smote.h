// DeepSMOTE (Dablain, Krawczyk & Chawla, IEEE TNNLS 2022; reference dd1github/DeepSMOTE), adapted
// to tabular rows: an autoencoder trained on every row (mean squared reconstruction error plus the
// reference's permutation penalty: each batch, up to `penalty_rows` rows of one class drawn at
// random are encoded, their codes shifted by one place and decoded, against the rows shifted the
// same way, with the encoder's output detached as in the reference), then SMOTE (k_neighbors) in
// the latent space of each class that grows, decoded. The adaptation (docs/generative.md): dense
// layers in place of the convolutions (encoder hidden x 2 with LeakyReLU 0.2, decoder hidden x 2
// with ReLU, a linear output), a latent size for tables, decoded numeric columns clipped to the
// training range and one-hot blocks set to their largest value. Adam at lr for both networks,
// epochs over shuffled batches of `batch` rows, as the reference (200, 100, 2e-4).
// Spec: deep-smote[:k_neighbors=5,hidden=128,latent=32,epochs=200,batch=100,lr=0.0002,
//                  penalty_rows=100,sampling_strategy=auto]
// Example: make_oversampler("deep-smote:epochs=50")->fit_resample(x, y, 2, rng);
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

struct DeepSmoteOptions {
  static constexpr const char* kName = "deep-smote";
  int64_t k_neighbors = 5;
  int64_t hidden = 128;  // ours: the reference's convolutions have 64 to 512 channels
  int64_t latent = 32;   // ours: the reference's 300 for 784 pixels
  int64_t epochs = 200;
  int64_t batch = 100;
  double lr = 0.0002;
  int64_t penalty_rows = 100;
  template <class V>
  static void visit(V& v) {
    v.integer("k_neighbors", &DeepSmoteOptions::k_neighbors, 1, kMaxNeighbors);
    v.integer("hidden", &DeepSmoteOptions::hidden, 1, 4096);
    v.integer("latent", &DeepSmoteOptions::latent, 1, 4096);
    v.integer("epochs", &DeepSmoteOptions::epochs, 1, 100000);
    v.integer("batch", &DeepSmoteOptions::batch, 1, int64_t(1) << 30);
    v.number("lr", &DeepSmoteOptions::lr, 1e-12, 10.0);
    v.integer("penalty_rows", &DeepSmoteOptions::penalty_rows, 0, int64_t(1) << 30);
  }
};

class DeepSmote : public OversamplerWith<DeepSmoteOptions> {
 public:
  using OversamplerWith::OversamplerWith;
  bool keeps_categories() const override { return true; }  // one-hot blocks are made one-hot

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
};

}  // namespace autosmote
