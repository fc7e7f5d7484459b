// Internal helpers between the library's plain data convention and LibTorch. Include only from
// .cpp files (it pulls in LibTorch headers).
#pragma once

#include <ATen/ATen.h>
#include <torch/nn/module.h>

#include <nlohmann/json.hpp>
#include <string>

#include "autosmote/core/dataset.h"

namespace autosmote {

// A float32 [rows, cols] tensor viewing x's memory (no copy); x must outlive it.
at::Tensor view_tensor(const Matrix& x);
// An int64 [n] tensor viewing y's memory (no copy).
at::Tensor view_tensor(const Labels& y);
Matrix to_matrix(const at::Tensor& t);  // copies a 2-D tensor (any device, any float dtype)
at::Generator make_generator(uint64_t seed);  // CPU generator: all draws are made on the CPU
at::Device resolve_device(const std::string& device);

// Parameters of a module as JSON ({"shapes": [...], "values": [[...], ...]}), exact for float32.
nlohmann::json params_to_json(const torch::nn::Module& m);
// Throws ModelFileError when the count or a shape does not match.
void params_from_json(torch::nn::Module& m, const nlohmann::json& j);

}  // namespace autosmote
