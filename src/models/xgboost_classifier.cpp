#include "autosmote/models/xgboost_classifier.h"

#include <xgboost/c_api.h>

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <utility>

#include "autosmote/core/error.h"
#include "serialize/json_field.h"

namespace autosmote {

XgboostOptions XgboostOptions::read(ParamReader& r) {
  XgboostOptions o;
  read_options(r, "model 'xgboost'", o);
  return o;
}

namespace {

// Owning handles: freed on every path.
using DMatrixPtr = std::unique_ptr<void, int (*)(DMatrixHandle)>;
using BoosterPtr = std::unique_ptr<void, int (*)(BoosterHandle)>;

// XGBoost's last error as one line, without its "[hh:mm:ss] " and "source.cc:123: " prefixes.
std::string xgboost_error() {
  static const std::regex prefixes(R"(^(\[[0-9:]+\] )?([^ :]+:[0-9]+: )?)");
  return std::regex_replace(one_line(XGBGetLastError()), prefixes, "", std::regex_constants::format_first_only);
}

// Throws InputError "xgboost: <what>: <XGBoost's message>" when an XGBoost call failed.
void check_call(int rc, const char* what) {
  if (rc != 0) throw InputError(std::string("xgboost: ") + what + ": " + xgboost_error());
}

DMatrixPtr make_dmatrix(const Matrix& x) {
  DMatrixHandle handle = nullptr;
  check_call(XGDMatrixCreateFromMat_omp(x.values(), static_cast<bst_ulong>(x.rows), static_cast<bst_ulong>(x.cols),
                                        std::nanf(""), &handle, 1),
             "cannot build the data matrix");
  return DMatrixPtr(handle, &XGDMatrixFree);
}

BoosterPtr make_booster(const DMatrixHandle* cached, bst_ulong n_cached) {
  BoosterHandle handle = nullptr;
  check_call(XGBoosterCreate(cached, n_cached, &handle), "cannot create a booster");
  return BoosterPtr(handle, &XGBoosterFree);
}

void set_param(BoosterHandle booster, const char* name, const std::string& value) {
  check_call(XGBoosterSetParam(booster, name, value.c_str()), "cannot set a parameter");
}

// XGBoost takes an int seed: the 64-bit seed folded to 31 bits (seeds below 2^31 unchanged).
int64_t xgboost_seed(uint64_t seed) { return static_cast<int64_t>((seed ^ (seed >> 31)) & 0x7fffffffu); }

// Row weights n / (C * n_c) (class_weight=balanced).
std::vector<float> balanced_weights(const Labels& y, int64_t n_classes) {
  const std::vector<int64_t> counts = class_counts(y, n_classes);
  std::vector<float> weights(y.size());
  for (size_t i = 0; i < y.size(); ++i)
    weights[i] = static_cast<float>(static_cast<double>(y.size()) /
                                    (static_cast<double>(n_classes) * static_cast<double>(counts[y[i]])));
  return weights;
}

// The margin columns XGBoost gives per row: one for binary:logistic, C for multi:softprob.
int64_t margin_groups(int64_t n_classes) { return n_classes == 2 ? 1 : n_classes; }

// Probabilities from margins, in double: [1 / (1 + e^m), 1 / (1 + e^-m)], or a softmax.
void margins_to_proba(const float* margins, int64_t n_classes, float* out) {
  if (n_classes == 2) {
    const double m = margins[0];
    out[0] = static_cast<float>(1.0 / (1.0 + std::exp(m)));
    out[1] = static_cast<float>(1.0 / (1.0 + std::exp(-m)));
    return;
  }
  double top = margins[0];
  for (int64_t c = 1; c < n_classes; ++c) top = std::max(top, static_cast<double>(margins[c]));
  double sum = 0.0;
  for (int64_t c = 0; c < n_classes; ++c) sum += std::exp(static_cast<double>(margins[c]) - top);
  for (int64_t c = 0; c < n_classes; ++c) out[c] = static_cast<float>(std::exp(margins[c] - top) / sum);
}

// ---- Validation of a stored booster (untrusted) ----

constexpr int64_t kRootParent = 2147483647;  // what XGBoost writes as the root's parent
constexpr int64_t kMaxInt32 = 2147483647;

// The object has exactly these keys (XGBoost then reads nothing this file did not check).
void expect_keys(const JsonField& object, std::initializer_list<const char*> keys) {
  if (!object.value().is_object()) object.fail("is " + object.shown() + ", expected an object");
  const std::set<std::string> expected(keys.begin(), keys.end());
  for (const auto& item : object.value().items()) {
    const nlohmann::json key = item.key();  // shown escaped and cut: the text is untrusted
    if (expected.count(item.key()) == 0) object.fail("has an unexpected key " + JsonField(key, "").shown());
  }
  for (const char* key : keys) object.at(key);  // throws "<path>.<key> is missing"
}

// XGBoost writes its parameters as strings: "num_feature": "4".
int64_t string_integer(const JsonField& f, int64_t lo, int64_t hi) {
  const std::string text = f.string();
  const bool digits = !text.empty() && text.size() <= 19 && text.find_first_not_of("0123456789") == std::string::npos;
  const int64_t v = digits ? std::strtoll(text.c_str(), nullptr, 10) : -1;
  if (!digits || v < lo || v > hi)
    f.fail("is " + f.shown() + ", expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
           " written as a string");
  return v;
}
double string_number(const JsonField& f) {
  const std::string text = f.string();
  char* end = nullptr;
  errno = 0;
  const double v = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(v) || std::fabs(v) > FLT_MAX)
    f.fail("is " + f.shown() + ", expected a finite number written as a string");
  return v;
}

void check_tree_shape(const JsonField& tree, const std::vector<int64_t>& left, const std::vector<int64_t>& right,
                      const std::vector<int64_t>& parents) {
  const auto n = static_cast<int64_t>(left.size());
  const JsonField left_field = tree.at("left_children"), right_field = tree.at("right_children");
  const JsonField parent_field = tree.at("parents");
  for (int64_t i = 0; i < n; ++i) {
    const size_t at = static_cast<size_t>(i);
    for (const auto& [field, child] : {std::pair{&left_field, left[at]}, std::pair{&right_field, right[at]}}) {
      if (child != -1 && (child <= i || child >= n))
        JsonField(field->value()[at], field->element_path(at))
            .fail("is " + std::to_string(child) + ", expected -1 or a node in " + std::to_string(i + 1) + ".." +
                  std::to_string(n - 1));
      if (child != -1 && parents[static_cast<size_t>(child)] != i)
        JsonField(parent_field.value()[static_cast<size_t>(child)], parent_field.element_path(child))
            .fail("is " + std::to_string(parents[static_cast<size_t>(child)]) + ", but node " + std::to_string(i) +
                  " names node " + std::to_string(child) + " as its child");
    }
    if ((left[at] == -1) != (right[at] == -1) || (left[at] != -1 && left[at] == right[at]))
      JsonField(right_field.value()[at], right_field.element_path(at))
          .fail("is " + std::to_string(right[at]) + " with left_children[" + std::to_string(i) + "] " +
                std::to_string(left[at]) + ", expected two distinct children or none (-1, -1)");
  }
  // Every node but the root is some node's child: its parent names it (checked above) and is before it.
  for (int64_t j = 0; j < n; ++j) {
    const int64_t p = parents[static_cast<size_t>(j)];
    const bool named =
        j == 0 ? p == kRootParent : p < j && (left[static_cast<size_t>(p)] == j || right[static_cast<size_t>(p)] == j);
    if (!named)
      JsonField(parent_field.value()[static_cast<size_t>(j)], parent_field.element_path(j))
          .fail("is " + std::to_string(p) + ", expected " +
                (j == 0 ? std::to_string(kRootParent) + " (the root)"
                        : "the node that names node " + std::to_string(j) + " as a child"));
  }
}

void check_tree(const JsonField& tree, int64_t index, int64_t num_feature) {
  expect_keys(tree, {"base_weights", "categories", "categories_nodes", "categories_segments", "categories_sizes",
                     "default_left", "id", "left_children", "loss_changes", "parents", "right_children",
                     "split_conditions", "split_indices", "split_type", "sum_hessian", "tree_param"});
  tree.at("id").integer(index, index);
  const JsonField param = tree.at("tree_param");
  expect_keys(param, {"num_deleted", "num_feature", "num_nodes", "size_leaf_vector"});
  const int64_t n = string_integer(param.at("num_nodes"), 1, kMaxInt32);
  string_integer(param.at("num_feature"), num_feature, num_feature);
  string_integer(param.at("num_deleted"), 0, 0);
  string_integer(param.at("size_leaf_vector"), 0, 0);
  const auto left = tree.at("left_children").integers(n, -1, n - 1);
  const auto right = tree.at("right_children").integers(n, -1, n - 1);
  const auto parents = tree.at("parents").integers(n, 0, kRootParent);
  tree.at("split_indices").integers(n, 0, num_feature - 1);
  tree.at("default_left").integers(n, 0, 1);
  tree.at("split_type").integers(n, 0, 0);  // numerical splits only
  for (const char* floats : {"base_weights", "loss_changes", "split_conditions", "sum_hessian"})
    tree.at(floats).numbers(n, -FLT_MAX, FLT_MAX);
  for (const char* categorical : {"categories", "categories_nodes", "categories_segments", "categories_sizes"})
    tree.at(categorical).check_array(0);
  check_tree_shape(tree, left, right, parents);
}

void check_learner_params(const JsonField& learner, int64_t in, int64_t n_classes) {
  expect_keys(learner,
              {"attributes", "feature_names", "feature_types", "gradient_booster", "learner_model_param", "objective"});
  expect_keys(learner.at("attributes"), {});
  learner.at("feature_names").check_array(0);
  learner.at("feature_types").check_array(0);
  const JsonField model_param = learner.at("learner_model_param");
  expect_keys(model_param, {"base_score", "boost_from_average", "num_class", "num_feature", "num_target"});
  const JsonField base_score = model_param.at("base_score");
  const double score = string_number(base_score);
  if (!(score > 0.0 && score < 1.0)) base_score.fail("is " + base_score.shown() + ", expected a number in (0, 1)");
  string_integer(model_param.at("boost_from_average"), 0, 1);
  const int64_t num_class = n_classes == 2 ? 0 : n_classes;
  string_integer(model_param.at("num_class"), num_class, num_class);
  string_integer(model_param.at("num_feature"), in, in);
  string_integer(model_param.at("num_target"), 1, 1);

  const JsonField objective = learner.at("objective");
  const JsonField name = objective.at("name");
  const std::string expected = n_classes == 2 ? "binary:logistic" : "multi:softprob";
  if (name.string() != expected)
    name.fail("is " + name.shown() + ", but " + std::to_string(n_classes) + " classes need " + expected);
  if (n_classes == 2) {
    expect_keys(objective, {"name", "reg_loss_param"});
    expect_keys(objective.at("reg_loss_param"), {"scale_pos_weight"});
    string_number(objective.at("reg_loss_param").at("scale_pos_weight"));
  } else {
    expect_keys(objective, {"name", "softmax_multiclass_param"});
    expect_keys(objective.at("softmax_multiclass_param"), {"num_class"});
    string_integer(objective.at("softmax_multiclass_param").at("num_class"), n_classes, n_classes);
  }
}

void check_booster(const JsonField& booster, int64_t in, int64_t n_classes, int64_t n_estimators) {
  expect_keys(booster, {"learner", "version"});
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  const JsonField version = booster.at("version");
  const auto written = version.integers(3, 0, 1000000);
  if (written[0] != major || written[1] != minor)
    version.fail("is " + version.shown() + ", expected a model written by XGBoost " + std::to_string(major) + "." +
                 std::to_string(minor) + " (the version this build uses)");
  const JsonField learner = booster.at("learner");
  check_learner_params(learner, in, n_classes);
  const JsonField gradient_booster = learner.at("gradient_booster");
  expect_keys(gradient_booster, {"model", "name"});
  const JsonField name = gradient_booster.at("name");
  if (name.string() != "gbtree") name.fail("is " + name.shown() + ", expected \"gbtree\"");
  const JsonField model = gradient_booster.at("model");
  expect_keys(model, {"gbtree_model_param", "tree_info", "trees"});
  const int64_t groups = margin_groups(n_classes);
  const int64_t n_trees = n_estimators * groups;
  const JsonField model_param = model.at("gbtree_model_param");
  expect_keys(model_param, {"num_parallel_tree", "num_trees", "size_leaf_vector"});
  string_integer(model_param.at("num_parallel_tree"), 1, 1);
  string_integer(model_param.at("num_trees"), n_trees, n_trees);
  string_integer(model_param.at("size_leaf_vector"), 0, 0);
  const JsonField tree_info = model.at("tree_info");
  const auto groups_of_trees = tree_info.integers(n_trees, 0, groups - 1);
  for (int64_t i = 0; i < n_trees; ++i)
    if (groups_of_trees[static_cast<size_t>(i)] != i % groups)
      JsonField(tree_info.value()[static_cast<size_t>(i)], tree_info.element_path(static_cast<size_t>(i)))
          .fail("is " + std::to_string(groups_of_trees[static_cast<size_t>(i)]) + ", expected " +
                std::to_string(i % groups) + " (tree i serves class i mod " + std::to_string(groups) + ")");
  const auto trees = model.at("trees").items(n_trees);
  for (int64_t i = 0; i < n_trees; ++i) check_tree(trees[static_cast<size_t>(i)], i, in);
}

}  // namespace

struct XgboostClassifier::Impl {
  BoosterPtr booster{nullptr, &XGBoosterFree};
  int64_t in = 0;
  int64_t classes = 0;
};

XgboostClassifier::XgboostClassifier(XgboostOptions options) : options_(options), impl_(std::make_unique<Impl>()) {}
XgboostClassifier::~XgboostClassifier() = default;

std::string XgboostClassifier::spec() const {
  const std::vector<std::string> parts = option_parts(options_);
  return parts.empty() ? "xgboost" : "xgboost:" + join(parts, ",");
}

std::unique_ptr<Classifier> XgboostClassifier::clone_unfitted() const {
  return std::make_unique<XgboostClassifier>(options_);
}

void XgboostClassifier::fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) {
  check_xy(x, y, n_classes, "xgboost fit");
  if (x.rows == 0) throw InputError("xgboost fit: no training rows");
  if (n_classes > kMaxInt32) throw InputError("xgboost fit: too many classes");
  const DMatrixPtr data = make_dmatrix(x);
  const std::vector<float> labels(y.begin(), y.end());
  check_call(XGDMatrixSetFloatInfo(data.get(), "label", labels.data(), static_cast<bst_ulong>(y.size())),
             "cannot set the labels");
  if (options_.balanced) {
    const std::vector<float> weights = balanced_weights(y, n_classes);
    check_call(XGDMatrixSetFloatInfo(data.get(), "weight", weights.data(), static_cast<bst_ulong>(y.size())),
               "cannot set the class weights");
  }
  DMatrixHandle cached[] = {data.get()};
  BoosterPtr booster = make_booster(cached, 1);
  const std::pair<const char*, std::string> params[] = {
      {"objective", n_classes == 2 ? "binary:logistic" : "multi:softprob"},
      {"num_class", std::to_string(n_classes == 2 ? 0 : n_classes)},
      {"tree_method", "hist"},
      {"nthread", "1"},
      {"seed", std::to_string(xgboost_seed(ctx.seed))},
      {"max_depth", std::to_string(options_.max_depth)},
      {"eta", format_number(options_.learning_rate)},
      {"subsample", format_number(options_.subsample)},
      {"colsample_bytree", format_number(options_.colsample_bytree)},
      {"min_child_weight", format_number(options_.min_child_weight)},
      {"lambda", format_number(options_.reg_lambda)},
  };
  for (const auto& [name, value] : params) set_param(booster.get(), name, value);
  for (int64_t round = 0; round < options_.n_estimators; ++round) {
    check_call(XGBoosterUpdateOneIter(booster.get(), static_cast<int>(round), data.get()), "training failed");
    if (ctx.log) ctx.log("round " + std::to_string(round + 1) + "/" + std::to_string(options_.n_estimators));
  }
  impl_->booster = std::move(booster);
  impl_->in = x.cols;
  impl_->classes = n_classes;
}

Matrix XgboostClassifier::predict_proba(const Matrix& x) const {
  if (!impl_->booster) throw InputError("xgboost: model is not fitted");
  if (x.cols != impl_->in)
    throw InputError("xgboost: input has " + std::to_string(x.cols) + " columns, the model expects " +
                     std::to_string(impl_->in));
  const int64_t classes = impl_->classes;
  Matrix proba(x.rows, classes);
  if (x.rows == 0) return proba;
  const DMatrixPtr data = make_dmatrix(x);
  // type 1: margins; strict_shape: [rows, groups] for either objective.
  const char* config =
      R"({"type": 1, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": true})";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* margins = nullptr;
  check_call(XGBoosterPredictFromDMatrix(impl_->booster.get(), data.get(), config, &shape, &dims, &margins),
             "prediction failed");
  const int64_t groups = margin_groups(classes);
  if (dims != 2 || shape[0] != static_cast<bst_ulong>(x.rows) || shape[1] != static_cast<bst_ulong>(groups))
    throw InputError("xgboost: prediction has an unexpected shape");
  for (int64_t r = 0; r < x.rows; ++r) margins_to_proba(margins + r * groups, classes, proba.row(r));
  return proba;
}

nlohmann::json XgboostClassifier::state() const {
  if (!impl_->booster) throw InputError("xgboost: cannot save an unfitted model");
  bst_ulong length = 0;
  const char* buffer = nullptr;
  check_call(XGBoosterSaveModelToBuffer(impl_->booster.get(), R"({"format": "json"})", &length, &buffer),
             "cannot save the booster");
  nlohmann::json booster = nlohmann::json::parse(buffer, buffer + length, nullptr, /*allow_exceptions=*/false);
  if (booster.is_discarded()) throw InputError("xgboost: the saved booster is not valid JSON");
  return {{"in", impl_->in}, {"classes", impl_->classes}, {"booster", std::move(booster)}};
}

void XgboostClassifier::load_state(const nlohmann::json& state) {
  const JsonField s(state, "state");
  const int64_t in = s.at("in").integer(1, kMaxInt32);
  const int64_t classes = s.at("classes").integer(2, kMaxInt32);
  const JsonField stored = s.at("booster");
  check_booster(stored, in, classes, options_.n_estimators);
  const std::string text = stored.value().dump();
  BoosterPtr booster = make_booster(nullptr, 0);
  if (XGBoosterLoadModelFromBuffer(booster.get(), text.data(), static_cast<bst_ulong>(text.size())) != 0)
    stored.fail("is refused by XGBoost: " + xgboost_error());
  set_param(booster.get(), "nthread", "1");
  bst_ulong features = 0;
  int rounds = 0;
  check_call(XGBoosterGetNumFeature(booster.get(), &features), "cannot read the booster");
  check_call(XGBoosterBoostedRounds(booster.get(), &rounds), "cannot read the booster");
  if (features != static_cast<bst_ulong>(in) || rounds != options_.n_estimators)
    stored.fail("loads as " + std::to_string(rounds) + " rounds on " + std::to_string(features) +
                " features, expected " + std::to_string(options_.n_estimators) + " on " + std::to_string(in));
  impl_->booster = std::move(booster);
  impl_->in = in;
  impl_->classes = classes;
}

}  // namespace autosmote
