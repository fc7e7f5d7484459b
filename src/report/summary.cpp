#include "autosmote/report/summary.h"
#include "autosmote/report/stats.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>

#include <sys/stat.h>

#include "autosmote/core/error.h"
#include "autosmote/report/tables.h"

namespace autosmote {

std::vector<BenchRun> read_finished_runs(const std::vector<std::string>& paths) {
  std::vector<BenchRun> all;
  for (const auto& path : paths) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw InputError("cannot read '" + path + "': " + std::strerror(errno));
    const auto runs = read_bench_runs(path);
    all.insert(all.end(), runs.begin(), runs.end());
  }
  std::vector<BenchRun> finished;
  for (const auto& r : latest_runs(all))
    if (r.ok) finished.push_back(r);
  return finished;
}

std::string comparison_table(const std::vector<BenchRun>& runs, const std::vector<std::string>& metrics) {
  struct Group {
    std::string dataset, method;
    std::vector<const BenchRun*> runs;
  };
  std::vector<Group> groups;
  for (const auto& r : runs) {
    const std::string d = short_dataset_name(r.dataset);
    const std::string m = r.model + " + " + r.sampler;
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.dataset == d && g.method == m; });
    if (it == groups.end()) groups.push_back({d, m, {}}), it = groups.end() - 1;
    it->runs.push_back(&r);
  }
  size_t wd = 7, wm = 6;
  for (const auto& g : groups) wd = std::max(wd, g.dataset.size()), wm = std::max(wm, g.method.size());
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-*s  %-*s  %4s", static_cast<int>(wd), "dataset", static_cast<int>(wm), "method",
                "runs");
  out += buf;
  for (const auto& m : metrics) {
    std::snprintf(buf, sizeof buf, "  %-15s", m.c_str());
    out += buf;
  }
  out += "  sec/run\n";
  for (const auto& g : groups) {
    std::snprintf(buf, sizeof buf, "%-*s  %-*s  %4zu", static_cast<int>(wd), g.dataset.c_str(), static_cast<int>(wm),
                  g.method.c_str(), g.runs.size());
    out += buf;
    for (const auto& m : metrics) {
      double s = 0, ss = 0;
      int64_t n = 0;
      for (const auto* r : g.runs) {
        auto it = r->values.find(m);
        if (it == r->values.end() || std::isnan(it->second)) continue;
        s += it->second, ss += it->second * it->second, ++n;
      }
      if (n == 0) {
        std::snprintf(buf, sizeof buf, "  %-15s", "n/a");
      } else {
        const double mean = s / static_cast<double>(n);
        const double var =
            n > 1 ? std::max(0.0, (ss - static_cast<double>(n) * mean * mean) / static_cast<double>(n - 1)) : 0.0;
        std::snprintf(buf, sizeof buf, "  %.3f ± %.3f  ", mean, std::sqrt(var));
      }
      out += buf;
    }
    double t = 0;
    for (const auto* r : g.runs) t += run_seconds(*r);
    std::snprintf(buf, sizeof buf, "  %7.2f\n", t / static_cast<double>(g.runs.size()));
    out += buf;
  }
  return out;
}

std::string pivot_markdown(const std::vector<BenchRun>& runs, const std::string& metric) {
  std::vector<std::string> datasets, methods;
  std::map<std::pair<std::string, std::string>, std::vector<double>> cell;
  for (const auto& r : runs) {
    const std::string d = short_dataset_name(r.dataset), m = r.model + " + " + r.sampler;
    if (std::find(datasets.begin(), datasets.end(), d) == datasets.end()) datasets.push_back(d);
    if (std::find(methods.begin(), methods.end(), m) == methods.end()) methods.push_back(m);
    auto it = r.values.find(metric);
    if (it != r.values.end() && !std::isnan(it->second)) cell[{d, m}].push_back(it->second);
  }
  auto stats = [&](const std::string& d, const std::string& m, double* mean, double* sd) {
    const auto it = cell.find({d, m});
    if (it == cell.end() || it->second.empty()) return false;
    const auto& v = it->second;
    double s = 0, ss = 0;
    for (double x : v) s += x;
    *mean = s / static_cast<double>(v.size());
    for (double x : v) ss += (x - *mean) * (x - *mean);
    *sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
    return true;
  };
  std::string out = "| dataset |";
  for (const auto& m : methods) out += " " + m + " |";
  out += "\n|---|";
  for (size_t i = 0; i < methods.size(); ++i) out += "---:|";
  out += "\n";
  std::vector<double> sum(methods.size(), 0.0);
  std::vector<int64_t> n(methods.size(), 0);
  std::vector<std::vector<double>> complete_rows;  // datasets where every method ran: ranked
  char buf[64];
  for (const auto& d : datasets) {
    std::vector<double> means(methods.size(), std::nan("")), sds(methods.size(), 0.0);
    double best = -1e300;
    bool complete = true;
    for (size_t i = 0; i < methods.size(); ++i) {
      if (stats(d, methods[i], &means[i], &sds[i])) {
        best = std::max(best, means[i]);
        sum[i] += means[i];
        ++n[i];
      } else {
        complete = false;
      }
    }
    out += "| " + d + " |";
    for (size_t i = 0; i < methods.size(); ++i) {
      if (std::isnan(means[i])) {
        out += " - |";
        continue;
      }
      std::snprintf(buf, sizeof buf, "%.3f ± %.3f", means[i], sds[i]);
      // Bold the best mean as printed (3 decimals), so printed ties are all bold.
      char a[16], b[16];
      std::snprintf(a, sizeof a, "%.3f", means[i]);
      std::snprintf(b, sizeof b, "%.3f", best);
      out += std::string(" ") + (std::string(a) == b ? "**" + std::string(buf) + "**" : std::string(buf)) + " |";
    }
    out += "\n";
    if (complete) complete_rows.push_back(means);
  }
  const std::vector<double> ranks =
      complete_rows.empty() ? std::vector<double>(methods.size(), std::nan("")) : average_ranks(complete_rows);
  out += "| *mean over datasets* |";
  for (size_t i = 0; i < methods.size(); ++i) {
    std::snprintf(buf, sizeof buf, " %.3f |", n[i] ? sum[i] / static_cast<double>(n[i]) : std::nan(""));
    out += buf;
  }
  out += "\n| *average rank* |";
  for (size_t i = 0; i < methods.size(); ++i) {
    std::snprintf(buf, sizeof buf, " %.2f |", ranks[i]);
    out += buf;
  }
  return out + "\n";
}

}  // namespace autosmote
