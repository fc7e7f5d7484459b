#include "autosmote/report/tables.h"

#include <algorithm>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"

namespace autosmote {

CellStat cell_stat(const std::vector<double>& values) {
  CellStat s;
  std::vector<double> x;
  for (double d : values)
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

size_t ReportTables::method_index(const std::string& label) const {
  return static_cast<size_t>(std::find(methods.begin(), methods.end(), label) - methods.begin());
}

std::vector<BenchRun> latest_runs(const std::vector<BenchRun>& all) {
  std::set<std::string> finished;
  for (const auto& r : all)
    if (!r.killed) finished.insert(bench_key(r));
  std::vector<BenchRun> out;
  for (const auto& r : all)
    if (!r.killed || !finished.count(bench_key(r))) out.push_back(r);
  return out;
}

// The methods, datasets, protocols and seeds of the runs, in report order.
static void list_methods_and_datasets(const std::vector<BenchRun>& runs, ReportTables& t) {
  std::set<std::string> dataset_set;
  for (const auto& r : runs) {
    t.method_specs[method_label(r.model, r.sampler)] = {r.model, r.sampler};
    dataset_set.insert(r.dataset);
    t.protocols.insert(r.protocol);
    t.seeds.insert(r.seed);
  }
  for (const auto& m : t.method_specs) t.methods.push_back(m.first);
  auto order_key = [&](const std::string& label) {
    const auto& ms = t.method_specs.at(label);
    // mlp (either operating point) without a sampler, mlp with one, then the other models.
    const bool mlp = Spec::parse(ms.first).name == "mlp";
    const int group = mlp ? (ms.second == "none" ? 0 : 1) : 2;
    return std::make_pair(group, label);
  };
  std::sort(t.methods.begin(), t.methods.end(),
            [&](const std::string& a, const std::string& b) { return order_key(a) < order_key(b); });
  t.datasets.assign(dataset_set.begin(), dataset_set.end());
}

ReportTables tabulate_runs(const std::vector<BenchRun>& all, const std::vector<std::string>& metrics) {
  const std::vector<BenchRun> runs = latest_runs(all);
  if (runs.empty()) throw InputError("the report needs at least one run");
  ReportTables t;
  t.n_runs = runs.size();
  list_methods_and_datasets(runs, t);
  const size_t D = t.datasets.size(), M = t.methods.size();
  std::map<std::string, std::vector<std::vector<std::vector<double>>>> values;  // metric -> [d][m] -> runs
  for (const auto& k : metrics) values[k].assign(D, std::vector<std::vector<double>>(M));
  t.seconds.assign(D, std::vector<std::vector<double>>(M));
  t.parameters.assign(D, std::vector<std::vector<double>>(M));
  for (const auto& r : runs) {
    const size_t d =
        static_cast<size_t>(std::find(t.datasets.begin(), t.datasets.end(), r.dataset) - t.datasets.begin());
    const size_t m = t.method_index(method_label(r.model, r.sampler));
    if (!r.ok) {
      auto& f = t.failures[r.dataset + " / " + t.methods[m]];
      if (f.first++ == 0) f.second = r.error;
      continue;
    }
    for (const auto& k : metrics) {
      const auto it = r.values.find(k);
      if (it == r.values.end()) throw InputError("runs have no metric '" + k + "'");
      values[k][d][m].push_back(it->second);
    }
    t.seconds[d][m].push_back(run_seconds(r));
    const auto p = r.values.find("parameters");
    if (p != r.values.end()) t.parameters[d][m].push_back(p->second);
  }
  for (const auto& k : metrics) {
    auto& st = t.stats[k];
    st.assign(D, std::vector<CellStat>(M));
    for (size_t d = 0; d < D; ++d)
      for (size_t m = 0; m < M; ++m) st[d][m] = cell_stat(values[k][d][m]);
  }
  return t;
}

std::string focus_method(const ReportTables& tables, const std::string& requested) {
  if (!requested.empty()) {
    if (std::find(tables.methods.begin(), tables.methods.end(), requested) == tables.methods.end())
      throw InputError("--focus '" + requested + "' is not one of the methods: " + join(tables.methods, ", "));
    return requested;
  }
  for (const auto& m : tables.methods) {
    const std::string& model = tables.method_specs.at(m).first;
    if (resamples_internally(model) && model.find("variant=self") == std::string::npos &&
        model.find("policy=random") == std::string::npos)
      return m;
  }
  return "";
}

}  // namespace autosmote
