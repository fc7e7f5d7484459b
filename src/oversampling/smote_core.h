// Internal building blocks of the SMOTE family (not a public header).
#pragma once

#include <string>
#include <vector>

#include "autosmote/neighbors/knn.h"
#include "autosmote/oversampling/class_rows.h"
#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

// The class's name for messages ("yes", or "1" when names are unknown).
std::string class_label(const SampleContext& ctx, int64_t c);

// One class that gets new rows.
struct ClassToGrow {
  int64_t index;              // the class (label of its new rows)
  int64_t n_new;              // rows to make, > 0
  std::vector<int64_t> rows;  // its rows in the data
  std::string label;          // its name for messages
};
// Calls fn(const ClassToGrow&) for every class with rows to make, in class order.
template <class Fn>
void for_each_class_to_grow(const SampleJob& job, Fn&& fn) {
  for (int64_t c = 0; c < job.n_classes; ++c)
    if (job.n_new[c] > 0) fn(ClassToGrow{c, job.n_new[c], rows_of_class(job.y, c), class_label(job.context, c)});
}
// An empty result as wide as the job's data.
Resampled no_rows(const SampleJob& job);

// k_neighbors clamped to n_rows - 1, with a warning naming both numbers when it had to be.
int64_t clamp_k(int64_t k, int64_t n_rows, const std::string& who, const std::string& key, const std::string& label,
                std::vector<std::string>* warnings);

// Appends one row.
void push_row(Resampled* out, const float* row, int64_t label);

// SMOTE rule: n new rows, each from a uniformly drawn (anchor r, neighbour j) pair:
// x_new = anchors[r] + step * u * (nb_data[nns(r, j)] - anchors[r]), u ~ U(0, 1).
void append_smote_rows(const Matrix& anchors, const Matrix& nb_data, const KnnResult& nns, int64_t n, double step,
                       int64_t label, Rng& rng, Resampled* out);
// n uniform draws (with replacement) of `rows` of x.
void append_duplicates(const Matrix& x, const std::vector<int64_t>& rows, int64_t n, int64_t label, Rng& rng,
                       Resampled* out);
// Plain SMOTE for one class (duplicates with a warning when it has a single row).
void smote_class(const Matrix& x, const std::vector<int64_t>& rows, int64_t k, int64_t n, int64_t label,
                 const std::string& who, const std::string& class_name, Rng& rng, Resampled* out);

// Splits `total` into integer parts proportional to `weights` (largest remainder), summing to total.
std::vector<int64_t> apportion(const std::vector<double>& weights, int64_t total);

}  // namespace autosmote
