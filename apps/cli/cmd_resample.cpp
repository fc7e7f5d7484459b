#include <iostream>

#include "autosmote/api/pipeline.h"
#include "autosmote/data/load.h"
#include "autosmote/io/csv.h"
#include "autosmote/io/output_file.h"
#include "common.h"

namespace autosmote::cli {

void add_resample(CLI::App& app) {
  auto* sub = app.add_subcommand("resample", "over-sample a CSV and write it back in its original columns and units");
  struct Flags {
    DataFlags data;
    RuntimeFlags runtime;
    std::string sampler = "smote", scaling = "minmax", out;
    std::string seed = "0";  // parsed by parse_seed: CLI11 would wrap -1 to 2^64 - 1
    bool impute = false;
  };
  auto f = std::make_shared<Flags>();
  f->data.add(sub, true);
  f->runtime.add(sub);
  sub->add_option("--sampler", f->sampler, "over-sampler spec")->capture_default_str();
  sub->add_option("--scaling", f->scaling, "space in which neighbours are found: minmax or standard")
      ->capture_default_str();
  sub->add_option("--seed", f->seed, "random seed, 0 to 2^64 - 1")->capture_default_str();
  sub->add_flag("--impute", f->impute, "fill missing values (median / most frequent) instead of refusing them");
  sub->add_option("--out", f->out, "CSV file to write (original rows first, then synthetic rows)")->required();
  sub->callback([f] {
    check_output_path(f->out);  // before the work: a bad path fails at once
    f->runtime.apply();
    ResampleConfig cfg;
    cfg.sampler_spec = f->sampler;
    cfg.scaling = parse_scaling(f->scaling);
    cfg.seed = parse_seed(f->seed);
    cfg.impute = f->impute;
    cfg.context = f->runtime.context();
    const Table table = load_table(f->data.data, f->data.csv_options());
    const ResampleResult res = resample_table(table, cfg);
    for (const auto& w : res.warnings) std::cerr << "warning: " << w << "\n";
    write_resampled_csv(f->out, table, res);
    std::cout << "class counts (before -> after):\n";
    for (size_t c = 0; c < res.class_names.size(); ++c)
      std::cout << "  " << res.class_names[c] << ": " << res.counts_before[c] << " -> " << res.counts_after[c] << "\n";
    std::cout << "wrote " << res.n_original << " original + " << res.n_synthetic << " synthetic rows to " << f->out
              << "\n";
  });
}

}  // namespace autosmote::cli
