#include <iostream>

#include "autosmote/api/pipeline.h"
#include "autosmote/data/load.h"
#include "autosmote/io/output_file.h"
#include "autosmote/serialize/model_file.h"
#include "common.h"

namespace autosmote::cli {

void add_predict(CLI::App& app) {
  auto* sub = app.add_subcommand("predict", "predict classes (and probabilities) for a CSV with a saved model");
  struct Flags {
    RuntimeFlags runtime;
    std::string model, data, out;
    bool proba = false;
  };
  auto f = std::make_shared<Flags>();
  f->runtime.add(sub);
  sub->add_option("--model", f->model, "model file written by `autosmote train`")->required();
  sub->add_option("--data", f->data, "CSV file (the label column may be absent)")->required();
  sub->add_option("--out", f->out, "CSV file to write (column `prediction`)")->required();
  sub->add_flag("--proba", f->proba, "also write one probability column per class");
  sub->callback([f] {
    check_output_path(f->out);  // before the work: a bad path fails at once
    f->runtime.apply();
    const TrainedModel model = load_model(f->model);
    const Table table = load_table(f->data, prediction_csv_options(model));
    const Matrix proba = predict_proba(model, table);
    write_predictions(f->out, model, proba, f->proba);
    std::cout << "wrote " << proba.rows << " predictions to " << f->out << "\n";
  });
}

}  // namespace autosmote::cli
