// Ranking of values, shared by the statistics (eval/stats) and the models' reports.
#pragma once

#include <vector>

namespace autosmote {

// Ranks within one row (1 = best = highest value; ties share the mean of their ranks).
// Throws InputError on a non-finite value.
std::vector<double> rank_row(const std::vector<double>& row);

}  // namespace autosmote
