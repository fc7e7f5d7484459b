#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "autosmote/core/error.h"
#include "autosmote/core/parallel.h"
#include "autosmote/core/runtime.h"
#include "nn/torch_utils.h"
#include "serialize/json_field.h"

namespace autosmote {

int set_threads(int n) {
  const int cores = hardware_threads();
  n = n <= 0 ? cores : std::min(n, cores);
  // One intra-op thread: at::parallel_for runs serially and OpenBLAS (which follows OpenMP's count
  // of the calling thread) never splits a GEMM. parallel_for_each pins its own workers the same way.
  at::set_num_threads(1);
  set_worker_threads(n);
  return n;
}

int get_threads() { return worker_threads(); }

at::Device resolve_device(const std::string& device) {
  if (device == "cpu") return at::Device(at::kCPU);
  if (device == "cuda" || device.rfind("cuda:", 0) == 0) {
    if (!torch::cuda::is_available())
      throw DeviceError("device '" + device +
                        "' requested, but this build of LibTorch has no CUDA or no GPU is visible");
    try {
      return at::Device(device);
    } catch (const std::exception&) {
      throw DeviceError("device '" + device + "' is not a valid device name (cpu, cuda, cuda:N)");
    }
  }
  throw DeviceError("device '" + device + "' is not one of: cpu, cuda, cuda:N");
}

void check_device(const std::string& device) { (void)resolve_device(device); }

at::Tensor view_tensor(const Matrix& x) {
  return at::from_blob(const_cast<float*>(x.values()), {x.rows, x.cols}, at::TensorOptions().dtype(at::kFloat));
}

at::Tensor view_tensor(const Labels& y) {
  return at::from_blob(const_cast<int64_t*>(y.data()), {static_cast<int64_t>(y.size())},
                       at::TensorOptions().dtype(at::kLong));
}

Matrix to_matrix(const at::Tensor& t) {
  at::Tensor c = t.detach().to(at::kCPU, at::kFloat).contiguous();
  Matrix m(c.size(0), c.dim() > 1 ? c.size(1) : 1);
  std::copy(c.data_ptr<float>(), c.data_ptr<float>() + c.numel(), m.data.begin());
  return m;
}

at::Generator make_generator(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

nlohmann::json params_to_json(const torch::nn::Module& m) {
  nlohmann::json shapes = nlohmann::json::array(), values = nlohmann::json::array();
  for (const auto& p : m.parameters()) {
    at::Tensor c = p.detach().to(at::kCPU, at::kFloat).contiguous();
    shapes.push_back(c.sizes().vec());
    values.push_back(std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel()));
  }
  return {{"shapes", shapes}, {"values", values}};
}

std::vector<at::Tensor> params_from_json(const nlohmann::json& j, const ParamShapes& shapes, const std::string& where) {
  const JsonField root(j, where);
  const JsonField stored_shapes = root.at("shapes"), stored_values = root.at("values");
  const int64_t count = static_cast<int64_t>(shapes.size());
  stored_shapes.check_array(count);
  stored_values.check_array(count);
  std::vector<at::Tensor> out;
  for (int64_t i = 0; i < count; ++i) {
    const std::vector<int64_t>& shape = shapes[static_cast<size_t>(i)];
    const JsonField stored_shape(stored_shapes.value()[static_cast<size_t>(i)],
                                 stored_shapes.element_path(static_cast<size_t>(i)));
    if (stored_shape.integers(-1, 0, kMaxModelSize) != shape) {
      std::string expected;
      for (int64_t d : shape) expected += (expected.empty() ? "" : ", ") + std::to_string(d);
      stored_shape.fail("is " + stored_shape.shown() + ", but the spec and sizes imply [" + expected + "]");
    }
    // The value count first: the shape may be far larger than the file (a crafted size).
    const JsonField values(stored_values.value()[static_cast<size_t>(i)],
                           stored_values.element_path(static_cast<size_t>(i)));
    values.check_array(-1);
    const int64_t n = static_cast<int64_t>(values.value().size());
    const int64_t saturated = std::numeric_limits<int64_t>::max();
    int64_t numel = 1;  // the shape's element count, saturated (no overflow)
    for (int64_t d : shape) numel = d != 0 && numel > saturated / d ? saturated : numel * d;
    if (numel != n)
      values.fail("has " + std::to_string(n) + " values, but its shape " + stored_shape.shown() + " needs " +
                  (numel == saturated ? "more than 2^63" : std::to_string(numel)));
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(at::kFloat));
    float* data = t.data_ptr<float>();
    const double float_max = std::numeric_limits<float>::max();
    for (int64_t k = 0; k < n; ++k) {
      const nlohmann::json& v = values.value()[static_cast<size_t>(k)];
      const double d = v.is_number() ? v.get<double>() : std::nan("");
      if (!(std::fabs(d) <= float_max))  // not a number, or beyond float range: throws
        JsonField::number_of(v, values.element_path(static_cast<size_t>(k)), -float_max, float_max);
      data[k] = static_cast<float>(d);
    }
    out.push_back(std::move(t));
  }
  return out;
}

void set_params(torch::nn::Module& m, const std::vector<at::Tensor>& values) {
  auto params = m.parameters();
  if (params.size() != values.size()) throw std::logic_error("set_params: parameter count mismatch");
  at::NoGradGuard guard;
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].sizes() != values[i].sizes()) throw std::logic_error("set_params: shape mismatch");
    params[i].copy_(values[i].to(params[i].device()));
  }
}

}  // namespace autosmote
