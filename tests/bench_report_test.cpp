// The bench's runs file and the report built from it (the CLI's grid runner is tested end to end
// in tests/cli/bench_test.sh).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/eval/bench.h"
#include "autosmote/eval/process_pool.h"
#include "autosmote/registry/classifiers.h"
#include "autosmote/report/report.h"
#include "autosmote/report/summary.h"
#include "test_util.h"

namespace autosmote {
namespace {

TEST(BenchRuns, AnAppendThatFailsIsAnError) { EXPECT_THROW(append_bench_lines("/dev/full", "a line\n"), InputError); }

TEST(Bench, SplitSpecListKeepsParametersWithTheirSpec) {
  EXPECT_EQ(split_spec_list("mlp,smote:k_neighbors=3,sampling_strategy=0.5,adasyn"),
            (std::vector<std::string>{"mlp", "smote:k_neighbors=3,sampling_strategy=0.5", "adasyn"}));
  EXPECT_EQ(split_spec_list("synthetic:n=50,d=2,synthetic:n=60"),
            (std::vector<std::string>{"synthetic:n=50,d=2", "synthetic:n=60"}));
  EXPECT_THROW(split_spec_list("k=3,mlp"), SpecError);
  EXPECT_THROW(split_spec_list("mlp,,smote"), SpecError);
}

TEST(Bench, DatasetsFromADirectoryAreSortedAndHashedByContent) {
  const std::string dir = testing::temp_path("bench_dir");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  testing::write_file("bench_dir/b.csv", "x,class\n1,a\n");
  testing::write_file("bench_dir/a.csv", "x,class\n1,a\n");
  testing::write_file("bench_dir/notes.txt", "not data");
  const auto ds = bench_datasets({dir});
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].name, "a");
  EXPECT_EQ(ds[1].name, "b");
  EXPECT_EQ(ds[0].hash, ds[1].hash);  // same bytes
  EXPECT_EQ(ds[0].hash.size(), 16u);
  testing::write_file("bench_dir/b.csv", "x,class\n2,a\n");
  EXPECT_NE(bench_datasets({dir})[1].hash, ds[1].hash);
  EXPECT_THROW(bench_datasets({dir + "/a.csv", dir + "/a.csv"}), InputError);  // two datasets named 'a'
  EXPECT_THROW(bench_datasets({dir + "/none.csv"}), InputError);
}

TEST(Bench, PlanListsTheMissingSeedsOfEachCellAndRetriesKilledRuns) {
  const BenchDataset a{"a.csv", "a", "00000000000000aa"}, b{"b.csv", "b", "00000000000000bb"};
  const std::string self = "auto-smote:variant=self";
  const std::string model_self = make_classifier(self)->spec();
  auto run = [](const BenchDataset& d, const std::string& model, const std::string& sampler, uint64_t seed, bool ok,
                bool killed) {
    BenchRun r;
    r.dataset = d.name;
    r.data_hash = d.hash;
    r.model = model;
    r.sampler = sampler;
    r.protocol = "holdout:0.2";
    r.seed = seed;
    r.ok = ok;
    r.killed = killed;
    return r;
  };
  const std::vector<BenchRun> runs = {run(a, "mlp", "none", 0, true, false), run(a, "mlp", "none", 1, false, false),
                                      run(a, "mlp", "smote", 0, false, true),
                                      run(b, model_self, "none", 1, true, false),
                                      run(a, "mlp", "none", 0, true, false)};
  const BenchPlan plan =
      plan_bench({a, b}, {"mlp", model_self}, {"none", "smote", "none"}, "holdout:0.2", {0, 1}, runs);
  // Cells: a x mlp x {none, smote}, a x self x none, b x the same: 6 cells of 2 seeds.
  EXPECT_EQ(plan.total, 12);
  EXPECT_EQ(plan.done, 3);  // a/mlp/none seeds 0 (ok) and 1 (error); b/self/none seed 1
  ASSERT_EQ(plan.cells.size(), 5u);
  EXPECT_EQ(plan.cells[0].model, "mlp");
  EXPECT_EQ(plan.cells[0].sampler, "smote");
  EXPECT_EQ(plan.cells[0].missing, (std::vector<uint64_t>{0, 1}));  // the killed seed 0 runs again
  EXPECT_EQ(plan.cells[1].model, model_self);
  EXPECT_EQ(plan.cells[1].sampler, "none");
  EXPECT_EQ(plan.cells[4].data.name, "b");
  EXPECT_EQ(plan.cells[4].model, model_self);
  EXPECT_EQ(plan.cells[4].missing, (std::vector<uint64_t>{0}));
  EXPECT_TRUE(plan_bench({a}, {"mlp"}, {"none"}, "kfold:5x2", {0}, runs).cells.size() == 1);  // another protocol
}

ExperimentResult one_run(double macro_f1, uint64_t seed) {
  ExperimentResult r;
  r.model = "mlp";
  r.sampler = "smote";
  r.protocol = "holdout:0.2";
  RunResult run;
  run.seed = seed;
  run.metrics.macro_f1 = macro_f1;
  r.runs.push_back(run);
  return r;
}

TEST(Bench, RunsFileRoundTripAndCutOffLines) {
  const std::string path = testing::temp_path("bench_runs.csv");
  std::filesystem::remove(path);
  BenchDataset d{"data/x.csv", "x", "0123456789abcdef"};
  append_bench_lines(path, bench_lines(d, one_run(0.75, 3)));
  append_bench_lines(path, bench_error_line(d, "mlp", "svm-smote", "holdout:0.2", 4, "no support vector, \"quoted\""));
  {
    std::ofstream(path, std::ios::app) << "x,0123,mlp,smo\n\n";  // a writer killed mid-line, an empty line
  }
  append_bench_lines(path, bench_lines(d, one_run(0.5, 5)));
  int64_t skipped = 0;
  const auto runs = read_bench_runs(path, &skipped);
  EXPECT_EQ(skipped, 1);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_TRUE(runs[0].ok);
  EXPECT_DOUBLE_EQ(runs[0].values.at("macro_f1"), 0.75);
  EXPECT_EQ(bench_key(runs[0]), "0123456789abcdef|mlp|smote|holdout:0.2|3");
  EXPECT_FALSE(runs[1].ok);
  EXPECT_EQ(runs[1].error, "no support vector, \"quoted\"");
  EXPECT_EQ(runs[2].seed, 5u);
  EXPECT_TRUE(read_bench_runs(testing::temp_path("no_such_runs.csv")).empty());
  const std::string bad = testing::write_file("bench_bad.csv", "a,b\n1,2\n");
  EXPECT_THROW(read_bench_runs(bad), InputError);
}

TEST(Bench, KilledRunsAreReadAsKilledAndADirectoryIsACleanError) {
  const std::string path = testing::temp_path("bench_killed_runs.csv");
  std::filesystem::remove(path);
  BenchDataset d{"data/x.csv", "x", "0123456789abcdef"};
  append_bench_lines(path, bench_killed_line(d, "mlp", "smote", "holdout:0.2", 3, "killed by signal 9"));
  append_bench_lines(path, bench_error_line(d, "mlp", "smote", "holdout:0.2", 4, "a real error"));
  const auto runs = read_bench_runs(path);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_FALSE(runs[0].ok);
  EXPECT_TRUE(runs[0].killed);
  EXPECT_EQ(runs[0].error, "killed by signal 9");
  EXPECT_FALSE(runs[1].ok);
  EXPECT_FALSE(runs[1].killed);
  const std::string dir = testing::temp_path("bench_runs_dir");
  std::filesystem::create_directories(dir);
  try {
    read_bench_runs(dir);
    ADD_FAILURE() << "a directory was read as a runs file";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read '" + dir + "': Is a directory");
  }
}

BenchRun run_of(const std::string& dataset, const std::string& model, const std::string& sampler, uint64_t seed,
                double f1) {
  BenchRun r;
  r.dataset = dataset;
  r.data_hash = dataset;
  r.model = model;
  r.sampler = sampler;
  r.protocol = "holdout:0.2";
  r.seed = seed;
  for (const auto& k : run_value_names()) r.values[k] = f1;
  return r;
}

TEST(Report, IndependentOfRunOrderWithRanksAndTests) {
  std::vector<BenchRun> runs;
  const std::vector<std::string> datasets = {"d1", "d2", "d3", "d4", "d5"};
  for (size_t i = 0; i < datasets.size(); ++i)
    for (uint64_t s = 0; s < 3; ++s) {
      runs.push_back(run_of(datasets[i], "mlp", "none", s, 0.60 + 0.01 * static_cast<double>(i)));
      runs.push_back(run_of(datasets[i], "mlp", "smote", s, 0.70 + 0.01 * static_cast<double>(i + s)));
      runs.push_back(run_of(datasets[i], "auto-smote", "none", s, 0.80));
    }
  BenchRun failed = run_of("d1", "mlp", "adasyn", 0, 0);
  failed.ok = false;
  failed.error = "adasyn failed";
  runs.push_back(failed);
  ReportOptions o;
  o.metrics = {"macro_f1"};
  const Report a = make_report(runs, o);
  std::mt19937 g(1);
  std::shuffle(runs.begin(), runs.end(), g);
  const Report b = make_report(runs, o);
  EXPECT_EQ(a.markdown, b.markdown);
  EXPECT_EQ(a.json, b.json);
  const auto j = nlohmann::json::parse(a.json);
  EXPECT_EQ(j["focus"], "auto-smote");
  // adasyn has no successful run, so no dataset is complete: no ranks, no tests.
  EXPECT_FALSE(j["metrics"]["macro_f1"].contains("average_ranks"));
  EXPECT_FALSE(j["metrics"]["macro_f1"].contains("friedman"));
  EXPECT_NE(a.markdown.find("## Failed runs"), std::string::npos);
  EXPECT_NE(a.markdown.find("adasyn failed"), std::string::npos);
  // Without the failed method: auto-smote first everywhere, none last.
  runs.erase(std::remove_if(runs.begin(), runs.end(), [](const BenchRun& r) { return !r.ok; }), runs.end());
  const auto k = nlohmann::json::parse(make_report(runs, o).json)["metrics"]["macro_f1"];
  EXPECT_DOUBLE_EQ(k["average_ranks"]["auto-smote"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(k["average_ranks"]["none"].get<double>(), 3.0);
  EXPECT_LT(k["friedman"]["p_chi2"].get<double>(), 0.05);
  ASSERT_EQ(k["wilcoxon"].size(), 2u);
  EXPECT_EQ(k["wilcoxon"][0]["wins"], 5);
  EXPECT_NEAR(k["wilcoxon"][0]["p"].get<double>(), 2.0 / 32.0, 1e-12);  // exact, n = 5, all positive
  // With 5 datasets the exact test cannot reach p <= 0.05 (its smallest p is 2/32): nothing is detectable.
  EXPECT_TRUE(k["wilcoxon"][0]["min_detectable_difference"].is_null());
  EXPECT_THROW(make_report({}, o), InputError);
  o.focus = "nope";
  EXPECT_THROW(make_report(runs, o), InputError);
}

// The default report reads beside the paper's table: macro F1, precision and recall, the seconds
// per run and the learnable parameters of the fitted models.
TEST(Report, ShowsThePapersMetricsTheRuntimeAndTheModelSize) {
  std::vector<BenchRun> runs;
  for (uint64_t s = 0; s < 2; ++s) {
    BenchRun a = run_of("d1", "mlp", "none", s, 0.5);
    a.values["macro_precision"] = 0.25;
    a.values["parameters"] = 1000 + 10 * static_cast<double>(s);
    runs.push_back(a);
    runs.push_back(run_of("d1", "xgboost", "none", s, 0.5));
    runs.back().values["parameters"] = 0;
  }
  const Report r = make_report(runs, ReportOptions{});
  for (const char* title : {"Macro-F1", "Macro precision", "Macro recall", "Minority-class F1", "## Runtime",
                            "## Model size"})
    EXPECT_NE(r.markdown.find(title), std::string::npos) << title;
  const auto j = nlohmann::json::parse(r.json);
  EXPECT_DOUBLE_EQ(j["metrics"]["macro_precision"]["cells"]["d1"]["none"]["mean"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(j["parameters_per_run"]["d1"]["none"].get<double>(), 1005.0);
  EXPECT_DOUBLE_EQ(j["parameters_per_run"]["d1"]["xgboost"].get<double>(), 0.0);
}

// The row of the Wilcoxon table (the first table after "| against |") that starts with `first_cell`.
std::string wilcoxon_row(const std::string& markdown, const std::string& first_cell) {
  const size_t begin = markdown.find("\n| " + first_cell + " |", markdown.find("| against |"));
  if (begin == std::string::npos) return "";
  return markdown.substr(begin + 1, markdown.find('\n', begin + 1) - begin - 1);
}

TEST(Report, WilcoxonTableStatesTheMeanDifferenceAndTheSmallestDetectableDifference) {
  // auto-smote minus none per dataset: 0.01, -0.02, 0.03, 0, 0.015, 0.025 (mean 0.01, sd 0.0181659);
  // smote is 0.02 below none everywhere (a tie at 3 decimals where auto-smote is 0.02 below none), so
  // against it the differences shift by 0.02 and the spread (hence the detectable difference) stays.
  // mpmath: (t(5 df, 0.975) + t(5 df, 0.8)) sd / sqrt(6) = 0.0258835; with a 7th dataset (difference
  // 0.005) 0.0211496 at alpha 0.05 and 0.0244412 at 0.025.
  const std::vector<double> differences = {0.01, -0.02, 0.03, 0.0, 0.015, 0.025, 0.005};
  std::vector<BenchRun> runs;
  for (size_t i = 0; i < differences.size(); ++i) {
    const std::string d = "d" + std::to_string(i + 1);
    runs.push_back(run_of(d, "mlp", "none", 0, 0.80));
    runs.push_back(run_of(d, "mlp", "smote", 0, 0.78));
    runs.push_back(run_of(d, "auto-smote", "none", 0, 0.80 + differences[i]));
  }
  ReportOptions o;
  o.metrics = {"macro_f1"};
  const std::vector<BenchRun> six(runs.begin(), runs.end() - 3);
  const Report r6 = make_report(six, o);
  EXPECT_NE(r6.markdown.find("| mean difference | W+ | W- | p | p (Holm) | smallest detectable difference | "
                             "smallest detectable difference, alpha = 0.05/2 |"),
            std::string::npos)
      << r6.markdown;
  EXPECT_NE(r6.markdown.find("(t(5 df, 0.975) + t(5 df, 0.8)) × SD / sqrt(6)"), std::string::npos);
  EXPECT_NE(r6.markdown.find("*none*: with 6 datasets the exact test's smallest p, 2^(1-6) = 0.031, is above"),
            std::string::npos);
  // Holm's first step at 0.05/2 = 0.025 is below the exact test's smallest p with 6 datasets (2/64).
  const std::string none_row = wilcoxon_row(r6.markdown, "none");
  EXPECT_EQ(none_row.rfind("| none | 4 / 1 / 1 | +0.0100 |", 0), 0u) << none_row;
  EXPECT_NE(none_row.find("| 0.0259 | *none* |"), std::string::npos) << none_row;
  const std::string smote_row = wilcoxon_row(r6.markdown, "smote");
  EXPECT_EQ(smote_row.rfind("| smote | 5 / 1 / 0 | +0.0300 |", 0), 0u) << smote_row;
  EXPECT_NE(smote_row.find("| 0.0259 | *none* |"), std::string::npos) << smote_row;
  const auto w6 = nlohmann::json::parse(r6.json)["metrics"]["macro_f1"];
  EXPECT_NEAR(w6["wilcoxon"][0]["mean_difference"].get<double>(), 0.01, 1e-12);
  EXPECT_NEAR(w6["wilcoxon"][0]["min_detectable_difference"].get<double>(), 0.025883464312241876, 1e-10);
  EXPECT_NEAR(w6["wilcoxon"][1]["min_detectable_difference"].get<double>(), 0.025883464312241876, 1e-10);
  EXPECT_TRUE(w6["wilcoxon"][0]["min_detectable_difference_holm"].is_null());
  EXPECT_EQ(w6["min_detectable_difference_basis"]["datasets"], 6);
  EXPECT_DOUBLE_EQ(w6["min_detectable_difference_basis"]["alpha_holm"].get<double>(), 0.025);
  // With 7 datasets (smallest p 2/128) Holm's level is reachable too.
  const Report r7 = make_report(runs, o);
  EXPECT_EQ(r7.markdown.find("*none*"), std::string::npos);
  EXPECT_NE(wilcoxon_row(r7.markdown, "none").find("| 0.0211 | 0.0244 |"), std::string::npos) << r7.markdown;
  const auto w7 = nlohmann::json::parse(r7.json)["metrics"]["macro_f1"]["wilcoxon"][0];
  EXPECT_NEAR(w7["min_detectable_difference"].get<double>(), 0.021149639400612831, 1e-10);
  EXPECT_NEAR(w7["min_detectable_difference_holm"].get<double>(), 0.024441204080040795, 1e-10);
}

TEST(Report, AKilledRunThatRanAgainIsLeftOut) {
  std::vector<BenchRun> runs = {run_of("d1", "mlp", "none", 0, 0.5), run_of("d1", "mlp", "none", 1, 0.7)};
  BenchRun killed = run_of("d1", "mlp", "none", 1, 0);
  killed.ok = false;
  killed.killed = true;
  killed.error = "the run was killed by signal 9";
  runs.insert(runs.begin(), killed);
  ReportOptions o;
  o.metrics = {"macro_f1"};
  const Report retried = make_report(runs, o);
  EXPECT_EQ(retried.markdown.find("## Failed runs"), std::string::npos);
  EXPECT_NE(retried.markdown.find("0.600 ± 0.141"), std::string::npos);
  runs.pop_back();  // seed 1 not yet run again: the killed run is reported as failed
  const Report pending = make_report(runs, o);
  EXPECT_NE(pending.markdown.find("killed by signal 9"), std::string::npos);
}

TEST(Report, AFigureThatCannotBeDrawnIsSkippedWithANote) {
  // Every run failed (a one-class dataset): no value to draw, the report is still made.
  BenchRun failed = run_of("d1", "mlp", "none", 0, 0);
  failed.ok = false;
  failed.error = "the target has a single class";
  ReportOptions o;
  o.metrics = {"macro_f1", "minority_f1"};
  const Report r = make_report({failed}, o);
  EXPECT_TRUE(r.figures.empty());
  EXPECT_NE(r.markdown.find("*Figure `macro_f1.svg` not drawn: no run has a value.*"), std::string::npos);
  EXPECT_NE(r.markdown.find("single class"), std::string::npos);
  EXPECT_EQ(r.markdown.find("](figures/macro_f1.svg)"), std::string::npos);
  // Every value 1 (a perfect classifier) still gives a y range.
  const Report perfect = make_report({run_of("d1", "mlp", "none", 0, 1.0)}, o);
  ASSERT_EQ(perfect.figures.size(), 2u);
  EXPECT_NE(perfect.markdown.find("](figures/macro_f1.svg)"), std::string::npos);
}

TEST(Summary, ReadsRunsFilesAsTheReportDoesAndKeepsTheFinishedRuns) {
  const std::string path = testing::temp_path("summary_runs.csv");
  std::filesystem::remove(path);
  const BenchDataset data{"d.csv", "d", "00000000000000dd"};
  append_bench_lines(path, bench_lines(data, one_run(0.5, 0)));
  append_bench_lines(path, bench_error_line(data, "mlp", "smote", "holdout:0.2", 1, "boom"));
  append_bench_lines(path, bench_killed_line(data, "mlp", "smote", "holdout:0.2", 2, "signal 9"));
  const auto runs = read_finished_runs({path});
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].seed, 0u);
  const std::string table = comparison_table(runs, {"macro_f1"});
  EXPECT_NE(table.find("d        mlp + smote     1  0.500 ± 0.000"), std::string::npos) << table;
  EXPECT_THROW(read_finished_runs({path + ".none"}), InputError);
}

TEST(ProcessPool, RunsChildrenUpToItsSizeAndReportsHowEachEnded) {
  ProcessPool pool(2);
  const std::string log = testing::temp_path("pool_child.log");
  pool.start(7, {"/bin/sh", "-c", "echo oops >&2; exit 3"}, log);
  EXPECT_TRUE(pool.has_room());
  pool.start(8, {"/bin/sh", "-c", "kill -9 $$"}, log + ".2");
  EXPECT_FALSE(pool.has_room());
  std::map<size_t, int> ended;
  while (!pool.empty()) {
    if (const auto finished = pool.poll()) {
      ended[finished->job] = finished->status;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ASSERT_EQ(ended.size(), 2u);
  EXPECT_TRUE(WIFEXITED(ended[7]) && WEXITSTATUS(ended[7]) == 3);
  EXPECT_TRUE(WIFSIGNALED(ended[8]) && WTERMSIG(ended[8]) == SIGKILL);
  std::ifstream in(log);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "oops");  // stderr went to the log
  EXPECT_THROW(pool.start(9, {"/nonexistent/program"}, log), InputError);
  EXPECT_TRUE(pool.empty());
}

}  // namespace
}  // namespace autosmote

TEST(Bench, CellLogNamesAreSafeAndDistinct) {
  autosmote::BenchCell a{{"synthetic:n=100,weights=0.9/0.1", "synthetic:n=100,weights=0.9/0.1", "0123456789abcdef"}, "auto", "none", {}};
  autosmote::BenchCell b = a;
  b.model = "mlp";
  const std::string name = autosmote::bench_cell_log_name(a);
  EXPECT_EQ(name.rfind("synthetic_n_100_weights_0.9_0.1-", 0), 0u) << name;
  EXPECT_EQ(name.find('/'), std::string::npos);
  EXPECT_EQ(name.substr(name.size() - 4), ".log");
  EXPECT_NE(name, autosmote::bench_cell_log_name(b));
  EXPECT_EQ(name, autosmote::bench_cell_log_name(a));
}
