// FNV-1a 64 of a byte string as 16 hex digits: model-file checksums and the bench's dataset keys.
#pragma once

#include <string>

namespace autosmote {

std::string fnv1a_hex(const std::string& bytes);

}  // namespace autosmote
