#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/io/output_file.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/select/auto_select.h"
#include "autosmote/serialize/model_file.h"
#include "common.h"

namespace autosmote::cli {

namespace {

std::string operating_point_text(const TrainedModel& model) {
  const auto& offsets = model.classifier->offsets();
  if (offsets.empty())
    return model.classifier->threshold() == Threshold::kTuned
               ? "operating point: threshold=tuned, but no offsets were tuned (see the training warnings)\n"
               : "operating point: the most probable class (threshold=none)\n";
  std::string out = "operating point (threshold=tuned): predicted class = argmax of log p + offset\n";
  char buf[200];
  for (size_t c = 0; c < offsets.size(); ++c) {
    std::snprintf(buf, sizeof buf, "  %-20s %+.4f\n", model.class_names[c].c_str(), offsets[c]);
    out += buf;
  }
  return out;
}

}  // namespace

void add_explain(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "explain", "print a model's operating point, for AutoSMOTE its learned policy per class and cohort, for auto its leaderboard");
  struct Flags {
    std::string model;
    bool json = false;
  };
  auto f = std::make_shared<Flags>();
  sub->add_option("--model", f->model, "model file")->required();
  sub->add_flag("--json", f->json, "print JSON instead of the table");
  sub->callback([f] {
    const TrainedModel model = load_model(f->model);
    if (f->json) {
      std::cout << explain_model_json(model).dump(2) << "\n";
    } else {
      if (const auto* auto_smote = dynamic_cast<const AutoSmote*>(model.classifier.get())) {
        std::cout << explain_text(*auto_smote, model.class_names, model.preprocessor.output_names());
      } else {
        std::cout << "model " << model.classifier->spec() << " (sampler " << model.sampler_spec
                  << "): no learned policy (only auto-smote models have one)\n";
      }
      std::cout << operating_point_text(model);
      if (model.selection) std::cout << "\nselected by " << selection_text(*model.selection, model.class_names);
    }
    flush_stdout();
  });
}

}  // namespace autosmote::cli
