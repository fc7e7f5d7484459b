#include <iostream>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "autosmote/api/pipeline.h"
#include "autosmote/core/error.h"
#include "autosmote/data/load.h"
#include "autosmote/eval/bench.h"
#include "autosmote/eval/experiment.h"
#include "autosmote/io/output_file.h"
#include "common.h"

namespace autosmote::cli {

void add_evaluate(CLI::App& app) {
  auto* sub =
      app.add_subcommand("evaluate", "score a model + sampler with the evaluation protocol (mean ± std over seeds)");
  struct Flags {
    DataFlags data;
    RuntimeFlags runtime;
    std::string model = "mlp", sampler = "none", seeds = "0-9", protocol = "holdout:0.2", scaling = "minmax", json, csv;
  };
  auto f = std::make_shared<Flags>();
  f->data.add(sub, true);
  f->runtime.add(sub);
  sub->add_option("--model", f->model, "model spec, or auto[:budget=SECONDS] (selected on each training part)")->capture_default_str();
  sub->add_option("--sampler", f->sampler, "over-sampler spec, applied to the training part only")
      ->capture_default_str();
  sub->add_option("--seeds", f->seeds, "seeds: 0-9, 0,3,7 or 0-2,5")->capture_default_str();
  sub->add_option("--protocol", f->protocol, "holdout:FRACTION or kfold:FOLDSxREPEATS")->capture_default_str();
  sub->add_option("--scaling", f->scaling, "numeric scaling: minmax or standard")->capture_default_str();
  sub->add_option("--json", f->json, "write the results as JSON");
  sub->add_option("--csv", f->csv, "write one CSV row per run, in the runs-file format of bench (runs.csv)");
  sub->callback([f] {
    // Outputs are checked first, so that a bad path fails before the work and nothing is half-done.
    if (!f->json.empty()) check_output_path(f->json);
    if (!f->csv.empty()) check_output_path(f->csv);
    f->runtime.apply();
    ExperimentConfig cfg;
    cfg.model_spec = f->model;
    cfg.sampler_spec = f->sampler;
    cfg.seeds = parse_seed_list(f->seeds);
    cfg.protocol = Protocol::parse(f->protocol);
    cfg.scaling = parse_scaling(f->scaling);
    cfg.context = f->runtime.context();
    if (f->runtime.verbose >= 1) cfg.progress = [](const std::string& line) { std::cerr << line << "\n"; };
    const Table table = load_table(f->data.data, f->data.csv_options());
    const ExperimentResult res = evaluate_table(table, cfg);
    for (const auto& w : res.warnings) std::cerr << "warning: " << w << "\n";
    std::cout << res.table();
    flush_stdout();
    std::vector<std::unique_ptr<OutputFile>> outputs;
    std::vector<OutputFile*> to_commit;
    auto add_output = [&](const std::string& path, const std::string& text) {
      if (path.empty()) return;
      outputs.push_back(std::make_unique<OutputFile>(path));
      outputs.back()->write(text);
      to_commit.push_back(outputs.back().get());
    };
    add_output(f->json, res.to_json().dump(2) + "\n");
    if (!f->csv.empty()) add_output(f->csv, bench_runs_csv(bench_datasets({f->data.data}).front(), res));
    commit_together(to_commit);
  });
}

}  // namespace autosmote::cli
