#include "autosmote/models/auto_smote.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/random.h"
#include "autosmote/eval/stats.h"
#include "autosmote/neighbors/kmeans.h"
#include "autosmote/neighbors/knn.h"
#include "nn/candidates.h"
#include "nn/gumbel.h"
#include "nn/mlp_net.h"
#include "nn/torch_utils.h"
#include "oversampling/smote_core.h"
#include "serialize/json_field.h"

namespace autosmote {

// ---------------------------------------------------------------- options

std::string aggregation_name(Aggregation a) {
  switch (a) {
    case Aggregation::kInterpolate: return "interpolate";
    case Aggregation::kMax: return "max";
    case Aggregation::kMin: return "min";
    case Aggregation::kMean: return "mean";
  }
  return "?";
}

static Aggregation parse_aggregation(const std::string& s) {
  for (Aggregation a : {Aggregation::kInterpolate, Aggregation::kMax, Aggregation::kMin, Aggregation::kMean})
    if (aggregation_name(a) == s) return a;
  throw SpecError("model 'auto-smote': aggregation '" + s + "' is not one of: interpolate, max, min, mean");
}

AutoSmoteOptions AutoSmoteOptions::read(ParamReader& r) {
  AutoSmoteOptions o;
  o.cohort = r.get_choice("variant", "cohort", {"self", "cohort"}) == "cohort";
  o.k_max = r.get_int("k_max", o.k_max, 1, 1000);
  o.aggregations.clear();
  for (const auto& a : split(r.get_string("aggregations", "interpolate"), '/')) {
    const Aggregation g = parse_aggregation(a);
    if (std::find(o.aggregations.begin(), o.aggregations.end(), g) != o.aggregations.end())
      throw SpecError("model 'auto-smote': aggregation '" + a + "' listed twice");
    o.aggregations.push_back(g);
  }
  o.tau = r.get_double("tau", o.tau, 1e-3, 100.0);
  o.tau_min = r.get_double("tau_min", o.tau, 1e-3, 100.0);
  o.anneal = r.get_choice("anneal", "off", {"off", "linear", "exponential"});
  const std::string cohorts = r.get_string("cohorts", "auto");
  if (cohorts != "auto") {
    ParamReader c(Spec::parse("x:cohorts=" + cohorts), "model 'auto-smote'");
    o.cohorts = c.get_int("cohorts", 0, 1, 1000000);
  }
  o.policy_hidden = r.get_int("policy_hidden", o.policy_hidden, 1, kMaxHidden);
  o.learned = r.get_choice("policy", "learned", {"learned", "random"}) == "learned";
  o.validation = r.get_choice("objective", "validation", {"joint", "validation"}) == "validation";
  o.skip = r.get_choice("participation", "duplicate", {"duplicate", "skip"}) == "skip";
  o.geometry = r.get_choice("inputs", "features", {"features", "geometry"}) == "geometry";
  o.position_bins = r.get_choice("positions", o.interpolates() ? "bins" : "uniform", {"uniform", "bins"}) == "bins";
  if (o.position_bins && !o.interpolates())
    throw SpecError("model 'auto-smote': positions=bins needs the interpolate aggregation");
  o.entropy = r.get_double("entropy", o.entropy, 0.0, 100.0);
  o.warmup = r.get_int("warmup", o.warmup, 0, 1000000);
  o.sampling_strategy = SamplingStrategy::parse(r.get_string("sampling_strategy", "auto")).str();
  o.mlp = MlpOptions::read(r);
  return o;
}

bool AutoSmoteOptions::interpolates() const {
  return std::find(aggregations.begin(), aggregations.end(), Aggregation::kInterpolate) != aggregations.end();
}

std::string AutoSmoteOptions::spec() const {
  const AutoSmoteOptions d;
  std::vector<std::string> parts;
  if (!cohort) parts.push_back("variant=self");
  if (k_max != d.k_max) parts.push_back("k_max=" + std::to_string(k_max));
  if (aggregations != d.aggregations) {
    std::vector<std::string> names;
    for (auto a : aggregations) names.push_back(aggregation_name(a));
    parts.push_back("aggregations=" + join(names, "/"));
  }
  if (tau != d.tau) parts.push_back("tau=" + format_number(tau));
  if (tau_min != tau) parts.push_back("tau_min=" + format_number(tau_min));
  if (anneal != "off") parts.push_back("anneal=" + anneal);
  if (cohorts != 0) parts.push_back("cohorts=" + std::to_string(cohorts));
  if (policy_hidden != d.policy_hidden) parts.push_back("policy_hidden=" + std::to_string(policy_hidden));
  if (!learned) parts.push_back("policy=random");
  if (!validation) parts.push_back("objective=joint");
  if (skip) parts.push_back("participation=skip");
  if (geometry) parts.push_back("inputs=geometry");
  if (interpolates() && !position_bins) parts.push_back("positions=uniform");
  if (entropy != d.entropy) parts.push_back("entropy=" + format_number(entropy));
  if (warmup != d.warmup) parts.push_back("warmup=" + std::to_string(warmup));
  if (sampling_strategy != "auto") parts.push_back("sampling_strategy=" + sampling_strategy);
  mlp.append_spec(parts);
  return parts.empty() ? "auto-smote" : "auto-smote:" + join(parts, ",");
}

// ---------------------------------------------------------------- policy network

namespace {

constexpr int64_t kPositionBins = 5;  // positions=bins: lambda in {0.1, 0.3, 0.5, 0.7, 0.9}
constexpr int64_t kGeometryInputs = 3;  // inputs=geometry: danger, distance to the other class, spacing

// Sizes of the policy's heads: participation 2, k K, aggregation A, and with positions=bins the
// position P; and the policy's input width.
std::vector<int64_t> head_sizes_of(const AutoSmoteOptions& o, int64_t K) {
  std::vector<int64_t> sizes = {2, K, static_cast<int64_t>(o.aggregations.size())};
  if (o.position_bins) sizes.push_back(kPositionBins);
  return sizes;
}
int64_t policy_inputs_of(const AutoSmoteOptions& o, int64_t cols) { return cols + (o.geometry ? kGeometryInputs : 0); }

// Trunk d -> hidden -> ReLU and the heads (participation 2, k K, aggregation A, and with
// positions=bins the position P) stored as one linear layer of 2 + K + A (+ P) outputs (fewer
// tensors per optimiser step; the same function).
class PolicyNetImpl : public torch::nn::Module {
 public:
  PolicyNetImpl(int64_t in, int64_t hidden, std::vector<int64_t> head_sizes)
      : sizes_(std::move(head_sizes)),
        trunk(register_module("trunk", torch::nn::Linear(in, hidden))),
        heads(register_module("heads", torch::nn::Linear(hidden, total()))) {
    // Gather map from the [total + 1] logits (last: a -1e9 pad) to an [H, L] block, one row per
    // head, so the relaxed decisions are computed by one batched softmax.
    const int64_t H = static_cast<int64_t>(sizes_.size());
    const int64_t L = *std::max_element(sizes_.begin(), sizes_.end());
    std::vector<int64_t> idx(static_cast<size_t>(H * L), total());
    int64_t offset = 0;
    for (int64_t h = 0; h < H; ++h) {
      for (int64_t j = 0; j < sizes_[h]; ++j) idx[h * L + j] = offset + j;
      offset += sizes_[h];
    }
    block_index_ = register_buffer("block_index", at::tensor(idx, at::TensorOptions().dtype(at::kLong)));
  }
  int64_t total() const {
    int64_t t = 0;
    for (auto v : sizes_) t += v;
    return t;
  }
  void reset(at::Generator& gen) {
    init_linear(*trunk, gen);
    init_linear(*heads, gen);
  }
  at::Tensor forward(const at::Tensor& u) { return heads->forward(at::relu(trunk->forward(u))); }  // [m, total]
  // Logits (+ any additive term) -> [m, H, L] blocks padded with -1e9.
  at::Tensor blocks(const at::Tensor& logits) const {
    const int64_t m = logits.size(0), H = static_cast<int64_t>(sizes_.size());
    const at::Tensor padded = at::cat({logits, at::full({m, 1}, -1e9, logits.options())}, 1);
    return padded.index_select(1, block_index_).view({m, H, block_index_.size(0) / H});
  }
  // Head h of [m, H, L] blocks, without its padding: [m, sizes[h]].
  at::Tensor head(const at::Tensor& blocks, int64_t h) const { return blocks.select(1, h).slice(1, 0, sizes_[h]); }
  std::vector<int64_t> sizes_;
  torch::nn::Linear trunk, heads;
  at::Tensor block_index_;
};
TORCH_MODULE(PolicyNet);

// The shapes of PolicyNet(in, hidden, head_sizes)'s parameters, in parameters() order.
ParamShapes policy_param_shapes(int64_t in, int64_t hidden, const std::vector<int64_t>& head_sizes) {
  int64_t total = 0;
  for (int64_t v : head_sizes) total += v;
  return {{hidden, in}, {hidden}, {total, hidden}, {total}};
}

struct Decisions {
  at::Tensor rows;    // [m, d] synthetic rows
  at::Tensor labels;  // [m]
  at::Tensor keep;    // [m] float: 1, or the straight-through participation (skip)
  at::Tensor entropy;  // mean entropy of the noise-free decision distributions (scalar)
  at::Tensor part, k, agg;  // chosen indices (diagnostics)
};

}  // namespace

struct AutoSmote::Impl {
  MlpNet net{nullptr};
  PolicyNet policy{nullptr};
  int64_t in = 0, classes = 0, K = 0;
  at::Device device{at::kCPU};
  std::vector<int64_t> n_new;
  std::vector<PolicyGroup> groups;
  std::vector<EpochDiagnostics> diag;
  std::vector<AutoSmote::RowPolicy> row_policies;

  // Training-time geometry (in memory only; needed by generate()).
  Matrix train_x;
  Labels train_y;
  at::Tensor x_dev;                 // [n, d] on device
  std::vector<int64_t> minority;    // global row of each minority row
  std::vector<int64_t> minority_class;
  std::vector<std::vector<int64_t>> class_positions;  // per class: positions into `minority`
  at::Tensor minority_rows_t;       // [M] long, device
  at::Tensor labels_t;              // [M] long, device
  at::Tensor neighbours_t;          // [M, K] long, device (global rows, padded)
  at::Tensor k_mask_t;              // [M, total logits] float, 0 or -1e9 (k beyond the class's neighbours)
  at::Tensor group_t;               // [M] long, device: group of each minority row
  at::Tensor policy_in_t;           // [M, d (+ 3)] device: the policy's input for each minority row
  at::Tensor k_range;               // [1, K] float, device: 1..K
  at::Tensor bins_t;                // [P] float, device: positions=bins

  // Synthetic rows for the minority positions `pos`. `force` (generate in skip mode): every anchor
  // makes its candidate row.
  Decisions synthesize(const AutoSmoteOptions& o, const at::Tensor& pos, double tau, at::Generator& gen,
                       bool force = false) {
    const int64_t m = pos.size(0), d = in;
    const int64_t L = policy->total();
    // All uniforms of the batch in one draw: Gumbel noise for the heads, then the interpolation's
    // neighbour choice r_k and (positions=uniform) position lambda_k for every k.
    const at::Tensor uni = at::rand({m, L + 2 * K}, gen).to(device);
    const at::Tensor gumbel = -(-uni.slice(1, 0, L).clamp(1e-10, 1.0 - 1e-7).log()).log();
    const at::Tensor rows = minority_rows_t.index_select(0, pos);
    const at::Tensor x = x_dev.index_select(0, rows);  // [m, d]
    const at::Tensor logits = policy->forward(policy_in_t.index_select(0, pos)) + k_mask_t.index_select(0, pos);
    // Straight-through Gumbel-Softmax for every head at once (see nn/gumbel.h).
    const at::Tensor z = straight_through_gumbel(policy->blocks(logits + gumbel), tau);
    const at::Tensor zp = policy->head(z, 0), zk = policy->head(z, 1), za = policy->head(z, 2);
    const at::Tensor nb_idx = neighbours_t.index_select(0, pos);  // [m, K] global rows
    at::Tensor nb;  // [m, K, d], only when an aggregation needs every neighbour
    std::vector<at::Tensor> cands;
    for (Aggregation a : o.aggregations) {
      if (a == Aggregation::kInterpolate) {
        // For each k: a neighbour r uniform in 1..k and a position lambda (uniform, or the bin chosen).
        const at::Tensor r = (uni.slice(1, L, L + K) * k_range).floor().to(at::kLong);  // in [0, k)
        const at::Tensor lam = o.position_bins ? at::matmul(policy->head(z, 3), bins_t).view({m, 1, 1})
                                               : uni.slice(1, L + K, L + 2 * K).unsqueeze(2);
        const at::Tensor picked = x_dev.index_select(0, nb_idx.gather(1, r).reshape({-1})).view({m, K, d});
        cands.push_back(interpolate_candidates(x, picked, lam));
        continue;
      }
      if (!nb.defined()) nb = x_dev.index_select(0, nb_idx.reshape({-1})).view({m, K, d});
      cands.push_back(a == Aggregation::kMax ? max_candidates(x, nb)
                      : a == Aggregation::kMin ? min_candidates(x, nb) : mean_candidates(x, nb));
    }
    Decisions out;
    const auto fopts = x.options();
    if (o.skip) {
      // The row is always the candidate; participation decides whether it counts at all.
      const at::Tensor yes = at::cat({at::zeros({m, 1}, fopts), at::ones({m, 1}, fopts)}, 1);
      out.rows = compose_synthetic(yes, zk, za, cands, x);
      out.keep = force ? at::ones({m}, fopts) : zp.select(1, 1);
    } else {
      out.rows = compose_synthetic(zp, zk, za, cands, x);
      out.keep = at::ones({m}, fopts);
    }
    if (o.entropy > 0) {
      const at::Tensor logp = at::log_softmax(policy->blocks(logits), -1);
      out.entropy = -(logp.exp() * logp).sum(-1).mean();
    }
    out.labels = labels_t.index_select(0, pos);
    out.part = zp.argmax(1);
    out.k = zk.argmax(1);
    out.agg = za.argmax(1);
    return out;
  }

  // Anchor positions for one epoch: per class, n_new[c] anchors round-robin over its shuffled rows.
  at::Tensor epoch_anchors(at::Generator& gen) {
    std::vector<int64_t> anchors;
    for (size_t c = 0; c < class_positions.size(); ++c) {
      const auto& pos = class_positions[c];
      if (pos.empty() || n_new[c] <= 0) continue;
      const at::Tensor perm = at::randperm(static_cast<int64_t>(pos.size()), gen, at::TensorOptions().dtype(at::kLong));
      const int64_t* p = perm.data_ptr<int64_t>();
      for (int64_t s = 0; s < n_new[c]; ++s) anchors.push_back(pos[p[s % static_cast<int64_t>(pos.size())]]);
    }
    return at::tensor(anchors, at::TensorOptions().dtype(at::kLong));
  }

  // Policy probabilities (no noise) for every minority row, one tensor per head.
  std::vector<at::Tensor> probabilities() {
    at::NoGradGuard guard;
    const at::Tensor p = at::softmax(policy->blocks(policy->forward(policy_in_t) + k_mask_t), -1);
    std::vector<at::Tensor> out;
    for (int64_t h = 0; h < static_cast<int64_t>(policy->sizes_.size()); ++h) out.push_back(policy->head(p, h));
    return out;
  }
};

// ---------------------------------------------------------------- AutoSmote

AutoSmote::AutoSmote(AutoSmoteOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}
AutoSmote::~AutoSmote() = default;

std::unique_ptr<Classifier> AutoSmote::clone_unfitted() const { return std::make_unique<AutoSmote>(options_); }
const std::vector<EpochDiagnostics>& AutoSmote::diagnostics() const { return impl_->diag; }
std::vector<PolicyGroup> AutoSmote::policy_groups() const { return impl_->groups; }
std::vector<AutoSmote::RowPolicy> AutoSmote::row_policies() const { return impl_->row_policies; }

void AutoSmote::fit(const Matrix& x, const Labels& y, int64_t n_classes, const FitContext& ctx) {
  check_xy(x, y, n_classes, "auto-smote fit");
  if (x.rows < 2) throw InputError("auto-smote fit: need at least two training rows");
  Impl& m = *impl_;
  m = Impl();
  const AutoSmoteOptions& o = options_;
  m.device = resolve_device(ctx.device);
  m.in = x.cols;
  m.classes = n_classes;
  Rng rng(derive_seed(ctx.seed, 10));
  at::Generator gen = make_generator(derive_seed(ctx.seed, 11));

  m.train_x = x;
  m.train_y = y;
  const auto counts = class_counts(y, n_classes);
  m.n_new = SamplingStrategy::parse(o.sampling_strategy).resolve(counts, {}, x.cols);
  for (int64_t c = 0; c < n_classes; ++c)
    if (counts[c] == 0) m.n_new[c] = 0;

  // Neighbourhoods, cohorts, groups and (inputs=geometry) the nearest other-class row
  // of every class that gets new rows.
  int64_t k_max_avail = 1;
  for (int64_t c = 0; c < n_classes; ++c)
    if (m.n_new[c] > 0) k_max_avail = std::max<int64_t>(k_max_avail, counts[c] - 1);
  m.K = std::max<int64_t>(1, std::min(o.k_max, k_max_avail));
  const int64_t A = static_cast<int64_t>(o.aggregations.size());
  const std::vector<int64_t> head_sizes = head_sizes_of(o, m.K);
  int64_t n_logits = 0;
  for (auto v : head_sizes) n_logits += v;
  std::vector<int64_t> nb_flat, group_of;
  std::vector<float> mask_flat, geo_rows;  // geo_rows: [M, 3]
  m.class_positions.assign(static_cast<size_t>(n_classes), {});
  const int64_t share_k = std::min<int64_t>(10, x.rows - 1);
  for (int64_t c = 0; c < n_classes; ++c) {
    if (m.n_new[c] <= 0) continue;
    const auto rows = rows_of_class(y, c);
    const int64_t nc = static_cast<int64_t>(rows.size());
    const int64_t kc = std::min(m.K, nc - 1);
    const Matrix xc = take_rows(x, rows);
    KnnResult nn;
    if (kc > 0) nn = knn_self(xc, kc);
    const auto other = other_class_neighbours(x, y, rows, share_k);
    KnnResult on;  // inputs=geometry: the nearest row of the other classes
    if (o.geometry) {
      std::vector<int64_t> other_rows;
      for (int64_t i = 0; i < x.rows; ++i)
        if (y[i] != c) other_rows.push_back(i);
      if (!other_rows.empty()) on = knn(xc, take_rows(x, other_rows), 1);
    }
    // Groups: cohorts by k-means (cohort variant) or the whole class (self).
    std::vector<int64_t> member_group(static_cast<size_t>(nc), 0);
    int64_t n_groups = 1;
    Matrix centroids;
    if (o.cohort) {
      n_groups = o.cohorts > 0 ? std::min(o.cohorts, nc)
                               : std::max<int64_t>(1, std::llround(std::sqrt(static_cast<double>(nc) / 2.0)));
      const KMeansResult km = kmeans(xc, n_groups, rng);
      member_group = km.labels;
    }
    const int64_t group_base = static_cast<int64_t>(m.groups.size());
    for (int64_t g = 0; g < n_groups; ++g) {
      PolicyGroup pg;
      pg.class_index = c;
      pg.cohort = g;
      pg.centroid.assign(static_cast<size_t>(x.cols), 0.0f);
      m.groups.push_back(pg);
    }
    // Geometry, scale-free: distances in units of the class's mean spacing to its own neighbours.
    std::vector<double> spacing(static_cast<size_t>(nc), 0.0);
    double mean_spacing = 0;
    for (int64_t i = 0; i < nc; ++i) {
      for (int64_t j = 0; j < kc; ++j) spacing[i] += std::sqrt(static_cast<double>(nn.distance(i, j))) / static_cast<double>(kc);
      mean_spacing += spacing[i] / static_cast<double>(nc);
    }
    if (!(mean_spacing > 0)) mean_spacing = 1;
    for (int64_t i = 0; i < nc; ++i) {
      PolicyGroup& pg = m.groups[group_base + member_group[i]];
      ++pg.size;
      pg.other_class_share += static_cast<double>(other[i]) / static_cast<double>(share_k);
      for (int64_t j = 0; j < x.cols; ++j) pg.centroid[j] += xc.at(i, j);
      m.class_positions[c].push_back(static_cast<int64_t>(m.minority.size()));
      m.minority.push_back(rows[i]);
      m.minority_class.push_back(c);
      group_of.push_back(group_base + member_group[i]);
      for (int64_t j = 0; j < m.K; ++j) {
        // Neighbours beyond the class's own k are padded with its last one and masked out.
        const int64_t jj = std::min(j, kc - 1);
        nb_flat.push_back(kc > 0 ? rows[nn.index(i, jj)] : rows[i]);
      }
      for (int64_t j = 0; j < n_logits; ++j)
        mask_flat.push_back(j >= 2 + std::max<int64_t>(kc, 1) && j < 2 + m.K ? -1e9f : 0.0f);
      const double d_other = on.k > 0 ? std::sqrt(static_cast<double>(on.distance(i, 0))) : 10 * mean_spacing;
      geo_rows.push_back(static_cast<float>(other[i]) / static_cast<float>(share_k));
      geo_rows.push_back(static_cast<float>(std::min(10.0, d_other / mean_spacing)));
      geo_rows.push_back(static_cast<float>(std::min(10.0, spacing[i] / mean_spacing)));
    }
    for (int64_t g = 0; g < n_groups; ++g) {
      PolicyGroup& pg = m.groups[group_base + g];
      if (pg.size == 0) continue;
      pg.other_class_share /= static_cast<double>(pg.size);
      for (auto& v : pg.centroid) v /= static_cast<float>(pg.size);
    }
  }
  const int64_t M = static_cast<int64_t>(m.minority.size());
  // The policy's input per minority row: the row (self) or its cohort's centroid (cohort), and with
  // inputs=geometry the row's (self) or the cohort's mean danger, distance to the other class, spacing.
  const int64_t din = policy_inputs_of(o, x.cols);
  std::vector<float> policy_in;
  policy_in.reserve(static_cast<size_t>(M * din));
  std::vector<double> group_geo(m.groups.size() * kGeometryInputs, 0.0);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < kGeometryInputs; ++j)
      group_geo[group_of[i] * kGeometryInputs + j] += geo_rows[i * kGeometryInputs + j] / static_cast<double>(m.groups[group_of[i]].size);
  for (int64_t i = 0; i < M; ++i) {
    const PolicyGroup& g = m.groups[group_of[i]];
    if (o.cohort) {
      policy_in.insert(policy_in.end(), g.centroid.begin(), g.centroid.end());
    } else {
      policy_in.insert(policy_in.end(), x.row(m.minority[i]), x.row(m.minority[i]) + x.cols);
    }
    if (o.geometry)
      for (int64_t j = 0; j < kGeometryInputs; ++j)
        policy_in.push_back(o.cohort ? static_cast<float>(group_geo[group_of[i] * kGeometryInputs + j]) : geo_rows[i * kGeometryInputs + j]);
  }
  const auto long_opts = at::TensorOptions().dtype(at::kLong);
  const auto float_opts = at::TensorOptions().dtype(at::kFloat);
  m.x_dev = view_tensor(m.train_x).to(m.device);
  m.minority_rows_t = at::tensor(m.minority, long_opts).to(m.device);
  m.labels_t = at::tensor(m.minority_class, long_opts).to(m.device);
  m.neighbours_t = at::tensor(nb_flat, long_opts).reshape({M, m.K}).to(m.device);
  m.k_mask_t = at::tensor(mask_flat, float_opts).reshape({M, n_logits}).to(m.device);
  m.group_t = at::tensor(group_of, long_opts).to(m.device);
  m.policy_in_t = at::tensor(policy_in, float_opts).reshape({M, din}).to(m.device);
  m.k_range = at::arange(1, m.K + 1, float_opts).unsqueeze(0).to(m.device);
  m.bins_t = (at::arange(0, kPositionBins, float_opts) * (1.0 / kPositionBins) + 0.5 / kPositionBins).to(m.device);

  // Networks and optimisers (Adam is per parameter: one optimiser per network is the same as one
  // over both, and lets the policy be updated on another objective or frozen).
  m.net = MlpNet(x.cols, o.mlp.hidden, o.mlp.layers, n_classes);
  m.net->reset_parameters(gen);
  m.net->to(m.device);
  m.policy = PolicyNet(din, o.policy_hidden, head_sizes);
  m.policy->reset(gen);
  m.policy->to(m.device);
  if (!o.learned)
    for (auto& p : m.policy->parameters()) p.set_requires_grad(false);
  using torch::optim::Adam;
  using torch::optim::AdamOptions;
  const auto adam = AdamOptions(o.mlp.lr).weight_decay(o.mlp.weight_decay);
  const std::vector<at::Tensor> net_params = m.net->parameters();
  Adam opt(net_params, adam);
  std::unique_ptr<Adam> opt_policy;
  if (o.learned) opt_policy = std::make_unique<Adam>(m.policy->parameters(), adam);

  // class_weight=balanced weighs the classes of the data the classifier sees: real rows plus the
  // synthetic rows of an epoch (as mlp on over-sampled data). The validation objective weighs the
  // real classes (a class-balanced loss).
  at::Tensor weight;
  if (o.mlp.balanced) {
    std::vector<float> w(static_cast<size_t>(n_classes), 0.0f);
    int64_t total = 0;
    for (int64_t c = 0; c < n_classes; ++c) total += counts[c] + m.n_new[c];
    for (int64_t c = 0; c < n_classes; ++c)
      if (counts[c] + m.n_new[c] > 0) w[c] = static_cast<float>(total) / static_cast<float>(n_classes * (counts[c] + m.n_new[c]));
    weight = at::tensor(w).to(m.device);
  }
  const at::Tensor val_weight = class_weights(y, n_classes, true, m.device);
  using torch::nn::functional::cross_entropy;
  using torch::nn::functional::CrossEntropyFuncOptions;

  const at::Tensor y_dev = view_tensor(m.train_y).to(m.device);
  const int64_t n = x.rows;
  int64_t S = 0;
  for (auto v : m.n_new) S += v;
  const int64_t T = n + S;
  const int64_t batch = std::min(o.mlp.batch, T);
  for (int64_t epoch = 0; epoch < o.mlp.epochs; ++epoch) {
    const double frac = o.mlp.epochs > 1 ? static_cast<double>(epoch) / static_cast<double>(o.mlp.epochs - 1) : 0.0;
    double tau = o.tau;
    if (o.anneal == "linear") tau = o.tau + (o.tau_min - o.tau) * frac;
    if (o.anneal == "exponential") tau = o.tau * std::pow(o.tau_min / o.tau, frac);
    const bool train_policy = o.learned && epoch >= o.warmup;
    const bool joint_policy = train_policy && !o.validation;
    const at::Tensor anchors = m.epoch_anchors(gen);
    const at::Tensor slots = at::randperm(T, gen, long_opts);
    EpochDiagnostics ed;
    ed.k_histogram.assign(static_cast<size_t>(m.K), 0);
    ed.aggregation_histogram.assign(static_cast<size_t>(A), 0);
    // Epoch totals stay on the device; read once per epoch (no per-batch synchronisation).
    at::Tensor participated = at::zeros({}, long_opts.device(m.device));
    at::Tensor k_hist = at::zeros({m.K}, long_opts.device(m.device));
    at::Tensor a_hist = at::zeros({A}, long_opts.device(m.device));
    at::Tensor total_loss = at::zeros({}, at::TensorOptions().dtype(at::kDouble).device(m.device));
    for (int64_t start = 0; start < T; start += batch) {
      const at::Tensor sl = slots.slice(0, start, std::min(start + batch, T));
      const at::Tensor is_real = sl < n;
      const at::Tensor real = sl.masked_select(is_real).to(m.device);
      const at::Tensor syn_pos = anchors.index_select(0, sl.masked_select(~is_real) - n).to(m.device);
      const at::Tensor xr = m.x_dev.index_select(0, real), yr = y_dev.index_select(0, real);
      at::Tensor xb = xr, yb = yr, wb = at::ones({xr.size(0)}, xr.options());
      at::Tensor joint_entropy;  // joint objective with entropy > 0: the bonus joins the loss
      if (syn_pos.size(0) > 0) {
        Decisions dec = m.synthesize(o, syn_pos, tau, gen);
        if (train_policy && o.validation) {
          // One-step look-ahead on the validation loss, to first order: a classifier step on the
          // synthetic rows lowers L_val by lr * grad L_syn . grad L_val, so the policy maximises that
          // alignment; each row's term is the directional derivative of its loss along grad L_val
          // (a central difference).
          const at::Tensor lv = cross_entropy(m.net->forward(xr), yr, CrossEntropyFuncOptions().weight(val_weight));
          const auto g = torch::autograd::grad({lv}, net_params);
          at::Tensor norm2 = at::zeros({}, xr.options());
          for (const auto& gi : g) norm2 = norm2 + gi.pow(2).sum();
          const double h = 1e-2;
          const at::Tensor step = h / (norm2.sqrt() + 1e-12);
          std::vector<at::Tensor> plus, minus;
          for (size_t i = 0; i < g.size(); ++i) {
            plus.push_back(net_params[i].detach() + step * g[i]);
            minus.push_back(net_params[i].detach() - step * g[i]);
          }
          const auto none = CrossEntropyFuncOptions().reduction(torch::kNone);
          const at::Tensor align = (cross_entropy(mlp_forward_with(plus, dec.rows), dec.labels, none) -
                                    cross_entropy(mlp_forward_with(minus, dec.rows), dec.labels, none)) / (2 * h);
          const at::Tensor cw = weight.defined() ? weight.index_select(0, dec.labels) : at::ones_like(align);
          at::Tensor jp = -(cw * dec.keep * align).sum() / static_cast<double>(sl.size(0));
          if (dec.entropy.defined()) jp = jp - o.entropy * dec.entropy;
          opt_policy->zero_grad();
          jp.backward();
          opt_policy->step();
        }
        const at::Tensor rows = joint_policy ? dec.rows : dec.rows.detach();
        const at::Tensor keep = joint_policy ? dec.keep : dec.keep.detach();
        xb = at::cat({xb, rows}, 0);
        yb = at::cat({yb, dec.labels}, 0);
        wb = at::cat({wb, keep}, 0);
        participated += dec.part.sum();
        k_hist += at::bincount(dec.k, {}, m.K);
        a_hist += at::bincount(dec.agg, {}, A);
        if (joint_policy) joint_entropy = dec.entropy;
      }
      if (weight.defined()) wb = wb * weight.index_select(0, yb);
      const at::Tensor ce = cross_entropy(m.net->forward(xb), yb, CrossEntropyFuncOptions().reduction(torch::kNone));
      at::Tensor loss = (wb * ce).sum() / wb.sum().clamp_min(1e-12);
      total_loss += loss.detach().to(at::kDouble) * static_cast<double>(xb.size(0));
      if (joint_entropy.defined()) loss = loss - o.entropy * joint_entropy;
      opt.zero_grad();
      if (opt_policy) opt_policy->zero_grad();
      loss.backward();
      opt.step();
      if (joint_policy) opt_policy->step();
    }
    const at::Tensor kh = k_hist.cpu(), ah = a_hist.cpu();
    for (int64_t j = 0; j < m.K; ++j) ed.k_histogram[j] = kh[j].item<int64_t>();
    for (int64_t j = 0; j < A; ++j) ed.aggregation_histogram[j] = ah[j].item<int64_t>();
    ed.participation_rate = S > 0 ? static_cast<double>(participated.item<int64_t>()) / static_cast<double>(S) : 0.0;
    ed.loss = total_loss.item<double>() / static_cast<double>(T);
    if (ctx.log) {
      std::string line = "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(o.mlp.epochs) + " loss " +
                         format_number(ed.loss) + " tau " + format_number(tau) + " participation " +
                         format_number(ed.participation_rate) + " k [";
      for (size_t j = 0; j < ed.k_histogram.size(); ++j) line += (j ? " " : "") + std::to_string(ed.k_histogram[j]);
      line += "] aggregation [";
      for (size_t j = 0; j < ed.aggregation_histogram.size(); ++j)
        line += (j ? " " : "") + std::to_string(ed.aggregation_histogram[j]);
      line += "]";
      ctx.log(line);
    }
    m.diag.push_back(std::move(ed));
  }

  // The learned policy per group (self: averaged over the class's rows).
  if (M > 0) {
    const auto probs = m.probabilities();
    const at::Tensor pp = probs[0].cpu(), pk = probs[1].cpu(), pa = probs[2].cpu();
    for (auto& g : m.groups) {
      g.participation = 0;
      g.k_probs.assign(static_cast<size_t>(m.K), 0.0);
      g.aggregation_probs.assign(static_cast<size_t>(A), 0.0);
      g.position_probs.assign(probs.size() > 3 ? static_cast<size_t>(kPositionBins) : 0, 0.0);
    }
    const at::Tensor pl = probs.size() > 3 ? probs[3].cpu() : at::Tensor();
    for (int64_t i = 0; i < M; ++i) {
      const int64_t gi = group_of[i];
      PolicyGroup& g = m.groups[gi];
      m.row_policies.push_back({m.minority[i], gi, pp[i][1].item<double>()});
      const double w = 1.0 / static_cast<double>(g.size);
      g.participation += w * pp[i][1].item<double>();
      for (int64_t j = 0; j < m.K; ++j) g.k_probs[j] += w * pk[i][j].item<double>();
      for (int64_t j = 0; j < A; ++j) g.aggregation_probs[j] += w * pa[i][j].item<double>();
      for (size_t j = 0; j < g.position_probs.size(); ++j) g.position_probs[j] += w * pl[i][static_cast<int64_t>(j)].item<double>();
    }
  }
}

Matrix AutoSmote::predict_proba(const Matrix& x) const {
  return predict_with(impl_->net, impl_->in, impl_->classes, impl_->device, x, "auto-smote");
}

std::vector<std::string> AutoSmote::collapse_warnings() const {
  std::vector<std::string> out;
  const auto& groups = impl_->groups;
  if (groups.empty()) return out;
  auto collapsed = [&](auto get) {
    for (const auto& g : groups) {
      const std::vector<double> p = get(g);
      if (p.size() < 2 || *std::max_element(p.begin(), p.end()) <= 0.99) return false;
    }
    return true;
  };
  if (collapsed([](const PolicyGroup& g) { return std::vector<double>{1 - g.participation, g.participation}; }))
    out.push_back("auto-smote: the participation decision is deterministic (> 0.99) in every group");
  if (collapsed([](const PolicyGroup& g) { return g.k_probs; }))
    out.push_back("auto-smote: the k decision is deterministic (> 0.99) in every group");
  if (collapsed([](const PolicyGroup& g) { return g.aggregation_probs; }))
    out.push_back("auto-smote: the aggregation decision is deterministic (> 0.99) in every group");
  return out;
}

Resampled AutoSmote::generate(const std::vector<int64_t>& n_new, uint64_t seed) const {
  Impl& m = *impl_;
  if (!m.policy || !m.x_dev.defined())
    throw InputError("auto-smote: generating rows needs the training data of this fit (fit first, in this process)");
  at::NoGradGuard guard;
  at::Generator gen = make_generator(seed);
  std::vector<int64_t> saved = m.n_new;
  m.n_new = n_new;
  at::Tensor anchors = m.epoch_anchors(gen).to(m.device);
  m.n_new = saved;
  if (options_.skip) {
    // participation=skip: anchors drawn in proportion to P(participate), so that the rows go where
    // the policy puts them and every class still gets exactly n_new rows.
    const at::Tensor p = m.probabilities()[0].select(1, 1).cpu().contiguous();
    std::vector<at::Tensor> parts;
    for (size_t c = 0; c < m.class_positions.size(); ++c) {
      const auto& pos = m.class_positions[c];
      if (pos.empty() || c >= n_new.size() || n_new[c] <= 0) continue;
      const at::Tensor idx = at::tensor(pos, at::TensorOptions().dtype(at::kLong));
      const at::Tensor w = p.index_select(0, idx).clamp_min(1e-6);
      parts.push_back(idx.index_select(0, at::multinomial(w, n_new[c], /*replacement=*/true, gen)));
    }
    anchors = parts.empty() ? anchors : at::cat(parts).to(m.device);
  }
  Resampled out;
  out.x = Matrix(0, m.in);
  if (anchors.size(0) == 0) return out;
  Decisions d = m.synthesize(options_, anchors, options_.tau_min, gen, /*force=*/true);
  out.x = to_matrix(d.rows);
  const at::Tensor labels = d.labels.cpu();
  out.y.assign(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + labels.numel());
  // Rows in class order, as every sampler returns them.
  std::vector<int64_t> order(out.y.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return out.y[a] < out.y[b]; });
  out.x = take_rows(out.x, order);
  out.y = take(out.y, order);
  return out;
}

// ---------------------------------------------------------------- state

nlohmann::json AutoSmote::state() const {
  const Impl& m = *impl_;
  if (!m.net) throw InputError("auto-smote: cannot save an unfitted model");
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : m.groups)
    groups.push_back({{"class", g.class_index}, {"cohort", g.cohort}, {"size", g.size}, {"other_class_share", g.other_class_share},
                      {"centroid", g.centroid}, {"participation", g.participation}, {"k_probs", g.k_probs},
                      {"aggregation_probs", g.aggregation_probs}, {"position_probs", g.position_probs}});
  nlohmann::json diag = nlohmann::json::array();
  for (const auto& e : m.diag)
    diag.push_back({{"participation_rate", e.participation_rate}, {"k_histogram", e.k_histogram},
                    {"aggregation_histogram", e.aggregation_histogram}, {"loss", e.loss}});
  return {{"in", m.in},         {"classes", m.classes}, {"K", m.K},           {"n_new", m.n_new},
          {"groups", groups},   {"diagnostics", diag},  {"classifier", params_to_json(*m.net)},
          {"policy", params_to_json(*m.policy)}};
}

void AutoSmote::load_state(const nlohmann::json& state) {
  const AutoSmoteOptions& o = options_;
  const JsonField s(state, "state");
  // Sizes first, then everything checked against them and the spec, before any network is built.
  const int64_t in = s.at("in").integer(1, kMaxModelSize);
  const int64_t classes = s.at("classes").integer(2, kMaxModelSize);
  const int64_t K = s.at("K").integer(1, o.k_max);
  const int64_t A = static_cast<int64_t>(o.aggregations.size());
  const int64_t P = o.position_bins ? kPositionBins : 0;
  const std::vector<int64_t> n_new = s.at("n_new").integers(classes, 0, kMaxModelSize);
  int64_t synthetic_per_epoch = 0;  // fit makes sum(n_new) synthetic rows every epoch
  for (int64_t v : n_new)
    if ((synthetic_per_epoch += v) > kMaxModelSize) s.at("n_new").fail("adds up to more than " + std::to_string(kMaxModelSize) + " rows");
  // Probabilities and shares are averages over a group's rows: allow their rounding above 1.
  const double max_probability = 1 + 1e-6;
  const double float_max = std::numeric_limits<float>::max();
  // A group per cohort of every class that gets new rows (self: one per class).
  std::vector<PolicyGroup> groups;
  std::vector<bool> class_has_group(static_cast<size_t>(classes), false);
  int64_t grouped_rows = 0;
  for (const JsonField& g : s.at("groups").items()) {
    PolicyGroup pg;
    pg.class_index = g.at("class").integer(0, classes - 1);
    if (n_new[static_cast<size_t>(pg.class_index)] == 0)
      g.at("class").fail("is " + std::to_string(pg.class_index) + ", a class that gets no new rows (state.n_new)");
    class_has_group[static_cast<size_t>(pg.class_index)] = true;
    pg.cohort = g.at("cohort").integer(0, kMaxModelSize);
    pg.size = g.at("size").integer(0, kMaxModelSize);
    grouped_rows += pg.size;
    if (grouped_rows > kMaxModelSize) g.at("size").fail("makes the groups hold more than " + std::to_string(kMaxModelSize) + " rows");
    pg.other_class_share = g.at("other_class_share").number(0, max_probability);
    const std::vector<double> centroid = g.at("centroid").numbers(in, -float_max, float_max);
    pg.centroid.assign(centroid.begin(), centroid.end());
    pg.participation = g.at("participation").number(0, max_probability);
    pg.k_probs = g.at("k_probs").numbers(K, 0, max_probability);
    pg.aggregation_probs = g.at("aggregation_probs").numbers(A, 0, max_probability);
    pg.position_probs = g.at("position_probs").numbers(P, 0, max_probability);
    groups.push_back(std::move(pg));
  }
  for (int64_t c = 0; c < classes; ++c)
    if (n_new[static_cast<size_t>(c)] > 0 && !class_has_group[static_cast<size_t>(c)])
      s.at("groups").fail("has no group of class " + std::to_string(c) + ", which gets new rows (state.n_new)");
  // One entry per epoch; each of its histograms counts the epoch's synthetic rows once.
  auto histogram = [&](const JsonField& h, int64_t bins) {
    std::vector<int64_t> counts = h.integers(bins, 0, synthetic_per_epoch);
    int64_t total = 0;
    for (int64_t v : counts) total += v;  // <= 1000 bins of <= 2^40: no overflow
    if (total != synthetic_per_epoch)
      h.fail("counts " + std::to_string(total) + " rows, but an epoch makes " + std::to_string(synthetic_per_epoch) +
             " (the sum of state.n_new)");
    return counts;
  };
  std::vector<EpochDiagnostics> diag;
  for (const JsonField& e : s.at("diagnostics").items(o.mlp.epochs)) {
    EpochDiagnostics ed;
    ed.participation_rate = e.at("participation_rate").number(0, 1);
    ed.k_histogram = histogram(e.at("k_histogram"), K);
    ed.aggregation_histogram = histogram(e.at("aggregation_histogram"), A);
    ed.loss = e.at("loss").number();
    diag.push_back(std::move(ed));
  }
  const JsonField classifier = s.at("classifier"), policy = s.at("policy");
  const auto net_params =
      params_from_json(classifier.value(), mlp_param_shapes(in, o.mlp.hidden, o.mlp.layers, classes), classifier.path());
  const int64_t policy_in = policy_inputs_of(o, in);
  const std::vector<int64_t> heads = head_sizes_of(o, K);
  const auto policy_params = params_from_json(policy.value(), policy_param_shapes(policy_in, o.policy_hidden, heads), policy.path());

  Impl& m = *impl_;
  m = Impl();
  m.in = in;
  m.classes = classes;
  m.K = K;
  m.n_new = n_new;
  m.groups = std::move(groups);
  m.diag = std::move(diag);
  m.net = MlpNet(in, o.mlp.hidden, o.mlp.layers, classes);
  set_params(*m.net, net_params);
  m.policy = PolicyNet(policy_in, o.policy_hidden, heads);
  set_params(*m.policy, policy_params);
}

// ---------------------------------------------------------------- explain

static std::string centroid_summary(const PolicyGroup& g, const std::vector<PolicyGroup>& groups,
                                    const std::vector<std::string>& names) {
  // The three features where the cohort centroid is furthest from its class's mean.
  std::vector<double> mean(g.centroid.size(), 0.0);
  int64_t total = 0;
  for (const auto& o : groups)
    if (o.class_index == g.class_index) {
      for (size_t j = 0; j < mean.size(); ++j) mean[j] += static_cast<double>(o.centroid[j]) * static_cast<double>(o.size);
      total += o.size;
    }
  std::vector<std::pair<double, size_t>> diff;
  for (size_t j = 0; j < mean.size(); ++j) diff.emplace_back(static_cast<double>(g.centroid[j]) - mean[j] / std::max<int64_t>(total, 1), j);
  std::sort(diff.begin(), diff.end(), [](auto& a, auto& b) { return std::fabs(a.first) > std::fabs(b.first); });
  std::string out;
  char buf[160];
  for (size_t i = 0; i < std::min<size_t>(3, diff.size()); ++i) {
    const size_t j = diff[i].second;
    std::snprintf(buf, sizeof buf, "%s%s %+.2f", i ? ", " : "", j < names.size() ? names[j].c_str() : ("x" + std::to_string(j)).c_str(),
                  diff[i].first);
    out += buf;
  }
  return out;
}

// Spearman rank correlation between the groups' danger and P(participate), over the groups of
// every class weighted alike (NaN with fewer than 3 groups or no variation): does the policy send
// borderline cohorts to participate and keep safe ones out (> 0), or the reverse (< 0)?
double danger_participation_correlation(const std::vector<PolicyGroup>& groups) {
  if (groups.size() < 3) return std::nan("");
  std::vector<double> danger, part;
  for (const auto& g : groups) danger.push_back(g.other_class_share), part.push_back(g.participation);
  const std::vector<double> a = rank_row(danger), b = rank_row(part);  // Spearman: Pearson of the ranks
  const double n = static_cast<double>(groups.size()), mean = (n + 1) / 2;
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    sab += (a[i] - mean) * (b[i] - mean);
    saa += (a[i] - mean) * (a[i] - mean);
    sbb += (b[i] - mean) * (b[i] - mean);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : std::nan("");
}

std::string explain_text(const AutoSmote& model, const std::vector<std::string>& class_names,
                         const std::vector<std::string>& feature_names) {
  const auto groups = model.policy_groups();
  const auto& o = model.options();
  std::string out;
  char buf[512];
  std::vector<std::string> aggs;
  for (auto a : o.aggregations) aggs.push_back(aggregation_name(a));
  out += "AutoSMOTE (Kishanthan & Hevapathige, 2025), variant " + std::string(o.cohort ? "cohort" : "self") + ", policy " +
         (o.learned ? "learned" : "random (never trained)") + ", aggregations " + join(aggs, "/") + "\n";
  out += "Probabilities of the policy without noise; 'danger' = share of other-class rows among the 10 nearest\n"
         "rows of the group's members (0 = safe interior, 1 = surrounded by other classes).\n";
  int64_t last_class = -1;
  for (const auto& g : groups) {
    if (g.class_index != last_class) {
      last_class = g.class_index;
      int64_t n_groups = 0, rows = 0;
      for (const auto& h : groups)
        if (h.class_index == g.class_index) ++n_groups, rows += h.size;
      const std::string name = g.class_index < static_cast<int64_t>(class_names.size()) ? class_names[g.class_index]
                                                                                       : std::to_string(g.class_index);
      std::snprintf(buf, sizeof buf, "\nclass '%s': %lld rows, %lld %s\n", name.c_str(), static_cast<long long>(rows),
                    static_cast<long long>(n_groups), o.cohort ? "cohorts" : "group (self: averaged over rows)");
      out += buf;
      std::string head = "  cohort  size  danger  P(part)  E[k]  P(k=1..K)";
      head += std::string(std::max<int64_t>(0, static_cast<int64_t>(g.k_probs.size()) * 5 - 9), ' ') + "  P(aggregation: " + join(aggs, "/") + ")" +
              (g.position_probs.empty() ? "" : "  E[lambda]") + "  centroid vs class mean\n";
      out += head;
    }
    double ek = 0;
    std::string kp, ap;
    for (size_t j = 0; j < g.k_probs.size(); ++j) {
      ek += static_cast<double>(j + 1) * g.k_probs[j];
      std::snprintf(buf, sizeof buf, "%s%.2f", j ? " " : "", g.k_probs[j]);
      kp += buf;
    }
    for (size_t j = 0; j < g.aggregation_probs.size(); ++j) {
      std::snprintf(buf, sizeof buf, "%s%.2f", j ? " " : "", g.aggregation_probs[j]);
      ap += buf;
    }
    if (!g.position_probs.empty()) {
      double el = 0;
      for (size_t j = 0; j < g.position_probs.size(); ++j)
        el += g.position_probs[j] * (static_cast<double>(j) + 0.5) / static_cast<double>(kPositionBins);
      std::snprintf(buf, sizeof buf, "  %9.2f", el);
      ap += buf;
    }
    std::snprintf(buf, sizeof buf, "  %6lld  %4lld  %6.2f  %7.2f  %4.1f  %s  %s  %s\n", static_cast<long long>(g.cohort),
                  static_cast<long long>(g.size), g.other_class_share, g.participation, ek, kp.c_str(), ap.c_str(),
                  centroid_summary(g, groups, feature_names).c_str());
    out += buf;
  }
  const auto& diag = model.diagnostics();
  if (!diag.empty()) {
    auto line = [&](const char* label, const EpochDiagnostics& e) {
      std::string ks, as;
      for (size_t j = 0; j < e.k_histogram.size(); ++j) ks += (j ? " " : "") + std::to_string(e.k_histogram[j]);
      for (size_t j = 0; j < e.aggregation_histogram.size(); ++j) as += (j ? " " : "") + std::to_string(e.aggregation_histogram[j]);
      std::snprintf(buf, sizeof buf, "  %-12s participation %.3f  k [%s]  aggregation [%s]  loss %.4f\n", label,
                    e.participation_rate, ks.c_str(), as.c_str(), e.loss);
      out += buf;
    };
    out += "\ntraining (rows per decision in the epoch)\n";
    line("first epoch", diag.front());
    line("last epoch", diag.back());
  }
  const double rho = danger_participation_correlation(groups);
  if (!std::isnan(rho)) {
    std::snprintf(buf, sizeof buf,
                  "\nSpearman correlation of danger and P(participate) over the %zu groups: %+.2f (> 0: borderline groups\n"
                  "participate more, < 0: safe groups do)\n",
                  groups.size(), rho);
    out += buf;
  }
  for (const auto& w : model.collapse_warnings()) out += "warning: " + w + "\n";
  return out;
}

nlohmann::json explain_json(const AutoSmote& model, const std::vector<std::string>& class_names,
                            const std::vector<std::string>& feature_names) {
  const auto groups = model.policy_groups();
  nlohmann::json gj = nlohmann::json::array();
  for (const auto& g : groups) {
    const std::string name = g.class_index < static_cast<int64_t>(class_names.size()) ? class_names[g.class_index]
                                                                                     : std::to_string(g.class_index);
    gj.push_back({{"class", name}, {"cohort", g.cohort}, {"size", g.size}, {"danger", g.other_class_share},
                  {"participation", g.participation}, {"k_probs", g.k_probs}, {"aggregation_probs", g.aggregation_probs},
                  {"position_probs", g.position_probs},
                  {"centroid", g.centroid}, {"centroid_summary", centroid_summary(g, groups, feature_names)}});
  }
  std::vector<std::string> aggs;
  for (auto a : model.options().aggregations) aggs.push_back(aggregation_name(a));
  nlohmann::json diag = nlohmann::json::array();
  for (const auto& e : model.diagnostics())
    diag.push_back({{"participation_rate", e.participation_rate}, {"k_histogram", e.k_histogram},
                    {"aggregation_histogram", e.aggregation_histogram}, {"loss", e.loss}});
  const double rho = danger_participation_correlation(groups);
  return {{"spec", model.spec()}, {"aggregations", aggs}, {"feature_names", feature_names}, {"groups", gj},
          {"danger_participation_spearman", std::isnan(rho) ? nlohmann::json(nullptr) : nlohmann::json(rho)},
          {"diagnostics", diag}, {"warnings", model.collapse_warnings()}};
}

// ---------------------------------------------------------------- as a sampler

Resampled AutoSmoteSampler::make_rows(const Job& job, Rng& rng) const {
  AutoSmoteOptions o = options_;
  // Train towards exactly the targets the base class resolved (per-class counts by index).
  const auto counts = class_counts(job.y, job.n_classes);
  std::vector<std::string> parts;
  for (size_t c = 0; c < job.n_new.size(); ++c)
    parts.push_back(std::to_string(c) + ":" + std::to_string(counts[c] + job.n_new[c]));
  o.sampling_strategy = join(parts, "/");
  AutoSmote model(o);
  FitContext ctx;
  ctx.seed = rng.next_u64() >> 1;
  ctx.device = job.context.device;
  model.fit(job.x, job.y, job.n_classes, ctx);
  Resampled out = model.generate(job.n_new, rng.next_u64() >> 1);
  out.warnings = model.collapse_warnings();
  return out;
}

}  // namespace autosmote
