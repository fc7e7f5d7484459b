// Cleaning methods: they make no rows and remove some.
//   tomek: Tomek links (Tomek, 1976): pairs of rows of different classes that are each other's
//          nearest neighbour. sampling_strategy=auto (or not-minority) removes the member that is
//          not of the minority class; =all removes both.
//   enn  : Edited nearest neighbours (Wilson, 1972): a row of a cleaned class is removed when its
//          n_neighbors nearest neighbours disagree with its class (kind_sel=all: any disagrees;
//          kind_sel=mode: the most frequent class differs).
//          sampling_strategy=auto (or not-minority) cleans every class but the minority; =all every class.
// The output can be smaller than the input; kept rows stay in order. oversample_then_clean.h
// combines them with SMOTE (smote-tomek, smote-enn).
// Specs: tomek[:sampling_strategy=auto]  enn[:n_neighbors=3,kind_sel=all,sampling_strategy=auto]
#pragma once

#include "autosmote/oversampling/oversampler.h"

namespace autosmote {

enum class CleanedClasses { kAllButMinority, kAll };
inline const ChoiceNames<CleanedClasses> kCleanedClassesNames = {{"auto", CleanedClasses::kAllButMinority},
                                                                 {"not-minority", CleanedClasses::kAllButMinority},
                                                                 {"all", CleanedClasses::kAll}};

enum class EnnKindSel { kAll, kMode };

struct TomekOptions {
  static constexpr const char* kName = "tomek";
  CleanedClasses sampling_strategy = CleanedClasses::kAllButMinority;
  template <class V>
  static void visit(V& v) {
    v.choice("sampling_strategy", &TomekOptions::sampling_strategy, kCleanedClassesNames);
  }
};

struct EnnOptions {
  static constexpr const char* kName = "enn";
  int64_t n_neighbors = 3;
  EnnKindSel kind_sel = EnnKindSel::kAll;
  CleanedClasses sampling_strategy = CleanedClasses::kAllButMinority;
  template <class V>
  static void visit(V& v) {
    v.integer("n_neighbors", &EnnOptions::n_neighbors, 1, kMaxNeighbors);
    v.choice("kind_sel", &EnnOptions::kind_sel,
             ChoiceNames<EnnKindSel>{{"all", EnnKindSel::kAll}, {"mode", EnnKindSel::kMode}});
    v.choice("sampling_strategy", &EnnOptions::sampling_strategy, kCleanedClassesNames);
  }
};

// The same options cleaning every class (what the smote-* compositions use).
template <class CleanerOptions>
CleanerOptions cleaning_every_class(CleanerOptions options) {
  options.sampling_strategy = CleanedClasses::kAll;
  return options;
}

// Rows to keep (sorted) after cleaning.
std::vector<int64_t> tomek_keep(const Matrix& x, const Labels& y, int64_t n_classes, const TomekOptions& options);
std::vector<int64_t> enn_keep(const Matrix& x, const Labels& y, int64_t n_classes, const EnnOptions& options);

// A cleaner: no sampling_strategy of the over-sampling grammar, no new rows.
template <class Options>
class CleanerWith : public Oversampler {
 public:
  using OptionsType = Options;
  static constexpr bool kReadsSamplingStrategy = false;
  explicit CleanerWith(Options options) : options_(std::move(options)) {}
  std::string name() const override { return Options::kName; }
  std::string spec() const override { return spec_text(Options::kName, option_parts(options_)); }
  bool removes_rows() const override { return true; }
  bool keeps_categories() const override { return true; }
  const Options& options() const { return options_; }

 protected:
  Options options_;

 private:
  Resampled make_rows(const Job& job, Rng&) const override {
    Resampled none;
    none.x = Matrix(0, job.x.cols);
    return none;
  }
};

class TomekLinks : public CleanerWith<TomekOptions> {
 public:
  using CleanerWith::CleanerWith;

 private:
  std::vector<int64_t> keep_rows(const Matrix& x, const Labels& y, int64_t n_classes) const override {
    return tomek_keep(x, y, n_classes, options_);
  }
};

class EditedNearestNeighbours : public CleanerWith<EnnOptions> {
 public:
  using CleanerWith::CleanerWith;

 private:
  std::vector<int64_t> keep_rows(const Matrix& x, const Labels& y, int64_t n_classes) const override {
    return enn_keep(x, y, n_classes, options_);
  }
};

}  // namespace autosmote
