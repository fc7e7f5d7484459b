#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <algorithm>

#include "autosmote/core/error.h"
#include "autosmote/core/parallel.h"
#include "autosmote/core/runtime.h"
#include "nn/torch_utils.h"

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
      throw DeviceError("device '" + device + "' requested, but this build of LibTorch has no CUDA or no GPU is visible");
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
  return at::from_blob(const_cast<float*>(x.data.data()), {x.rows, x.cols}, at::TensorOptions().dtype(at::kFloat));
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

void params_from_json(torch::nn::Module& m, const nlohmann::json& j) {
  auto params = m.parameters();
  try {
    const auto& shapes = j.at("shapes");
    const auto& values = j.at("values");
    if (shapes.size() != params.size() || values.size() != params.size())
      throw ModelFileError("model weights: expected " + std::to_string(params.size()) + " parameter tensors, found " +
                           std::to_string(shapes.size()));
    at::NoGradGuard guard;
    for (size_t i = 0; i < params.size(); ++i) {
      const auto shape = shapes[i].get<std::vector<int64_t>>();
      if (shape != params[i].sizes().vec()) throw ModelFileError("model weights: parameter " + std::to_string(i) + " has the wrong shape");
      auto v = values[i].get<std::vector<float>>();
      if (static_cast<int64_t>(v.size()) != params[i].numel())
        throw ModelFileError("model weights: parameter " + std::to_string(i) + " has the wrong size");
      params[i].copy_(at::from_blob(v.data(), shape, at::kFloat).to(params[i].device()));
    }
  } catch (const nlohmann::json::exception& e) {
    throw ModelFileError(std::string("model weights are damaged: ") + e.what());
  }
}

}  // namespace autosmote
