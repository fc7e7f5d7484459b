#include "autosmote/models/auto_smote.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "autosmote/core/error.h"
#include "autosmote/core/random.h"
#include "autosmote/neighbors/kmeans.h"
#include "autosmote/neighbors/knn.h"
#include "nn/candidates.h"
#include "nn/gumbel.h"
#include "nn/mlp_net.h"
#include "nn/torch_utils.h"
#include "oversampling/smote_core.h"

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
  o.policy_hidden = r.get_int("policy_hidden", o.policy_hidden, 1, 1 << 20);
  o.learned = r.get_choice("policy", "learned", {"learned", "random"}) == "learned";
  o.alternating = r.get_choice("objective", "joint", {"joint", "alternating"}) == "alternating";
  o.sampling_strategy = SamplingStrategy::parse(r.get_string("sampling_strategy", "auto")).str();
  o.mlp = MlpOptions::read(r);
  return o;
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
  if (alternating) parts.push_back("objective=alternating");
  if (sampling_strategy != "auto") parts.push_back("sampling_strategy=" + sampling_strategy);
  mlp.append_spec(parts);
  return parts.empty() ? "auto-smote" : "auto-smote:" + join(parts, ",");
}

// ---------------------------------------------------------------- policy network

namespace {

// Trunk d -> hidden -> ReLU and the three heads (participation 2, k K, aggregation A) stored as
// one linear layer of 2 + K + A outputs (fewer tensors per optimiser step; the same function).
class PolicyNetImpl : public torch::nn::Module {
 public:
  PolicyNetImpl(int64_t in, int64_t hidden, int64_t k, int64_t a)
      : k_(k), a_(a),
        trunk(register_module("trunk", torch::nn::Linear(in, hidden))),
        heads(register_module("heads", torch::nn::Linear(hidden, 2 + k + a))) {
    // Gather map from the [2 + K + A + 1] logits (last: a -1e9 pad) to a [3, L] block, one row
    // per head, so the three relaxed decisions are computed by one batched softmax.
    const int64_t L = std::max<int64_t>({2, k, a});
    std::vector<int64_t> idx(static_cast<size_t>(3 * L), 2 + k + a);
    for (int64_t j = 0; j < 2; ++j) idx[j] = j;
    for (int64_t j = 0; j < k; ++j) idx[L + j] = 2 + j;
    for (int64_t j = 0; j < a; ++j) idx[2 * L + j] = 2 + k + j;
    block_index_ = register_buffer("block_index", at::tensor(idx, at::TensorOptions().dtype(at::kLong)));
  }
  void reset(at::Generator& gen) {
    init_linear(*trunk, gen);
    init_linear(*heads, gen);
  }
  at::Tensor forward(const at::Tensor& u) { return heads->forward(at::relu(trunk->forward(u))); }  // [m, 2 + K + A]
  // Logits (+ any additive term) -> [m, 3, L] blocks padded with -1e9.
  at::Tensor blocks(const at::Tensor& logits) const {
    const int64_t m = logits.size(0), L = block_index_.size(0) / 3;
    const at::Tensor padded = at::cat({logits, at::full({m, 1}, -1e9, logits.options())}, 1);
    return padded.index_select(1, block_index_).view({m, 3, L});
  }
  int64_t k_, a_;
  torch::nn::Linear trunk, heads;
  at::Tensor block_index_;
};
TORCH_MODULE(PolicyNet);

struct Decisions {
  at::Tensor rows;  // [m, d] synthetic rows
  at::Tensor labels;
  at::Tensor part, k, agg;  // chosen indices (for diagnostics)
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
  at::Tensor k_mask_t;              // [M, 2 + K + A] float, 0 or -1e9 (k beyond the class's neighbours)
  at::Tensor group_t;               // [M] long, device: group of each minority row
  at::Tensor centroids_t;           // [G, d] device
  at::Tensor k_range;               // [1, K] float, device: 1..K

  Decisions synthesize(const AutoSmoteOptions& o, const at::Tensor& pos, double tau, at::Generator& gen) {
    const int64_t m = pos.size(0), d = in, A = static_cast<int64_t>(o.aggregations.size());
    // All uniforms of the batch in one draw: Gumbel noise for the three heads, then the
    // interpolation's neighbour choice r_k and position lambda_k for every k.
    const at::Tensor uni = at::rand({m, 2 + K + A + 2 * K}, gen).to(device);
    const at::Tensor gumbel = -(-uni.slice(1, 0, 2 + K + A).clamp(1e-10, 1.0 - 1e-7).log()).log();
    const at::Tensor rows = minority_rows_t.index_select(0, pos);
    const at::Tensor x = x_dev.index_select(0, rows);  // [m, d]
    const at::Tensor u = o.cohort ? centroids_t.index_select(0, group_t.index_select(0, pos)) : x;
    // Straight-through Gumbel-Softmax for the three heads at once (see nn/gumbel.h).
    const at::Tensor z = straight_through_gumbel(policy->blocks(policy->forward(u) + k_mask_t.index_select(0, pos) + gumbel), tau);
    const at::Tensor zp = z.select(1, 0).slice(1, 0, 2), zk = z.select(1, 1).slice(1, 0, K), za = z.select(1, 2).slice(1, 0, A);
    const at::Tensor nb_idx = neighbours_t.index_select(0, pos);  // [m, K] global rows
    at::Tensor nb;  // [m, K, d], only when an aggregation needs every neighbour
    std::vector<at::Tensor> cands;
    for (Aggregation a : o.aggregations) {
      if (a == Aggregation::kInterpolate) {
        // For each k: a neighbour r uniform in 1..k, a position lambda ~ U(0, 1).
        const at::Tensor r = (uni.slice(1, 2 + K + A, 2 + 2 * K + A) * k_range).floor().to(at::kLong);  // in [0, k)
        const at::Tensor lam = uni.slice(1, 2 + 2 * K + A, 2 + 3 * K + A).unsqueeze(2);
        const at::Tensor picked = x_dev.index_select(0, nb_idx.gather(1, r).reshape({-1})).view({m, K, d});
        cands.push_back(interpolate_candidates(x, picked, lam));
        continue;
      }
      if (!nb.defined()) nb = x_dev.index_select(0, nb_idx.reshape({-1})).view({m, K, d});
      cands.push_back(a == Aggregation::kMax ? max_candidates(x, nb)
                      : a == Aggregation::kMin ? min_candidates(x, nb) : mean_candidates(x, nb));
    }
    Decisions out;
    out.rows = compose_synthetic(zp, zk, za, cands, x);
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

  // Policy probabilities (no noise) for inputs u: {P(part), P(k), P(agg)}.
  std::vector<at::Tensor> probabilities(const at::Tensor& u, const at::Tensor& k_mask) {
    at::NoGradGuard guard;
    const at::Tensor p = at::softmax(policy->blocks(policy->forward(u) + k_mask), -1);
    const int64_t A = policy->a_;
    return {p.select(1, 0).slice(1, 0, 2), p.select(1, 1).slice(1, 0, K), p.select(1, 2).slice(1, 0, A)};
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
  m.train_x = x;
  m.train_y = y;
  const auto counts = class_counts(y, n_classes);
  m.n_new = SamplingStrategy::parse(o.sampling_strategy).resolve(counts);
  for (int64_t c = 0; c < n_classes; ++c)
    if (counts[c] == 0) m.n_new[c] = 0;
  Rng rng(derive_seed(ctx.seed, 10));
  at::Generator gen = make_generator(derive_seed(ctx.seed, 11));

  // Neighbourhoods, cohorts and groups of every class that gets new rows.
  int64_t k_max_avail = 1;
  for (int64_t c = 0; c < n_classes; ++c)
    if (m.n_new[c] > 0) k_max_avail = std::max<int64_t>(k_max_avail, counts[c] - 1);
  m.K = std::max<int64_t>(1, std::min(o.k_max, k_max_avail));
  std::vector<int64_t> nb_flat, group_of;
  std::vector<float> mask_flat;
  Matrix centroids(0, x.cols);
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
    // Groups: cohorts by k-means (cohort variant) or the whole class (self).
    std::vector<int64_t> member_group(static_cast<size_t>(nc), 0);
    int64_t n_groups = 1;
    if (o.cohort) {
      n_groups = o.cohorts > 0 ? std::min(o.cohorts, nc)
                               : std::max<int64_t>(1, std::llround(std::sqrt(static_cast<double>(nc) / 2.0)));
      const KMeansResult km = kmeans(xc, n_groups, rng);
      member_group = km.labels;
      for (int64_t g = 0; g < n_groups; ++g) {
        centroids.data.insert(centroids.data.end(), km.centroids.row(g), km.centroids.row(g) + x.cols);
        ++centroids.rows;
      }
    }
    const int64_t group_base = static_cast<int64_t>(m.groups.size());
    for (int64_t g = 0; g < n_groups; ++g) {
      PolicyGroup pg;
      pg.class_index = c;
      pg.cohort = g;
      pg.centroid.assign(static_cast<size_t>(x.cols), 0.0f);
      m.groups.push_back(pg);
    }
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
        mask_flat.push_back(j < std::max<int64_t>(kc, 1) ? 0.0f : -1e9f);
      }
    }
    for (int64_t g = 0; g < n_groups; ++g) {
      PolicyGroup& pg = m.groups[group_base + g];
      if (pg.size == 0) continue;
      pg.other_class_share /= static_cast<double>(pg.size);
      for (auto& v : pg.centroid) v /= static_cast<float>(pg.size);
    }
  }
  const int64_t M = static_cast<int64_t>(m.minority.size());
  const auto long_opts = at::TensorOptions().dtype(at::kLong);
  m.x_dev = view_tensor(m.train_x).to(m.device);
  m.minority_rows_t = at::tensor(m.minority, long_opts).to(m.device);
  m.labels_t = at::tensor(m.minority_class, long_opts).to(m.device);
  m.neighbours_t = at::tensor(nb_flat, long_opts).reshape({M, m.K}).to(m.device);
  // Additive mask over all 2 + K + A logits: -1e9 on k beyond the class's own neighbours.
  const int64_t A = static_cast<int64_t>(o.aggregations.size());
  m.k_mask_t = at::cat({at::zeros({M, 2}), at::tensor(mask_flat, at::TensorOptions().dtype(at::kFloat)).reshape({M, m.K}),
                        at::zeros({M, A})}, 1).to(m.device);
  m.group_t = at::tensor(group_of, long_opts).to(m.device);
  m.k_range = at::arange(1, m.K + 1, at::TensorOptions().dtype(at::kFloat)).unsqueeze(0).to(m.device);
  m.centroids_t = (o.cohort ? view_tensor(centroids).clone() : at::zeros({0, x.cols})).to(m.device);

  // Networks.
  m.net = MlpNet(x.cols, o.mlp.hidden, o.mlp.layers, n_classes);
  m.net->reset_parameters(gen);
  m.net->to(m.device);
  m.policy = PolicyNet(x.cols, o.policy_hidden, m.K, A);
  m.policy->reset(gen);
  m.policy->to(m.device);
  if (!o.learned)
    for (auto& p : m.policy->parameters()) p.set_requires_grad(false);
  using torch::optim::Adam;
  using torch::optim::AdamOptions;
  const auto adam = AdamOptions(o.mlp.lr).weight_decay(o.mlp.weight_decay);
  std::vector<at::Tensor> joint_params = m.net->parameters();
  if (o.learned && !o.alternating)
    for (auto& p : m.policy->parameters()) joint_params.push_back(p);
  Adam opt(joint_params, adam);
  std::unique_ptr<Adam> opt_policy;
  if (o.learned && o.alternating) opt_policy = std::make_unique<Adam>(m.policy->parameters(), adam);

  const at::Tensor weight = class_weights(y, n_classes, o.mlp.balanced, m.device);
  const at::Tensor y_dev = view_tensor(m.train_y).to(m.device);
  const int64_t n = x.rows;
  int64_t S = 0;
  for (auto v : m.n_new) S += v;
  const int64_t T = n + S;
  const int64_t batch = std::min(o.mlp.batch, T);
  int64_t step = 0;
  for (int64_t epoch = 0; epoch < o.mlp.epochs; ++epoch) {
    const double frac = o.mlp.epochs > 1 ? static_cast<double>(epoch) / static_cast<double>(o.mlp.epochs - 1) : 0.0;
    double tau = o.tau;
    if (o.anneal == "linear") tau = o.tau + (o.tau_min - o.tau) * frac;
    if (o.anneal == "exponential") tau = o.tau * std::pow(o.tau_min / o.tau, frac);
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
      at::Tensor xb = m.x_dev.index_select(0, real);
      at::Tensor yb = y_dev.index_select(0, real);
      if (syn_pos.size(0) > 0) {
        Decisions dec = m.synthesize(o, syn_pos, tau, gen);
        xb = at::cat({xb, dec.rows}, 0);
        yb = at::cat({yb, dec.labels}, 0);
        participated += dec.part.sum();
        k_hist += at::bincount(dec.k, {}, m.K);
        a_hist += at::bincount(dec.agg, {}, A);
      }
      const at::Tensor logits = m.net->forward(xb);
      const at::Tensor loss = torch::nn::functional::cross_entropy(
          logits, yb, torch::nn::functional::CrossEntropyFuncOptions().weight(weight));
      opt.zero_grad();
      if (opt_policy) opt_policy->zero_grad();
      loss.backward();
      if (opt_policy && step % 2 == 1) {
        opt_policy->step();  // alternating: policy on odd steps, classifier on even ones
      } else {
        opt.step();
      }
      ++step;
      total_loss += loss.detach().to(at::kDouble) * static_cast<double>(xb.size(0));
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
      ctx.log(line + "]");
    }
    m.diag.push_back(std::move(ed));
  }

  // The learned policy per group (self: averaged over the class's rows).
  if (M > 0) {
    const at::Tensor u = o.cohort ? m.centroids_t.index_select(0, m.group_t) : m.x_dev.index_select(0, m.minority_rows_t);
    const auto probs = m.probabilities(u, m.k_mask_t);
    const at::Tensor pp = probs[0].cpu(), pk = probs[1].cpu(), pa = probs[2].cpu();
    for (auto& g : m.groups) {
      g.participation = 0;
      g.k_probs.assign(static_cast<size_t>(m.K), 0.0);
      g.aggregation_probs.assign(static_cast<size_t>(A), 0.0);
    }
    const at::Tensor group_cpu = m.group_t.cpu();
    for (int64_t i = 0; i < M; ++i) {
      const int64_t gi = group_cpu[i].item<int64_t>();
      PolicyGroup& g = m.groups[gi];
      m.row_policies.push_back({m.minority[i], gi, pp[i][1].item<double>()});
      const double w = 1.0 / static_cast<double>(g.size);
      g.participation += w * pp[i][1].item<double>();
      for (int64_t j = 0; j < m.K; ++j) g.k_probs[j] += w * pk[i][j].item<double>();
      for (int64_t j = 0; j < A; ++j) g.aggregation_probs[j] += w * pa[i][j].item<double>();
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
  const at::Tensor anchors = m.epoch_anchors(gen).to(m.device);
  m.n_new = saved;
  Resampled out;
  out.x = Matrix(0, m.in);
  if (anchors.size(0) == 0) return out;
  Decisions d = m.synthesize(options_, anchors, options_.tau_min, gen);
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
                      {"aggregation_probs", g.aggregation_probs}});
  nlohmann::json diag = nlohmann::json::array();
  for (const auto& e : m.diag)
    diag.push_back({{"participation_rate", e.participation_rate}, {"k_histogram", e.k_histogram},
                    {"aggregation_histogram", e.aggregation_histogram}, {"loss", e.loss}});
  return {{"in", m.in},         {"classes", m.classes}, {"K", m.K},           {"n_new", m.n_new},
          {"groups", groups},   {"diagnostics", diag},  {"classifier", params_to_json(*m.net)},
          {"policy", params_to_json(*m.policy)}};
}

void AutoSmote::load_state(const nlohmann::json& s) {
  Impl& m = *impl_;
  m = Impl();
  try {
    m.in = s.at("in").get<int64_t>();
    m.classes = s.at("classes").get<int64_t>();
    m.K = s.at("K").get<int64_t>();
    m.n_new = s.at("n_new").get<std::vector<int64_t>>();
    for (const auto& g : s.at("groups")) {
      PolicyGroup pg;
      pg.class_index = g.at("class").get<int64_t>();
      pg.cohort = g.at("cohort").get<int64_t>();
      pg.size = g.at("size").get<int64_t>();
      pg.other_class_share = g.at("other_class_share").get<double>();
      pg.centroid = g.at("centroid").get<std::vector<float>>();
      pg.participation = g.at("participation").get<double>();
      pg.k_probs = g.at("k_probs").get<std::vector<double>>();
      pg.aggregation_probs = g.at("aggregation_probs").get<std::vector<double>>();
      m.groups.push_back(std::move(pg));
    }
    for (const auto& e : s.at("diagnostics")) {
      EpochDiagnostics ed;
      ed.participation_rate = e.at("participation_rate").get<double>();
      ed.k_histogram = e.at("k_histogram").get<std::vector<int64_t>>();
      ed.aggregation_histogram = e.at("aggregation_histogram").get<std::vector<int64_t>>();
      ed.loss = e.at("loss").get<double>();
      m.diag.push_back(std::move(ed));
    }
  } catch (const nlohmann::json::exception& e) {
    throw ModelFileError(std::string("auto-smote state is damaged: ") + e.what());
  }
  if (m.in < 1 || m.classes < 2 || m.K < 1) throw ModelFileError("auto-smote state is damaged: bad sizes");
  m.net = MlpNet(m.in, options_.mlp.hidden, options_.mlp.layers, m.classes);
  params_from_json(*m.net, s.at("classifier"));
  m.policy = PolicyNet(m.in, options_.policy_hidden, m.K, static_cast<int64_t>(options_.aggregations.size()));
  params_from_json(*m.policy, s.at("policy"));
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
      head += std::string(std::max<int64_t>(0, static_cast<int64_t>(g.k_probs.size()) * 5 - 9), ' ') + "  P(aggregation: " + join(aggs, "/") + ")  centroid vs class mean\n";
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
                  {"centroid", g.centroid}, {"centroid_summary", centroid_summary(g, groups, feature_names)}});
  }
  std::vector<std::string> aggs;
  for (auto a : model.options().aggregations) aggs.push_back(aggregation_name(a));
  nlohmann::json diag = nlohmann::json::array();
  for (const auto& e : model.diagnostics())
    diag.push_back({{"participation_rate", e.participation_rate}, {"k_histogram", e.k_histogram},
                    {"aggregation_histogram", e.aggregation_histogram}, {"loss", e.loss}});
  return {{"spec", model.spec()}, {"aggregations", aggs}, {"feature_names", feature_names}, {"groups", gj},
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
