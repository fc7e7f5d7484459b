// AutoSMOTE (Kishanthan & Hevapathige, 2025, arXiv:2502.06878): a learned over-sampler trained end
// to end inside an MLP's training loop. A policy network decides, per minority row (variant=self) or
// per k-means cohort (variant=cohort), whether an anchor participates, how many of its K nearest
// same-class neighbours count, how they are aggregated and (positions=bins) where to interpolate;
// each decision is relaxed by straight-through Gumbel-Softmax. docs/autosmote.md describes the
// method, every spec key and the ablation behind the defaults.
//
// Spec: auto-smote:variant=cohort,k_max=5,aggregations=interpolate,positions=bins,tau=1,tau_min=1,
//       anneal=off,cohorts=auto,policy_hidden=64,policy=learned,objective=validation,
//       participation=duplicate,inputs=features,entropy=0.1,warmup=0,sampling_strategy=auto,
//       heldout=0.2,heldout_folds=3,search_epochs=0,amounts=1,placement=learned,lookahead_loss=ce,
//       lookahead_every=4
//       + every mlp key. Limits: k_max <= 1000, policy_hidden <= kMaxHidden, the mlp keys' limits.
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

// The multi-choice keys, in the order of their spec values (the first value of each is index 0).
enum class AutoSmoteVariant { kSelf, kCohort };                // variant=self|cohort
enum class PositionMode { kUniform, kBins };                   // positions=uniform|bins
enum class TauAnneal { kOff, kLinear, kExponential };          // anneal=off|linear|exponential
enum class PolicyMode { kLearned, kRandom };                   // policy=learned|random (never trained)
enum class PolicyObjective { kJoint, kValidation, kHeldout };  // objective=joint|validation|heldout
enum class PlacementMode { kLearned, kRandom };                // placement=learned|random
enum class LookaheadLoss { kCrossEntropy, kSoftF1, kAuc };     // lookahead_loss=ce|soft_f1|auc
enum class ParticipationMode { kDuplicate, kSkip };            // participation=duplicate|skip
enum class PolicyInputs { kFeatures, kGeometry };              // inputs=features|geometry

struct AutoSmoteOptions {
  AutoSmoteVariant variant = AutoSmoteVariant::kCohort;
  int64_t k_max = 5;
  std::vector<Aggregation> aggregations = {Aggregation::kInterpolate};
  PositionMode positions = PositionMode::kBins;  // bins (default with interpolate): lambda in {0.1, 0.3, ..., 0.9}
  double tau = 1.0;
  double tau_min = 1.0;
  TauAnneal anneal = TauAnneal::kOff;  // moves tau from `tau` to `tau_min` over the epochs
  int64_t cohorts = 0;                 // 0 = auto: max(1, round(sqrt(N_c / 2)))
  int64_t policy_hidden = 64;
  PolicyMode policy = PolicyMode::kLearned;
  PolicyObjective objective = PolicyObjective::kValidation;
  ParticipationMode participation = ParticipationMode::kDuplicate;
  PolicyInputs inputs = PolicyInputs::kFeatures;  // geometry: danger, distance to the other class, spacing
  double entropy = 0.1;                           // weight of the entropy bonus on the decision distributions
  int64_t warmup = 0;                             // epochs with the policy frozen
  std::string sampling_strategy = "auto";
  // objective=heldout: the policy learns from training rows that the classifier of its search
  // never trains on, for `search_epochs` epochs (0: a quarter of the mlp's epochs, at least 1); then
  // a fresh classifier is trained on every row with the policy frozen. Cross-fitting (its default):
  // heldout_folds=F >= 2 splits the training rows into F stratified folds and trains F search
  // classifiers side by side, classifier f on every fold but f; the one policy learns from each
  // fold's look-ahead on its own classifier, so every row is held out once (F times the search's
  // cost). heldout_folds=1: one stratified split holding out a share `heldout`. The canonical spec
  // shows these three keys only when a search runs (searches()), search_epochs only when it is not
  // the default number of epochs.
  double heldout = 0.2;
  int64_t heldout_folds = 3;
  int64_t search_epochs = 0;
  // The amount decision: per anchor, a multiplier of the class's new rows (amounts=0/0.25/0.5/1/1.5);
  // a single value (the default, 1) is no decision. Each epoch makes max(amounts) x n_new candidate
  // rows per class and keeps each with probability amount / max(amounts).
  std::vector<double> amounts = {1.0};
  // placement=random: the placement decisions (participation, k, aggregation, position) are uniform
  // choices; only the amount is learned (the placement swap control).
  PlacementMode placement = PlacementMode::kLearned;
  // The loss the look-ahead scores its rows with (objective=validation|heldout): the class-balanced
  // cross-entropy, 1 - a soft macro-F1 (softmax probabilities as fractional counts), or a pairwise
  // ranking loss standing for 1 - the one-vs-rest AUC (blind to the classes' prior).
  LookaheadLoss lookahead_loss = LookaheadLoss::kCrossEntropy;
  // objective=validation|heldout: the policy's look-ahead step comes every `lookahead_every`
  // classifier steps, on as many candidate rows as one step sees (1: every candidate is scored once
  // per epoch; 4: a quarter of them, a quarter of the look-ahead's cost).
  int64_t lookahead_every = 4;
  MlpOptions mlp;

  static AutoSmoteOptions read(ParamReader& r);
  std::string spec() const;
  bool interpolates() const;  // interpolate is among the aggregations (positions applies to it)
  bool decides_amount() const { return amounts.size() > 1; }
  double max_amount() const;
  // objective=heldout with a learned policy: a search runs (policy=random has nothing to search).
  bool searches() const;
  // The search's epochs: search_epochs, or (0) a quarter of the mlp's epochs, at least 1.
  int64_t default_search_epochs() const;
  int64_t search_epochs_in_effect() const;
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
  std::vector<double> amount_probs;    // with an amount decision: P(amount = amounts[j]); else empty
};

struct EpochDiagnostics {
  double participation_rate = 0;     // share of synthetic rows whose anchor participated
  std::vector<int64_t> k_histogram;  // rows per chosen k
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
  Threshold threshold() const override { return options_.mlp.threshold; }
  bool refits() const override { return options_.mlp.refit; }
  void fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) override;
  // fit making n_new[c] synthetic rows of class c every epoch instead of what sampling_strategy
  // resolves to (AutoSmoteSampler: the counts its base class resolved).
  void fit_new_rows(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx,
                    const std::vector<int64_t>& n_new);
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
  // objective=heldout, after fit (in memory, not saved): per search classifier (one, or
  // heldout_folds), the training rows held out for the policy's look-ahead on it, sorted; that
  // classifier trained on every other row. Empty without the held-out search.
  const std::vector<std::vector<int64_t>>& search_heldout_folds() const;
  // A warning when the policy became deterministic (one choice with probability > 0.99 in every
  // group for a head), else empty.
  std::vector<std::string> collapse_warnings() const;
  // New rows made by the trained policy for the training data it was fitted on: exactly n_new[c]
  // rows of class c (a sampler's counts are its sampling_strategy's), hard decisions sampled with
  // Gumbel noise from `seed`. With an amount decision (or participation=skip) the anchors are drawn in
  // proportion to their expected amount (times P(participate)): the learned amounts decide where the
  // rows go; how many, only in the classifier's own fit.
  Resampled generate(const std::vector<int64_t>& n_new, uint64_t seed) const;

  struct Impl;  // the fitted state (internal: src/models/auto_smote/fitted.h)

 private:
  // fit with given_n_new, or (nullptr) what sampling_strategy resolves to.
  void train(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx,
             const std::vector<int64_t>* given_n_new);

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
