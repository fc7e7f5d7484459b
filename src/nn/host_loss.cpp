#include "nn/host_loss.h"

#include <torch/nn/functional/loss.h>

#include <algorithm>
#include <cmath>

namespace autosmote {
namespace {
namespace F = torch::nn::functional;

// LDAM's deferred re-weighting under class_weight=none: the reference's effective-number beta.
constexpr double kDrwBeta = 0.9999;
}  // namespace

at::Tensor class_weights(const std::vector<int64_t>& counts, ClassWeight kind, double beta, const at::Device& device) {
  if (kind == ClassWeight::kNone) return at::Tensor();
  const auto n_classes = static_cast<int64_t>(counts.size());
  int64_t n = 0;
  for (int64_t c : counts) n += c;
  std::vector<float> w(counts.size(), 0.0f);
  if (kind == ClassWeight::kBalanced) {
    for (size_t c = 0; c < counts.size(); ++c)
      w[c] = counts[c] ? static_cast<float>(n) / static_cast<float>(n_classes * counts[c]) : 0.0f;
  } else {
    std::vector<double> e(counts.size(), 0.0);
    double sum = 0;
    for (size_t c = 0; c < counts.size(); ++c) {
      if (!counts[c]) continue;
      // (1 - beta) / (1 - beta^n); beta = 0 gives 1 per class (log 0 = -inf, expm1(-inf) = -1).
      e[c] = (1.0 - beta) / -std::expm1(static_cast<double>(counts[c]) * std::log(beta));
      sum += e[c];
    }
    for (size_t c = 0; c < counts.size(); ++c)
      w[c] = sum > 0 ? static_cast<float>(e[c] / sum * static_cast<double>(n_classes)) : 0.0f;
  }
  return at::tensor(w).to(device);
}

HostLossFn::HostLossFn(const MlpOptions& o, const std::vector<int64_t>& counts, const at::Device& device) : o_(o) {
  weight_ = class_weights(counts, o.class_weight, o.class_weight_beta, device);
  if (o.loss == HostLoss::kLdam && o.class_weight == ClassWeight::kNone)
    weight_ = class_weights(counts, ClassWeight::kEffective, kDrwBeta, device);
  int64_t n = 0, n_min = 0;
  for (int64_t c : counts) {
    n += c;
    if (c > 0 && (n_min == 0 || c < n_min)) n_min = c;
  }
  std::vector<float> log_prior, margin;
  for (int64_t c : counts) {
    const double rows = static_cast<double>(std::max<int64_t>(c, 1));
    log_prior.push_back(static_cast<float>(o.logit_tau * std::log(rows / static_cast<double>(std::max<int64_t>(n, 1)))));
    margin.push_back(static_cast<float>(o.ldam_margin * std::pow(static_cast<double>(std::max<int64_t>(n_min, 1)) / rows, 0.25)));
  }
  log_prior_ = at::tensor(log_prior).to(device);
  margin_ = at::tensor(margin).to(device);
}

const at::Tensor& HostLossFn::weight_at(double progress) const {
  // LDAM's deferred re-weighting: none before the share ldam_drw, never with ldam_drw = 1.
  if (o_.loss == HostLoss::kLdam && (progress < o_.ldam_drw || o_.ldam_drw >= 1.0)) return none_;
  return weight_;
}

at::Tensor HostLossFn::per_row(const at::Tensor& logits, const at::Tensor& target) const {
  const auto per_row_ce = [&](const at::Tensor& z) {
    return F::cross_entropy(z, target, F::CrossEntropyFuncOptions().reduction(torch::kNone).label_smoothing(o_.label_smoothing));
  };
  switch (o_.loss) {
    case HostLoss::kCrossEntropy:
      return per_row_ce(logits);
    case HostLoss::kFocal: {
      const at::Tensor p_true = at::log_softmax(logits, 1).gather(1, target.unsqueeze(1)).squeeze(1).exp();
      return (1.0 - p_true).clamp_min(0.0).pow(o_.focal_gamma) * per_row_ce(logits);
    }
    case HostLoss::kLogitAdjusted:
      return per_row_ce(logits + log_prior_.unsqueeze(0));
    case HostLoss::kLdam: {
      const at::Tensor onehot = at::one_hot(target, logits.size(1)).to(logits.scalar_type());
      return per_row_ce(logits - onehot * margin_.unsqueeze(0));
    }
  }
  return per_row_ce(logits);
}

at::Tensor HostLossFn::operator()(const at::Tensor& logits, const at::Tensor& target, double progress) const {
  const at::Tensor& weight = weight_at(progress);
  if (o_.loss == HostLoss::kCrossEntropy)  // torch's own weighted mean: the bytes every earlier fit had
    return F::cross_entropy(logits, target,
                            F::CrossEntropyFuncOptions().weight(weight).label_smoothing(o_.label_smoothing));
  const at::Tensor rows = per_row(logits, target);
  if (!weight.defined()) return rows.mean();
  const at::Tensor w = weight.index_select(0, target);
  return (w * rows).sum() / w.sum().clamp_min(1e-12);
}

}  // namespace autosmote
