// AutoSMOTE (Kishanthan & Hevapathige, 2025, arXiv:2502.06878): a learned over-sampler trained end
// to end inside a neural classifier's training loop. Not to be confused with the unrelated
// AutoSMOTE of Zha et al. (CIKM 2022), a reinforcement-learning method.
//
// A synthetic minority row is a composition of discrete decisions made by a policy network
// (trunk d -> policy_hidden -> ReLU, one linear layer holding every head), each relaxed with
// straight-through Gumbel-Softmax (noise from an explicit generator):
//   participation  z_p in {no, yes}: duplicate: a non-participating anchor yields a copy of itself;
//                                    skip: it yields no row (its row's loss is weighted by z_p[yes]);
//   neighbourhood  z_k in {1..K}   : how many of its K nearest same-class neighbours count;
//   aggregation    z_a in A        : interpolate (SMOTE rule towards one of the k nearest), max / min
//                                    (element-wise, cumulative over k, with the anchor), mean;
//   position       z_l in 5 bins   : positions=bins: the interpolation's lambda in {0.1, ..., 0.9}
//                                    (positions=uniform: lambda ~ U(0, 1), the SMOTE rule).
//   s = z_p[yes] * sum_k sum_a z_k[k] z_a[a] cand(k, a) + z_p[no] * x     (duplicate)
// variant=self decides per row (policy input: the row); variant=cohort decides per cohort (k-means
// groups of each minority class, policy input: the cohort centroid, members share the logits);
// inputs=geometry adds the danger, the distance to the other classes and the spacing of the row
// (cohort: their means) to the input.
// Every epoch each minority class gets (target - count) synthetic anchors, round-robin over its
// shuffled rows, fresh noise for every row; real and synthetic rows are mixed in mini-batches of
// `batch` rows in proportion (so an epoch takes as many steps as mlp on SMOTE-balanced data). The
// classifier steps on the batch's weighted cross-entropy. The policy steps on the same loss
// (objective=joint, the reconstruction) or on a first-order one-step look-ahead of the
// class-balanced loss of the batch's real rows (objective=validation, the default): it maximises
// the alignment of each synthetic row's loss gradient with the validation gradient. entropy=E adds
// an entropy bonus, warmup=N freezes the policy for N epochs. policy=random never trains the policy:
// the control that tells whether learning helps.
// On one-hot columns max / min stay 0/1 codes, interpolate and mean give fractional codes.
//
// Spec: auto-smote:variant=cohort,k_max=5,aggregations=interpolate,positions=bins,tau=1,tau_min=1,
//       anneal=off,cohorts=auto,policy_hidden=64,policy=learned,objective=validation,
//       participation=duplicate,inputs=features,entropy=0.1,warmup=0,sampling_strategy=auto
//       + every mlp key (hidden, layers, lr, epochs, batch, weight_decay, class_weight)
// aggregations is a '/'-separated subset of interpolate/max/min/mean (positions applies to
// interpolate); anneal=linear|exponential moves tau from `tau` to `tau_min` over the epochs;
// cohorts=auto is max(1, round(sqrt(N_c / 2))). docs/autosmote.md has the ablation behind the defaults.
// Limits: k_max <= 1000, policy_hidden <= kMaxHidden (16384), the mlp keys' limits.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "autosmote/core/params.h"
#include "autosmote/models/classifier.h"
#include "autosmote/models/mlp_classifier.h"
#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

enum class Aggregation { kInterpolate, kMax, kMin, kMean };
std::string aggregation_name(Aggregation a);

struct AutoSmoteOptions {
  bool cohort = true;  // variant=cohort (else self)
  int64_t k_max = 5;
  std::vector<Aggregation> aggregations = {Aggregation::kInterpolate};
  bool position_bins = true;    // positions=bins (default with interpolate): a fourth decision, lambda in {0.1, 0.3, ..., 0.9}
  double tau = 1.0;
  double tau_min = 1.0;
  std::string anneal = "off";  // off | linear | exponential
  int64_t cohorts = 0;         // 0 = auto
  int64_t policy_hidden = 64;
  bool learned = true;         // policy=learned (else random)
  bool validation = true;      // objective=validation (else joint)
  bool skip = false;           // participation=skip (else duplicate)
  bool geometry = false;       // inputs=geometry: danger, distance to the other class, density as policy inputs
  double entropy = 0.1;        // weight of the entropy bonus on the decision distributions
  int64_t warmup = 0;          // epochs with the policy frozen
  std::string sampling_strategy = "auto";
  MlpOptions mlp;

  static AutoSmoteOptions read(ParamReader& r);
  std::string spec() const;
  bool interpolates() const;  // interpolate is among the aggregations (positions applies to it)
};

// What the policy decides for one group of minority rows (a cohort, or a whole class for self).
struct PolicyGroup {
  int64_t class_index = 0;
  int64_t cohort = 0;
  int64_t size = 0;
  double other_class_share = 0;  // share of other-class rows among the 10 nearest (whole data) of its rows
  std::vector<float> centroid;   // preprocessed feature space
  double participation = 0;      // P(participate)
  std::vector<double> k_probs;   // P(k = 1..K)
  std::vector<double> aggregation_probs;
  std::vector<double> position_probs;  // positions=bins: P(lambda = 0.1, 0.3, 0.5, 0.7, 0.9); else empty
};

struct EpochDiagnostics {
  double participation_rate = 0;        // share of synthetic rows whose anchor participated
  std::vector<int64_t> k_histogram;       // rows per chosen k
  std::vector<int64_t> aggregation_histogram;
  double loss = 0;
};

class AutoSmote : public Classifier {
 public:
  explicit AutoSmote(AutoSmoteOptions options);
  ~AutoSmote() override;

  std::string kind() const override { return "auto-smote"; }
  bool resamples_internally() const override { return true; }
  std::string spec() const override { return options_.spec(); }
  std::unique_ptr<Classifier> clone_unfitted() const override;
  void fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) override;
  Matrix predict_proba(const Matrix& x) const override;
  nlohmann::json state() const override;
  void load_state(const nlohmann::json& state) override;

  const AutoSmoteOptions& options() const { return options_; }
  const std::vector<EpochDiagnostics>& diagnostics() const;
  // The learned policy per minority class and cohort (from the saved policy, no noise).
  std::vector<PolicyGroup> policy_groups() const;
  // After fit (in memory, not saved): each minority row's training row index, group and P(participate).
  struct RowPolicy {
    int64_t row = 0, group = 0;
    double participation = 0;
  };
  std::vector<RowPolicy> row_policies() const;
  // A warning when the policy became deterministic (one choice with probability > 0.99 in every
  // group for a head), else empty.
  std::vector<std::string> collapse_warnings() const;
  // New rows made by the trained policy for the training data it was fitted on (n_new[c] rows of
  // class c), hard decisions sampled with Gumbel noise from `seed`.
  Resampled generate(const std::vector<int64_t>& n_new, uint64_t seed) const;

 private:
  struct Impl;
  AutoSmoteOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Spearman rank correlation of the groups' danger (other_class_share) and P(participate); NaN
// with fewer than 3 groups or no variation. > 0: borderline groups participate more.
double danger_participation_correlation(const std::vector<PolicyGroup>& groups);

// Readable report of policy_groups() (and the training diagnostics), with feature names for the
// centroid summary (the features furthest from the class mean).
std::string explain_text(const AutoSmote& model, const std::vector<std::string>& class_names,
                         const std::vector<std::string>& feature_names);
nlohmann::json explain_json(const AutoSmote& model, const std::vector<std::string>& class_names,
                            const std::vector<std::string>& feature_names);

// auto-smote as a plain over-sampler: trains the policy jointly with its MLP on the data it is
// given, then returns rows made by the learned policy, so they can feed any other learner.
class AutoSmoteSampler : public Oversampler {
 public:
  explicit AutoSmoteSampler(AutoSmoteOptions options) : options_(std::move(options)) {}
  std::string name() const override { return "auto-smote"; }
  std::string spec() const override { return options_.spec(); }
  // Interpolate and mean make fractional one-hot codes; max/min keep 0/1 but may mix categories.
  bool keeps_categories() const override { return false; }

 private:
  Resampled make_rows(const Job& job, Rng& rng) const override;
  AutoSmoteOptions options_;
};

}  // namespace autosmote
