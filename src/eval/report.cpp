#include "autosmote/eval/report.h"

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
#include "autosmote/eval/stats.h"
#include "autosmote/eval/svg.h"

namespace autosmote {
namespace {

struct Stat {
  double mean = std::nan(""), sd = std::nan("");
  int64_t n = 0;
};

Stat stat_of(const std::vector<double>& v) {
  Stat s;
  std::vector<double> x;
  for (double d : v)
    if (!std::isnan(d)) x.push_back(d);
  s.n = static_cast<int64_t>(x.size());
  if (x.empty()) return s;
  double m = 0;
  for (double d : x) m += d;
  m /= static_cast<double>(x.size());
  double var = 0;
  for (double d : x) var += (d - m) * (d - m);
  s.mean = m;
  s.sd = x.size() > 1 ? std::sqrt(var / static_cast<double>(x.size() - 1)) : 0.0;
  return s;
}

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

// The runs without the killed ones whose seed ran again later (a killed seed is retried).
std::vector<BenchRun> latest_runs(const std::vector<BenchRun>& all) {
  std::set<std::string> finished;
  for (const auto& r : all)
    if (!r.killed) finished.insert(bench_key(r));
  std::vector<BenchRun> out;
  for (const auto& r : all)
    if (!r.killed || !finished.count(bench_key(r))) out.push_back(r);
  return out;
}

}  // namespace

Report make_report(const std::vector<BenchRun>& all_runs, const ReportOptions& options) {
  const std::vector<BenchRun> runs = latest_runs(all_runs);
  if (runs.empty()) throw InputError("the report needs at least one run");
  // Methods: mlp + none, other mlp methods by sampler, then the rest by name.
  std::map<std::string, std::pair<std::string, std::string>> method_specs;  // label -> (model, sampler)
  std::set<std::string> dataset_set, protocols;
  std::set<uint64_t> seed_set;
  for (const auto& r : runs) {
    method_specs[method_label(r.model, r.sampler)] = {r.model, r.sampler};
    dataset_set.insert(r.dataset);
    protocols.insert(r.protocol);
    seed_set.insert(r.seed);
  }
  std::vector<std::string> methods;
  for (const auto& m : method_specs) methods.push_back(m.first);
  auto order_key = [&](const std::string& label) {
    const auto& ms = method_specs[label];
    const int group = ms.first == "mlp" ? (ms.second == "none" ? 0 : 1) : 2;
    return std::make_pair(group, label);
  };
  std::sort(methods.begin(), methods.end(), [&](const std::string& a, const std::string& b) { return order_key(a) < order_key(b); });
  const std::vector<std::string> datasets(dataset_set.begin(), dataset_set.end());
  const size_t D = datasets.size(), M = methods.size();
  auto m_index = [&](const std::string& label) {
    return static_cast<size_t>(std::find(methods.begin(), methods.end(), label) - methods.begin());
  };
  auto d_index = [&](const std::string& d) {
    return static_cast<size_t>(std::find(datasets.begin(), datasets.end(), d) - datasets.begin());
  };

  // Values per (dataset, method) and the failures.
  std::vector<std::string> metrics = options.metrics;
  std::map<std::string, std::vector<std::vector<std::vector<double>>>> values;  // metric -> [d][m] -> runs
  for (const auto& k : metrics) values[k].assign(D, std::vector<std::vector<double>>(M));
  std::vector<std::vector<std::vector<double>>> seconds(D, std::vector<std::vector<double>>(M));
  std::map<std::string, std::pair<int64_t, std::string>> failures;  // "dataset | method" -> (count, first error)
  for (const auto& r : runs) {
    const size_t d = d_index(r.dataset), m = m_index(method_label(r.model, r.sampler));
    if (!r.ok) {
      auto& f = failures[r.dataset + " / " + methods[m]];
      if (f.first++ == 0) f.second = r.error;
      continue;
    }
    for (const auto& k : metrics) {
      const auto it = r.values.find(k);
      if (it == r.values.end()) throw InputError("runs have no metric '" + k + "'");
      values[k][d][m].push_back(it->second);
    }
    seconds[d][m].push_back(r.values.at("resample_seconds") + r.values.at("fit_seconds"));
  }

  // The focus method: the first learned cohort model that over-samples itself, unless named.
  std::string focus = options.focus;
  if (focus.empty()) {
    for (const auto& m : methods) {
      const auto& ms = method_specs[m];
      if (resamples_internally(ms.first) && ms.first.find("variant=self") == std::string::npos &&
          ms.first.find("policy=random") == std::string::npos) {
        focus = m;
        break;
      }
    }
  } else if (std::find(methods.begin(), methods.end(), focus) == methods.end()) {
    throw InputError("--focus '" + focus + "' is not one of the methods: " + join(methods, ", "));
  }

  const std::string link = options.figures_link.empty() ? "figures" : options.figures_link;
  std::string md = "# " + options.title + "\n\n";
  std::vector<std::string> seeds_text;
  for (auto s : seed_set) seeds_text.push_back(std::to_string(s));
  md += "Protocol " + join(std::vector<std::string>(protocols.begin(), protocols.end()), ", ") + ", seeds " +
        join(seeds_text, ",") + "; " + std::to_string(D) + " datasets, " + std::to_string(M) +
        " methods, " + std::to_string(runs.size()) + " runs. Cells: mean ± standard deviation over the runs; bold = best mean of the dataset. " +
        "Average rank: 1 = best, ties share the mean rank, over the datasets where every method has a value. " +
        "Friedman test over those ranks (chi-square and Iman-Davenport F) and the Nemenyi critical difference at alpha = 0.05; " +
        (focus.empty() ? std::string("") : "Wilcoxon signed-rank tests of **" + focus + "** against each other method, paired by dataset means, two-sided, Holm-adjusted. ") +
        "Methods: the sampler's name for `mlp` + sampler, the model's spec for models that over-sample themselves.\n\n";

  nlohmann::json j;
  j["title"] = options.title;
  j["protocols"] = protocols;
  j["seeds"] = seed_set;
  j["datasets"] = datasets;
  j["methods"] = nlohmann::json::array();
  for (const auto& m : methods)
    j["methods"].push_back({{"label", m}, {"model", method_specs[m].first}, {"sampler", method_specs[m].second}});
  j["focus"] = focus;
  j["metrics"] = nlohmann::json::object();

  // Summary first: average ranks per metric.
  std::map<std::string, std::vector<double>> ranks_of;
  std::map<std::string, std::vector<size_t>> complete_of;
  std::map<std::string, std::vector<std::vector<Stat>>> stats_of;
  for (const auto& k : metrics) {
    auto& st = stats_of[k];
    st.assign(D, std::vector<Stat>(M));
    for (size_t d = 0; d < D; ++d)
      for (size_t m = 0; m < M; ++m) st[d][m] = stat_of(values[k][d][m]);
    std::vector<std::vector<double>> scores;
    for (size_t d = 0; d < D; ++d) {
      std::vector<double> row;
      for (size_t m = 0; m < M; ++m) row.push_back(st[d][m].mean);
      if (std::none_of(row.begin(), row.end(), [](double v) { return std::isnan(v); })) {
        scores.push_back(row);
        complete_of[k].push_back(d);
      }
    }
    if (!scores.empty()) ranks_of[k] = average_ranks(scores);
  }
  md += "## Summary: average ranks\n\n| method |";
  for (const auto& k : metrics) md += " " + std::string(metric_title(k)) + " |";
  md += "\n|---|";
  for (size_t i = 0; i < metrics.size(); ++i) md += "---:|";
  md += "\n";
  for (size_t m = 0; m < M; ++m) {
    md += "| " + methods[m] + " |";
    for (const auto& k : metrics) {
      const auto it = ranks_of.find(k);
      if (it == ranks_of.end()) {
        md += " n/a |";
        continue;
      }
      const double best = *std::min_element(it->second.begin(), it->second.end());
      const std::string v = fmt(it->second[m], 2);
      md += it->second[m] == best ? " **" + v + "** |" : " " + v + " |";
    }
    md += "\n";
  }
  md += "\n";
  if (!options.notes.empty()) md += options.notes + (options.notes.back() == '\n' ? "\n" : "\n\n");

  std::vector<std::pair<std::string, std::string>> figures;
  // A figure that cannot be drawn is left out with a note; the rest of the report is written.
  auto add_figure = [&](const std::string& file, const std::string& alt, const std::function<std::string()>& draw) {
    try {
      figures.push_back({file, draw()});
      md += "![" + alt + "](" + link + "/" + file + ")\n\n";
    } catch (const Error& e) {
      md += "*Figure `" + file + "` not drawn: " + one_line(e.what()) + "*\n\n";
    }
  };
  for (const auto& k : metrics) {
    const auto& st = stats_of[k];
    nlohmann::json mj;
    md += "## " + std::string(metric_title(k)) + " (`" + k + "`)\n\n| dataset |";
    for (const auto& m : methods) md += " " + m + " |";
    md += "\n|---|";
    for (size_t m = 0; m < M; ++m) md += "---:|";
    md += "\n";
    nlohmann::json cells = nlohmann::json::object();
    for (size_t d = 0; d < D; ++d) {
      double best = -INFINITY;
      for (size_t m = 0; m < M; ++m)
        if (!std::isnan(st[d][m].mean)) best = std::max(best, std::round(st[d][m].mean * 1000) / 1000);
      md += "| " + datasets[d] + " |";
      for (size_t m = 0; m < M; ++m) {
        const Stat& s = st[d][m];
        cells[datasets[d]][methods[m]] = {{"mean", num(s.mean)}, {"std", num(s.sd)}, {"n", s.n}};
        if (std::isnan(s.mean)) {
          md += failures.count(datasets[d] + " / " + methods[m]) ? " failed |" : " - |";
          continue;
        }
        const std::string v = fmt(s.mean) + " ± " + fmt(s.sd);
        md += std::round(s.mean * 1000) / 1000 == best ? " **" + v + "** |" : " " + v + " |";
      }
      md += "\n";
    }
    // Mean over the datasets and average rank.
    md += "| *mean over datasets* |";
    for (size_t m = 0; m < M; ++m) {
      std::vector<double> means;
      for (size_t d = 0; d < D; ++d) means.push_back(st[d][m].mean);
      const Stat s = stat_of(means);
      md += " " + (s.n == static_cast<int64_t>(D) ? fmt(s.mean) : "n/a") + " |";
    }
    md += "\n| *average rank* |";
    const auto rit = ranks_of.find(k);
    for (size_t m = 0; m < M; ++m) md += " " + (rit == ranks_of.end() ? std::string("n/a") : fmt(rit->second[m], 2)) + " |";
    md += "\n\n";
    mj["cells"] = cells;
    const auto& complete = complete_of[k];
    if (rit != ranks_of.end()) {
      nlohmann::json rj = nlohmann::json::object();
      for (size_t m = 0; m < M; ++m) rj[methods[m]] = rit->second[m];
      mj["average_ranks"] = rj;
      mj["ranked_datasets"] = complete.size();
    }
    if (complete.size() >= 2 && M >= 2) {
      std::vector<std::vector<double>> scores;
      for (size_t d : complete) {
        std::vector<double> row;
        for (size_t m = 0; m < M; ++m) row.push_back(st[d][m].mean);
        scores.push_back(row);
      }
      const FriedmanResult fr = friedman_test(scores);
      double cd = std::nan("");
      if (M <= 10) cd = nemenyi_critical_difference(static_cast<int64_t>(M), static_cast<int64_t>(complete.size()));
      md += "Friedman test over " + std::to_string(complete.size()) + " datasets and " + std::to_string(M) +
            " methods: chi-square = " + fmt(fr.chi2, 2) + " (p = " + fmt_p(fr.p_chi2) + "), Iman-Davenport F = " +
            fmt(fr.f, 2) + " (p = " + fmt_p(fr.p_f) + "). ";
      md += std::isnan(cd) ? std::string("Nemenyi critical difference: not tabulated for more than 10 methods.\n\n")
                           : "Nemenyi critical difference (alpha = 0.05): " + fmt(cd, 2) +
                                 " ranks; methods whose average ranks differ by less are not significantly different.\n\n";
      mj["friedman"] = {{"datasets", fr.n_datasets}, {"methods", fr.n_methods}, {"chi2", fr.chi2}, {"p_chi2", fr.p_chi2},
                        {"f", fr.f}, {"p_f", fr.p_f}};
      mj["nemenyi_cd"] = num(cd);
      add_figure("ranks_" + k + ".svg", "average ranks, " + k, [&] {
        return rank_diagram_svg(std::string("Average rank, ") + metric_title(k) + " (" + std::to_string(complete.size()) + " datasets)",
                                methods, rit->second, cd);
      });
      // Wilcoxon: focus against every other method.
      if (!focus.empty()) {
        const size_t f = m_index(focus);
        std::vector<WilcoxonResult> w;
        std::vector<double> p;
        std::vector<std::array<int64_t, 3>> wtl;
        for (size_t m = 0; m < M; ++m) {
          if (m == f) continue;
          std::vector<double> a, b;
          std::array<int64_t, 3> c = {0, 0, 0};
          for (size_t d : complete) {
            a.push_back(st[d][f].mean);
            b.push_back(st[d][m].mean);
            const double x = std::round(st[d][f].mean * 1000), y = std::round(st[d][m].mean * 1000);
            ++c[x > y ? 0 : x == y ? 1 : 2];
          }
          w.push_back(wilcoxon_signed_rank(a, b));
          p.push_back(w.back().p);
          wtl.push_back(c);
        }
        const auto holm = holm_adjust(p);
        md += "Wilcoxon signed-rank, **" + focus + "** against each method (paired by dataset; wins / ties / losses at 3 decimals):\n\n";
        md += "| against | wins / ties / losses | W+ | W- | p | p (Holm) |\n|---|---:|---:|---:|---:|---:|\n";
        nlohmann::json wj = nlohmann::json::array();
        size_t i = 0;
        for (size_t m = 0; m < M; ++m) {
          if (m == f) continue;
          md += "| " + methods[m] + " | " + std::to_string(wtl[i][0]) + " / " + std::to_string(wtl[i][1]) + " / " +
                std::to_string(wtl[i][2]) + " | " + fmt(w[i].w_plus, 1) + " | " + fmt(w[i].w_minus, 1) + " | " +
                fmt_p(w[i].p) + (w[i].exact ? "" : " (normal approx.)") + " | " + fmt_p(holm[i]) + " |\n";
          wj.push_back({{"against", methods[m]}, {"wins", wtl[i][0]}, {"ties", wtl[i][1]}, {"losses", wtl[i][2]},
                        {"n", w[i].n}, {"w_plus", w[i].w_plus}, {"w_minus", w[i].w_minus}, {"p", w[i].p},
                        {"p_holm", holm[i]}, {"exact", w[i].exact}});
          ++i;
        }
        md += "\n";
        mj["wilcoxon"] = wj;
      }
    } else {
      md += "Too few complete datasets for the Friedman and Wilcoxon tests (needs 2).\n\n";
    }
    if (k == "macro_f1" || k == "minority_f1") {
      std::vector<BarSeries> series;
      double lo = 1.0;
      bool any_value = false;
      for (size_t m = 0; m < M; ++m) {
        BarSeries b;
        b.name = methods[m];
        for (size_t d = 0; d < D; ++d) {
          b.mean.push_back(st[d][m].mean);
          b.sd.push_back(st[d][m].sd);
          if (std::isnan(st[d][m].mean)) continue;
          any_value = true;
          lo = std::min(lo, st[d][m].mean - (std::isnan(st[d][m].sd) ? 0 : st[d][m].sd));
        }
        series.push_back(b);
      }
      // From the lowest bar (rounded down to a tenth), but at least 0.1 high when every value is 1.
      const double y_min = std::min(0.9, std::max(0.0, std::floor(lo * 10) / 10));
      if (any_value) {
        add_figure(k + ".svg", k + " per dataset", [&] {
          return grouped_bar_chart_svg(std::string(metric_title(k)) + " per dataset (mean ± std)", datasets, series,
                                       metric_title(k), y_min, 1.0);
        });
      } else {
        md += "*Figure `" + k + ".svg` not drawn: no run has a value.*\n\n";
      }
    }
    j["metrics"][k] = mj;
  }

  // Runtime: mean seconds per run (resampling + training).
  md += "## Runtime (seconds per run: resampling + training, mean)\n\n| dataset |";
  for (const auto& m : methods) md += " " + m + " |";
  md += "\n|---|";
  for (size_t m = 0; m < M; ++m) md += "---:|";
  md += "\n";
  nlohmann::json tj = nlohmann::json::object();
  std::vector<double> total(M, 0.0);
  for (size_t d = 0; d < D; ++d) {
    md += "| " + datasets[d] + " |";
    for (size_t m = 0; m < M; ++m) {
      const Stat s = stat_of(seconds[d][m]);
      tj[datasets[d]][methods[m]] = num(s.mean);
      if (!std::isnan(s.mean)) total[m] += s.mean;
      md += " " + fmt(s.mean, 2) + " |";
    }
    md += "\n";
  }
  md += "| *sum over datasets* |";
  for (size_t m = 0; m < M; ++m) md += " " + fmt(total[m], 1) + " |";
  md += "\n\n";
  j["seconds_per_run"] = tj;

  nlohmann::json fj = nlohmann::json::array();
  if (!failures.empty()) {
    md += "## Failed runs\n\n| dataset / method | runs | error |\n|---|---:|---|\n";
    for (const auto& f : failures) {
      std::string e = f.second.second;
      std::replace(e.begin(), e.end(), '|', '/');
      md += "| " + f.first + " | " + std::to_string(f.second.first) + " | " + e + " |\n";
      fj.push_back({{"cell", f.first}, {"runs", f.second.first}, {"error", f.second.second}});
    }
    md += "\n";
  }
  j["failures"] = fj;

  Report rep;
  rep.markdown = md;
  rep.json = j.dump(2) + "\n";
  rep.figures = figures;
  return rep;
}

}  // namespace autosmote
