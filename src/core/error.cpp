#include "autosmote/core/error.h"

namespace autosmote {

std::string one_line(const std::string& message) {
  std::string s = message;
  const auto raised = s.find("Exception raised from");
  if (raised != std::string::npos) s = s.substr(0, raised);
  const auto nl = s.find('\n');
  if (nl != std::string::npos) s = s.substr(0, nl);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace autosmote
