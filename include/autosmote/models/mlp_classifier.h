// Multilayer perceptron on LibTorch, in two presets that share every key:
//
// preset=paper (the default: the AutoSMOTE paper's host, the configuration of every runs file and
// model file written before the modern preset existed): `layers` hidden layers of `hidden` units with ReLU, a
// linear output layer, cross-entropy, Adam, shuffled mini-batches of min(batch, n) rows (the last
// one partial). Initialisation is PyTorch's default for nn.Linear (U(-1/sqrt(fan_in), 1/sqrt(fan_in))
// for weights and biases), drawn from a generator seeded by FitContext::seed, as is the shuffling.
//   mlp = mlp:preset=paper = hidden=64,layers=1,lr=0.01,epochs=200,batch=512,weight_decay=0
//
// preset=modern (docs/host.md; not the default: the confirmation datasets found it below the
// paper's network at the tuned operating point, docs/host.md "Confirmation"): the ingredients of RealMLP-TD (Holzmueller et al.,
// NeurIPS 2024) and MLP-PLR (Gorishniy et al., NeurIPS 2022), each a key, the values in the table
// of docs/host.md:
//   input=robust        per column: median centring, robust scaling by the interquartile range
//                       (half the range where that is 0), smooth clipping x / sqrt(1 + (x/3)^2)
//                       (RealMLP's robust_scale + smooth_clip), fitted on the training rows
//   embedding=pbld|plr  numeric embeddings of every column with more than two distinct training
//                       values: pbld = [x, W cos(2 pi w x + b)] (RealMLP, 16 frequencies with
//                       sigma 0.1, 3 linear outputs), plr = ReLU(W [cos(2 pi w x), sin(2 pi w x)])
//                       (MLP-PLR: 8 frequencies, 4 outputs); embedding_sigma sets sigma
//   front_scale=on      a learned diagonal scaling of the network's inputs (init 1)
//   ntk=on              NTK parametrisation: weights N(0, 1), each layer's product scaled by
//                       1/sqrt(fan_in); biases start at 0
//   activation          relu | selu | silu | mish
//   dropout             after each hidden layer, its rate held for the first half of training and
//                       cosine-decayed to 0 over the second half (RealMLP's flat_cos)
//   label_smoothing     of the cross-entropy targets
//   schedule            constant | cosine | coslog4 (lr x (1 - cos(2 pi log2(1 + 15 t))) / 2,
//                       t the share of the planned steps done: RealMLP's schedule)
//   beta2               Adam's second-moment decay
//   max_steps           a cap on the optimiser steps: the planned epochs are
//                       min(epochs, max(1, max_steps / steps per epoch)) (0: no cap), so a large
//                       training set trains fewer epochs of the same schedule (the cost budget)
//   select_epoch=best   the fitting sequence holds training rows out (the rows threshold=tuned
//                       uses), a fit on the rest scores them after every epoch (cross-entropy), and
//                       the final fit on every training row stops at that fit's best epoch of the
//                       same schedule (eval/fitting.h); without held-out rows it trains every epoch
//   refit=off           the held-out fit of the fitting sequence (select_epoch=best or
//                       threshold=tuned) is the final model, at its best epoch and with the offsets
//                       tuned on its own predictions (RealMLP's protocol: no refit; the modern
//                       preset's); on (the paper's): a final fit on every training row follows
// The training loss, both presets (issue 25: the deep-learning answer to imbalance that makes no
// rows; nn/host_loss.h has the formulas and docs/losses.md the sources):
//   class_weight        none | balanced (n / (C n_c)) | effective (Cui et al., CVPR 2019: (1 - beta)
//                       / (1 - beta^n_c), scaled to sum to C; beta = class_weight_beta, 0.999)
//   loss=ce             cross-entropy (the default)
//   loss=focal          Lin et al., ICCV 2017: (1 - p_y)^focal_gamma x cross-entropy (gamma 2)
//   loss=logit-adjusted Menon et al., ICLR 2021: cross-entropy of logits + logit_tau x log(prior)
//                       (tau 1); predictions use the logits themselves
//   loss=ldam           Cao et al., NeurIPS 2019: the true class's logit less a margin
//                       ldam_margin x (n_c / n_min)^(-1/4) (0.5 for the smallest class), with
//                       deferred re-weighting: from the share ldam_drw of the epochs on (0.8: the
//                       reference's epoch 160 of 200), the class_weight weights, or effective ones
//                       with beta 0.9999 (the reference's) under class_weight=none; ldam_drw=1: none
// (threshold: models/classifier.h).
// Limits (SpecError when the spec is read, before anything is allocated): hidden <= 16384,
// layers <= 64, hidden^2 x (layers - 1) <= 100,000,000 weights, epochs <= 1,000,000,
// batch <= 2^30 (a batch is at most the training rows anyway).
//
// Example:
//   auto clf = make_classifier("mlp:preset=modern,epochs=50");
//   clf->fit(x, y, 2, FitContext{/*seed=*/0});
//   Matrix p = clf->predict_proba(x_test);
#pragma once

#include <memory>
#include <string>

#include "autosmote/core/options.h"
#include "autosmote/core/params.h"
#include "autosmote/models/classifier.h"

namespace autosmote {

inline constexpr int64_t kMaxHidden = 16384;
inline constexpr int64_t kMaxLayers = 64;
inline constexpr int64_t kMaxHiddenWeights = 100000000;

enum class MlpPreset { kModern, kPaper };
enum class Activation { kRelu, kSelu, kSilu, kMish };
enum class InputScaling { kNone, kRobust };
enum class NumericEmbedding { kNone, kPbld, kPlr };
enum class LrSchedule { kConstant, kCosine, kCoslog4 };
enum class EpochSelection { kLast, kBest };
enum class ClassWeight { kNone, kBalanced, kEffective };
enum class HostLoss { kCrossEntropy, kFocal, kLogitAdjusted, kLdam };

struct MlpOptions {
  // The member initialisers are preset=paper; for_preset(kModern) gives the modern defaults.
  MlpPreset preset = MlpPreset::kPaper;
  int64_t hidden = 64;
  int64_t layers = 1;
  double lr = 0.01;
  int64_t epochs = 200;
  int64_t batch = 512;
  int64_t max_steps = 0;  // 0: no cap
  double weight_decay = 0.0;
  ClassWeight class_weight = ClassWeight::kNone;
  Threshold threshold = Threshold::kNone;
  Activation activation = Activation::kRelu;
  InputScaling input = InputScaling::kNone;
  NumericEmbedding embedding = NumericEmbedding::kNone;
  double embedding_sigma = 0.1;
  bool front_scale = false;
  bool ntk = false;
  double dropout = 0.0;
  double label_smoothing = 0.0;
  LrSchedule schedule = LrSchedule::kConstant;
  double beta2 = 0.999;
  EpochSelection select_epoch = EpochSelection::kLast;
  bool refit = true;
  double class_weight_beta = 0.999;
  HostLoss loss = HostLoss::kCrossEntropy;
  double focal_gamma = 2.0;
  double logit_tau = 1.0;
  double ldam_margin = 0.5;
  double ldam_drw = 0.8;

  static MlpOptions for_preset(MlpPreset preset);

  // The spec keys after `preset`, in canonical order (core/options.h).
  template <class V>
  static void visit(V& v) {
    v.integer("hidden", &MlpOptions::hidden, 1, kMaxHidden);
    v.integer("layers", &MlpOptions::layers, 0, kMaxLayers);
    v.check(&MlpOptions::check_hidden_weights);
    v.number("lr", &MlpOptions::lr, 1e-12, 10.0);
    v.integer("epochs", &MlpOptions::epochs, 1, 1000000);
    v.integer("batch", &MlpOptions::batch, 1, int64_t(1) << 30);
    v.integer("max_steps", &MlpOptions::max_steps, 0, int64_t(1) << 40);
    v.number("weight_decay", &MlpOptions::weight_decay, 0.0, 10.0);
    v.choice("class_weight", &MlpOptions::class_weight,
             ChoiceNames<ClassWeight>{
                 {"none", ClassWeight::kNone}, {"balanced", ClassWeight::kBalanced}, {"effective", ClassWeight::kEffective}});
    v.choice("threshold", &MlpOptions::threshold, threshold_names());
    v.choice("activation", &MlpOptions::activation,
             ChoiceNames<Activation>{{"relu", Activation::kRelu},
                                     {"selu", Activation::kSelu},
                                     {"silu", Activation::kSilu},
                                     {"mish", Activation::kMish}});
    v.choice("input", &MlpOptions::input,
             ChoiceNames<InputScaling>{{"none", InputScaling::kNone}, {"robust", InputScaling::kRobust}});
    v.choice("embedding", &MlpOptions::embedding,
             ChoiceNames<NumericEmbedding>{
                 {"none", NumericEmbedding::kNone}, {"pbld", NumericEmbedding::kPbld}, {"plr", NumericEmbedding::kPlr}});
    v.number("embedding_sigma", &MlpOptions::embedding_sigma, 1e-6, 100.0);
    v.choice("front_scale", &MlpOptions::front_scale, on_off_names());
    v.choice("ntk", &MlpOptions::ntk, on_off_names());
    v.number("dropout", &MlpOptions::dropout, 0.0, 0.95);
    v.number("label_smoothing", &MlpOptions::label_smoothing, 0.0, 0.5);
    v.choice("schedule", &MlpOptions::schedule,
             ChoiceNames<LrSchedule>{
                 {"constant", LrSchedule::kConstant}, {"cosine", LrSchedule::kCosine}, {"coslog4", LrSchedule::kCoslog4}});
    v.number("beta2", &MlpOptions::beta2, 0.0, 0.999999);
    v.choice("select_epoch", &MlpOptions::select_epoch,
             ChoiceNames<EpochSelection>{{"last", EpochSelection::kLast}, {"best", EpochSelection::kBest}});
    v.choice("refit", &MlpOptions::refit, on_off_names());
    v.number("class_weight_beta", &MlpOptions::class_weight_beta, 0.0, 0.999999999);
    v.choice("loss", &MlpOptions::loss,
             ChoiceNames<HostLoss>{{"ce", HostLoss::kCrossEntropy},
                                   {"focal", HostLoss::kFocal},
                                   {"logit-adjusted", HostLoss::kLogitAdjusted},
                                   {"ldam", HostLoss::kLdam}});
    v.number("focal_gamma", &MlpOptions::focal_gamma, 0.0, 20.0);
    v.number("logit_tau", &MlpOptions::logit_tau, 0.0, 20.0);
    v.number("ldam_margin", &MlpOptions::ldam_margin, 0.0, 20.0);
    v.number("ldam_drw", &MlpOptions::ldam_drw, 0.0, 1.0);
  }
  static const ChoiceNames<bool>& on_off_names() {
    static const ChoiceNames<bool> names = {{"off", false}, {"on", true}};
    return names;
  }
  // SpecError when hidden^2 x (layers - 1) is above kMaxHiddenWeights.
  void check_hidden_weights() const;
  // True when every key beyond the paper's own (hidden, layers, lr, epochs, batch, weight_decay,
  // class_weight, threshold; refit, a key of the fitting sequence; and the loss keys, which the
  // paper's loop runs too) has its preset=paper value: the fit is then the paper's network and
  // loop exactly (the same bytes as before the modern preset existed).
  bool paper_network() const;

  // Reads `preset` (default `default_preset`), then the other mlp keys from `r` with that preset's
  // defaults (shared with auto-smote, whose spec includes them).
  static MlpOptions read(ParamReader& r, MlpPreset default_preset = MlpPreset::kPaper);
  // Appends "preset=..." when it is not `default_preset`, then the keys that differ from the
  // preset's defaults, in canonical order.
  void append_spec(std::vector<std::string>& parts, MlpPreset default_preset = MlpPreset::kPaper) const;
};

class MlpClassifier : public Classifier {
 public:
  explicit MlpClassifier(MlpOptions options);
  ~MlpClassifier() override;

  std::string kind() const override { return "mlp"; }
  std::string spec() const override;
  std::unique_ptr<Classifier> clone_unfitted() const override;
  Threshold threshold() const override { return options_.threshold; }
  void fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) override;
  Matrix predict_proba(const Matrix& x) const override;
  nlohmann::json state() const override;
  void load_state(const nlohmann::json& state) override;

  const MlpOptions& options() const { return options_; }
  bool selects_epochs() const override { return options_.select_epoch == EpochSelection::kBest; }
  bool refits() const override { return options_.refit; }
  // The modern network's probabilities pile up where label smoothing saturates them: offsets from
  // the middle of the near-optimal plateau (eval/operating_point.h); the paper's keeps its rule.
  OffsetRule offset_rule() const override {
    return options_.paper_network() ? OffsetRule::kBestNearest : OffsetRule::kPlateauMiddle;
  }
  double best_share() const override { return best_share_; }
  int64_t parameter_count() const override;

 private:
  struct Impl;
  MlpOptions options_;
  double best_share_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace autosmote
