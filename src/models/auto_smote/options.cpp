// AutoSmoteOptions: the auto-smote spec keys, read and written back canonically.
#include <algorithm>

#include "autosmote/core/error.h"
#include "autosmote/models/auto_smote.h"

namespace autosmote {

namespace {

// The values of each multi-choice key, in the order of its enum.
const std::vector<std::string> kVariantNames = {"self", "cohort"};
const std::vector<std::string> kPositionNames = {"uniform", "bins"};
const std::vector<std::string> kAnnealNames = {"off", "linear", "exponential"};
const std::vector<std::string> kPolicyNames = {"learned", "random"};
const std::vector<std::string> kObjectiveNames = {"joint", "validation", "heldout"};
const std::vector<std::string> kPlacementNames = {"learned", "random"};
const std::vector<std::string> kLookaheadLossNames = {"ce", "soft_f1", "auc"};
const std::vector<std::string> kParticipationNames = {"duplicate", "skip"};
const std::vector<std::string> kInputNames = {"features", "geometry"};

// Reads `key` as one of `names` (error messages list them in this order) as the enum of that index.
template <class Enum>
Enum read_choice(ParamReader& r, const std::string& key, Enum fallback, const std::vector<std::string>& names) {
  const std::string value = r.get_choice(key, names[static_cast<size_t>(fallback)], names);
  return static_cast<Enum>(std::find(names.begin(), names.end(), value) - names.begin());
}

template <class Enum>
const std::string& choice_name(Enum value, const std::vector<std::string>& names) {
  return names[static_cast<size_t>(value)];
}

Aggregation parse_aggregation(const std::string& s) {
  for (Aggregation a : {Aggregation::kInterpolate, Aggregation::kMax, Aggregation::kMin, Aggregation::kMean})
    if (aggregation_name(a) == s) return a;
  throw SpecError("model 'auto-smote': aggregation '" + s + "' is not one of: interpolate, max, min, mean");
}

std::vector<Aggregation> read_aggregations(ParamReader& r) {
  std::vector<Aggregation> aggregations;
  for (const auto& name : split(r.get_string("aggregations", "interpolate"), '/')) {
    const Aggregation a = parse_aggregation(name);
    if (std::find(aggregations.begin(), aggregations.end(), a) != aggregations.end())
      throw SpecError("model 'auto-smote': aggregation '" + name + "' listed twice");
    aggregations.push_back(a);
  }
  return aggregations;
}

std::vector<double> read_amounts(ParamReader& r) {
  std::vector<std::string> defaults;
  for (double a : AutoSmoteOptions().amounts) defaults.push_back(format_number(a));
  const std::string text = r.get_string("amounts", join(defaults, "/"));
  std::vector<double> amounts = parse_double_list(text, "amounts");
  bool any_positive = false;
  for (size_t i = 0; i < amounts.size(); ++i) {
    if (!(amounts[i] >= 0 && amounts[i] <= 4))
      throw SpecError("model 'auto-smote': amounts=" + text + ": every amount must be in [0, 4]");
    for (size_t j = 0; j < i; ++j)
      if (amounts[j] == amounts[i]) throw SpecError("model 'auto-smote': amounts=" + text + " lists a value twice");
    any_positive |= amounts[i] > 0;
  }
  if (!any_positive) throw SpecError("model 'auto-smote': amounts=" + text + " needs an amount above 0");
  return amounts;
}

}  // namespace

std::string aggregation_name(Aggregation a) {
  switch (a) {
    case Aggregation::kInterpolate:
      return "interpolate";
    case Aggregation::kMax:
      return "max";
    case Aggregation::kMin:
      return "min";
    case Aggregation::kMean:
      return "mean";
  }
  return "?";
}

AutoSmoteOptions AutoSmoteOptions::read(ParamReader& r) {
  AutoSmoteOptions o;
  o.variant = read_choice(r, "variant", o.variant, kVariantNames);
  o.k_max = r.get_int("k_max", o.k_max, 1, 1000);
  o.aggregations = read_aggregations(r);
  o.tau = r.get_double("tau", o.tau, 1e-3, 100.0);
  o.tau_min = r.get_double("tau_min", o.tau, 1e-3, 100.0);
  o.anneal = read_choice(r, "anneal", o.anneal, kAnnealNames);
  const std::string cohorts = r.get_string("cohorts", "auto");
  if (cohorts != "auto") {
    ParamReader c(Spec::parse("x:cohorts=" + cohorts), "model 'auto-smote'");
    o.cohorts = c.get_int("cohorts", 0, 1, 1000000);
  }
  o.policy_hidden = r.get_int("policy_hidden", o.policy_hidden, 1, kMaxHidden);
  o.policy = read_choice(r, "policy", o.policy, kPolicyNames);
  o.objective = read_choice(r, "objective", o.objective, kObjectiveNames);
  o.participation = read_choice(r, "participation", o.participation, kParticipationNames);
  o.inputs = read_choice(r, "inputs", o.inputs, kInputNames);
  o.positions =
      read_choice(r, "positions", o.interpolates() ? PositionMode::kBins : PositionMode::kUniform, kPositionNames);
  if (o.positions == PositionMode::kBins && !o.interpolates())
    throw SpecError("model 'auto-smote': positions=bins needs the interpolate aggregation");
  o.entropy = r.get_double("entropy", o.entropy, 0.0, 100.0);
  o.warmup = r.get_int("warmup", o.warmup, 0, 1000000);
  o.sampling_strategy = SamplingStrategy::parse(r.get_string("sampling_strategy", "auto")).str();
  o.heldout = r.get_double("heldout", o.heldout, 0.05, 0.5);
  o.heldout_folds = r.get_int("heldout_folds", o.heldout_folds, 1, 20);
  if (o.heldout_folds > 1 && o.heldout != AutoSmoteOptions().heldout)
    throw SpecError("model 'auto-smote': heldout=" + format_number(o.heldout) +
                    " is the share of a single held-out split, but heldout_folds=" + std::to_string(o.heldout_folds) +
                    " cross-fits (each fold holds out 1/" + std::to_string(o.heldout_folds) +
                    "); add heldout_folds=1 to use it");
  o.search_epochs = r.get_int("search_epochs", o.search_epochs, 0, 1000000);
  o.amounts = read_amounts(r);
  o.placement = read_choice(r, "placement", o.placement, kPlacementNames);
  o.lookahead_loss = read_choice(r, "lookahead_loss", o.lookahead_loss, kLookaheadLossNames);
  o.lookahead_every = r.get_int("lookahead_every", o.lookahead_every, 1, 1000000);
  o.mlp = MlpOptions::read(r, MlpPreset::kPaper);
  if (o.mlp.preset != MlpPreset::kPaper || !o.mlp.paper_network())
    throw SpecError("model 'auto-smote': its classifier is the paper's network (mlp preset=paper and its keys "
                    "hidden, layers, lr, epochs, batch, weight_decay, class_weight, threshold, refit and the loss keys); the modern "
                    "host's keys are mlp's only for now");
  return o;
}

bool AutoSmoteOptions::searches() const {
  return objective == PolicyObjective::kHeldout && policy == PolicyMode::kLearned;
}

int64_t AutoSmoteOptions::default_search_epochs() const { return std::max<int64_t>(1, mlp.epochs / 4); }

int64_t AutoSmoteOptions::search_epochs_in_effect() const {
  return search_epochs > 0 ? search_epochs : default_search_epochs();
}

double AutoSmoteOptions::max_amount() const { return *std::max_element(amounts.begin(), amounts.end()); }

bool AutoSmoteOptions::interpolates() const {
  return std::find(aggregations.begin(), aggregations.end(), Aggregation::kInterpolate) != aggregations.end();
}

std::string AutoSmoteOptions::spec() const {
  const AutoSmoteOptions d;
  std::vector<std::string> parts;
  if (variant != d.variant) parts.push_back("variant=" + choice_name(variant, kVariantNames));
  if (k_max != d.k_max) parts.push_back("k_max=" + std::to_string(k_max));
  if (aggregations != d.aggregations) {
    std::vector<std::string> names;
    for (auto a : aggregations) names.push_back(aggregation_name(a));
    parts.push_back("aggregations=" + join(names, "/"));
  }
  if (tau != d.tau) parts.push_back("tau=" + format_number(tau));
  if (tau_min != tau) parts.push_back("tau_min=" + format_number(tau_min));
  if (anneal != d.anneal) parts.push_back("anneal=" + choice_name(anneal, kAnnealNames));
  if (cohorts != 0) parts.push_back("cohorts=" + std::to_string(cohorts));
  if (policy_hidden != d.policy_hidden) parts.push_back("policy_hidden=" + std::to_string(policy_hidden));
  if (policy != d.policy) parts.push_back("policy=" + choice_name(policy, kPolicyNames));
  if (objective != d.objective) parts.push_back("objective=" + choice_name(objective, kObjectiveNames));
  if (participation != d.participation)
    parts.push_back("participation=" + choice_name(participation, kParticipationNames));
  if (inputs != d.inputs) parts.push_back("inputs=" + choice_name(inputs, kInputNames));
  if (interpolates() && positions == PositionMode::kUniform) parts.push_back("positions=uniform");
  if (entropy != d.entropy) parts.push_back("entropy=" + format_number(entropy));
  if (warmup != d.warmup) parts.push_back("warmup=" + std::to_string(warmup));
  if (sampling_strategy != "auto") parts.push_back("sampling_strategy=" + sampling_strategy);
  if (searches()) {  // the search's keys, which nothing else reads; search_epochs as the epochs it runs
    if (heldout != d.heldout) parts.push_back("heldout=" + format_number(heldout));
    if (heldout_folds != d.heldout_folds) parts.push_back("heldout_folds=" + std::to_string(heldout_folds));
    if (search_epochs != 0 && search_epochs != default_search_epochs())
      parts.push_back("search_epochs=" + std::to_string(search_epochs));
  }
  if (amounts != d.amounts) {
    std::vector<std::string> values;
    for (double a : amounts) values.push_back(format_number(a));
    parts.push_back("amounts=" + join(values, "/"));
  }
  if (placement != d.placement) parts.push_back("placement=" + choice_name(placement, kPlacementNames));
  if (lookahead_loss != d.lookahead_loss)
    parts.push_back("lookahead_loss=" + choice_name(lookahead_loss, kLookaheadLossNames));
  if (lookahead_every != d.lookahead_every) parts.push_back("lookahead_every=" + std::to_string(lookahead_every));
  mlp.append_spec(parts, MlpPreset::kPaper);
  return parts.empty() ? "auto-smote" : "auto-smote:" + join(parts, ",");
}

}  // namespace autosmote
