// AutoSmote'root model-file state: written by state(), read back (untrusted) by load_state().
#include <limits>

#include "autosmote/core/error.h"
#include "models/auto_smote/diagnostics_json.h"
#include "models/auto_smote/fitted.h"
#include "serialize/json_field.h"

namespace autosmote {

namespace {

// Probabilities and shares are averages over a group'root rows: allow their rounding above 1.
constexpr double kMaxProbability = 1 + 1e-6;

// The sizes every other part of the state is checked against.
struct StateSizes {
  int64_t in = 0, classes = 0, neighbours = 0;
  std::vector<int64_t> n_new;
  int64_t synthetic_per_epoch = 0;  // fit makes sum(n_new) synthetic rows every epoch
};

StateSizes read_sizes(const JsonField& root, const AutoSmoteOptions& options) {
  StateSizes sizes;
  sizes.in = root.at("in").integer(1, kMaxModelSize);
  sizes.classes = root.at("classes").integer(2, kMaxModelSize);
  sizes.neighbours = root.at("K").integer(1, options.k_max);
  sizes.n_new = root.at("n_new").integers(sizes.classes, 0, kMaxModelSize);
  for (int64_t v : candidates_per_class(options, sizes.n_new))
    if ((sizes.synthetic_per_epoch += v) > kMaxModelSize)
      root.at("n_new").fail("adds up to more than " + std::to_string(kMaxModelSize) + " rows");
  return sizes;
}

// A group per cohort of every class that gets new rows (self: one per class).
std::vector<PolicyGroup> read_groups(const JsonField& root, const StateSizes& sizes, const AutoSmoteOptions& options) {
  const double float_max = std::numeric_limits<float>::max();
  const int64_t n_aggregations = static_cast<int64_t>(options.aggregations.size());
  const int64_t n_positions = options.positions == PositionMode::kBins ? kPositionBins : 0;
  std::vector<PolicyGroup> groups;
  std::vector<bool> class_has_group(static_cast<size_t>(sizes.classes), false);
  int64_t grouped_rows = 0;
  for (const JsonField& g : root.at("groups").items()) {
    PolicyGroup pg;
    pg.class_index = g.at("class").integer(0, sizes.classes - 1);
    if (sizes.n_new[static_cast<size_t>(pg.class_index)] == 0)
      g.at("class").fail("is " + std::to_string(pg.class_index) + ", a class that gets no new rows (state.n_new)");
    class_has_group[static_cast<size_t>(pg.class_index)] = true;
    pg.cohort = g.at("cohort").integer(0, kMaxModelSize);
    pg.size = g.at("size").integer(0, kMaxModelSize);
    grouped_rows += pg.size;
    if (grouped_rows > kMaxModelSize)
      g.at("size").fail("makes the groups hold more than " + std::to_string(kMaxModelSize) + " rows");
    pg.other_class_share = g.at("other_class_share").number(0, kMaxProbability);
    const std::vector<double> centroid = g.at("centroid").numbers(sizes.in, -float_max, float_max);
    pg.centroid.assign(centroid.begin(), centroid.end());
    pg.participation = g.at("participation").number(0, kMaxProbability);
    pg.k_probs = g.at("k_probs").numbers(sizes.neighbours, 0, kMaxProbability);
    pg.aggregation_probs = g.at("aggregation_probs").numbers(n_aggregations, 0, kMaxProbability);
    pg.position_probs = g.at("position_probs").numbers(n_positions, 0, kMaxProbability);
    if (options.decides_amount())
      pg.amount_probs = g.at("amount_probs").numbers(static_cast<int64_t>(options.amounts.size()), 0, kMaxProbability);
    groups.push_back(std::move(pg));
  }
  for (int64_t c = 0; c < sizes.classes; ++c)
    if (sizes.n_new[static_cast<size_t>(c)] > 0 && !class_has_group[static_cast<size_t>(c)])
      root.at("groups").fail("has no group of class " + std::to_string(c) + ", which gets new rows (state.n_new)");
  return groups;
}

// One entry per epoch; each of its histograms counts the epoch'root synthetic rows once.
std::vector<EpochDiagnostics> read_diagnostics(const JsonField& root, const StateSizes& sizes,
                                               const AutoSmoteOptions& options) {
  // objective=heldout's final fit trains on the candidates its amounts kept, made once: at most all
  // of them, and the same number in every histogram of every epoch.
  const bool fixed_rows = options.objective == PolicyObjective::kHeldout;
  int64_t first_total = -1;
  auto histogram = [&](const JsonField& h, int64_t bins) {
    std::vector<int64_t> counts = h.integers(bins, 0, sizes.synthetic_per_epoch);
    int64_t total = 0;
    for (int64_t v : counts) total += v;  // <= 1000 bins of <= 2^40: no overflow
    if (fixed_rows ? total > sizes.synthetic_per_epoch : total != sizes.synthetic_per_epoch)
      h.fail("counts " + std::to_string(total) + " rows, but an epoch makes " +
             std::to_string(sizes.synthetic_per_epoch) + " (the candidate rows state.n_new implies)");
    if (fixed_rows && first_total >= 0 && total != first_total)
      h.fail("counts " + std::to_string(total) + " rows, but the first histogram " + std::to_string(first_total) +
             " (objective=heldout's final fit sees the same rows every epoch)");
    if (first_total < 0) first_total = total;
    return counts;
  };
  std::vector<EpochDiagnostics> diagnostics;
  for (const JsonField& e : root.at("diagnostics").items(options.mlp.epochs)) {
    EpochDiagnostics epoch;
    epoch.participation_rate = e.at("participation_rate").number(0, 1);
    epoch.k_histogram = histogram(e.at("k_histogram"), sizes.neighbours);
    epoch.aggregation_histogram =
        histogram(e.at("aggregation_histogram"), static_cast<int64_t>(options.aggregations.size()));
    epoch.loss = e.at("loss").number();
    diagnostics.push_back(std::move(epoch));
  }
  return diagnostics;
}

}  // namespace

nlohmann::json AutoSmote::state() const {
  const Impl& model = *impl_;
  if (!model.net) throw InputError("auto-smote: cannot save an unfitted model");
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : model.groups) {
    groups.push_back({{"class", g.class_index},
                      {"cohort", g.cohort},
                      {"size", g.size},
                      {"other_class_share", g.other_class_share},
                      {"centroid", g.centroid},
                      {"participation", g.participation},
                      {"k_probs", g.k_probs},
                      {"aggregation_probs", g.aggregation_probs},
                      {"position_probs", g.position_probs}});
    if (!g.amount_probs.empty()) groups.back()["amount_probs"] = g.amount_probs;
  }
  return {{"in", model.in},
          {"classes", model.classes},
          {"K", model.neighbours},
          {"n_new", model.n_new},
          {"groups", groups},
          {"diagnostics", diagnostics_json(model.diagnostics)},
          {"classifier", params_to_json(*model.net)},
          {"policy", params_to_json(*model.policy)}};
}

void AutoSmote::load_state(const nlohmann::json& state) {
  const AutoSmoteOptions& options = options_;
  const JsonField root(state, "state");
  // Sizes first, then everything checked against them and the spec, before any network is built.
  const StateSizes sizes = read_sizes(root, options);
  std::vector<PolicyGroup> groups = read_groups(root, sizes, options);
  std::vector<EpochDiagnostics> diagnostics = read_diagnostics(root, sizes, options);
  const JsonField classifier = root.at("classifier"), policy = root.at("policy");
  const auto net_params = params_from_json(
      classifier.value(), mlp_param_shapes(sizes.in, options.mlp.hidden, options.mlp.layers, sizes.classes),
      classifier.path());
  const int64_t policy_in = policy_inputs_of(options, sizes.in);
  const std::vector<int64_t> heads = head_sizes_of(options, sizes.neighbours);
  const auto policy_params =
      params_from_json(policy.value(), policy_param_shapes(policy_in, options.policy_hidden, heads), policy.path());

  Impl& model = *impl_;
  model = Impl();
  model.in = sizes.in;
  model.classes = sizes.classes;
  model.neighbours = sizes.neighbours;
  model.n_new = sizes.n_new;
  model.groups = std::move(groups);
  model.diagnostics = std::move(diagnostics);
  model.net = MlpNet(sizes.in, options.mlp.hidden, options.mlp.layers, sizes.classes);
  set_params(*model.net, net_params);
  model.policy = PolicyNet(policy_in, options.policy_hidden, heads);
  set_params(*model.policy, policy_params);
}

}  // namespace autosmote
