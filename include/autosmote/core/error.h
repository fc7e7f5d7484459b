// Error hierarchy of the library. The library never prints or exits: it throws one of these, and the
// CLI catches once, prints the one-line message and maps the kind to an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace autosmote {

enum class ErrorKind {
  kInput = 3,      // bad data: unreadable file, ragged row, unknown column, single class ...
  kSpec = 4,       // bad spec string, parameter or option value
  kModelFile = 5,  // a model file that is not ours, of another version, or damaged
  kDevice = 6,     // a device that this build or machine does not have
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }
  int exit_code() const { return static_cast<int>(kind_); }

 private:
  ErrorKind kind_;
};

struct InputError : Error {
  explicit InputError(const std::string& m) : Error(ErrorKind::kInput, m) {}
};
struct SpecError : Error {
  explicit SpecError(const std::string& m) : Error(ErrorKind::kSpec, m) {}
};
struct ModelFileError : Error {
  explicit ModelFileError(const std::string& m) : Error(ErrorKind::kModelFile, m) {}
};
struct DeviceError : Error {
  explicit DeviceError(const std::string& m) : Error(ErrorKind::kDevice, m) {}
};

// First line of a message, without LibTorch's appended backtrace ("Exception raised from ...").
std::string one_line(const std::string& message);

}  // namespace autosmote
