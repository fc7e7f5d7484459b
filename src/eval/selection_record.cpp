#include "autosmote/eval/selection_record.h"

#include <nlohmann/json.hpp>

namespace autosmote {

nlohmann::json SelectionRecord::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : candidates)
    list.push_back({{"model", c.model},
                    {"sampler", c.sampler},
                    {"fold_scores", c.fold_scores},
                    {"fold_offsets", c.fold_offsets},
                    {"score", c.score},
                    {"seconds", c.seconds},
                    {"outcome", c.outcome}});
  return {{"spec", spec},
          {"folds", folds},
          {"rungs", rungs},
          {"budget_seconds", budget_seconds},
          {"seconds", seconds},
          {"final_seconds", final_seconds},
          {"budget_cut", budget_cut},
          {"winner", winner},
          {"candidates", list},
          {"warnings", warnings}};
}

}  // namespace autosmote
