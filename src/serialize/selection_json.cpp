#include "serialize/selection_json.h"

#include "autosmote/serialize/model_file.h"

namespace autosmote {
namespace {

constexpr size_t kMaxText = 4096;    // a spec, an outcome or a warning
constexpr double kMaxSeconds = 1e12;  // far above any run

std::string text(const JsonField& f) {
  std::string s = f.string();
  if (s.size() > kMaxText) f.fail("is " + std::to_string(s.size()) + " characters, expected at most " + std::to_string(kMaxText));
  return s;
}

}  // namespace

SelectionRecord selection_from_json(const JsonField& field, int64_t n_classes) {
  SelectionRecord r;
  const JsonField spec = field.at("spec");
  r.spec = text(spec);
  if (r.spec != "auto" && r.spec.rfind("auto:", 0) != 0) spec.fail("is " + spec.shown() + ", expected an auto spec");
  r.folds = field.at("folds").integer(0, 20);
  r.rungs = field.at("rungs").integer(0, 2);
  r.budget_seconds = field.at("budget_seconds").number(0, kMaxSeconds);
  r.seconds = field.at("seconds").number(0, kMaxSeconds);
  r.final_seconds = field.at("final_seconds").number(0, kMaxSeconds);
  r.budget_cut = field.at("budget_cut").boolean();
  const JsonField candidates = field.at("candidates");
  candidates.check_array(-1);
  const auto count = static_cast<int64_t>(candidates.value().size());
  if (count < 1 || count > kMaxCandidates)
    candidates.fail("has " + std::to_string(count) + " elements, expected 1 to " + std::to_string(kMaxCandidates));
  for (const JsonField& c : candidates.items()) {
    CandidateRecord cr;
    cr.model = text(c.at("model"));
    cr.sampler = text(c.at("sampler"));
    const JsonField scores = c.at("fold_scores");
    scores.check_array(-1);
    if (static_cast<int64_t>(scores.value().size()) > r.folds)
      scores.fail("has " + std::to_string(scores.value().size()) + " elements, but the selection ran " +
                  std::to_string(r.folds) + " folds");
    cr.fold_scores = scores.numbers(-1, 0, 1);
    for (const JsonField& offsets : c.at("fold_offsets").items(static_cast<int64_t>(cr.fold_scores.size()))) {
      offsets.check_array(-1);
      cr.fold_offsets.push_back(
          offsets.numbers(offsets.value().empty() ? 0 : n_classes, -kMaxClassOffset, kMaxClassOffset));
    }
    cr.score = c.at("score").number(0, 1);
    cr.seconds = c.at("seconds").number(0, kMaxSeconds);
    cr.outcome = text(c.at("outcome"));
    r.candidates.push_back(std::move(cr));
  }
  r.winner = field.at("winner").integer(0, count - 1);
  const JsonField warnings = field.at("warnings");
  for (const JsonField& w : warnings.items()) r.warnings.push_back(text(w));
  return r;
}

}  // namespace autosmote
