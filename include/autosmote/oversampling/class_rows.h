// Rows of one class and how many of their neighbours belong to other classes: the questions every
// over-sampler (and auto-smote's geometry inputs) asks of labelled data.
#pragma once

#include <cstdint>
#include <vector>

#include "autosmote/core/dataset.h"

namespace autosmote {

// Indices of the rows of class c, in order.
std::vector<int64_t> rows_of_class(const Labels& y, int64_t c);

// For each of `rows`: how many of its m nearest neighbours in x (itself excluded) have another
// class than y[row].
std::vector<int64_t> other_class_neighbours(const Matrix& x, const Labels& y, const std::vector<int64_t>& rows,
                                            int64_t m);

}  // namespace autosmote
