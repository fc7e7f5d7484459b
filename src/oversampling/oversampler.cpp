#include "autosmote/oversampling/oversampler.h"

#include <numeric>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"

namespace autosmote {

Resampled Oversampler::fit_resample(const Matrix& x, const Labels& y, int64_t n_classes, Rng& rng,
                                    const SampleContext& context) const {
  check_xy(x, y, n_classes, name());
  const auto counts = class_counts(y, n_classes);
  int64_t present = 0;
  for (auto c : counts) present += c > 0 ? 1 : 0;
  if (present < 2) throw InputError(name() + ": the data has a single class; over-sampling needs at least two");
  for (const auto& g : context.layout)
    if (g.start < 0 || g.size < 1 || g.start + g.size > x.cols)
      throw InputError(name() + ": the feature layout does not match the data's " + std::to_string(x.cols) +
                       " columns");

  Job job{x, y, n_classes, context, strategy_.resolve(counts, context.class_names, x.cols), name()};
  for (int64_t c = 0; c < n_classes; ++c)
    if (counts[c] == 0) job.n_new[c] = 0;  // a class absent from the data cannot be over-sampled
  Resampled add = make_rows(job, rng);
  if (add.x.cols != x.cols && add.x.rows > 0) throw std::logic_error(name() + ": new rows have the wrong width");

  Resampled out;
  out.warnings = std::move(add.warnings);
  out.x.rows = x.rows + add.x.rows;
  out.x.cols = x.cols;
  out.x.data.reserve(x.size() + add.x.data.size());  // no zero-fill: both parts are copied in
  out.x.data.insert(out.x.data.end(), x.values(), x.values() + x.size());
  out.x.data.insert(out.x.data.end(), add.x.data.begin(), add.x.data.end());
  out.y = y;
  out.y.insert(out.y.end(), add.y.begin(), add.y.end());

  out.original_rows.resize(static_cast<size_t>(x.rows));
  std::iota(out.original_rows.begin(), out.original_rows.end(), 0);
  if (removes_rows()) {
    const std::vector<int64_t> keep = keep_rows(out.x, out.y, n_classes);
    if (keep.size() != out.y.size()) {
      out.x = take_rows(out.x, keep);
      out.y = take(out.y, keep);
      out.original_rows.clear();
      for (int64_t k : keep)
        if (k < x.rows) out.original_rows.push_back(k);
    }
  }
  return out;
}

std::vector<int64_t> Oversampler::keep_rows(const Matrix& x, const Labels&, int64_t) const {
  std::vector<int64_t> all(static_cast<size_t>(x.rows));
  std::iota(all.begin(), all.end(), 0);
  return all;
}

std::string spec_text(const std::string& name, const std::vector<std::string>& parts) {
  return parts.empty() ? name : name + ":" + join(parts, ",");
}

Resampled NoOversampling::make_rows(const Job& job, Rng&) const {
  Resampled r;
  r.x = Matrix(0, job.x.cols);
  return r;
}

}  // namespace autosmote
