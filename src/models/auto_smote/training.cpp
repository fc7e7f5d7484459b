// AutoSmote::fit: the anchors are prepared, then classifier and policy are trained together, the
// policy on one of two objectives (joint, or the validation look-ahead).
#include <torch/csrc/autograd/autograd.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "autosmote/core/error.h"
#include "autosmote/core/random.h"
#include "models/auto_smote/fitted.h"
#include "models/auto_smote/policy_sizes.h"
#include "nn/host_loss.h"

namespace autosmote {

namespace {

using torch::nn::functional::cross_entropy;
using torch::nn::functional::CrossEntropyFuncOptions;
using torch::optim::Adam;

// The Gumbel-Softmax temperature of an epoch (anneal moves it from tau to tau_min).
double temperature_at(const AutoSmoteOptions& o, int64_t epoch) {
  const double progress = o.mlp.epochs > 1 ? static_cast<double>(epoch) / static_cast<double>(o.mlp.epochs - 1) : 0.0;
  if (o.anneal == TauAnneal::kLinear) return o.tau + (o.tau_min - o.tau) * progress;
  if (o.anneal == TauAnneal::kExponential) return o.tau * std::pow(o.tau_min / o.tau, progress);
  return o.tau;
}

// 1 - the macro-F1 of soft predictions (softmax probabilities as fractional counts), over the
// classes present in `y` or predicted with any mass: a smooth stand-in for the metric itself.
at::Tensor soft_macro_f1_loss(const at::Tensor& logits, const at::Tensor& y, int64_t n_classes) {
  const at::Tensor p = at::softmax(logits, 1);
  const at::Tensor truth = at::one_hot(y, n_classes).to(p.scalar_type());
  const at::Tensor tp = (p * truth).sum(0), predicted = p.sum(0), support = truth.sum(0);
  const at::Tensor f1 = 2 * tp / (predicted + support).clamp_min(1e-12);
  return 1 - f1.mean();
}

// RankNet's pairwise logistic loss, one class against the rest: for every class c with rows on
// both sides, the mean over (row of c, row of another class) pairs of softplus(s_other - s_c) with
// s = log p_c; the mean over those classes. A smooth stand-in for 1 - the one-vs-rest AUC: blind to
// the classes' prior, so it scores how well the rows separate, which a tuned operating point keeps.
// Undefined when no class has rows on both sides.
at::Tensor pairwise_auc_loss(const at::Tensor& logits, const at::Tensor& y, int64_t n_classes) {
  const at::Tensor s = at::log_softmax(logits, 1);
  at::Tensor total;
  int64_t used = 0;
  for (int64_t c = 0; c < n_classes; ++c) {
    const at::Tensor in_c = y == c, score = s.select(1, c);
    const at::Tensor pos = score.masked_select(in_c), neg = score.masked_select(~in_c);
    if (pos.size(0) == 0 || neg.size(0) == 0) continue;
    const at::Tensor term = at::softplus(neg.unsqueeze(0) - pos.unsqueeze(1)).mean();
    total = total.defined() ? total + term : term;
    ++used;
  }
  return used > 0 ? total / static_cast<double>(used) : total;
}

// The classifier's loss (mlp's class_weight and loss keys) on the classes of the data it sees:
// real rows plus the synthetic rows of an epoch (as mlp on over-sampled data).
std::vector<int64_t> seen_counts(const std::vector<int64_t>& counts, const std::vector<int64_t>& n_new) {
  std::vector<int64_t> seen(counts.size());
  for (size_t c = 0; c < counts.size(); ++c) seen[c] = counts[c] + n_new[c];
  return seen;
}

// The epoch's totals, kept on the device (read once per epoch, no per-batch synchronisation).
struct EpochTotals {
  at::Tensor participated, k_histogram, aggregation_histogram, loss;
};

// Adam is per parameter: one optimiser per network is the same as one over both, and lets the
// policy be updated on another objective, frozen, or shared by several search classifiers.
torch::optim::AdamOptions adam_options(const AutoSmoteOptions& options) {
  return torch::optim::AdamOptions(options.mlp.lr).weight_decay(options.mlp.weight_decay);
}

// One fit's training loop: the classifier's optimiser and the data every step needs.
class TrainingLoop {
 public:
  // `policy_opt`: the policy's optimiser, the policy learns in this loop (null: it is only used).
  // `heldout`: the rows the look-ahead scores (objective=heldout; empty: the batch's own real rows),
  // never trained on here.
  // `epochs`: the epochs this loop will run (LDAM's deferred re-weighting starts at a share of them).
  TrainingLoop(AutoSmote::Impl& model, const AutoSmoteOptions& options, const std::vector<int64_t>& counts,
               int64_t epochs, at::Generator& gen, std::shared_ptr<Adam> policy_opt, const Matrix& heldout_x = {},
               const Labels& heldout_y = {})
      : model_(model),
        options_(options),
        gen_(gen),
        net_params_(model.net->parameters()),
        classifier_opt_(net_params_, adam_options(options)),
        policy_opt_(std::move(policy_opt)),
        loss_fn_(options.mlp, seen_counts(counts, model.n_new), model.device),
        epochs_(epochs),
        validation_weight_(class_weights(class_counts(heldout_y.empty() ? model.train_y : heldout_y, model.classes),
                                         ClassWeight::kBalanced, 0.0, model.device)),
        y_device_(view_tensor(model.train_y).to(model.device)),
        real_rows_(model.train_x.rows),
        policy_trains_(policy_opt_ != nullptr) {
    if (!heldout_y.empty()) {
      // Copies: the caller's matrices may be temporaries (and .to() of a CPU tensor to the CPU is a view).
      heldout_x_ = view_tensor(heldout_x).to(model.device).clone();
      heldout_y_ = view_tensor(heldout_y).to(model.device).clone();
    }
    candidates_ = candidates_per_class(options, model.n_new);
    for (auto v : candidates_) synthetic_rows_ += v;
  }

  // One epoch over the real rows and that epoch's synthetic anchors, in shuffled mini-batches.
  EpochDiagnostics run_epoch(int64_t epoch, const FitContext& ctx);

 private:
  // One optimiser step on the batch's real rows and synthetic rows: `epoch_rows` (made beforehand,
  // detached from the policy), or null: made here with the policy's graph (objective=joint).
  // `lookahead_chunk`: anchor positions for a look-ahead policy step before it (undefined: none).
  void train_batch(const at::Tensor& slots, const at::Tensor& anchors, double tau, bool train_policy,
                   const Decisions* epoch_rows, const at::Tensor& lookahead_chunk, EpochTotals* totals);
  void add_totals(const Decisions& synthetic, EpochTotals* totals) const;
  // The rows the policy makes for `anchors` with no graph, one draw per candidate: every candidate
  // with its keep weight, or (`only_kept`) the rows kept.
  Decisions make_rows(const at::Tensor& anchors, double tau, bool only_kept);
  // objective=validation|heldout: the policy steps on the look-ahead of the rows it makes for
  // `positions`, scored on real rows (`real_x`, `real_y`); `scale` divides the summed alignment.
  void lookahead_policy_step(const at::Tensor& positions, double tau, const at::Tensor& real_x,
                             const at::Tensor& real_y, double scale);
  EpochDiagnostics read_totals(const EpochTotals& totals, int64_t synthetic_rows) const;

  AutoSmote::Impl& model_;
  const AutoSmoteOptions& options_;
  at::Generator& gen_;
  const std::vector<at::Tensor> net_params_;
  Adam classifier_opt_;
  std::shared_ptr<Adam> policy_opt_;    // the policy learns here
  const HostLossFn loss_fn_;
  const int64_t epochs_;
  at::Tensor seen_weight_;              // the loss's class weights this epoch (undefined: none)
  const at::Tensor validation_weight_;  // the validation objective's class-balanced weights
  const at::Tensor y_device_;
  const int64_t real_rows_;
  const bool policy_trains_;
  at::Tensor heldout_x_, heldout_y_;     // objective=heldout's search: the look-ahead's rows
  std::vector<int64_t> candidates_;      // candidate synthetic rows per class and epoch
  std::optional<Decisions> fixed_rows_;  // objective=heldout's final fit: the rows made once
  int64_t synthetic_rows_ = 0;           // per epoch
};

EpochDiagnostics TrainingLoop::run_epoch(int64_t epoch, const FitContext& ctx) {
  seen_weight_ = loss_fn_.weight_at(static_cast<double>(epoch) / static_cast<double>(std::max<int64_t>(epochs_, 1)));
  const double tau = temperature_at(options_, epoch);
  const bool train_policy = policy_trains_ && epoch >= options_.warmup;
  const auto long_opts = at::TensorOptions().dtype(at::kLong).device(model_.device);
  EpochTotals totals{at::zeros({}, long_opts), at::zeros({model_.neighbours}, long_opts),
                     at::zeros({static_cast<int64_t>(options_.aggregations.size())}, long_opts),
                     at::zeros({}, at::TensorOptions().dtype(at::kDouble).device(model_.device))};
  // objective=heldout's final fit (the policy frozen): the frozen policy makes its rows once, the
  // rows its amounts keep, and the classifier trains on them with the real rows as on any
  // sampler's output (cost: one mlp fit).
  const bool fixed = !policy_trains_ && options_.objective == PolicyObjective::kHeldout;
  if (fixed && !fixed_rows_) fixed_rows_ = make_rows(model_.epoch_anchors(candidates_, gen_), tau, true);
  const at::Tensor anchors = fixed ? at::Tensor() : model_.epoch_anchors(candidates_, gen_);
  // Only the joint objective needs the policy's graph in the classifier's step; otherwise the
  // epoch's rows are made in one call with the policy as it stands at the epoch's start (the
  // per-operation overhead of a batch's synthesis, paid once per epoch).
  const bool joint = train_policy && options_.objective == PolicyObjective::kJoint;
  std::optional<Decisions> epoch_rows;
  if (!fixed && !joint) epoch_rows = make_rows(anchors, tau, false);
  const Decisions* rows = fixed ? &*fixed_rows_ : epoch_rows ? &*epoch_rows : nullptr;
  const int64_t synthetic_rows = rows ? rows->labels.size(0) : synthetic_rows_;
  if (rows) add_totals(*rows, &totals);
  const int64_t total_rows = real_rows_ + synthetic_rows;
  const at::Tensor slots = at::randperm(total_rows, gen_, at::TensorOptions().dtype(at::kLong));
  const int64_t batch = std::min(options_.mlp.batch, total_rows);
  const int64_t n_batches = (total_rows + batch - 1) / batch;
  // The look-ahead: every lookahead_every-th batch, on as many candidate anchors as a batch holds
  // synthetic rows, the next ones of the epoch's candidates in shuffled order (with every = 1, each
  // candidate is scored once per epoch).
  const bool lookahead = train_policy && !joint && anchors.defined() && anchors.size(0) > 0;
  const int64_t every = options_.lookahead_every, n_candidates = lookahead ? anchors.size(0) : 0;
  const at::Tensor shuffled =
      lookahead ? anchors.index_select(0, at::randperm(n_candidates, gen_, long_opts.device(at::kCPU))) : at::Tensor();
  for (int64_t b = 0; b < n_batches; ++b) {
    const int64_t start = b * batch;
    at::Tensor chunk;
    if (lookahead && b % every == 0)
      chunk = shuffled.slice(0, b * n_candidates / n_batches, (b + 1) * n_candidates / n_batches);
    train_batch(slots.slice(0, start, std::min(start + batch, total_rows)), anchors, tau, train_policy, rows, chunk,
                &totals);
  }
  EpochDiagnostics diagnostics = read_totals(totals, synthetic_rows);
  if (ctx.log) {
    std::string line = "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(options_.mlp.epochs) + " loss " +
                       format_number(diagnostics.loss) + " tau " + format_number(tau) + " participation " +
                       format_number(diagnostics.participation_rate) + " k [";
    for (size_t j = 0; j < diagnostics.k_histogram.size(); ++j)
      line += (j ? " " : "") + std::to_string(diagnostics.k_histogram[j]);
    line += "] aggregation [";
    for (size_t j = 0; j < diagnostics.aggregation_histogram.size(); ++j)
      line += (j ? " " : "") + std::to_string(diagnostics.aggregation_histogram[j]);
    line += "]";
    ctx.log(line);
  }
  return diagnostics;
}

Decisions TrainingLoop::make_rows(const at::Tensor& epoch_anchors, double tau, bool only_kept) {
  at::NoGradGuard no_grad;
  const at::Tensor anchors = epoch_anchors.to(model_.device);
  if (anchors.size(0) == 0) {
    Decisions none;
    const auto long_opts = at::TensorOptions().dtype(at::kLong).device(model_.device);
    none.rows = at::zeros({0, model_.in}, model_.x_device.options());
    none.labels = none.participated = none.k = none.aggregation = at::zeros({0}, long_opts);
    none.keep = at::zeros({0}, model_.x_device.options());
    return none;
  }
  Decisions all = model_.synthesize(options_, anchors, tau, gen_);
  if (!only_kept) return all;
  const at::Tensor kept = (all.keep > 0.5).nonzero().view({-1});
  for (at::Tensor* t : {&all.rows, &all.labels, &all.keep, &all.participated, &all.k, &all.aggregation})
    *t = t->index_select(0, kept);
  return all;
}

void TrainingLoop::add_totals(const Decisions& synthetic, EpochTotals* totals) const {
  totals->participated += synthetic.participated.sum();
  totals->k_histogram += at::bincount(synthetic.k, {}, model_.neighbours);
  totals->aggregation_histogram +=
      at::bincount(synthetic.aggregation, {}, static_cast<int64_t>(options_.aggregations.size()));
}

// Slots below real_rows_ are real rows, the others index the epoch's synthetic rows (or, joint
// objective, its anchors). The classifier steps on the batch's weighted cross-entropy; the policy
// on the same loss (objective=joint) or on the look-ahead (objective=validation|heldout).
void TrainingLoop::train_batch(const at::Tensor& slots, const at::Tensor& anchors, double tau, bool train_policy,
                               const Decisions* epoch_rows, const at::Tensor& lookahead_chunk, EpochTotals* totals) {
  const at::Tensor is_real = slots < real_rows_;
  const at::Tensor real = slots.masked_select(is_real).to(model_.device);
  const at::Tensor synthetic_slots = (slots.masked_select(~is_real) - real_rows_).to(model_.device);
  const at::Tensor real_x = model_.x_device.index_select(0, real), real_y = y_device_.index_select(0, real);
  if (lookahead_chunk.defined() && lookahead_chunk.size(0) > 0) {
    // The alignment is summed over the chunk's rows and divided by the batch's rows (the scale of
    // one batch's loss).
    const double scale = static_cast<double>(slots.size(0));
    if (heldout_y_.defined()) {
      // A batch of held-out rows, as many as the batch's real rows (at least one).
      const int64_t m = std::max<int64_t>(1, std::min<int64_t>(real_x.size(0), heldout_y_.size(0)));
      const at::Tensor pick =
          at::randint(heldout_y_.size(0), {m}, gen_, at::TensorOptions().dtype(at::kLong)).to(model_.device);
      lookahead_policy_step(lookahead_chunk, tau, heldout_x_.index_select(0, pick), heldout_y_.index_select(0, pick),
                            scale);
    } else {
      lookahead_policy_step(lookahead_chunk, tau, real_x, real_y, scale);
    }
  }
  at::Tensor batch_x = real_x, batch_y = real_y, batch_weight = at::ones({real_x.size(0)}, real_x.options());
  at::Tensor joint_entropy;  // joint objective with entropy > 0: the bonus joins the loss
  const bool joint_policy = !epoch_rows && train_policy;
  if (epoch_rows && synthetic_slots.size(0) > 0) {
    batch_x = at::cat({batch_x, epoch_rows->rows.index_select(0, synthetic_slots)}, 0);
    batch_y = at::cat({batch_y, epoch_rows->labels.index_select(0, synthetic_slots)}, 0);
    batch_weight = at::cat({batch_weight, epoch_rows->keep.index_select(0, synthetic_slots)}, 0);
  } else if (synthetic_slots.size(0) > 0) {
    const at::Tensor synthetic_positions = anchors.to(model_.device).index_select(0, synthetic_slots);
    Decisions synthetic = model_.synthesize(options_, synthetic_positions, tau, gen_);
    batch_x = at::cat({batch_x, synthetic.rows}, 0);
    batch_y = at::cat({batch_y, synthetic.labels}, 0);
    batch_weight = at::cat({batch_weight, synthetic.keep}, 0);
    add_totals(synthetic, totals);
    joint_entropy = synthetic.entropy;
  }
  if (seen_weight_.defined()) batch_weight = batch_weight * seen_weight_.index_select(0, batch_y);
  const at::Tensor ce = loss_fn_.per_row(model_.net->forward(batch_x), batch_y);
  at::Tensor loss = (batch_weight * ce).sum() / batch_weight.sum().clamp_min(1e-12);
  totals->loss += loss.detach().to(at::kDouble) * static_cast<double>(batch_x.size(0));
  if (joint_entropy.defined()) loss = loss - options_.entropy * joint_entropy;
  classifier_opt_.zero_grad();
  if (policy_opt_) policy_opt_->zero_grad();
  loss.backward();
  classifier_opt_.step();
  if (joint_policy) policy_opt_->step();
}

// One-step look-ahead on the validation loss (the class-balanced loss of the batch's real rows), to
// first order: a classifier step on the synthetic rows lowers L_val by lr * grad L_syn . grad L_val,
// so the policy maximises that alignment; each row's term is the directional derivative of its loss
// along grad L_val (a central difference).
void TrainingLoop::lookahead_policy_step(const at::Tensor& positions, double tau, const at::Tensor& real_x,
                                         const at::Tensor& real_y, double scale) {
  const Decisions synthetic = model_.synthesize(options_, positions.to(model_.device), tau, gen_);
  const at::Tensor logits = model_.net->forward(real_x);
  at::Tensor validation_loss;
  switch (options_.lookahead_loss) {
    case LookaheadLoss::kSoftF1:
      validation_loss = soft_macro_f1_loss(logits, real_y, model_.classes);
      break;
    case LookaheadLoss::kAuc:
      validation_loss = pairwise_auc_loss(logits, real_y, model_.classes);
      if (!validation_loss.defined()) return;  // the rows are of one class: no ranking to score
      break;
    case LookaheadLoss::kCrossEntropy:
      validation_loss = cross_entropy(logits, real_y, CrossEntropyFuncOptions().weight(validation_weight_));
      break;
  }
  const auto gradient = torch::autograd::grad({validation_loss}, net_params_);
  at::Tensor norm2 = at::zeros({}, real_x.options());
  for (const auto& g : gradient) norm2 = norm2 + g.pow(2).sum();
  const double h = 1e-2;
  const at::Tensor step = h / (norm2.sqrt() + 1e-12);
  std::vector<at::Tensor> plus, minus;
  for (size_t i = 0; i < gradient.size(); ++i) {
    plus.push_back(net_params_[i].detach() + step * gradient[i]);
    minus.push_back(net_params_[i].detach() - step * gradient[i]);
  }
  const at::Tensor alignment = (loss_fn_.per_row(mlp_forward_with(plus, synthetic.rows), synthetic.labels) -
                                loss_fn_.per_row(mlp_forward_with(minus, synthetic.rows), synthetic.labels)) /
                               (2 * h);
  const at::Tensor class_weight =
      seen_weight_.defined() ? seen_weight_.index_select(0, synthetic.labels) : at::ones_like(alignment);
  at::Tensor policy_loss = -(class_weight * synthetic.keep * alignment).sum() / scale;
  if (synthetic.entropy.defined()) policy_loss = policy_loss - options_.entropy * synthetic.entropy;
  policy_opt_->zero_grad();
  policy_loss.backward();
  policy_opt_->step();
}

EpochDiagnostics TrainingLoop::read_totals(const EpochTotals& totals, int64_t synthetic_rows) const {
  EpochDiagnostics out;
  const at::Tensor k_histogram = totals.k_histogram.cpu(), aggregation_histogram = totals.aggregation_histogram.cpu();
  for (int64_t j = 0; j < k_histogram.size(0); ++j) out.k_histogram.push_back(k_histogram[j].item<int64_t>());
  for (int64_t j = 0; j < aggregation_histogram.size(0); ++j)
    out.aggregation_histogram.push_back(aggregation_histogram[j].item<int64_t>());
  out.participation_rate = synthetic_rows > 0 ? static_cast<double>(totals.participated.item<int64_t>()) /
                                                    static_cast<double>(synthetic_rows)
                                              : 0.0;
  out.loss = totals.loss.item<double>() / static_cast<double>(real_rows_ + synthetic_rows);
  return out;
}

// The learned policy per group (self: averaged over the class's rows) and per anchor.
void summarise_policy(AutoSmote::Impl& model, const AutoSmoteOptions& options) {
  const AnchorSet& anchors = model.anchors;
  if (anchors.size() == 0) return;
  const auto probs = model.probabilities();
  const at::Tensor participation = probs[0].cpu(), k = probs[1].cpu(), aggregation = probs[2].cpu();
  const bool bins = options.positions == PositionMode::kBins;
  const at::Tensor position = bins ? probs[3].cpu() : at::Tensor();
  const int64_t amount_head = amount_head_of(options);
  const at::Tensor amount = amount_head >= 0 ? probs[static_cast<size_t>(amount_head)].cpu() : at::Tensor();
  for (auto& g : model.groups) {
    g.participation = 0;
    g.k_probs.assign(static_cast<size_t>(model.neighbours), 0.0);
    g.aggregation_probs.assign(options.aggregations.size(), 0.0);
    g.position_probs.assign(bins ? static_cast<size_t>(kPositionBins) : 0, 0.0);
    g.amount_probs.assign(amount_head >= 0 ? options.amounts.size() : 0, 0.0);
  }
  for (int64_t i = 0; i < anchors.size(); ++i) {
    const int64_t group_index = anchors.group_of[i];
    PolicyGroup& g = model.groups[group_index];
    model.row_policies.push_back({anchors.rows[i], group_index, participation[i][1].item<double>()});
    const double w = 1.0 / static_cast<double>(g.size);
    g.participation += w * participation[i][1].item<double>();
    for (size_t j = 0; j < g.k_probs.size(); ++j) g.k_probs[j] += w * k[i][static_cast<int64_t>(j)].item<double>();
    for (size_t j = 0; j < g.aggregation_probs.size(); ++j)
      g.aggregation_probs[j] += w * aggregation[i][static_cast<int64_t>(j)].item<double>();
    for (size_t j = 0; j < g.position_probs.size(); ++j)
      g.position_probs[j] += w * position[i][static_cast<int64_t>(j)].item<double>();
    for (size_t j = 0; j < g.amount_probs.size(); ++j)
      g.amount_probs[j] += w * amount[i][static_cast<int64_t>(j)].item<double>();
  }
}

}  // namespace

// heldout_folds=1: a stratified share `heldout` of each class's rows is held out (a class keeps at
// least one row on each side; a class of one row stays in the search's training part). F >= 2: each
// class's shuffled rows are dealt to the F folds in turn (a class of one row is in none).
void AutoSmote::Impl::split_for_search(const Labels& y, const AutoSmoteOptions& options, Rng& rng) {
  std::vector<std::vector<int64_t>> by_class(static_cast<size_t>(classes));
  for (size_t i = 0; i < y.size(); ++i) by_class[static_cast<size_t>(y[i])].push_back(static_cast<int64_t>(i));
  const int64_t folds = options.heldout_folds;
  search_heldout.assign(static_cast<size_t>(folds), {});
  int64_t dealt = 0;  // the deal continues across classes, so the folds' sizes differ by one at most
  for (auto& rows : by_class) {
    if (rows.size() < 2) continue;
    rng.shuffle(rows);
    const auto n = static_cast<int64_t>(rows.size());
    if (folds == 1) {
      const int64_t take = std::clamp<int64_t>(std::llround(options.heldout * static_cast<double>(n)), 1, n - 1);
      search_heldout[0].insert(search_heldout[0].end(), rows.begin(), rows.begin() + take);
      dealt += n;
    } else {
      for (int64_t j = 0; j < n; ++j) search_heldout[static_cast<size_t>(dealt++ % folds)].push_back(rows[j]);
    }
  }
  for (auto& held : search_heldout) {
    if (held.empty())
      throw InputError("auto-smote fit: objective=heldout,heldout_folds=" + std::to_string(folds) +
                       " holds out rows of the classes with at least 2 rows, at least one per fold; the data has " +
                       std::to_string(dealt) + " such rows");
    std::sort(held.begin(), held.end());
  }
}

void AutoSmote::fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) {
  train(x, y, n_classes, ctx, nullptr);
}

void AutoSmote::fit_new_rows(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx,
                             const std::vector<int64_t>& n_new) {
  if (static_cast<int64_t>(n_new.size()) != n_classes)
    throw InputError("auto-smote fit: " + std::to_string(n_new.size()) + " new-row counts for " +
                     std::to_string(n_classes) + " classes");
  train(x, y, n_classes, ctx, &n_new);
}

namespace {

// One search classifier of objective=heldout: trains on the training rows not in `heldout` (real
// and synthetic: anchors and neighbours come from those rows only), with the model's policy.
std::unique_ptr<AutoSmote::Impl> make_search_model(const AutoSmote::Impl& model, const AutoSmoteOptions& options,
                                                   const Matrix& x, const Labels& y,
                                                   const std::vector<int64_t>& heldout, Rng& rng, at::Generator& gen) {
  std::vector<int64_t> kept;
  for (int64_t i = 0, h = 0; i < static_cast<int64_t>(y.size()); ++i) {
    if (h < static_cast<int64_t>(heldout.size()) && heldout[static_cast<size_t>(h)] == i)
      ++h;
    else
      kept.push_back(i);
  }
  auto search = std::make_unique<AutoSmote::Impl>();
  search->device = model.device;
  search->in = model.in;
  search->classes = model.classes;
  search->neighbours = model.neighbours;
  search->train_x = take_rows(x, kept);
  search->train_y = take(y, kept);
  const auto counts = class_counts(search->train_y, model.classes);
  // The same share of new rows as the whole fit, on the search's rows.
  const auto all_counts = class_counts(y, model.classes);
  search->n_new.assign(static_cast<size_t>(model.classes), 0);
  for (size_t c = 0; c < search->n_new.size(); ++c)
    if (all_counts[c] > 0)
      search->n_new[c] = std::llround(static_cast<double>(model.n_new[c]) * static_cast<double>(counts[c]) /
                                      static_cast<double>(all_counts[c]));
  search->anchors = prepare_anchors(search->train_x, search->train_y, search->n_new, search->neighbours, options, rng);
  search->net = MlpNet(x.cols, options.mlp.hidden, options.mlp.layers, model.classes);
  search->net->reset_parameters(gen);
  search->net->to(model.device);
  search->policy = model.policy;
  search->upload(search->anchors);
  search->set_decision_tensors(options);
  return search;
}

// The search of objective=heldout: one search classifier per held-out part (one split, or the
// heldout_folds folds), trained side by side epoch by epoch, while the one policy (one optimiser)
// learns from the look-ahead loss of each part's held-out rows on that part's classifier. Leaves
// the trained policy in model.policy.
void search_policy(AutoSmote::Impl& model, const AutoSmoteOptions& options, const Matrix& x, const Labels& y,
                   const FitContext& ctx, Rng& rng, at::Generator& gen) {
  model.split_for_search(y, options, rng);
  const auto policy_opt = std::make_shared<Adam>(model.policy->parameters(), adam_options(options));
  std::vector<std::unique_ptr<AutoSmote::Impl>> searches;
  std::vector<std::unique_ptr<TrainingLoop>> loops;
  for (const auto& heldout : model.search_heldout) {
    searches.push_back(make_search_model(model, options, x, y, heldout, rng, gen));
    AutoSmote::Impl& search = *searches.back();
    loops.push_back(std::make_unique<TrainingLoop>(search, options, class_counts(search.train_y, model.classes),
                                                   options.search_epochs_in_effect(), gen, policy_opt,
                                                   take_rows(x, heldout), take(y, heldout)));
  }
  const int64_t epochs = options.search_epochs_in_effect();
  for (int64_t epoch = 0; epoch < epochs; ++epoch)
    for (size_t f = 0; f < loops.size(); ++f) {
      FitContext search_ctx = ctx;
      const std::string who =
          loops.size() > 1 ? "search " + std::to_string(f + 1) + "/" + std::to_string(loops.size()) + " " : "search ";
      if (ctx.log) search_ctx.log = [&](const std::string& line) { ctx.log(who + line); };
      loops[f]->run_epoch(epoch, search_ctx);
    }
}

}  // namespace

void AutoSmote::train(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx,
                      const std::vector<int64_t>* given_n_new) {
  check_xy(x, y, n_classes, "auto-smote fit");
  if (x.rows < 2) throw InputError("auto-smote fit: need at least two training rows");
  Impl& model = *impl_;
  model = Impl();
  const AutoSmoteOptions& options = options_;
  model.device = resolve_device(ctx.device);
  model.in = x.cols;
  model.classes = n_classes;
  Rng rng(derive_seed(ctx.seed, 10));
  at::Generator gen = make_generator(derive_seed(ctx.seed, 11));
  model.train_x = x;
  model.train_y = y;
  const auto counts = class_counts(y, n_classes);
  model.n_new =
      given_n_new ? *given_n_new : SamplingStrategy::parse(options.sampling_strategy).resolve(counts, {}, x.cols);
  for (int64_t c = 0; c < n_classes; ++c)
    if (counts[c] == 0) model.n_new[c] = 0;
  model.neighbours = neighbourhood_size(counts, model.n_new, options.k_max);
  const std::vector<int64_t> heads = head_sizes_of(options, model.neighbours);
  const bool search = options.searches();
  if (search) {
    // The policy first (it outlives the search), then the search, then the final fit below.
    model.policy = PolicyNet(policy_inputs_of(options, x.cols), options.policy_hidden, heads);
    model.policy->reset(gen);
    model.policy->to(model.device);
    Rng search_rng(derive_seed(ctx.seed, 12));
    search_policy(model, options, x, y, ctx, search_rng, gen);
    for (auto& p : model.policy->parameters()) p.set_requires_grad(false);
  }
  model.anchors = prepare_anchors(x, y, model.n_new, model.neighbours, options, rng);
  model.groups = model.anchors.groups;

  model.net = MlpNet(x.cols, options.mlp.hidden, options.mlp.layers, n_classes);
  model.net->reset_parameters(gen);
  model.net->to(model.device);
  if (!search) {
    model.policy = PolicyNet(model.anchors.input_width, options.policy_hidden, heads);
    model.policy->reset(gen);
    model.policy->to(model.device);
    if (options.policy == PolicyMode::kRandom)
      for (auto& p : model.policy->parameters()) p.set_requires_grad(false);
  }
  model.upload(model.anchors);
  model.set_decision_tensors(options);

  // objective=heldout: the final fit uses the searched policy, frozen.
  const bool policy_learns = !search && options.policy == PolicyMode::kLearned;
  TrainingLoop loop(
      model, options, counts, options.mlp.epochs, gen,
      policy_learns ? std::make_shared<Adam>(model.policy->parameters(), adam_options(options)) : nullptr);
  for (int64_t epoch = 0; epoch < options.mlp.epochs; ++epoch) model.diagnostics.push_back(loop.run_epoch(epoch, ctx));
  summarise_policy(model, options);
}

}  // namespace autosmote
