#include "autosmote/report/report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/report/stats.h"
#include "autosmote/report/svg.h"
#include "autosmote/report/tables.h"

namespace autosmote {
namespace {

std::string fmt(double v, int digits = 3) {
  if (std::isnan(v)) return "n/a";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string fmt_p(double p) {
  if (std::isnan(p)) return "n/a";
  char buf[40];
  if (p < 0.001) {
    std::snprintf(buf, sizeof buf, "%.1e", p);
  } else {
    std::snprintf(buf, sizeof buf, "%.3f", p);
  }
  return buf;
}

nlohmann::json num(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

const char* metric_title(const std::string& m) {
  if (m == "macro_f1") return "Macro-F1";
  if (m == "minority_f1") return "Minority-class F1";
  if (m == "g_mean") return "G-mean";
  if (m == "balanced_accuracy") return "Balanced accuracy";
  if (m == "roc_auc") return "ROC-AUC (macro, one-vs-rest)";
  if (m == "macro_precision") return "Macro precision";
  if (m == "macro_recall") return "Macro recall";
  return "";
}

// "| dataset | m1 | m2 |\n|---|---:|---:|\n" after `first_cell`.
std::string table_head(const std::string& first_cell, const std::vector<std::string>& methods) {
  std::string md = "| " + first_cell + " |";
  for (const auto& m : methods) md += " " + m + " |";
  md += "\n|---|";
  for (size_t m = 0; m < methods.size(); ++m) md += "---:|";
  return md + "\n";
}

// The average ranks of one metric over the datasets where every method has a value.
struct MetricRanks {
  std::vector<size_t> complete;  // those datasets
  std::vector<double> ranks;     // per method; empty when no dataset is complete
};

MetricRanks rank_methods(const std::vector<std::vector<CellStat>>& st) {
  MetricRanks r;
  std::vector<std::vector<double>> scores;
  for (size_t d = 0; d < st.size(); ++d) {
    std::vector<double> row;
    for (const CellStat& s : st[d]) row.push_back(s.mean);
    if (std::none_of(row.begin(), row.end(), [](double v) { return std::isnan(v); })) {
      scores.push_back(row);
      r.complete.push_back(d);
    }
  }
  if (!scores.empty()) r.ranks = average_ranks(scores);
  return r;
}

// Builds the report: Markdown, JSON and figures, section by section.
class ReportWriter {
 public:
  ReportWriter(const ReportTables& t, const ReportOptions& o, std::string focus)
      : t_(t), options_(o), focus_(std::move(focus)), link_(o.figures_link.empty() ? "figures" : o.figures_link) {}

  Report write();

 private:
  void intro();
  void summary();
  void metric_section(const std::string& k);
  void metric_table(const std::string& k, nlohmann::json& mj);
  void friedman(const std::string& k, nlohmann::json& mj);
  void wilcoxon(const std::string& k, nlohmann::json& mj);
  void bar_figure(const std::string& k);
  void runtime();
  void failures();
  // A figure that cannot be drawn is left out with a note; the rest of the report is written.
  void add_figure(const std::string& file, const std::string& alt, const std::function<std::string()>& draw);

  const ReportTables& t_;
  const ReportOptions& options_;
  const std::string focus_, link_;
  std::map<std::string, MetricRanks> ranks_;
  std::string md_;
  nlohmann::json j_;
  std::vector<std::pair<std::string, std::string>> figures_;
};

Report ReportWriter::write() {
  for (const auto& k : options_.metrics) ranks_[k] = rank_methods(t_.stats.at(k));
  intro();
  summary();
  j_["metrics"] = nlohmann::json::object();
  for (const auto& k : options_.metrics) metric_section(k);
  runtime();
  failures();
  Report rep;
  rep.markdown = md_;
  rep.json = j_.dump(2) + "\n";
  rep.figures = figures_;
  return rep;
}

void ReportWriter::intro() {
  std::vector<std::string> seeds_text;
  for (auto s : t_.seeds) seeds_text.push_back(std::to_string(s));
  md_ = "# " + options_.title + "\n\n";
  md_ +=
      "Protocol " + join(std::vector<std::string>(t_.protocols.begin(), t_.protocols.end()), ", ") + ", seeds " +
      join(seeds_text, ",") + "; " + std::to_string(t_.datasets.size()) + " datasets, " +
      std::to_string(t_.methods.size()) + " methods, " + std::to_string(t_.n_runs) +
      " runs. Cells: mean ± standard deviation over the runs; bold = best mean of the dataset. " +
      "Average rank: 1 = best, ties share the mean rank, over the datasets where every method has a value. " +
      "Friedman test over those ranks (chi-square and Iman-Davenport F) and the Nemenyi critical difference at alpha = "
      "0.05; " +
      (focus_.empty()
           ? std::string("")
           : "Wilcoxon signed-rank tests of **" + focus_ +
                 "** against each other method, paired by dataset means, two-sided, Holm-adjusted, with the " +
                 "smallest difference each could detect (alpha = 0.05, power 0.8). ") +
      "Methods: the sampler's name for `mlp` + sampler, the model's spec for models that over-sample themselves; "
      "`tuned-NAME` is a sampler grid tuned by inner cross-validation and ` (t)` marks `threshold=tuned` "
      "(docs/evaluation.md).\n\n";
  j_["title"] = options_.title;
  j_["protocols"] = t_.protocols;
  j_["seeds"] = t_.seeds;
  j_["datasets"] = t_.datasets;
  j_["methods"] = nlohmann::json::array();
  for (const auto& m : t_.methods)
    j_["methods"].push_back(
        {{"label", m}, {"model", t_.method_specs.at(m).first}, {"sampler", t_.method_specs.at(m).second}});
  j_["focus"] = focus_;
}

void ReportWriter::summary() {
  md_ += "## Summary: average ranks\n\n| method |";
  for (const auto& k : options_.metrics) md_ += " " + std::string(metric_title(k)) + " |";
  md_ += "\n|---|";
  for (size_t i = 0; i < options_.metrics.size(); ++i) md_ += "---:|";
  md_ += "\n";
  for (size_t m = 0; m < t_.methods.size(); ++m) {
    md_ += "| " + t_.methods[m] + " |";
    for (const auto& k : options_.metrics) {
      const auto& ranks = ranks_.at(k).ranks;
      if (ranks.empty()) {
        md_ += " n/a |";
        continue;
      }
      const double best = *std::min_element(ranks.begin(), ranks.end());
      const std::string v = fmt(ranks[m], 2);
      md_ += ranks[m] == best ? " **" + v + "** |" : " " + v + " |";
    }
    md_ += "\n";
  }
  md_ += "\n";
  if (!options_.notes.empty()) md_ += options_.notes + (options_.notes.back() == '\n' ? "\n" : "\n\n");
}

void ReportWriter::add_figure(const std::string& file, const std::string& alt,
                              const std::function<std::string()>& draw) {
  try {
    figures_.push_back({file, draw()});
    md_ += "![" + alt + "](" + link_ + "/" + file + ")\n\n";
  } catch (const Error& e) {
    md_ += "*Figure `" + file + "` not drawn: " + one_line(e.what()) + "*\n\n";
  }
}

void ReportWriter::metric_section(const std::string& k) {
  nlohmann::json mj;
  metric_table(k, mj);
  const MetricRanks& r = ranks_.at(k);
  if (!r.ranks.empty()) {
    nlohmann::json rj = nlohmann::json::object();
    for (size_t m = 0; m < t_.methods.size(); ++m) rj[t_.methods[m]] = r.ranks[m];
    mj["average_ranks"] = rj;
    mj["ranked_datasets"] = r.complete.size();
  }
  if (r.complete.size() >= 2 && t_.methods.size() >= 2) {
    friedman(k, mj);
    if (!focus_.empty()) wilcoxon(k, mj);
  } else {
    md_ += "Too few complete datasets for the Friedman and Wilcoxon tests (needs 2).\n\n";
  }
  if (k == "macro_f1" || k == "minority_f1") bar_figure(k);
  j_["metrics"][k] = mj;
}

// The dataset x method table of mean ± sd (best of each dataset at 3 decimals in bold), the mean
// over the datasets and the average rank.
void ReportWriter::metric_table(const std::string& k, nlohmann::json& mj) {
  const auto& st = t_.stats.at(k);
  const size_t D = t_.datasets.size(), M = t_.methods.size();
  md_ += "## " + std::string(metric_title(k)) + " (`" + k + "`)\n\n" + table_head("dataset", t_.methods);
  nlohmann::json cells = nlohmann::json::object();
  for (size_t d = 0; d < D; ++d) {
    double best = -INFINITY;
    for (size_t m = 0; m < M; ++m)
      if (!std::isnan(st[d][m].mean)) best = std::max(best, std::round(st[d][m].mean * 1000) / 1000);
    md_ += "| " + t_.datasets[d] + " |";
    for (size_t m = 0; m < M; ++m) {
      const CellStat& s = st[d][m];
      cells[t_.datasets[d]][t_.methods[m]] = {{"mean", num(s.mean)}, {"std", num(s.sd)}, {"n", s.n}};
      if (std::isnan(s.mean)) {
        md_ += t_.failures.count(t_.datasets[d] + " / " + t_.methods[m]) ? " failed |" : " - |";
        continue;
      }
      const std::string v = fmt(s.mean) + " ± " + fmt(s.sd);
      md_ += std::round(s.mean * 1000) / 1000 == best ? " **" + v + "** |" : " " + v + " |";
    }
    md_ += "\n";
  }
  md_ += "| *mean over datasets* |";
  for (size_t m = 0; m < M; ++m) {
    std::vector<double> means;
    for (size_t d = 0; d < D; ++d) means.push_back(st[d][m].mean);
    const CellStat s = cell_stat(means);
    md_ += " " + (s.n == static_cast<int64_t>(D) ? fmt(s.mean) : "n/a") + " |";
  }
  md_ += "\n| *average rank* |";
  const auto& ranks = ranks_.at(k).ranks;
  for (size_t m = 0; m < M; ++m) md_ += " " + (ranks.empty() ? std::string("n/a") : fmt(ranks[m], 2)) + " |";
  md_ += "\n\n";
  mj["cells"] = cells;
}

// The Friedman test and the Nemenyi critical difference over the complete datasets, and the rank diagram.
void ReportWriter::friedman(const std::string& k, nlohmann::json& mj) {
  const auto& st = t_.stats.at(k);
  const MetricRanks& r = ranks_.at(k);
  const size_t M = t_.methods.size();
  std::vector<std::vector<double>> scores;
  for (size_t d : r.complete) {
    std::vector<double> row;
    for (size_t m = 0; m < M; ++m) row.push_back(st[d][m].mean);
    scores.push_back(row);
  }
  const FriedmanResult fr = friedman_test(scores);
  double cd = std::nan("");
  if (M <= 10) cd = nemenyi_critical_difference(static_cast<int64_t>(M), static_cast<int64_t>(r.complete.size()));
  md_ += "Friedman test over " + std::to_string(r.complete.size()) + " datasets and " + std::to_string(M) +
         " methods: chi-square = " + fmt(fr.chi2, 2) + " (p = " + fmt_p(fr.p_chi2) +
         "), Iman-Davenport F = " + fmt(fr.f, 2) + " (p = " + fmt_p(fr.p_f) + "). ";
  md_ += std::isnan(cd) ? std::string("Nemenyi critical difference: not tabulated for more than 10 methods.\n\n")
                        : "Nemenyi critical difference (alpha = 0.05): " + fmt(cd, 2) +
                              " ranks; methods whose average ranks differ by less are not significantly different.\n\n";
  mj["friedman"] = {{"datasets", fr.n_datasets},
                    {"methods", fr.n_methods},
                    {"chi2", fr.chi2},
                    {"p_chi2", fr.p_chi2},
                    {"f", fr.f},
                    {"p_f", fr.p_f}};
  mj["nemenyi_cd"] = num(cd);
  add_figure("ranks_" + k + ".svg", "average ranks, " + k, [&] {
    return rank_diagram_svg(
        std::string("Average rank, ") + metric_title(k) + " (" + std::to_string(r.complete.size()) + " datasets)",
        t_.methods, r.ranks, cd);
  });
}

// The level and power of the smallest detectable differences next to the Wilcoxon tests.
constexpr double kAlpha = 0.05, kPower = 0.8;

// The smallest mean difference a test at `alpha` detects with power kPower over these paired
// differences (min_detectable_difference, the paired t approximation); NaN when the exact
// signed-rank test cannot reach p <= alpha with that many datasets at all.
double detectable_difference(const std::vector<double>& differences, double alpha) {
  if (signed_rank_smallest_p(static_cast<int64_t>(differences.size())) > alpha) return std::nan("");
  return min_detectable_difference(differences, alpha, kPower);
}

// The focus method against one other over the complete datasets.
struct PairedComparison {
  WilcoxonResult test;
  std::array<int64_t, 3> wins_ties_losses = {0, 0, 0};  // at 3 decimals
  double mean_difference = 0, detectable = 0, detectable_holm = 0;
};

PairedComparison compare_paired(const std::vector<std::vector<CellStat>>& st, const std::vector<size_t>& datasets,
                                size_t focus, size_t other, size_t n_comparisons) {
  PairedComparison c;
  std::vector<double> a, b, differences;
  for (size_t d : datasets) {
    a.push_back(st[d][focus].mean);
    b.push_back(st[d][other].mean);
    differences.push_back(a.back() - b.back());
    const double x = std::round(a.back() * 1000), y = std::round(b.back() * 1000);
    ++c.wins_ties_losses[x > y ? 0 : x == y ? 1 : 2];
  }
  c.test = wilcoxon_signed_rank(a, b);
  c.mean_difference = cell_stat(differences).mean;
  c.detectable = detectable_difference(differences, kAlpha);
  c.detectable_holm = detectable_difference(differences, kAlpha / static_cast<double>(n_comparisons));
  return c;
}

// Wilcoxon signed-rank tests of the focus method against every other, Holm-adjusted, with the mean
// paired difference and the smallest difference each comparison could detect.
void ReportWriter::wilcoxon(const std::string& k, nlohmann::json& mj) {
  const auto& complete = ranks_.at(k).complete;
  const size_t f = t_.method_index(focus_), M = t_.methods.size(), N = complete.size();
  std::vector<PairedComparison> c;
  std::vector<double> p;
  for (size_t m = 0; m < M; ++m) {
    if (m == f) continue;
    c.push_back(compare_paired(t_.stats.at(k), complete, f, m, M - 1));
    p.push_back(c.back().test.p);
  }
  const auto holm = holm_adjust(p);
  const std::string holm_alpha = "0.05/" + std::to_string(M - 1);
  const bool any_none = std::any_of(c.begin(), c.end(), [](const PairedComparison& x) {
    return std::isnan(x.detectable) || std::isnan(x.detectable_holm);
  });
  const std::string n = std::to_string(N), df = std::to_string(N - 1);
  md_ += "Wilcoxon signed-rank, **" + focus_ + "** against each method, paired by dataset (" + n +
         " datasets): wins / ties / losses at 3 decimals; mean difference = " + focus_ +
         " minus the method. Smallest detectable difference: the mean difference a two-sided test at alpha = 0.05 " +
         "finds with power 0.8 given the spread of the paired differences, (t(" + df + " df, 0.975) + t(" + df +
         " df, 0.8)) × SD / sqrt(" + n + ") with SD their standard deviation over the datasets (the paired t " +
         "approximation to the signed-rank test); the last column at alpha = " + holm_alpha +
         ", the level Holm's adjustment holds the smallest p to." +
         (any_none ? " *none*: with " + n + " datasets the exact test's smallest p, 2^(1-" + n +
                         ") = " + fmt_p(signed_rank_smallest_p(static_cast<int64_t>(N))) + ", is above that alpha."
                   : std::string("")) +
         "\n\n";
  md_ +=
      "| against | wins / ties / losses | mean difference | W+ | W- | p | p (Holm) | smallest detectable difference | "
      "smallest detectable difference, alpha = " +
      holm_alpha + " |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  auto detectable_cell = [](double v) { return std::isnan(v) ? std::string("*none*") : fmt(v, 4); };
  nlohmann::json wj = nlohmann::json::array();
  size_t i = 0;
  for (size_t m = 0; m < M; ++m) {
    if (m == f) continue;
    const PairedComparison& x = c[i];
    char mean_difference[40];
    std::snprintf(mean_difference, sizeof mean_difference, "%+.4f", x.mean_difference);
    md_ += "| " + t_.methods[m] + " | " + std::to_string(x.wins_ties_losses[0]) + " / " +
           std::to_string(x.wins_ties_losses[1]) + " / " + std::to_string(x.wins_ties_losses[2]) + " | " +
           mean_difference + " | " + fmt(x.test.w_plus, 1) + " | " + fmt(x.test.w_minus, 1) + " | " + fmt_p(x.test.p) +
           (x.test.exact ? "" : " (normal approx.)") + " | " + fmt_p(holm[i]) + " | " + detectable_cell(x.detectable) +
           " | " + detectable_cell(x.detectable_holm) + " |\n";
    wj.push_back({{"against", t_.methods[m]},
                  {"wins", x.wins_ties_losses[0]},
                  {"ties", x.wins_ties_losses[1]},
                  {"losses", x.wins_ties_losses[2]},
                  {"n", x.test.n},
                  {"w_plus", x.test.w_plus},
                  {"w_minus", x.test.w_minus},
                  {"p", x.test.p},
                  {"p_holm", holm[i]},
                  {"exact", x.test.exact},
                  {"mean_difference", x.mean_difference},
                  {"min_detectable_difference", num(x.detectable)},
                  {"min_detectable_difference_holm", num(x.detectable_holm)}});
    ++i;
  }
  md_ += "\n";
  mj["wilcoxon"] = wj;
  mj["min_detectable_difference_basis"] = {
      {"alpha", kAlpha}, {"alpha_holm", kAlpha / static_cast<double>(M - 1)}, {"power", kPower}, {"datasets", N}};
}

// The grouped bar chart of a metric per dataset, from the lowest bar rounded down to a tenth (but at
// least 0.1 high when every value is 1) to 1.
void ReportWriter::bar_figure(const std::string& k) {
  const auto& st = t_.stats.at(k);
  std::vector<BarSeries> series;
  double lo = 1.0;
  bool any_value = false;
  for (size_t m = 0; m < t_.methods.size(); ++m) {
    BarSeries b;
    b.name = t_.methods[m];
    for (size_t d = 0; d < t_.datasets.size(); ++d) {
      b.mean.push_back(st[d][m].mean);
      b.sd.push_back(st[d][m].sd);
      if (std::isnan(st[d][m].mean)) continue;
      any_value = true;
      lo = std::min(lo, st[d][m].mean - (std::isnan(st[d][m].sd) ? 0 : st[d][m].sd));
    }
    series.push_back(b);
  }
  const double y_min = std::min(0.9, std::max(0.0, std::floor(lo * 10) / 10));
  if (!any_value) {
    md_ += "*Figure `" + k + ".svg` not drawn: no run has a value.*\n\n";
    return;
  }
  add_figure(k + ".svg", k + " per dataset", [&] {
    return grouped_bar_chart_svg(std::string(metric_title(k)) + " per dataset (mean ± std)", t_.datasets, series,
                                 metric_title(k), y_min, 1.0);
  });
}

// Mean seconds per run (resampling + training + tuning fits: eval/bench.h run_seconds).
void ReportWriter::runtime() {
  md_ += "## Runtime (seconds per run: resampling + training, tuning fits included, mean)\n\n" +
         table_head("dataset", t_.methods);
  nlohmann::json tj = nlohmann::json::object();
  std::vector<double> total(t_.methods.size(), 0.0);
  for (size_t d = 0; d < t_.datasets.size(); ++d) {
    md_ += "| " + t_.datasets[d] + " |";
    for (size_t m = 0; m < t_.methods.size(); ++m) {
      const CellStat s = cell_stat(t_.seconds[d][m]);
      tj[t_.datasets[d]][t_.methods[m]] = num(s.mean);
      if (!std::isnan(s.mean)) total[m] += s.mean;
      md_ += " " + fmt(s.mean, 2) + " |";
    }
    md_ += "\n";
  }
  md_ += "| *sum over datasets* |";
  for (double seconds : total) md_ += " " + fmt(seconds, 1) + " |";
  md_ += "\n\n";
  j_["seconds_per_run"] = tj;

  // The fitted models' learnable parameters (0 for xgboost; the count the paper's harness reports).
  md_ += "## Model size (learnable parameters of the fitted model, mean per run)\n\n" +
         table_head("dataset", t_.methods);
  nlohmann::json pj = nlohmann::json::object();
  for (size_t d = 0; d < t_.datasets.size(); ++d) {
    md_ += "| " + t_.datasets[d] + " |";
    for (size_t m = 0; m < t_.methods.size(); ++m) {
      const CellStat s = cell_stat(t_.parameters[d][m]);
      pj[t_.datasets[d]][t_.methods[m]] = num(s.mean);
      md_ += " " + fmt(s.mean, 0) + " |";
    }
    md_ += "\n";
  }
  md_ += "\n";
  j_["parameters_per_run"] = pj;
}

void ReportWriter::failures() {
  nlohmann::json fj = nlohmann::json::array();
  if (!t_.failures.empty()) {
    md_ += "## Failed runs\n\n| dataset / method | runs | error |\n|---|---:|---|\n";
    for (const auto& f : t_.failures) {
      std::string e = f.second.second;
      std::replace(e.begin(), e.end(), '|', '/');
      md_ += "| " + f.first + " | " + std::to_string(f.second.first) + " | " + e + " |\n";
      fj.push_back({{"cell", f.first}, {"runs", f.second.first}, {"error", f.second.second}});
    }
    md_ += "\n";
  }
  j_["failures"] = fj;
}

}  // namespace

Report make_report(const std::vector<BenchRun>& runs, const ReportOptions& options) {
  const ReportTables tables = tabulate_runs(runs, options.metrics);
  return ReportWriter(tables, options, focus_method(tables, options.focus)).write();
}

}  // namespace autosmote
