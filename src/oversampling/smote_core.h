// Internal building blocks of the SMOTE family (not a public header).
#pragma once

#include <string>
#include <vector>

#include "autosmote/neighbors/knn.h"
#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

std::vector<int64_t> rows_of_class(const Labels& y, int64_t c);
// The class's name for messages ("yes", or "1" when names are unknown).
std::string class_label(const SampleContext& ctx, int64_t c);

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

// For each of `rows`: how many of its m nearest neighbours in x (itself excluded) have another
// class than y[row].
std::vector<int64_t> other_class_neighbours(const Matrix& x, const Labels& y, const std::vector<int64_t>& rows, int64_t m);

// Splits `total` into integer parts proportional to `weights` (largest remainder), summing to total.
std::vector<int64_t> apportion(const std::vector<double>& weights, int64_t total);

// Canonical spec text: name, then the non-default keys in order.
class SpecText {
 public:
  explicit SpecText(std::string name) : name_(std::move(name)) {}
  SpecText& add(const std::string& key, const std::string& value) {
    parts_.push_back(key + "=" + value);
    return *this;
  }
  SpecText& add_if(bool non_default, const std::string& key, const std::string& value) {
    return non_default ? add(key, value) : *this;
  }
  SpecText& strategy(const SamplingStrategy& s) { return add_if(s.str() != "auto", "sampling_strategy", s.str()); }
  std::string str() const;

 private:
  std::string name_;
  std::vector<std::string> parts_;
};

}  // namespace autosmote
