#include "autosmote/oversampling/factory.h"

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/models/auto_smote.h"
#include "autosmote/oversampling/adasyn.h"
#include "autosmote/oversampling/borderline_smote.h"
#include "autosmote/oversampling/cleaning.h"
#include "autosmote/oversampling/kmeans_smote.h"
#include "autosmote/oversampling/random_oversampler.h"
#include "autosmote/oversampling/smote.h"
#include "autosmote/oversampling/smote_nc.h"
#include "autosmote/oversampling/smoten.h"
#include "autosmote/oversampling/svm_smote.h"

namespace autosmote {

std::vector<std::string> oversampler_names() {
  return {"none",        "random", "smote",  "borderline-smote", "svm-smote",   "adasyn", "kmeans-smote",
          "smote-nc",    "smoten", "tomek",  "enn",              "smote-tomek", "smote-enn", "auto-smote"};
}

// Neighbour counts: k-NN keeps rows x k results, so a huge k is refused from the spec.
static constexpr int64_t kMaxK = 1000;

std::unique_ptr<Oversampler> make_oversampler(const std::string& text) {
  const Spec spec = Spec::parse(text);
  ParamReader r(spec, "sampler");
  const std::string& n = spec.name;
  std::unique_ptr<Oversampler> s;
  bool over_strategy = true;  // sampling_strategy is the over-sampling grammar
  if (n == "none") {
    s = std::make_unique<NoOversampling>();
    over_strategy = false;
  } else if (n == "random") {
    s = std::make_unique<RandomOverSampler>(r.get_double("shrinkage", 0.0, 0.0, 1e6));
  } else if (n == "smote") {
    s = std::make_unique<Smote>(r.get_int("k_neighbors", 5, 1, kMaxK));
  } else if (n == "borderline-smote") {
    const int64_t k = r.get_int("k_neighbors", 5, 1, kMaxK);
    const int64_t m = r.get_int("m_neighbors", 10, 1, kMaxK);
    const int kind = std::stoi(r.get_choice("kind", "1", {"1", "2"}));
    s = std::make_unique<BorderlineSmote>(k, m, kind);
  } else if (n == "svm-smote") {
    const int64_t k = r.get_int("k_neighbors", 5, 1, kMaxK);
    const int64_t m = r.get_int("m_neighbors", 10, 1, kMaxK);
    const double step = r.get_double("out_step", 0.5, 0.0, 1e6);
    const double c = r.get_double("C", 1.0, 1e-12, 1e12);
    s = std::make_unique<SvmSmote>(k, m, step, c);
  } else if (n == "adasyn") {
    s = std::make_unique<Adasyn>(r.get_int("n_neighbors", 5, 1, kMaxK));
  } else if (n == "kmeans-smote") {
    const int64_t k = r.get_int("k_neighbors", 2, 1, kMaxK);
    const int64_t clusters = r.get_int("n_clusters", 8, 1, 1000000);
    double threshold = -1;
    const std::string t = r.get_string("cluster_balance_threshold", "auto");
    if (t != "auto") {
      ParamReader tr(Spec::parse("x:v=" + t), "sampler 'kmeans-smote' cluster_balance_threshold");
      threshold = tr.get_double("v", 0, 0.0, 1.0);
    }
    s = std::make_unique<KMeansSmote>(k, clusters, threshold);
  } else if (n == "smote-nc") {
    s = std::make_unique<SmoteNc>(r.get_int("k_neighbors", 5, 1, kMaxK));
  } else if (n == "smoten") {
    s = std::make_unique<Smoten>(r.get_int("k_neighbors", 5, 1, kMaxK));
  } else if (n == "tomek" || n == "enn") {
    over_strategy = false;
    const bool all = r.get_choice("sampling_strategy", "auto", {"auto", "not-minority", "all"}) == "all";
    if (n == "tomek") {
      s = std::make_unique<CleaningSampler>(CleaningSampler::Method::kTomek, 0, all);
    } else {
      const int64_t nn = r.get_int("n_neighbors", 3, 1, kMaxK);
      const bool mode = r.get_choice("kind_sel", "all", {"all", "mode"}) == "mode";
      s = std::make_unique<CleaningSampler>(CleaningSampler::Method::kEnn, 0, all, nn, mode);
    }
  } else if (n == "smote-tomek") {
    s = std::make_unique<CleaningSampler>(CleaningSampler::Method::kTomek, r.get_int("k_neighbors", 5, 1, kMaxK), true);
  } else if (n == "smote-enn") {
    const int64_t k = r.get_int("k_neighbors", 5, 1, kMaxK);
    s = std::make_unique<CleaningSampler>(CleaningSampler::Method::kEnn, k, true, r.get_int("n_neighbors", 3, 1, kMaxK));
  } else if (n == "auto-smote") {
    ParamReader ar(spec, "sampler");
    const AutoSmoteOptions o = AutoSmoteOptions::read(ar);
    ar.finish();
    auto a = std::make_unique<AutoSmoteSampler>(o);
    a->set_sampling_strategy(SamplingStrategy::parse(o.sampling_strategy));
    return a;
  } else {
    throw SpecError("unknown sampler '" + n + "' (valid: " + join(oversampler_names(), ", ") + ")");
  }
  if (over_strategy) s->set_sampling_strategy(SamplingStrategy::parse(r.get_string("sampling_strategy", "auto")));
  r.finish();
  return s;
}

}  // namespace autosmote
