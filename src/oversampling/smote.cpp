#include "autosmote/oversampling/smote.h"

#include "oversampling/smote_core.h"

namespace autosmote {

Resampled Smote::make_rows(const Job& job, Rng& rng) const {
  Resampled out = no_rows(job);
  for_each_class_to_grow(job, [&](const ClassToGrow& cls) {
    smote_class(job.x, cls.rows, options_.k_neighbors, cls.n_new, cls.index, job.who, cls.label, rng, &out);
  });
  return out;
}

}  // namespace autosmote
