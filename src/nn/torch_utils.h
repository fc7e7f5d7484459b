// Internal helpers between the library's plain data convention and LibTorch. Include only from
// .cpp files (it pulls in LibTorch headers).
#pragma once

#include <ATen/ATen.h>
#include <torch/nn/module.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "autosmote/core/dataset.h"

namespace autosmote {

// A float32 [rows, cols] tensor viewing x's memory (no copy); x must outlive it.
at::Tensor view_tensor(const Matrix& x);
// An int64 [n] tensor viewing y's memory (no copy).
at::Tensor view_tensor(const Labels& y);
Matrix to_matrix(const at::Tensor& t);        // copies a 2-D tensor (any device, any float dtype)
at::Generator make_generator(uint64_t seed);  // CPU generator: all draws are made on the CPU
at::Device resolve_device(const std::string& device);

// Parameters of a module as JSON ({"shapes": [...], "values": [[...], ...]}), exact for float32.
nlohmann::json params_to_json(const torch::nn::Module& m);
// The shapes of a module's parameters, in parameters() order.
using ParamShapes = std::vector<std::vector<int64_t>>;
// Reads params_to_json's output from a model file (untrusted) as tensors, checked against
// `shapes` (what the spec and the sizes imply) before anything is allocated: the tensor count,
// every shape, every value count, and every value a number in float range. So a file cannot make
// the loader allocate more than its own size. Throws ModelFileError naming `where` (its path in the
// file) and the parameter.
std::vector<at::Tensor> params_from_json(const nlohmann::json& j, const ParamShapes& shapes, const std::string& where);
// Copies `values` into m's parameters; they must have m's shapes (params_from_json with m's shapes).
void set_params(torch::nn::Module& m, const std::vector<at::Tensor>& values);

}  // namespace autosmote
