#include "autosmote/eval/process_pool.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "autosmote/core/error.h"

extern char** environ;

namespace autosmote {

std::string current_executable() {
  std::string self(4096, '\0');
  const ssize_t len = ::readlink("/proc/self/exe", &self[0], self.size() - 1);
  if (len <= 0) throw InputError("cannot find the autosmote executable (/proc/self/exe)");
  self.resize(static_cast<size_t>(len));
  return self;
}

void ProcessPool::start(size_t job, const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<std::string> args = argv;
  std::vector<char*> c_args;
  for (auto& a : args) c_args.push_back(&a[0]);
  c_args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0].c_str(), &fa, nullptr, c_args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw InputError(std::string("cannot start a run: ") + std::strerror(rc));
  running_[pid] = job;
}

std::optional<ProcessPool::Finished> ProcessPool::poll() {
  int status = 0;
  const pid_t pid = ::waitpid(-1, &status, WNOHANG);
  const auto it = pid > 0 ? running_.find(pid) : running_.end();
  if (it == running_.end()) return std::nullopt;
  const Finished finished{it->second, status};
  running_.erase(it);
  return finished;
}

void ProcessPool::terminate_all() {
  for (const auto& r : running_) ::kill(r.first, SIGTERM);
  for (const auto& r : running_) ::waitpid(r.first, nullptr, 0);
  running_.clear();
}

}  // namespace autosmote
