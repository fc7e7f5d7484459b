// explain: a readable report (and JSON) of a fitted AutoSmote's policy and training diagnostics.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "autosmote/core/rank.h"
#include "autosmote/models/auto_smote.h"
#include "models/auto_smote/diagnostics_json.h"
#include "models/auto_smote/policy_sizes.h"

namespace autosmote {

namespace {

// The amounts as the spec writes them ("0/0.25/0.5/1/1.5").
std::string amounts_text(const AutoSmoteOptions& o) {
  std::vector<std::string> values;
  for (double a : o.amounts) values.push_back(format_number(a));
  return join(values, "/");
}

// E[amount] of a group: the expected multiplier of its class's new rows.
double expected_amount(const PolicyGroup& g, const AutoSmoteOptions& o) {
  double e = 0;
  for (size_t j = 0; j < g.amount_probs.size() && j < o.amounts.size(); ++j) e += g.amount_probs[j] * o.amounts[j];
  return e;
}

// The three features where the cohort centroid is furthest from its class's mean.
std::string centroid_summary(const PolicyGroup& group, const std::vector<PolicyGroup>& groups,
                             const std::vector<std::string>& names) {
  std::vector<double> mean(group.centroid.size(), 0.0);
  int64_t total = 0;
  for (const auto& other : groups)
    if (other.class_index == group.class_index) {
      for (size_t j = 0; j < mean.size(); ++j)
        mean[j] += static_cast<double>(other.centroid[j]) * static_cast<double>(other.size);
      total += other.size;
    }
  std::vector<std::pair<double, size_t>> diff;
  for (size_t j = 0; j < mean.size(); ++j)
    diff.emplace_back(static_cast<double>(group.centroid[j]) - mean[j] / std::max<int64_t>(total, 1), j);
  std::sort(diff.begin(), diff.end(), [](auto& a, auto& b) { return std::fabs(a.first) > std::fabs(b.first); });
  std::string out;
  char buf[160];
  for (size_t i = 0; i < std::min<size_t>(3, diff.size()); ++i) {
    const size_t j = diff[i].second;
    std::snprintf(buf, sizeof buf, "%s%s %+.2f", i ? ", " : "",
                  j < names.size() ? names[j].c_str() : ("x" + std::to_string(j)).c_str(), diff[i].first);
    out += buf;
  }
  return out;
}

std::string class_name_of(int64_t class_index, const std::vector<std::string>& class_names) {
  return class_index < static_cast<int64_t>(class_names.size()) ? class_names[class_index]
                                                                : std::to_string(class_index);
}

std::vector<std::string> aggregation_names(const AutoSmoteOptions& o) {
  std::vector<std::string> names;
  for (auto a : o.aggregations) names.push_back(aggregation_name(a));
  return names;
}

// The heading of a class's block of groups and the column header under it.
std::string class_heading(const PolicyGroup& first, const std::vector<PolicyGroup>& groups, const AutoSmoteOptions& o,
                          const std::vector<std::string>& class_names) {
  char buf[512];
  int64_t n_groups = 0, rows = 0;
  for (const auto& h : groups)
    if (h.class_index == first.class_index) ++n_groups, rows += h.size;
  const bool cohort = o.variant == AutoSmoteVariant::kCohort;
  std::snprintf(buf, sizeof buf, "\nclass '%s': %lld rows, %lld %s\n",
                class_name_of(first.class_index, class_names).c_str(), static_cast<long long>(rows),
                static_cast<long long>(n_groups), cohort ? "cohorts" : "group (self: averaged over rows)");
  std::string out = buf;
  out += "  cohort  size  danger  P(part)  E[k]  P(k=1..K)";
  out += std::string(std::max<int64_t>(0, static_cast<int64_t>(first.k_probs.size()) * 5 - 9), ' ') +
         "  P(aggregation: " + join(aggregation_names(o), "/") + ")" +
         (first.position_probs.empty() ? "" : "  E[lambda]") +
         (first.amount_probs.empty() ? "" : "  E[amount]  P(amount: " + amounts_text(o) + ")") +
         "  centroid vs class mean\n";
  return out;
}

// One group's line: cohort, size, danger, P(participate), E[k], P(k), P(aggregation), E[lambda],
// centroid summary.
std::string group_line(const PolicyGroup& g, const std::vector<PolicyGroup>& groups,
                       const std::vector<std::string>& feature_names, const AutoSmoteOptions& o) {
  char buf[512];
  double expected_k = 0;
  std::string k_probs, aggregation_probs;
  for (size_t j = 0; j < g.k_probs.size(); ++j) {
    expected_k += static_cast<double>(j + 1) * g.k_probs[j];
    std::snprintf(buf, sizeof buf, "%s%.2f", j ? " " : "", g.k_probs[j]);
    k_probs += buf;
  }
  for (size_t j = 0; j < g.aggregation_probs.size(); ++j) {
    std::snprintf(buf, sizeof buf, "%s%.2f", j ? " " : "", g.aggregation_probs[j]);
    aggregation_probs += buf;
  }
  if (!g.position_probs.empty()) {
    double expected_lambda = 0;
    for (size_t j = 0; j < g.position_probs.size(); ++j)
      expected_lambda += g.position_probs[j] * (static_cast<double>(j) + 0.5) / static_cast<double>(kPositionBins);
    std::snprintf(buf, sizeof buf, "  %9.2f", expected_lambda);
    aggregation_probs += buf;
  }
  if (!g.amount_probs.empty()) {
    std::snprintf(buf, sizeof buf, "  %9.2f  ", expected_amount(g, o));
    aggregation_probs += buf;
    for (size_t j = 0; j < g.amount_probs.size(); ++j) {
      std::snprintf(buf, sizeof buf, "%s%.2f", j ? " " : "", g.amount_probs[j]);
      aggregation_probs += buf;
    }
  }
  std::snprintf(buf, sizeof buf, "  %6lld  %4lld  %6.2f  %7.2f  %4.1f  %s  %s  %s\n", static_cast<long long>(g.cohort),
                static_cast<long long>(g.size), g.other_class_share, g.participation, expected_k, k_probs.c_str(),
                aggregation_probs.c_str(), centroid_summary(g, groups, feature_names).c_str());
  return buf;
}

std::string epoch_line(const char* label, const EpochDiagnostics& e) {
  char buf[512];
  std::string ks, as;
  for (size_t j = 0; j < e.k_histogram.size(); ++j) ks += (j ? " " : "") + std::to_string(e.k_histogram[j]);
  for (size_t j = 0; j < e.aggregation_histogram.size(); ++j)
    as += (j ? " " : "") + std::to_string(e.aggregation_histogram[j]);
  std::snprintf(buf, sizeof buf, "  %-12s participation %.3f  k [%s]  aggregation [%s]  loss %.4f\n", label,
                e.participation_rate, ks.c_str(), as.c_str(), e.loss);
  return buf;
}

}  // namespace

nlohmann::json diagnostics_json(const std::vector<EpochDiagnostics>& diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : diagnostics)
    out.push_back({{"participation_rate", e.participation_rate},
                   {"k_histogram", e.k_histogram},
                   {"aggregation_histogram", e.aggregation_histogram},
                   {"loss", e.loss}});
  return out;
}

// Spearman rank correlation between the groups' danger and P(participate), over the groups of
// every class weighted alike (NaN with fewer than 3 groups or no variation): does the policy send
// borderline cohorts to participate and keep safe ones out (> 0), or the reverse (< 0)?
double danger_participation_correlation(const std::vector<PolicyGroup>& groups) {
  if (groups.size() < 3) return std::nan("");
  std::vector<double> danger, participation;
  for (const auto& g : groups) danger.push_back(g.other_class_share), participation.push_back(g.participation);
  const std::vector<double> a = rank_row(danger), b = rank_row(participation);  // Spearman: Pearson of the ranks
  const double n = static_cast<double>(groups.size()), mean = (n + 1) / 2;
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    sab += (a[i] - mean) * (b[i] - mean);
    saa += (a[i] - mean) * (a[i] - mean);
    sbb += (b[i] - mean) * (b[i] - mean);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : std::nan("");
}

std::string explain_text(const AutoSmote& model, const std::vector<std::string>& class_names,
                         const std::vector<std::string>& feature_names) {
  const auto groups = model.policy_groups();
  const auto& o = model.options();
  std::string out = "AutoSMOTE (Kishanthan & Hevapathige, 2025), variant " +
                    std::string(o.variant == AutoSmoteVariant::kCohort ? "cohort" : "self") + ", policy " +
                    (o.policy == PolicyMode::kLearned ? "learned" : "random (never trained)") + ", aggregations " +
                    join(aggregation_names(o), "/") + "\n";
  out +=
      "Probabilities of the policy without noise; 'danger' = share of other-class rows among the 10 nearest\n"
      "rows of the group's members (0 = safe interior, 1 = surrounded by other classes).\n";
  int64_t last_class = -1;
  for (const auto& g : groups) {
    if (g.class_index != last_class) {
      last_class = g.class_index;
      out += class_heading(g, groups, o, class_names);
    }
    out += group_line(g, groups, feature_names, o);
  }
  const auto& diagnostics = model.diagnostics();
  if (!diagnostics.empty()) {
    out += "\ntraining (rows per decision in the epoch)\n";
    out += epoch_line("first epoch", diagnostics.front());
    out += epoch_line("last epoch", diagnostics.back());
  }
  const double rho = danger_participation_correlation(groups);
  if (!std::isnan(rho)) {
    char buf[512];
    std::snprintf(
        buf, sizeof buf,
        "\nSpearman correlation of danger and P(participate) over the %zu groups: %+.2f (> 0: borderline groups\n"
        "participate more, < 0: safe groups do)\n",
        groups.size(), rho);
    out += buf;
  }
  for (const auto& w : model.collapse_warnings()) out += "warning: " + w + "\n";
  return out;
}

nlohmann::json explain_json(const AutoSmote& model, const std::vector<std::string>& class_names,
                            const std::vector<std::string>& feature_names) {
  const auto groups = model.policy_groups();
  nlohmann::json group_json = nlohmann::json::array();
  for (const auto& g : groups)
    group_json.push_back({{"class", class_name_of(g.class_index, class_names)},
                          {"cohort", g.cohort},
                          {"size", g.size},
                          {"danger", g.other_class_share},
                          {"participation", g.participation},
                          {"k_probs", g.k_probs},
                          {"aggregation_probs", g.aggregation_probs},
                          {"position_probs", g.position_probs},
                          {"amount_probs", g.amount_probs},
                          {"expected_amount", g.amount_probs.empty() ? 1.0 : expected_amount(g, model.options())},
                          {"centroid", g.centroid},
                          {"centroid_summary", centroid_summary(g, groups, feature_names)}});
  const double rho = danger_participation_correlation(groups);
  return {{"spec", model.spec()},
          {"aggregations", aggregation_names(model.options())},
          {"feature_names", feature_names},
          {"groups", group_json},
          {"danger_participation_spearman", std::isnan(rho) ? nlohmann::json(nullptr) : nlohmann::json(rho)},
          {"diagnostics", diagnostics_json(model.diagnostics())},
          {"warnings", model.collapse_warnings()}};
}

}  // namespace autosmote
