#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "autosmote/api/pipeline.h"
#include "autosmote/data/load.h"
#include "autosmote/io/output_file.h"
#include "autosmote/serialize/model_file.h"
#include "common.h"

namespace autosmote::cli {

void add_train(CLI::App& app) {
  auto* sub = app.add_subcommand("train", "fit preprocessing + sampler + model on a dataset and save a model file");
  struct Flags {
    DataFlags data;
    RuntimeFlags runtime;
    std::string model = "mlp", sampler = "none", scaling = "minmax", out;
    std::string seed = "0";  // parsed by parse_seed: CLI11 would wrap -1 to 2^64 - 1
  };
  auto f = std::make_shared<Flags>();
  f->data.add(sub, true);
  f->runtime.add(sub);
  sub->add_option("--model", f->model, "model spec, e.g. mlp:hidden=64,epochs=200, or auto[:budget=SECONDS]")
      ->capture_default_str();
  sub->add_option("--sampler", f->sampler, "over-sampler spec")->capture_default_str();
  sub->add_option("--scaling", f->scaling, "numeric scaling: minmax or standard")->capture_default_str();
  sub->add_option("--seed", f->seed, "random seed, 0 to 2^64 - 1")->capture_default_str();
  sub->add_option("--out", f->out, "model file to write")->required();
  sub->callback([f] {
    check_output_path(f->out);  // before the work: a bad path fails at once
    f->runtime.apply();
    TrainConfig cfg;
    cfg.model_spec = f->model;
    cfg.sampler_spec = f->sampler;
    cfg.scaling = parse_scaling(f->scaling);
    cfg.seed = parse_seed(f->seed);
    cfg.context = f->runtime.context();
    // auto: a progress bar on a terminal, one line per fit with -v.
    const bool tty = isatty(STDERR_FILENO);
    const int verbose = f->runtime.verbose;
    if (tty || verbose >= 1)
      cfg.auto_progress = [tty, verbose](const AutoProgress& p) {
        if (verbose >= 1) std::cerr << "auto: " << p.last << "\n";
        if (!tty || verbose >= 1) return;
        const int width = 30;
        const auto filled = static_cast<int>(width * p.fits_done / std::max<int64_t>(1, p.fits_planned));
        std::fprintf(stderr, "\rauto [%s%s] %lld/%lld fits, %.0f s, ETA %.0f s ", std::string(filled, '#').c_str(),
                     std::string(width - filled, ' ').c_str(), static_cast<long long>(p.fits_done),
                     static_cast<long long>(p.fits_planned), p.elapsed, p.eta_seconds);
      };
    const Table table = load_table(f->data.data, f->data.csv_options());
    const TrainedModel model = train_model(table, cfg);
    if (model.selection && tty && verbose == 0) std::cerr << "\n";
    for (const auto& w : model.warnings) std::cerr << "warning: " << w << "\n";
    save_model(f->out, model);
    if (model.selection)
      std::cout << "auto chose " << model.classifier->spec() << " + " << model.sampler_spec << " (inner macro-F1 "
                << model.selection->candidates[static_cast<size_t>(model.selection->winner)].score << ")\n";
    std::cout << "trained " << model.classifier->spec() << " (sampler " << model.sampler_spec << ") on " << table.n_rows
              << " rows, " << table.n_classes() << " classes; wrote " << f->out << "\n";
  });
}

}  // namespace autosmote::cli
