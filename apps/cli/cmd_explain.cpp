#include <iostream>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/io/output_file.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/serialize/model_file.h"
#include "common.h"

namespace autosmote::cli {

void add_explain(CLI::App& app) {
  auto* sub = app.add_subcommand("explain", "print the learned AutoSMOTE policy of a model file, per class and cohort");
  struct Flags {
    std::string model;
    bool json = false;
  };
  auto f = std::make_shared<Flags>();
  sub->add_option("--model", f->model, "model file of an auto-smote model")->required();
  sub->add_flag("--json", f->json, "print JSON instead of the table");
  sub->callback([f] {
    const TrainedModel model = load_model(f->model);
    const auto* auto_smote = dynamic_cast<const AutoSmote*>(model.classifier.get());
    if (!auto_smote)
      throw InputError(f->model + ": a '" + model.classifier->kind() +
                       "' model has no learned policy to explain (train --model auto-smote)");
    const auto names = model.preprocessor.output_names();
    if (f->json) {
      std::cout << explain_json(*auto_smote, model.class_names, names).dump(2) << "\n";
    } else {
      std::cout << explain_text(*auto_smote, model.class_names, names);
    }
    flush_stdout();
  });
}

}  // namespace autosmote::cli
