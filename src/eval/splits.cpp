#include "autosmote/eval/splits.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "autosmote/core/error.h"
#include "autosmote/core/params.h"
#include "autosmote/core/random.h"

namespace autosmote {

Protocol Protocol::parse(const std::string& text) {
  Protocol p;
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  const std::string arg = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (name == "holdout") {
    p.kind = Kind::kHoldout;
    if (!arg.empty()) {
      char* end = nullptr;
      p.test_fraction = std::strtod(arg.c_str(), &end);
      if (*end != '\0' || !(p.test_fraction > 0.0 && p.test_fraction < 1.0))
        throw SpecError("protocol '" + text + "': the test fraction must be a number in (0, 1), e.g. holdout:0.2");
    }
    return p;
  }
  if (name == "kfold") {
    p.kind = Kind::kKfold;
    if (!arg.empty()) {
      const auto x = arg.find('x');
      bool ok = parse_int64(arg.substr(0, x), &p.folds) && p.folds >= 2 && p.folds <= 1000;
      if (x != std::string::npos) {
        ok = ok && parse_int64(arg.substr(x + 1), &p.repeats) && p.repeats >= 1 && p.repeats <= 1000;
      } else {
        p.repeats = 1;
      }
      if (!ok) throw SpecError("protocol '" + text + "': expected kfold:FOLDSxREPEATS with FOLDS >= 2, e.g. kfold:5x2");
    }
    return p;
  }
  throw SpecError("protocol '" + text + "' is not one of: holdout[:FRACTION], kfold[:FOLDSxREPEATS]");
}

std::string Protocol::str() const {
  if (kind == Kind::kHoldout) return "holdout:" + format_number(test_fraction);
  return "kfold:" + std::to_string(folds) + "x" + std::to_string(repeats);
}

static std::vector<std::vector<int64_t>> rows_by_class(const Labels& y, int64_t n_classes) {
  std::vector<std::vector<int64_t>> by(static_cast<size_t>(n_classes));
  for (size_t i = 0; i < y.size(); ++i) by[y[i]].push_back(static_cast<int64_t>(i));
  return by;
}

static std::string class_text(int64_t c, const std::vector<std::string>& names) {
  return c < static_cast<int64_t>(names.size()) ? "'" + names[c] + "'" : std::to_string(c);
}

Split stratified_holdout(const Labels& y, int64_t n_classes, double test_fraction, uint64_t seed,
                         const std::vector<std::string>& class_names) {
  Split s;
  Rng rng(seed);
  auto by = rows_by_class(y, n_classes);
  for (int64_t c = 0; c < n_classes; ++c) {
    auto& rows = by[c];
    const int64_t n = static_cast<int64_t>(rows.size());
    if (n == 0) continue;
    if (n < 2)
      throw InputError("class " + class_text(c, class_names) + " has " + std::to_string(n) +
                       " row; a stratified hold-out needs at least 2 rows per class");
    rng.shuffle(rows);
    const int64_t n_test = std::clamp<int64_t>(std::llround(test_fraction * static_cast<double>(n)), 1, n - 1);
    s.test.insert(s.test.end(), rows.begin(), rows.begin() + n_test);
    s.train.insert(s.train.end(), rows.begin() + n_test, rows.end());
  }
  std::sort(s.train.begin(), s.train.end());
  std::sort(s.test.begin(), s.test.end());
  return s;
}

std::vector<Split> make_splits(const Labels& y, int64_t n_classes, const Protocol& p,
                               const std::vector<uint64_t>& seeds, const std::vector<std::string>& class_names) {
  std::vector<Split> out;
  for (uint64_t seed : seeds) {
    if (p.kind == Protocol::Kind::kHoldout) {
      Split s = stratified_holdout(y, n_classes, p.test_fraction, derive_seed(seed, 0, 0), class_names);
      s.seed = seed;
      s.model_seed = derive_seed(seed, 0, 0);
      out.push_back(std::move(s));
      continue;
    }
    for (int64_t rep = 0; rep < p.repeats; ++rep) {
      Rng rng(derive_seed(seed, static_cast<uint64_t>(rep)));
      auto by = rows_by_class(y, n_classes);
      std::vector<int64_t> fold_of(y.size());
      int64_t next = 0;  // continue the round-robin across classes so fold sizes stay balanced
      for (int64_t c = 0; c < n_classes; ++c) {
        auto& rows = by[c];
        if (rows.empty()) continue;
        if (static_cast<int64_t>(rows.size()) < p.folds)
          throw InputError("class " + class_text(c, class_names) + " has " + std::to_string(rows.size()) +
                           " rows, fewer than the " + std::to_string(p.folds) + " folds of " + p.str());
        rng.shuffle(rows);
        for (int64_t r : rows) fold_of[r] = next++ % p.folds;
      }
      for (int64_t f = 0; f < p.folds; ++f) {
        Split s;
        s.seed = seed;
        s.repeat = rep;
        s.fold = f;
        s.model_seed = derive_seed(seed, static_cast<uint64_t>(rep), static_cast<uint64_t>(f + 1));
        for (size_t i = 0; i < y.size(); ++i) (fold_of[i] == f ? s.test : s.train).push_back(static_cast<int64_t>(i));
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

}  // namespace autosmote
