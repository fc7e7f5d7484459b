// AutoSmote's accessors, prediction and generation, and AutoSmoteSampler.
#include <algorithm>

#include "autosmote/core/error.h"
#include "models/auto_smote/fitted.h"
#include "models/auto_smote/policy_sizes.h"

namespace autosmote {

AutoSmote::AutoSmote(AutoSmoteOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}
AutoSmote::~AutoSmote() = default;

std::unique_ptr<Classifier> AutoSmote::clone_unfitted() const { return std::make_unique<AutoSmote>(options_); }
const std::vector<EpochDiagnostics>& AutoSmote::diagnostics() const { return impl_->diagnostics; }
std::vector<PolicyGroup> AutoSmote::policy_groups() const { return impl_->groups; }
std::vector<AutoSmote::RowPolicy> AutoSmote::row_policies() const { return impl_->row_policies; }
const std::vector<std::vector<int64_t>>& AutoSmote::search_heldout_folds() const { return impl_->search_heldout; }

Matrix AutoSmote::predict_proba(const Matrix& x) const {
  return predict_with(impl_->net, impl_->in, impl_->classes, impl_->device, x, "auto-smote");
}

std::vector<std::string> AutoSmote::collapse_warnings() const {
  std::vector<std::string> out;
  const auto& groups = impl_->groups;
  if (groups.empty()) return out;
  auto collapsed = [&](auto probabilities_of) {
    for (const auto& g : groups) {
      const std::vector<double> p = probabilities_of(g);
      if (p.size() < 2 || *std::max_element(p.begin(), p.end()) <= 0.99) return false;
    }
    return true;
  };
  if (collapsed([](const PolicyGroup& g) { return std::vector<double>{1 - g.participation, g.participation}; }))
    out.push_back("auto-smote: the participation decision is deterministic (> 0.99) in every group");
  if (collapsed([](const PolicyGroup& g) { return g.k_probs; }))
    out.push_back("auto-smote: the k decision is deterministic (> 0.99) in every group");
  if (collapsed([](const PolicyGroup& g) { return g.aggregation_probs; }))
    out.push_back("auto-smote: the aggregation decision is deterministic (> 0.99) in every group");
  return out;
}

namespace {

// The anchors of generate() with participation=skip or an amount decision: n_new[c] per class, each
// drawn in proportion to its P(participate) (skip) times its expected amount, so that the rows go
// where the policy puts them and every class still gets exactly n_new rows (a sampler's counts are
// its sampling_strategy's). Undefined when no class gets any.
at::Tensor policy_weighted_anchors(AutoSmote::Impl& model, const AutoSmoteOptions& options,
                                   const std::vector<int64_t>& n_new, at::Generator& gen) {
  const std::vector<at::Tensor> probabilities = model.probabilities();
  at::Tensor weight_of_anchor = at::ones({probabilities[0].size(0)}, probabilities[0].options());
  if (options.participation == ParticipationMode::kSkip) weight_of_anchor = probabilities[0].select(1, 1);
  if (options.decides_amount()) {
    const at::Tensor amounts = at::tensor(options.amounts, probabilities[0].options().dtype(at::kDouble));
    const at::Tensor p_amount = probabilities[static_cast<size_t>(amount_head_of(options))].to(at::kDouble);
    weight_of_anchor =
        weight_of_anchor * (p_amount * amounts.to(p_amount.device())).sum(1).to(weight_of_anchor.dtype());
  }
  weight_of_anchor = weight_of_anchor.cpu().contiguous();
  std::vector<at::Tensor> parts;
  const auto& class_positions = model.anchors.class_positions;
  for (size_t c = 0; c < class_positions.size(); ++c) {
    const auto& positions = class_positions[c];
    if (positions.empty() || c >= n_new.size() || n_new[c] <= 0) continue;
    const at::Tensor index = at::tensor(positions, at::TensorOptions().dtype(at::kLong));
    const at::Tensor weight = weight_of_anchor.index_select(0, index).clamp_min(1e-6);
    parts.push_back(index.index_select(0, at::multinomial(weight, n_new[c], /*replacement=*/true, gen)));
  }
  return parts.empty() ? at::Tensor() : at::cat(parts).to(model.device);
}

}  // namespace

Resampled AutoSmote::generate(const std::vector<int64_t>& n_new, uint64_t seed) const {
  Impl& model = *impl_;
  if (!model.policy || !model.x_device.defined())
    throw InputError("auto-smote: generating rows needs the training data of this fit (fit first, in this process)");
  at::NoGradGuard guard;
  at::Generator gen = make_generator(seed);
  at::Tensor anchors;
  if (options_.participation == ParticipationMode::kSkip || options_.decides_amount())
    anchors = policy_weighted_anchors(model, options_, n_new, gen);
  else
    anchors = model.epoch_anchors(n_new, gen).to(model.device);
  Resampled out;
  out.x = Matrix(0, model.in);
  if (!anchors.defined() || anchors.size(0) == 0) return out;
  const Decisions synthetic = model.synthesize(options_, anchors, options_.tau_min, gen, /*force=*/true);
  const at::Tensor rows = synthetic.rows, labels_on_device = synthetic.labels;
  out.x = to_matrix(rows);
  const at::Tensor labels = labels_on_device.cpu();
  out.y.assign(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + labels.numel());
  // Rows in class order, as every sampler returns them.
  std::vector<int64_t> order(out.y.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return out.y[a] < out.y[b]; });
  out.x = take_rows(out.x, order);
  out.y = take(out.y, order);
  return out;
}

Resampled AutoSmoteSampler::make_rows(const Job& job, Rng& rng) const {
  AutoSmote model(options_);
  FitContext ctx;
  ctx.seed = rng.next_u64() >> 1;
  ctx.device = job.context.device;
  model.fit_new_rows(job.x, job.y, job.n_classes, ctx, job.n_new);  // exactly the targets the base class resolved
  Resampled out = model.generate(job.n_new, rng.next_u64() >> 1);
  out.warnings = model.collapse_warnings();
  return out;
}

}  // namespace autosmote
